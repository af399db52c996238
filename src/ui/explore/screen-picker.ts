// Hover picking that stays cheap at 50,000 points: a screen-space grid
// (core/explore/screen-grid.ts) is rebuilt in idle time after the view changes
// (camera, canvas rect, positions); until then a pick scans every point, as
// before. The view is identified by a key (camera matrices, rect, positions
// version), so a stale grid is never used.
import { ScreenGrid, type GridBounds } from '../../core/explore/screen-grid';
import { nearestPoint, type ViewportRect } from '../picking';

export interface PickSource {
  /** Numbers that change whenever projected positions change (camera, canvas rect, point positions). */
  viewKey(out: Float64Array): void;
  /** Client positions and visibility of every point (buffers reused by the caller). */
  project(): { screen: Float32Array; visible: Uint8Array };
  /** The canvas rect in client pixels. */
  rect(): ViewportRect;
}

const KEY_LENGTH = 37;
const idle: (cb: () => void) => void =
  typeof requestIdleCallback === 'function' ? (cb) => void requestIdleCallback(cb, { timeout: 300 }) : (cb) => void setTimeout(cb, 50);

export class ScreenPicker {
  private readonly grid = new ScreenGrid(16);
  private readonly gridKey = new Float64Array(KEY_LENGTH).fill(NaN);
  private readonly now = new Float64Array(KEY_LENGTH);
  private readonly later = new Float64Array(KEY_LENGTH);
  private scheduled = false;

  constructor(private readonly source: PickSource) {}

  static readonly keyLength = KEY_LENGTH;

  pick(x: number, y: number, radius: number): number {
    this.source.viewKey(this.now);
    if (same(this.now, this.gridKey)) return this.grid.nearest(x, y, radius);
    this.scheduleBuild();
    const { screen, visible } = this.source.project();
    return nearestPoint(screen, visible, x, y, radius);
  }

  /** The grid is rebuilt once the page is idle, for the view of that moment. */
  private scheduleBuild(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    idle(() => {
      this.scheduled = false;
      this.source.viewKey(this.later);
      const { screen, visible } = this.source.project();
      const r: GridBounds = this.source.rect();
      this.grid.build(screen, visible, r);
      this.gridKey.set(this.later);
    });
  }
}

function same(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
