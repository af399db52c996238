// The manifold view's data-driven default camera (src/ui/explore/defaultView.ts): principal
// axes of the drawn points (mask-aware), looking along the smallest-variance axis with the
// largest horizontal on screen, ~20° elevation, distance that fits the cloud.
import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { defaultView, principalAxes, symmetricEigen3, topDownView, type CameraPose, type Vec3 } from '../../src/ui/explore/defaultView';
import { mulberry32, randn } from '../../src/core/random';

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** A rotation matrix (rows) from Euler angles: the test's hidden "true" axes. */
function rotation(ax: number, ay: number, az: number): [Vec3, Vec3, Vec3] {
  const m = new THREE.Matrix4().makeRotationFromEuler(new THREE.Euler(ax, ay, az));
  const e = m.elements; // column-major
  return [
    [e[0], e[1], e[2]],
    [e[4], e[5], e[6]],
    [e[8], e[9], e[10]],
  ];
}

/** n points with standard deviations sd along the rotated axes R[0], R[1], R[2], shifted by `shift`. */
function cloud(n: number, sd: Vec3, R: [Vec3, Vec3, Vec3], shift: Vec3 = [0, 0, 0], seed = 7): Float32Array {
  const rng = mulberry32(seed);
  const p = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = sd.map((s) => s * randn(rng));
    for (let d = 0; d < 3; d++) p[i * 3 + d] = shift[d] + a[0] * R[0][d] + a[1] * R[1][d] + a[2] * R[2][d];
  }
  return p;
}

/** NDC of every drawn point seen through `pose` with a three.js perspective camera. */
function project(pose: CameraPose, positions: Float32Array, mask: Uint8Array, aspect: number, fov = 45): { x: number[]; y: number[] } {
  const cam = new THREE.PerspectiveCamera(fov, aspect, 0.01, 100);
  cam.position.set(...pose.position);
  cam.up.set(...pose.up);
  cam.lookAt(new THREE.Vector3(...pose.target));
  cam.updateMatrixWorld();
  const x: number[] = [];
  const y: number[] = [];
  const v = new THREE.Vector3();
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    v.set(positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2]).project(cam);
    x.push(v.x);
    y.push(v.y);
  }
  return { x, y };
}

describe('symmetricEigen3', () => {
  it('diagonalises a symmetric matrix: A·v = λ·v with orthonormal v', () => {
    const A = [4, 1.5, -0.7, 1.5, 2, 0.3, -0.7, 0.3, 0.5];
    const { values, vectors } = symmetricEigen3(A);
    for (let k = 0; k < 3; k++) {
      const v = vectors[k];
      for (let r = 0; r < 3; r++) {
        const av = A[r * 3] * v[0] + A[r * 3 + 1] * v[1] + A[r * 3 + 2] * v[2];
        expect(av).toBeCloseTo(values[k] * v[r], 10);
      }
      for (let j = 0; j < 3; j++) expect(dot(v, vectors[j])).toBeCloseTo(j === k ? 1 : 0, 10);
    }
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(4 + 2 + 0.5, 10); // trace
  });
});

