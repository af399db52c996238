// Brushing geometry in 2-D (screen space or the 2-D embedding): lasso,
// box and nearest-point picking. Points with NaN coordinates are never hit.

/** Polygon vertices [x, y]; closed implicitly (last joins first). */
export type Polygon = ReadonlyArray<readonly [number, number]>;

/**
 * 1 for each point inside the polygon by the even-odd rule (self-intersecting
 * lassos work; points exactly on an edge may fall either way). Bounding-box
 * reject first; the polygon's edges are bucketed into horizontal bands so each
 * point tests only the edges that cross its band.
 */
export function pointsInPolygon(xs: ArrayLike<number>, ys: ArrayLike<number>, polygon: Polygon, out?: Uint8Array): Uint8Array {
  const n = xs.length;
  const mask = out ?? new Uint8Array(n);
  mask.fill(0);
  const m = polygon.length;
  if (m < 3) return mask;
  const ex0 = new Float64Array(m);
  const ey0 = new Float64Array(m);
  const ex1 = new Float64Array(m);
  const ey1 = new Float64Array(m);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let e = 0; e < m; e++) {
    const [ax, ay] = polygon[e];
    const [bx, by] = polygon[(e + 1) % m];
    ex0[e] = ax;
    ey0[e] = ay;
    ex1[e] = bx;
    ey1[e] = by;
    if (ax < minX) minX = ax;
    if (ax > maxX) maxX = ax;
    if (ay < minY) minY = ay;
    if (ay > maxY) maxY = ay;
  }
  if (!(maxY > minY) || !(maxX > minX)) return mask; // degenerate (or NaN) polygon

  // Bands: edge e is listed in every band its y-extent touches (CSR layout).
  const bands = Math.max(1, Math.min(4096, 2 * m));
  const bandH = (maxY - minY) / bands;
  const bandOf = (y: number) => Math.min(bands - 1, Math.max(0, Math.floor((y - minY) / bandH)));
  const start = new Int32Array(bands + 1);
  for (let e = 0; e < m; e++) {
    const b0 = bandOf(Math.min(ey0[e], ey1[e]));
    const b1 = bandOf(Math.max(ey0[e], ey1[e]));
    for (let b = b0; b <= b1; b++) start[b + 1]++;
  }
  for (let b = 0; b < bands; b++) start[b + 1] += start[b];
  const edges = new Int32Array(start[bands]);
  const fill = start.slice(0, bands);
  for (let e = 0; e < m; e++) {
    const b0 = bandOf(Math.min(ey0[e], ey1[e]));
    const b1 = bandOf(Math.max(ey0[e], ey1[e]));
    for (let b = b0; b <= b1; b++) edges[fill[b]++] = e;
  }

  for (let i = 0; i < n; i++) {
    const px = xs[i];
    const py = ys[i];
    if (!(px >= minX && px <= maxX && py >= minY && py <= maxY)) continue; // also rejects NaN
    const b = bandOf(py);
    let inside = 0;
    for (let q = start[b]; q < start[b + 1]; q++) {
      const e = edges[q];
      const y0 = ey0[e];
      const y1 = ey1[e];
      // half-open rule: an edge counts when py is in [min(y0,y1), max(y0,y1))
      if (y0 > py !== y1 > py) {
        const x0 = ex0[e];
        const xCross = x0 + ((ex1[e] - x0) * (py - y0)) / (y1 - y0);
        if (px < xCross) inside ^= 1;
      }
    }
    mask[i] = inside;
  }
  return mask;
}

/** 1 for each point in the axis-aligned rectangle spanned by two corners (inclusive; corners in any order). */
export function pointsInRect(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  out?: Uint8Array,
): Uint8Array {
  const n = xs.length;
  const mask = out ?? new Uint8Array(n);
  const lx = Math.min(x0, x1);
  const hx = Math.max(x0, x1);
  const ly = Math.min(y0, y1);
  const hy = Math.max(y0, y1);
  for (let i = 0; i < n; i++) {
    const px = xs[i];
    const py = ys[i];
    mask[i] = px >= lx && px <= hx && py >= ly && py <= hy ? 1 : 0;
  }
  return mask;
}

/** Index of the point nearest (x, y) within maxDist (Euclidean), or −1. Ties go to the lower index. */
export function nearestPoint(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number, y: number, maxDist = Infinity): number {
  let best = -1;
  let bestD2 = maxDist * maxDist;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] - x;
    const dy = ys[i] - y;
    const d2 = dx * dx + dy * dy;
    if (d2 < bestD2 || (d2 === bestD2 && best < 0)) {
      bestD2 = d2;
      best = i;
    }
  }
  return best;
}
