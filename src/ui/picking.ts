// Screen-space picking: project every point with the camera's view-projection
// matrix and find the nearest one within a few CSS pixels. Pure (no DOM, no three)
// so it is exact after resizes and camera moves and testable in Node.

export interface ViewportRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Projects N points (positions: 3N, row-major) with a column-major 4x4 view-projection
 * matrix (three.js Matrix4.elements layout) into client pixels.
 * out: 2N (x, y); visibleOut[i] = 1 when the point is drawn (mask[i] = 1) and inside the clip volume.
 */
export function projectToClient(
  positions: Float32Array,
  mask: Uint8Array,
  m: ArrayLike<number>,
  rect: ViewportRect,
  out: Float32Array,
  visibleOut: Uint8Array,
): void {
  const n = mask.length;
  for (let i = 0; i < n; i++) {
    const x = positions[i * 3];
    const y = positions[i * 3 + 1];
    const z = positions[i * 3 + 2];
    const cx = m[0] * x + m[4] * y + m[8] * z + m[12];
    const cy = m[1] * x + m[5] * y + m[9] * z + m[13];
    const cz = m[2] * x + m[6] * y + m[10] * z + m[14];
    const cw = m[3] * x + m[7] * y + m[11] * z + m[15];
    const nx = cx / cw;
    const ny = cy / cw;
    const nz = cz / cw;
    out[i * 2] = rect.left + ((nx + 1) / 2) * rect.width;
    out[i * 2 + 1] = rect.top + ((1 - ny) / 2) * rect.height;
    visibleOut[i] = mask[i] === 1 && cw > 0 && nx >= -1 && nx <= 1 && ny >= -1 && ny <= 1 && nz >= -1 && nz <= 1 ? 1 : 0;
  }
}

/** Index of the visible point nearest to (x, y) within radius pixels, or -1. */
export function nearestPoint(screen: Float32Array, visible: Uint8Array, x: number, y: number, radius: number): number {
  let best = -1;
  let bestD2 = radius * radius;
  for (let i = 0; i < visible.length; i++) {
    if (!visible[i]) continue;
    const dx = screen[i * 2] - x;
    const dy = screen[i * 2 + 1] - y;
    const d2 = dx * dx + dy * dy;
    if (d2 <= bestD2) {
      bestD2 = d2;
      best = i;
    }
  }
  return best;
}

/**
 * Centres finite embedding rows at their mean and scales them to unit max radius.
 * Writes 3 coordinates per point (missing components = 0) into positions, and mask[i] = 1 for
 * rows whose coordinates are all finite. Non-finite rows go to the origin with mask 0 (never drawn).
 */
export function normaliseEmbedding(
  embedding: Float64Array,
  nComponents: number,
  n: number,
  positions: Float32Array,
  mask: Uint8Array,
): number {
  const dims = Math.min(3, nComponents);
  const mean = [0, 0, 0];
  let count = 0;
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let d = 0; d < nComponents; d++) if (!Number.isFinite(embedding[i * nComponents + d])) ok = false;
    mask[i] = ok ? 1 : 0;
    if (!ok) continue;
    count++;
    for (let d = 0; d < dims; d++) mean[d] += embedding[i * nComponents + d];
  }
  if (count > 0) for (let d = 0; d < 3; d++) mean[d] /= count;
  let maxR2 = 0;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    let r2 = 0;
    for (let d = 0; d < dims; d++) {
      const v = embedding[i * nComponents + d] - mean[d];
      r2 += v * v;
    }
    if (r2 > maxR2) maxR2 = r2;
  }
  const s = maxR2 > 0 ? 1 / Math.sqrt(maxR2) : 1;
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < 3; d++) {
      positions[i * 3 + d] = mask[i] && d < dims ? (embedding[i * nComponents + d] - mean[d]) * s : 0;
    }
  }
  return count;
}
