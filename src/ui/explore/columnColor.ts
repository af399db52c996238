// Colour and size encodings of any network-table column. A view concern: it
// maps numbers the core already computed to colours and point sizes.
//   continuous: viridis (sequential), or PuOr (diverging, centred at 0) when the
//   column has values on both sides of 0; log-scaled columns use log10.
//   categorical: Okabe–Ito (colour-vision-deficiency safe). Missing: grey.
// Colour domain (ColorDomainMode): the data range (default), fixed 0–1 for rates
// (accuracy), or quantiles (colour by rank, legend ticks at the quartiles).
// Each theme uses the part of the colour map that stays visible on its
// background: on dark, viridis' near-black purple end is cut (the worst value is
// steel blue, ≥ 2.5:1 contrast); on light (print), its pale yellow end is cut.
import { interpolatePuOr, interpolateViridis, rgb as d3rgb, scaleLinear } from 'd3';
import type { Column } from '../../core/explore/table';
import { decadeLabel, significantLabels, tickLabels } from './axisTicks';

export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#BBBBBB'];
export const MISSING = '#5a6270';

import type { ColorDomainMode } from '../../state/explore';
export type { ColorDomainMode };
export const COLOR_DOMAIN_MODES: readonly ColorDomainMode[] = ['data', 'fixed', 'quantile'];
export type FigureTheme = 'dark' | 'light';

/** Background of each theme (the scene's clear colour on dark; paper on light). */
export const THEME_BACKGROUND: Record<FigureTheme, string> = { dark: '#0d1117', light: '#ffffff' };

/** The part [t0, t1] of each colour map a theme uses (see the header). */
export const RAMP_RANGE: Record<FigureTheme, { sequential: [number, number]; diverging: [number, number] }> = {
  dark: { sequential: [0.3, 1], diverging: [0.15, 0.85] },
  light: { sequential: [0, 0.66], diverging: [0, 1] },
};

/** Columns that are rates in [0, 1] (fixed 0–1 domain offered, legend in %). */
export function isRateColumn(column: Column): boolean {
  if (column.type === 'categorical') return false;
  const [lo, hi] = column.domain;
  return (column.id === 'accuracy' || column.id === 'trainAcc' || /accuracy/i.test(column.label)) && !(lo < 0 || hi > 1);
}

export interface LegendTick {
  /** Position along the ramp, 0..1. */
  pos: number;
  label: string;
}

export interface ColumnColorScale {
  column: Column;
  kind: 'sequential' | 'diverging' | 'categorical';
  /** The domain mode actually used (a mode a column cannot take falls back to 'data'). */
  mode: ColorDomainMode;
  /** Continuous: the value domain after transform (log10 for log columns); quantile: [min, max]. */
  domain: [number, number];
  log: boolean;
  /** Colour of one raw column value. */
  color(v: number): string;
  /** Colour at a ramp position 0..1 (legend gradient). */
  rampColor(pos: number): string;
  /** Legend ticks along the ramp. */
  ticks: LegendTick[];
  /** Legend: categorical swatches (present categories only). */
  categories: { label: string; color: string }[];
  /** Short description of the encoding for the legend caption, e.g. "log · quantiles". */
  note: string;
}

const tf = (log: boolean, v: number) => (log ? (v > 0 ? Math.log10(v) : NaN) : v);

/** Modes the legend offers for a column. */
export function domainModesFor(column: Column): ColorDomainMode[] {
  if (column.type === 'categorical') return [];
  return isRateColumn(column) ? ['data', 'fixed', 'quantile'] : ['data', 'quantile'];
}

