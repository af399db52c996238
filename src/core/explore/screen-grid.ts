// A uniform grid over projected (screen-space) points, for hover picking at
// 50,000 points: a query looks only at the few cells within the pick radius
// instead of every point. Built from the same arrays picking.ts's
// projectToClient fills; answers exactly what nearestPoint answers.

export interface GridBounds {
  left: number;
  top: number;
  width: number;
  height: number;
}

export class ScreenGrid {
  private cols = 0;
  private rows = 0;
  private left = 0;
  private top = 0;
  /** CSR layout: the points of cell c are items[start[c] .. start[c + 1]), ascending index. */
  private start = new Int32Array(1);
  private items = new Int32Array(0);
  private xs = new Float32Array(0);
  private ys = new Float32Array(0);

  constructor(private readonly cell = 16) {}

  /** Buckets the visible points (screen: 2N client pixels) of the area `bounds`; points outside it are never found. */
  build(screen: Float32Array, visible: Uint8Array, bounds: GridBounds): void {
    const n = visible.length;
    const c = this.cell;
    this.left = bounds.left;
    this.top = bounds.top;
    this.cols = Math.max(1, Math.ceil(bounds.width / c));
    this.rows = Math.max(1, Math.ceil(bounds.height / c));
    const cells = this.cols * this.rows;
    if (this.start.length !== cells + 1) this.start = new Int32Array(cells + 1);
    else this.start.fill(0);
    if (this.xs.length !== n) {
      this.xs = new Float32Array(n);
      this.ys = new Float32Array(n);
    }
    const cellOf = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      if (!visible[i]) continue;
      const x = screen[i * 2];
      const y = screen[i * 2 + 1];
      const cx = Math.floor((x - this.left) / c);
      const cy = Math.floor((y - this.top) / c);
      if (!(cx >= 0 && cx < this.cols && cy >= 0 && cy < this.rows)) continue; // also NaN
      this.xs[i] = x;
      this.ys[i] = y;
      cellOf[i] = cy * this.cols + cx;
      this.start[cellOf[i] + 1]++;
    }
    for (let k = 0; k < cells; k++) this.start[k + 1] += this.start[k];
    if (this.items.length !== this.start[cells]) this.items = new Int32Array(this.start[cells]);
    const fill = this.start.slice(0, cells);
    for (let i = 0; i < n; i++) if (cellOf[i] >= 0) this.items[fill[cellOf[i]]++] = i;
  }

  /**
   * Index of the point nearest (x, y) within radius pixels, or -1. Same rule as picking.ts's
   * nearestPoint: a point at exactly the radius counts, and of equally near points the higher index
   * (drawn last, on top) wins.
   */
  nearest(x: number, y: number, radius: number): number {
    const c = this.cell;
    const cx0 = Math.max(0, Math.floor((x - radius - this.left) / c));
    const cx1 = Math.min(this.cols - 1, Math.floor((x + radius - this.left) / c));
    const cy0 = Math.max(0, Math.floor((y - radius - this.top) / c));
    const cy1 = Math.min(this.rows - 1, Math.floor((y + radius - this.top) / c));
    let best = -1;
    let bestD2 = radius * radius;
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const k = cy * this.cols + cx;
        for (let q = this.start[k]; q < this.start[k + 1]; q++) {
          const i = this.items[q];
          const dx = this.xs[i] - x;
          const dy = this.ys[i] - y;
          const d2 = dx * dx + dy * dy;
          if (d2 < bestD2 || (d2 === bestD2 && i > best)) {
            bestD2 = d2;
            best = i;
          }
        }
      }
    }
    return best;
  }
}
