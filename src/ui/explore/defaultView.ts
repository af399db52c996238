// The manifold view's default 3-D camera, chosen from the data: principal axes of
// the fitted positions (3×3 covariance of the drawn points, Jacobi eigenvectors),
// then look along the smallest-variance axis with the largest-variance axis
// horizontal on screen, raised ~20° toward the middle axis so depth still reads,
// at the distance where the whole cloud fits the view. Pure (no DOM, no three).

export type Vec3 = [number, number, number];

export interface PrincipalAxes {
  /** Mean of the drawn points. */
  centre: Vec3;
  /** Unit directions, largest variance first; right-handed (axes[2] = axes[0] × axes[1]). */
  axes: [Vec3, Vec3, Vec3];
  /** Variance along each axis, descending. */
  variances: Vec3;
  /** Points that entered (mask[i] = 1 and finite). */
  count: number;
}

const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec3): Vec3 => {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};

/**
 * Eigen-decomposition of a symmetric 3×3 matrix (row-major) by cyclic Jacobi rotations.
 * Returns eigenvalues and unit eigenvectors (columns of V as rows of `vectors`), unsorted.
 */
export function symmetricEigen3(m: ArrayLike<number>): { values: Vec3; vectors: [Vec3, Vec3, Vec3] } {
  const a = [
    [m[0], m[1], m[2]],
    [m[3], m[4], m[5]],
    [m[6], m[7], m[8]],
  ];
  const v = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[0][1] ** 2 + a[0][2] ** 2 + a[1][2] ** 2;
    const scale = a[0][0] ** 2 + a[1][1] ** 2 + a[2][2] ** 2;
    if (off <= 1e-30 * Math.max(scale, 1e-300)) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      if (a[p][q] === 0) continue;
      // Rotation angle that zeroes a[p][q] (Numerical Recipes' stable form).
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[k][p];
        const akq = a[k][q];
        a[k][p] = c * akp - s * akq;
        a[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p][k];
        const aqk = a[q][k];
        a[p][k] = c * apk - s * aqk;
        a[q][k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[k][p];
        const vkq = v[k][q];
        v[k][p] = c * vkp - s * vkq;
        v[k][q] = s * vkp + c * vkq;
      }
    }
  }
  const col = (j: number): Vec3 => [v[0][j], v[1][j], v[2][j]];
  return { values: [a[0][0], a[1][1], a[2][2]], vectors: [col(0), col(1), col(2)] };
}

/** Sign convention: the component of largest magnitude is positive (deterministic across runs). */
function canonicalSign(u: Vec3): Vec3 {
  let k = 0;
  for (let d = 1; d < 3; d++) if (Math.abs(u[d]) > Math.abs(u[k]) + 1e-12) k = d;
  return u[k] < 0 ? [-u[0], -u[1], -u[2]] : u;
}

/**
 * Principal axes of the drawn points (xyz triples in `positions`, point i drawn where mask[i] = 1).
 * With no points: identity axes at the origin. Ties between equal variances keep the x, y, z order.
 */
export function principalAxes(positions: ArrayLike<number>, mask: ArrayLike<number>): PrincipalAxes {
  const n = mask.length;
  const ok = (i: number) =>
    mask[i] === 1 && Number.isFinite(positions[i * 3]) && Number.isFinite(positions[i * 3 + 1]) && Number.isFinite(positions[i * 3 + 2]);
  let count = 0;
  const c: Vec3 = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    if (!ok(i)) continue;
    count++;
    for (let d = 0; d < 3; d++) c[d] += positions[i * 3 + d];
  }
  if (count === 0)
    return {
      centre: [0, 0, 0],
      axes: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      variances: [0, 0, 0],
      count: 0,
    };
  for (let d = 0; d < 3; d++) c[d] /= count;
  const C = new Float64Array(9);
  for (let i = 0; i < n; i++) {
    if (!ok(i)) continue;
    const x = positions[i * 3] - c[0];
    const y = positions[i * 3 + 1] - c[1];
    const z = positions[i * 3 + 2] - c[2];
    C[0] += x * x;
    C[1] += x * y;
    C[2] += x * z;
    C[4] += y * y;
    C[5] += y * z;
    C[8] += z * z;
  }
  C[3] = C[1];
  C[6] = C[2];
  C[7] = C[5];
  for (let k = 0; k < 9; k++) C[k] /= count;
  const { values, vectors } = symmetricEigen3(C);
  // Descending variance; a stable sort keeps the original x, y, z order between equal variances.
  const tol = 1e-9 * Math.max(Math.abs(values[0]), Math.abs(values[1]), Math.abs(values[2]), 1e-300);
  const order = [0, 1, 2].sort((i, j) =>
    Math.abs(values[i] - values[j]) <= tol ? dominant(vectors[i]) - dominant(vectors[j]) : values[j] - values[i],
  );
  const e1 = norm(canonicalSign(vectors[order[0]]));
  // Re-orthogonalise e2 against e1 (Jacobi's vectors are orthogonal to rounding already).
  const v2 = vectors[order[1]];
  const p = dot(v2, e1);
  const e2 = norm(canonicalSign([v2[0] - p * e1[0], v2[1] - p * e1[1], v2[2] - p * e1[2]]));
  const e3 = norm(cross(e1, e2));
  return {
    centre: c,
    axes: [e1, e2, e3],
    variances: [Math.max(0, values[order[0]]), Math.max(0, values[order[1]]), Math.max(0, values[order[2]])],
    count,
  };
}

