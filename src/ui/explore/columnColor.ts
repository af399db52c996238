// Colour and size encodings of any network-table column. A view concern: it
// maps numbers the core already computed to colours and point sizes.
//   continuous: viridis (sequential), or PuOr (diverging, centred at 0) when the
//   column has values on both sides of 0; log-scaled columns use log10.
//   categorical: Okabe–Ito (colour-vision-deficiency safe). Missing: grey.
import { interpolatePuOr, interpolateViridis, rgb as d3rgb } from 'd3';
import type { Column } from '../../core/explore/table';

export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#BBBBBB'];
export const MISSING = '#5a6270';

export interface ColumnColorScale {
  column: Column;
  kind: 'sequential' | 'diverging' | 'categorical';
  /** Continuous: the value domain after transform (log10 for log columns). */
  domain: [number, number];
  log: boolean;
  /** Colour of one raw column value. */
  color(v: number): string;
  /** Legend: categorical swatches (present categories only). */
  categories: { label: string; color: string }[];
}

const tf = (log: boolean, v: number) => (log ? (v > 0 ? Math.log10(v) : NaN) : v);

export function columnColorScale(column: Column): ColumnColorScale {
  if (column.type === 'categorical') {
    const dict = column.dictionary ?? [];
    const color = (v: number) => (Number.isFinite(v) ? OKABE_ITO[v % OKABE_ITO.length] : MISSING);
    return { column, kind: 'categorical', domain: [0, Math.max(0, dict.length - 1)], log: false, color, categories: dict.map((label, i) => ({ label, color: color(i) })) };
  }
  const log = !!column.logScale && column.domain[0] > 0;
  let lo = tf(log, column.domain[0]);
  let hi = tf(log, column.domain[1]);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  const diverging = !log && lo < 0 && hi > 0;
  if (diverging) {
    const m = Math.max(-lo, hi);
    const color = (raw: number) => (Number.isFinite(raw) ? interpolatePuOr(0.5 + 0.5 * (raw / m)) : MISSING);
    return { column, kind: 'diverging', domain: [-m, m], log, color, categories: [] };
  }
  const color = (raw: number) => {
    const v = tf(log, raw);
    if (!Number.isFinite(v)) return MISSING;
    return interpolateViridis(hi > lo ? (v - lo) / (hi - lo) : 0.5);
  };
  return { column, kind: 'sequential', domain: [lo, hi], log, color, categories: [] };
}

/** Fills rgb (3N, 0..1) with each row's colour. Colours are cached per distinct css string. */
export function fillColumnRgb(scale: ColumnColorScale, rgb: Float32Array): void {
  const cache = new Map<string, [number, number, number]>();
  const vals = scale.column.values;
  for (let i = 0; i < vals.length; i++) {
    const css = scale.color(vals[i]);
    let c = cache.get(css);
    if (!c) {
      const x = d3rgb(css);
      c = [x.r / 255, x.g / 255, x.b / 255];
      cache.set(css, c);
    }
    rgb[i * 3] = c[0];
    rgb[i * 3 + 1] = c[1];
    rgb[i * 3 + 2] = c[2];
  }
}

/** Size factors in [0.45, 1.9] by rank-free linear position in the domain (log for log columns); missing = 0.45. */
export function fillColumnSizes(column: Column | null, out: Float32Array): void {
  if (!column) {
    out.fill(1);
    return;
  }
  const log = !!column.logScale && column.domain[0] > 0;
  const lo = tf(log, column.domain[0]);
  const hi = tf(log, column.domain[1]);
  const span = hi > lo ? hi - lo : 1;
  const vals = column.values;
  for (let i = 0; i < vals.length; i++) {
    const v = tf(log, vals[i]);
    // sqrt: the point's area, not its radius, grows linearly with the value.
    out[i] = Number.isFinite(v) ? 0.45 + 1.45 * Math.sqrt(Math.min(1, Math.max(0, (v - lo) / span))) : 0.45;
  }
}