describe('principalAxes', () => {
  const R = rotation(0.7, -0.4, 1.1);
  const n = 4000;

  it('finds the rotated axes of a long, thin cloud, largest variance first, right-handed', () => {
    const p = cloud(n, [1, 0.3, 0.08], R, [0.2, -0.1, 0.05]);
    const pa = principalAxes(p, new Uint8Array(n).fill(1));
    expect(pa.count).toBe(n);
    for (let k = 0; k < 3; k++) expect(Math.abs(dot(pa.axes[k], R[k]))).toBeGreaterThan(0.995);
    expect(pa.variances[0]).toBeCloseTo(1, 1);
    expect(pa.variances[1]).toBeCloseTo(0.09, 2);
    expect(pa.variances[2]).toBeCloseTo(0.0064, 3);
    const [e1, e2, e3] = pa.axes;
    const c: Vec3 = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
    for (let d = 0; d < 3; d++) expect(c[d]).toBeCloseTo(e3[d], 10);
    expect(pa.centre[0]).toBeCloseTo(0.2, 1);
  });

  it('ignores masked rows and non-finite coordinates', () => {
    const p = cloud(n, [1, 0.3, 0.08], R);
    const mask = new Uint8Array(n).fill(1);
    // Far points along the smallest axis, masked out: they must not turn the axes.
    for (let i = 0; i < 200; i++) {
      for (let d = 0; d < 3; d++) p[i * 3 + d] = 50 * R[2][d];
      mask[i] = 0;
    }
    p[300 * 3 + 1] = NaN;
    const pa = principalAxes(p, mask);
    expect(pa.count).toBe(n - 201);
    expect(Math.abs(dot(pa.axes[0], R[0]))).toBeGreaterThan(0.995);
    expect(Math.abs(dot(pa.axes[2], R[2]))).toBeGreaterThan(0.995);
    expect(pa.axes.flat().every(Number.isFinite)).toBe(true);
  });

  it('degenerate inputs give a finite orthonormal basis', () => {
    expect(principalAxes(new Float32Array(0), new Uint8Array(0)).axes).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const one = principalAxes(new Float32Array([0.3, 0.2, 0.1]), new Uint8Array([1]));
    expect(one.count).toBe(1);
    expect(one.axes.flat().every(Number.isFinite)).toBe(true);
    // Collinear points along (1, 1, 0).
    const line = new Float32Array(30);
    for (let i = 0; i < 10; i++) [line[i * 3], line[i * 3 + 1]] = [i / 10, i / 10];
    const pl = principalAxes(line, new Uint8Array(10).fill(1));
    expect(Math.abs(pl.axes[0][0])).toBeCloseTo(Math.SQRT1_2, 6);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(dot(pl.axes[a], pl.axes[b])).toBeCloseTo(a === b ? 1 : 0, 8);
  });
});