/** Index of the largest |component|: with equal variances, the axis nearest x comes first, then y, then z. */
function dominant(u: Vec3): number {
  let k = 0;
  for (let d = 1; d < 3; d++) if (Math.abs(u[d]) > Math.abs(u[k]) + 1e-12) k = d;
  return k;
}

export interface CameraPose {
  position: Vec3;
  target: Vec3;
  up: Vec3;
}

/** A screen rectangle in normalised device coordinates (x right, y up, both in [−1, 1]). */
export interface FrameArea {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface FrameOptions {
  /** Viewport width / height. */
  aspect: number;
  /** Vertical field of view, degrees. */
  fovDeg: number;
  /** Elevation above the plane of the two largest axes, degrees (default 20). */
  elevationDeg?: number;
  /** Without `areas`: the centred fraction of the half-width / half-height the cloud may fill (NDC). */
  fillX?: number;
  fillY?: number;
  /**
   * Screen areas the cloud may fill (e.g. the parts of the view no overlay covers): the cloud is
   * fitted into each, and the area that shows it largest wins.
   */
  areas?: FrameArea[];
  /** Allowed camera distances (the orbit controls' limits). */
  minDistance?: number;
  maxDistance?: number;
  /** Distance when there is nothing to frame. */
  emptyDistance?: number;
}

/**
 * The default 3-D pose: camera direction (from target) = cos(el)·e3 + sin(el)·e2, up = e2 (so e1, the
 * largest-variance axis, runs exactly left–right on screen); the centre of the cloud's extent projects
 * to the middle of the chosen screen area, at the smallest distance at which every drawn point projects
 * inside that area (perspective, exact).
 */
export function defaultView(positions: ArrayLike<number>, mask: ArrayLike<number>, opts: FrameOptions): CameraPose {
  const pa = principalAxes(positions, mask);
  const el = ((opts.elevationDeg ?? 20) * Math.PI) / 180;
  const [e1, e2, e3] = pa.axes;
  const ce = Math.cos(el);
  const se = Math.sin(el);
  const back: Vec3 = norm([ce * e3[0] + se * e2[0], ce * e3[1] + se * e2[1], ce * e3[2] + se * e2[2]]);
  const upS: Vec3 = norm([ce * e2[0] - se * e3[0], ce * e2[1] - se * e3[1], ce * e2[2] - se * e3[2]]);
  const right = e1; // upS × back = e2 × e3 = e1 (right-handed axes)
  return framePose(positions, mask, pa, right, upS, back, e2, opts);
}

/** Straight down z (2-D mode), x right and y up, at the distance that fits the points' x–y extent. */
export function topDownView(positions: ArrayLike<number>, mask: ArrayLike<number>, opts: FrameOptions): CameraPose {
  // 2-D mode draws every point on the z = 0 plane.
  const flat = Float64Array.from(positions);
  for (let i = 2; i < flat.length; i += 3) flat[i] = 0;
  const pa = principalAxes(flat, mask);
  return framePose(flat, mask, pa, [1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0], opts);
}

function framePose(
  positions: ArrayLike<number>,
  mask: ArrayLike<number>,
  pa: PrincipalAxes,
  right: Vec3,
  upS: Vec3,
  back: Vec3,
  up: Vec3,
  opts: FrameOptions,
): CameraPose {
  const minD = opts.minDistance ?? 0.3;
  const maxD = opts.maxDistance ?? 12;
  const n = mask.length;
  const c = pa.centre;
  // Extent of the cloud along the screen axes, relative to the mean.
  let r0 = Infinity;
  let r1 = -Infinity;
  let u0 = Infinity;
  let u1 = -Infinity;
  let b0 = Infinity;
  let b1 = -Infinity;
  const rel: Vec3 = [0, 0, 0];
  const drawn = (i: number) =>
    mask[i] === 1 && Number.isFinite(positions[i * 3]) && Number.isFinite(positions[i * 3 + 1]) && Number.isFinite(positions[i * 3 + 2]);
  for (let i = 0; i < n; i++) {
    if (!drawn(i)) continue;
    for (let d = 0; d < 3; d++) rel[d] = positions[i * 3 + d] - c[d];
    const r = dot(rel, right);
    const u = dot(rel, upS);
    const b = dot(rel, back);
    r0 = Math.min(r0, r);
    r1 = Math.max(r1, r);
    u0 = Math.min(u0, u);
    u1 = Math.max(u1, u);
    b0 = Math.min(b0, b);
    b1 = Math.max(b1, b);
  }
  if (pa.count === 0) {
    const d = opts.emptyDistance ?? 2.7;
    return { position: [back[0] * d, back[1] * d, back[2] * d], target: [0, 0, 0], up };
  }
  const mr = (r0 + r1) / 2;
  const mu = (u0 + u1) / 2;
  const mb = (b0 + b1) / 2;
  // The cloud's centre in screen-aligned coordinates; the view is fitted around it.
  const centre: Vec3 = [0, 1, 2].map((d) => c[d] + mr * right[d] + mu * upS[d] + mb * back[d]) as Vec3;
  const tanY = Math.tan((opts.fovDeg * Math.PI) / 180 / 2);
  const tanX = tanY * Math.max(1e-3, opts.aspect);
  const fx = Math.max(0.2, Math.min(1, opts.fillX ?? 0.9));
  const fy = Math.max(0.2, Math.min(1, opts.fillY ?? 0.9));
  const areas = opts.areas?.filter((a) => a.x1 - a.x0 > 0.05 && a.y1 - a.y0 > 0.05) ?? [];
  if (!areas.length) areas.push({ x0: -fx, x1: fx, y0: -fy, y1: fy });
  // Offsets of every drawn point from the centre: r (right), u (up), b (toward the camera).
  const offs: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!drawn(i)) continue;
    for (let d = 0; d < 3; d++) rel[d] = positions[i * 3 + d] - centre[d];
    offs.push(dot(rel, right), dot(rel, upS), dot(rel, back));
  }
  let best: { D: number; cx: number; cy: number } | null = null;
  for (const a of areas) {
    // The camera looks at a point beside the centre so that the centre projects to the area's
    // middle (cx, cy); at distance D a point at (r, u, b) then projects to
    // x = (r + cx·D·tanX) / ((D − b)·tanX), and x0 ≤ x ≤ x1 is linear in D:
    // D ≥ (r + x1·b·tanX) / (hx·tanX) and D ≥ (−r − x0·b·tanX) / (hx·tanX), hx the half-width; same for y.
    const cx = (a.x0 + a.x1) / 2;
    const cy = (a.y0 + a.y1) / 2;
    const hx = (a.x1 - a.x0) / 2;
    const hy = (a.y1 - a.y0) / 2;
    let D = 0;
    for (let k = 0; k < offs.length; k += 3) {
      const r = offs[k];
      const u = offs[k + 1];
      const b = offs[k + 2];
      D = Math.max(
        D,
        (r + a.x1 * b * tanX) / (hx * tanX),
        (-r - a.x0 * b * tanX) / (hx * tanX),
        (u + a.y1 * b * tanY) / (hy * tanY),
        (-u - a.y0 * b * tanY) / (hy * tanY),
        b + minD,
      );
    }
    if (!best || D < best.D) best = { D, cx, cy };
  }
  const D = Math.min(maxD, Math.max(minD, best!.D));
  const sx = best!.cx * D * tanX;
  const sy = best!.cy * D * tanY;
  const target: Vec3 = [0, 1, 2].map((d) => centre[d] - sx * right[d] - sy * upS[d]) as Vec3;
  return { position: [target[0] + back[0] * D, target[1] + back[1] * D, target[2] + back[2] * D], target, up };
}
