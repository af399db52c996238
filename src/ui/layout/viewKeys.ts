// Keyboard control of the 3-D view (issue 13): arrows orbit, +/− zoom, F or 0
// fit, ] / [ inspect the next / previous network, L / B brushing tools. The
// camera math is pure (CameraState in, CameraState out) so unit tests check it.
import type { CameraState } from '../../core/viewstate/schema';
import type { NetworkTable } from '../../core/explore/table';
import { getColumn } from '../../core/explore/table';

type Vec3 = [number, number, number];

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: Vec3) => Math.hypot(a[0], a[1], a[2]);
const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];

/** Rodrigues: v rotated by `angle` about the unit axis k. */
function rotate(v: Vec3, k: Vec3, angle: number): Vec3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return add(add(scale(v, c), scale(cross(k, v), s)), scale(k, dot(k, v) * (1 - c)));
}

/** Keeps the camera this far (radians) from looking straight along `up`, as OrbitControls does. */
const POLE_MARGIN = 0.05;

/**
 * The camera orbited about its target: `azimuth` radians about the up axis
 * (positive = the scene turns left to right), `polar` radians over the top (positive = up).
 */
export function orbitCamera(cam: CameraState, azimuth: number, polar: number): CameraState {
  const up = scale(cam.up, 1 / (norm(cam.up) || 1));
  let off = rotate(sub(cam.position, cam.target), up, azimuth);
  const r = norm(off);
  if (r === 0) return cam;
  const angle = Math.acos(Math.max(-1, Math.min(1, dot(off, up) / r)));
  const next = Math.max(POLE_MARGIN, Math.min(Math.PI - POLE_MARGIN, angle - polar));
  const side = cross(up, off);
  if (norm(side) > 1e-12) off = rotate(off, scale(side, 1 / norm(side)), next - angle);
  return { ...cam, position: add(cam.target, off) };
}

/** The camera moved toward (factor < 1) or away from (factor > 1) its target, within [minD, maxD]. */
export function zoomCamera(cam: CameraState, factor: number, minD: number, maxD: number): CameraState {
  const off = sub(cam.position, cam.target);
  const r = norm(off);
  if (r === 0) return cam;
  const d = Math.max(minD, Math.min(maxD, r * factor));
  return { ...cam, position: add(cam.target, scale(off, d / r)) };
}

/**
 * The network after (dir 1) or before (dir −1) `currentId` when stepping through
 * the candidates ordered by the colour column (ascending, missing last, ties by
 * row): every embedded network, or only the selection when one is active.
 * Returns the row, its 1-based rank and the count; null without candidates.
 */
export function stepNetwork(
  table: NetworkTable,
  colorColumn: string,
  candidates: (row: number) => boolean,
  currentId: string | null,
  dir: 1 | -1,
): { row: number; rank: number; count: number } | null {
  const col = getColumn(table, colorColumn);
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (candidates(r)) rows.push(r);
  if (!rows.length) return null;
  const v = (r: number) => (col ? col.values[r] : r);
  rows.sort((a, b) => {
    const va = v(a);
    const vb = v(b);
    const na = Number.isNaN(va);
    const nb = Number.isNaN(vb);
    if (na !== nb) return na ? 1 : -1;
    return na || va === vb ? a - b : va - vb;
  });
  const at = currentId === null ? -1 : rows.findIndex((r) => table.ids[r] === currentId);
  const i = at < 0 ? (dir === 1 ? 0 : rows.length - 1) : (at + dir + rows.length) % rows.length;
  return { row: rows[i], rank: i + 1, count: rows.length };
}

/** What a key does to the view (null: not a view key). */
export type ViewKeyAction =
  | { kind: 'orbit'; azimuth: number; polar: number }
  | { kind: 'zoom'; factor: number }
  | { kind: 'fit' }
  | { kind: 'step'; dir: 1 | -1 }
  | { kind: 'tool'; tool: 'lasso' | 'box' };

const ORBIT_STEP = Math.PI / 24; // 7.5°
const ZOOM_STEP = 1.2;

export function viewKeyAction(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>): ViewKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const step = e.shiftKey ? ORBIT_STEP * 3 : ORBIT_STEP;
  switch (e.key) {
    case 'ArrowLeft':
      return { kind: 'orbit', azimuth: -step, polar: 0 };
    case 'ArrowRight':
      return { kind: 'orbit', azimuth: step, polar: 0 };
    case 'ArrowUp':
      return { kind: 'orbit', azimuth: 0, polar: step };
    case 'ArrowDown':
      return { kind: 'orbit', azimuth: 0, polar: -step };
    case '+':
    case '=':
      return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    case '-':
    case '_':
      return { kind: 'zoom', factor: ZOOM_STEP };
    case 'f':
    case 'F':
    case '0':
      return { kind: 'fit' };
    case ']':
    case 'n':
      return { kind: 'step', dir: 1 };
    case '[':
    case 'p':
      return { kind: 'step', dir: -1 };
    case 'l':
    case 'L':
      return { kind: 'tool', tool: 'lasso' };
    case 'b':
    case 'B':
      return { kind: 'tool', tool: 'box' };
    default:
      return null;
  }
}
