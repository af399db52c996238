// Tick positions and labels for the linked charts' numeric axes and the colour
// legend. Log axes tick at whole decades (every other one past 6) labelled 0.01,
// 1, 100, 1e4, …; a log axis spanning under two decades falls back to ordinary
// ticks of its log10 domain. Labels carry as many digits as the tick step needs
// (d3's precisionFixed), so neighbouring ticks never read the same.
import { format, precisionFixed, precisionRound, ticks as d3ticks } from 'd3';
import { formatValue } from '../color';

export interface AxisTick {
  /** Position in axis units (log10 of the value on a log axis). */
  v: number;
  label: string;
}

/** 10^k as a short label: plain from 0.001 to 1000, else 1e±k. */
export function decadeLabel(k: number): string {
  return k >= -3 && k <= 3 ? formatValue(10 ** k) : `1e${k}`;
}

const MAX_EXTRA_DIGITS = 6;

/**
 * Labels for ascending tick values: fixed-point with the digits the smallest gap
 * between neighbours needs (precisionFixed), exponent notation for very large or
 * small magnitudes; one more digit at a time while two labels still read the same.
 * percent: values are fractions shown as "99.3%".
 */
export function tickLabels(values: readonly number[], opts: { percent?: boolean } = {}): string[] {
  const k = opts.percent ? 100 : 1;
  const unit = opts.percent ? '%' : '';
  const vs = values.map((v) => v * k);
  const finite = vs.filter(Number.isFinite);
  if (!finite.length) return vs.map(() => '—');
  let step = Infinity;
  for (let i = 1; i < finite.length; i++) {
    const d = Math.abs(finite[i] - finite[i - 1]);
    if (d > 0) step = Math.min(step, d);
  }
  const maxAbs = Math.max(...finite.map(Math.abs));
  if (!Number.isFinite(step)) step = maxAbs || 1;
  const exponent = maxAbs >= 1e5 || (maxAbs > 0 && maxAbs < 1e-3);
  // Exponent notation: significant digits from the step relative to the largest value.
  let p = exponent ? Math.max(0, precisionRound(step, maxAbs) - 1) : precisionFixed(step);
  const render = (digits: number) =>
    vs.map((v) => {
      if (!Number.isFinite(v)) return '—';
      const s = exponent ? format(`.${digits}~e`)(v) : format(`.${digits}~f`)(v);
      // Trailing zeros trimmed (~): "1" beside "0.5". "−0" reads as a value below zero: zero is zero.
      return (/^[−-]?0(\.0*)?(e[+−-]?0)?$/.test(s) ? s.replace(/^[−-]/, '') : s) + unit;
    });
  let labels = render(p);
  for (let extra = 0; extra < MAX_EXTRA_DIGITS && new Set(labels).size < labels.length; extra++) labels = render(++p);
  return labels;
}

/** formatValue with 2 significant digits, more while two labels read the same. */
export function significantLabels(values: readonly number[]): string[] {
  let labels = values.map((v) => formatValue(v, 2));
  for (let d = 3; d <= 8 && new Set(labels).size < labels.length; d++) labels = values.map((v) => formatValue(v, d));
  return labels;
}

/** Ticks over [lo, hi] (axis units). */
export function axisTicks(lo: number, hi: number, log: boolean, count = 4): AxisTick[] {
  if (!(hi >= lo)) return [];
  if (log) {
    const k0 = Math.ceil(lo - 1e-9);
    const k1 = Math.floor(hi + 1e-9);
    if (k1 - k0 >= 1) {
      const step = k1 - k0 > 6 ? 2 : 1;
      const out: AxisTick[] = [];
      for (let k = k0; k <= k1; k += step) out.push({ v: k, label: decadeLabel(k) });
      return out;
    }
    // Ticks evenly spaced in log units are unevenly spaced values: two significant digits, more while two read the same.
    const ts = d3ticks(lo, hi, count);
    const labels = significantLabels(ts.map((x) => 10 ** x));
    return ts.map((t, i) => ({ v: t, label: labels[i] }));
  }
  const ts = d3ticks(lo, hi, count);
  const labels = tickLabels(ts);
  return ts.map((t, i) => ({ v: t, label: labels[i] }));
}