export function columnColorScale(column: Column, opts: { mode?: ColorDomainMode; theme?: FigureTheme } = {}): ColumnColorScale {
  const theme = opts.theme ?? 'dark';
  if (column.type === 'categorical') {
    const dict = column.dictionary ?? [];
    const color = (v: number) => (Number.isFinite(v) ? OKABE_ITO[v % OKABE_ITO.length] : MISSING);
    return {
      column,
      kind: 'categorical',
      mode: 'data',
      domain: [0, Math.max(0, dict.length - 1)],
      log: false,
      color,
      rampColor: () => MISSING,
      ticks: [],
      categories: dict.map((label, i) => ({ label, color: color(i) })),
      note: '',
    };
  }
  const wanted = opts.mode ?? 'data';
  const mode: ColorDomainMode = domainModesFor(column).includes(wanted) ? wanted : 'data';
  const percent = isRateColumn(column);
  const log = !!column.logScale && column.domain[0] > 0;
  let lo = tf(log, column.domain[0]);
  let hi = tf(log, column.domain[1]);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (mode === 'fixed') [lo, hi] = [0, 1];
  const diverging = mode === 'data' && !log && lo < 0 && hi > 0;
  const [t0, t1] = RAMP_RANGE[theme][diverging ? 'diverging' : 'sequential'];
  const interp = diverging ? interpolatePuOr : interpolateViridis;
  const rampColor = (pos: number) => interp(t0 + (t1 - t0) * Math.min(1, Math.max(0, pos)));
  const valueLabel = (vs: number[]) => (log ? vs.map((v) => (Number.isInteger(v) ? decadeLabel(v) : '')) : tickLabels(vs, { percent }));

  if (mode === 'quantile') {
    const sorted = finiteSorted(column.values, log);
    const n = sorted.length;
    // Mid-rank empirical CDF: ties share one colour; the lowest and highest values reach the ramp's ends.
    const pos = (v: number) => {
      if (n < 2) return 0.5;
      const below = lowerBound(sorted, v);
      const upTo = upperBound(sorted, v);
      return Math.min(1, Math.max(0, (below + upTo - 1) / 2 / (n - 1)));
    };
    const color = (raw: number) => {
      const v = tf(log, raw);
      return Number.isFinite(v) ? rampColor(pos(v)) : MISSING;
    };
    const qs = [0, 0.25, 0.5, 0.75, 1];
    const qv = n ? qs.map((q) => quantileOf(sorted, q)) : [];
    const labels = log ? significantLabels(qv.map((v) => 10 ** v)) : tickLabels(qv, { percent });
    const ticks = qv.map((_, i) => ({ pos: qs[i], label: labels[i] }));
    return {
      column,
      kind: 'sequential',
      mode,
      domain: [lo, hi],
      log,
      color,
      rampColor,
      ticks,
      categories: [],
      note: ['log', 'quantiles'].slice(log ? 0 : 1).join(' · '),
    };
  }
  if (diverging) {
    const m = Math.max(-lo, hi);
    const color = (raw: number) => (Number.isFinite(raw) ? rampColor(0.5 + 0.5 * (raw / m)) : MISSING);
    const ts = scaleLinear().domain([-m, m]).ticks(4);
    const labels = valueLabel(ts);
    return {
      column,
      kind: 'diverging',
      mode,
      domain: [-m, m],
      log,
      color,
      rampColor,
      categories: [],
      note: 'diverging at 0',
      ticks: ts.map((t, i) => ({ pos: 0.5 + 0.5 * (t / m), label: labels[i] })),
    };
  }
  const color = (raw: number) => {
    const v = tf(log, raw);
    if (!Number.isFinite(v)) return MISSING;
    return rampColor(hi > lo ? (v - lo) / (hi - lo) : 0.5);
  };
  const ts = lo === hi ? [lo] : scaleLinear().domain([lo, hi]).ticks(4);
  let labels = valueLabel(ts);
  // A log ramp spanning under a decade has no whole-decade ticks: label the values instead.
  if (log && labels.some((l) => l === '')) labels = significantLabels(ts.map((t) => 10 ** t));
  const ticks = ts.map((t, i) => ({ pos: lo === hi ? 0.5 : (t - lo) / (hi - lo), label: labels[i] }));
  const note = [log ? 'log' : '', mode === 'fixed' ? 'fixed 0–1' : ''].filter(Boolean).join(' · ');
  return { column, kind: 'sequential', mode, domain: [lo, hi], log, color, rampColor, ticks, categories: [], note };
}

function finiteSorted(values: ArrayLike<number>, log: boolean): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = tf(log, values[i]);
    if (Number.isFinite(v)) out.push(v);
  }
  return Float64Array.from(out).sort();
}

/** Quantile q of ascending values, linear between order statistics (d3's / R's type 7). */
function quantileOf(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  return i + 1 < sorted.length ? sorted[i] + (sorted[i + 1] - sorted[i]) * (h - i) : sorted[i];
}

/** First index with sorted[i] >= v. */
function lowerBound(sorted: Float64Array, v: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (sorted[m] < v) a = m + 1;
    else b = m;
  }
  return a;
}

/** First index with sorted[i] > v. */
function upperBound(sorted: Float64Array, v: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (sorted[m] <= v) a = m + 1;
    else b = m;
  }
  return a;
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
