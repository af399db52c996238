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
