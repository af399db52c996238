// Tick positions and labels for the linked charts' numeric axes. Log axes tick at
// whole decades (every other one past 6) labelled 0.01, 1, 100, 1e4, …; a log axis
// spanning under two decades falls back to ordinary ticks of its log10 domain.
import { ticks as d3ticks } from 'd3';
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
    return d3ticks(lo, hi, count).map((t) => ({ v: t, label: formatValue(10 ** t, 2) }));
  }
  return d3ticks(lo, hi, count).map((t) => ({ v: t, label: formatValue(t, 2) }));
}