describe('defaultView', () => {
  const R = rotation(-0.3, 0.9, 0.5);
  const n = 1500;
  const p = cloud(n, [0.5, 0.12, 0.05], R, [0.05, 0, -0.02], 11);
  const mask = new Uint8Array(n).fill(1);
  const aspect = 908 / 413;
  const opts = { aspect, fovDeg: 45, fillX: 0.86, fillY: 0.76 };
  const pose = defaultView(p, mask, opts);
  const pa = principalAxes(p, mask);

  it('looks along the smallest axis, raised 20° toward the middle one', () => {
    const dir: Vec3 = [0, 1, 2].map((d) => pose.position[d] - pose.target[d]) as Vec3;
    const len = Math.hypot(...dir);
    const u = dir.map((x) => x / len) as Vec3;
    expect(Math.abs(dot(u, pa.axes[0]))).toBeLessThan(1e-9); // e1 ⟂ view direction
    expect((Math.asin(Math.abs(dot(u, pa.axes[1]))) * 180) / Math.PI).toBeCloseTo(20, 6);
    expect((Math.acos(Math.abs(dot(u, pa.axes[2]))) * 180) / Math.PI).toBeCloseTo(20, 6);
  });

  it('puts the largest-variance axis horizontal on screen', () => {
    const t = pose.target;
    const a = new Float32Array([
      t[0] - pa.axes[0][0] * 0.3,
      t[1] - pa.axes[0][1] * 0.3,
      t[2] - pa.axes[0][2] * 0.3,
      t[0] + pa.axes[0][0] * 0.3,
      t[1] + pa.axes[0][1] * 0.3,
      t[2] + pa.axes[0][2] * 0.3,
    ]);
    const { x, y } = project(pose, a, new Uint8Array([1, 1]), aspect);
    expect(Math.abs(y[1] - y[0])).toBeLessThan(1e-6);
    expect(Math.abs(x[1] - x[0])).toBeGreaterThan(0.1);
  });

  it('fits every point inside the fill fractions, touching one of them', () => {
    const { x, y } = project(pose, p, mask, aspect);
    const mx = Math.max(...x.map(Math.abs));
    const my = Math.max(...y.map(Math.abs));
    expect(mx).toBeLessThanOrEqual(0.86 + 1e-5);
    expect(my).toBeLessThanOrEqual(0.76 + 1e-5);
    expect(Math.max(mx / 0.86, my / 0.76)).toBeGreaterThan(0.999);
    // A long cloud seen side-on spans most of the width.
    expect(Math.max(...x) - Math.min(...x)).toBeGreaterThan(1.5);
  });

  it('fits into the free screen area that shows the cloud largest, centred in it', () => {
    const areas = [
      { x0: -0.75, x1: 0.97, y0: -0.35, y1: 0.8 }, // above bottom overlays
      { x0: -0.4, x1: 0.97, y0: -0.7, y1: 0.8 }, // right of a corner card
      { x0: -0.9, x1: -0.6, y0: -0.9, y1: 0.9 }, // a narrow strip: never best for a long cloud
    ];
    const v = defaultView(p, mask, { ...opts, areas });
    const { x, y } = project(v, p, mask, aspect);
    const inside = (a: (typeof areas)[number]) =>
      x.every((px, i) => px >= a.x0 - 1e-6 && px <= a.x1 + 1e-6 && y[i] >= a.y0 - 1e-6 && y[i] <= a.y1 + 1e-6);
    const chosen = areas.findIndex(inside);
    expect(chosen).toBeGreaterThanOrEqual(0);
    expect(chosen).toBeLessThan(2);
    // It touches a bound of that area (as large as it can be), and is larger than in the other candidates.
    const a = areas[chosen];
    const slack = Math.min(a.x1 - Math.max(...x), Math.min(...x) - a.x0, a.y1 - Math.max(...y), Math.min(...y) - a.y0);
    expect(slack).toBeLessThan(1e-4);
    for (const other of areas) {
      const d = defaultView(p, mask, { ...opts, areas: [other] });
      const dist = (q: CameraPose) => Math.hypot(...q.position.map((c, k) => c - q.target[k]));
      expect(dist(v)).toBeLessThanOrEqual(dist(d) + 1e-9);
    }
  });

  it('is deterministic and ignores masked points', () => {
    const m2 = mask.slice();
    const p2 = p.slice();
    for (let i = 0; i < 50; i++) {
      p2[i * 3] = 1e3;
      m2[i] = 0;
    }
    const a = defaultView(p2, m2, opts);
    const b = defaultView(p2, m2, opts);
    expect(a).toEqual(b);
    expect(a.position.every(Number.isFinite)).toBe(true);
    const { x } = project(a, p2, m2, aspect);
    expect(Math.max(...x.map(Math.abs))).toBeLessThanOrEqual(0.86 + 1e-5);
  });

  it('empty and single-point clouds give a finite pose within the distance limits', () => {
    for (const [pos, m] of [
      [new Float32Array(0), new Uint8Array(0)],
      [new Float32Array([0.4, -0.2, 0.1]), new Uint8Array([1])],
      [new Float32Array([0.4, -0.2, 0.1, 0, 0, 0]), new Uint8Array([0, 0])],
    ] as const) {
      const v = defaultView(pos, m, { ...opts, minDistance: 0.3, maxDistance: 12 });
      expect([...v.position, ...v.target, ...v.up].every(Number.isFinite)).toBe(true);
      const d = Math.hypot(...v.position.map((x, k) => x - v.target[k]));
      expect(d).toBeGreaterThanOrEqual(0.3 - 1e-9);
      expect(d).toBeLessThanOrEqual(12 + 1e-9);
    }
  });
});

describe('topDownView', () => {
  it('looks straight down z with y up and fits the x–y extent (z ignored)', () => {
    const n = 500;
    const p = cloud(n, [0.6, 0.2, 0.4], rotation(0, 0, 0.3), [0, 0, 0], 5);
    const mask = new Uint8Array(n).fill(1);
    const v = topDownView(p, mask, { aspect: 2, fovDeg: 45, fillX: 0.9, fillY: 0.8 });
    expect(v.position[0]).toBeCloseTo(v.target[0], 10);
    expect(v.position[1]).toBeCloseTo(v.target[1], 10);
    expect(v.target[2]).toBe(0);
    expect(v.up).toEqual([0, 1, 0]);
    const flat = p.slice();
    for (let i = 2; i < flat.length; i += 3) flat[i] = 0;
    const { x, y } = project(v, flat, mask, 2);
    expect(Math.max(Math.max(...x.map(Math.abs)) / 0.9, Math.max(...y.map(Math.abs)) / 0.8)).toBeCloseTo(1, 4);
  });
});
