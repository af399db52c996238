// The selection summary: count, mean ± spread of every numeric column in the
// selection and overall, and the hyperparameter values the selection
// over-represents compared with the rest ("what these networks have in common").
import type { Column, NetworkTable } from './table';
import { countSelected } from './selection';

export interface NumericSummary {
  /** Over selected rows with a finite value (NaN when none). */
  mean: number;
  /** Population standard deviation (divides by the count). */
  std: number;
  min: number;
  max: number;
  /** Selected rows with a finite value. */
  count: number;
  /** The same over every row. */
  allMean: number;
  allStd: number;
  /** Quartiles of the selected finite values (type-7, as numpy's default); NaN when none, or not asked for (SummaryOptions.quartiles). */
  q1: number;
  median: number;
  q3: number;
  /** Quartiles over every row. */
  allQ1: number;
  allMedian: number;
  allQ3: number;
}

export interface DominantValue {
  column: string;
  /** Category name, the number as text, or a bin like '0.001–0.01' for binned continuous columns. */
  value: string;
  /** Selected rows with this value. */
  selectedCount: number;
  /** Unselected rows with this value. */
  restCount: number;
  /** Fraction of the selection with this value. */
  selectedShare: number;
  /** Fraction of the rest with this value (0 when the selection is everything). */
  restShare: number;
  /** selectedShare / restShare; Infinity when no unselected row has the value. */
  lift: number;
}

export interface SelectionSummary {
  count: number;
  total: number;
  numeric: Record<string, NumericSummary>;
  /** Sorted by lift (then by selectedShare), lift > minLift only. */
  dominant: DominantValue[];
}

export interface SummaryOptions {
  /** A value must cover at least this many selected rows (default 3, or the whole selection if smaller). */
  minCount?: number;
  /** Only values whose lift exceeds this (default 1.25). */
  minLift?: number;
  /** Columns with more distinct values than this are binned (default 12). */
  maxCategories?: number;
  /** Keep at most this many dominant values (default 8). */
  maxDominant?: number;
  /** Columns whose quartiles to compute (a sort each), or 'all'; the others get NaN quartiles (default none). */
  quartiles?: readonly string[] | 'all';
}

/**
 * Mean, population std, min and max of the finite values of rows where mask is
 * 1 (every row when mask is null). One branch-light pass: moments of values
 * shifted by the first finite value (a stable shift for sums of squares).
 */
function meanStd(values: Float64Array, mask: Uint8Array | null): { mean: number; std: number; min: number; max: number; count: number } {
  const N = values.length;
  let shift = NaN;
  for (let r = 0; r < N && shift !== shift; r++) shift = values[r];
  if (shift !== shift) return { mean: NaN, std: NaN, min: NaN, max: NaN, count: 0 };
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < N; r++) {
    const v = values[r];
    const w = v === v ? (mask ? mask[r] : 1) : 0; // table values are finite or NaN
    const x = w ? v - shift : 0;
    n += w;
    s1 += x;
    s2 += x * x;
    if (w && v < min) min = v;
    if (w && v > max) max = v;
  }
  if (!n) return { mean: NaN, std: NaN, min: NaN, max: NaN, count: 0 };
  const m1 = s1 / n;
  return { mean: shift + m1, std: Math.sqrt(Math.max(0, s2 / n - m1 * m1)), min, max, count: n };
}

/**
 * Per-row category key of a column for the "dominant" comparison: codes of
 * categorical columns, each distinct value of a numeric column with few
 * values, or quantile bins (quartiles; log-spaced text for log-scale columns)
 * of a numeric column with many. −1 = missing.
 */
// Categorising does not depend on the mask: keep it per column, so a summary
// that follows a moving brush costs one branch-free counting pass per column.
interface Categories {
  /** Category of each row; missing rows get the extra slot labels.length. */
  keys: Int32Array;
  labels: string[];
  /** Rows per category (length labels.length + 1, last = missing). */
  counts: Int32Array;
}
const categoryCache = new WeakMap<Column, Map<number, Categories>>();
const allStatsCache = new WeakMap<Column, ReturnType<typeof meanStd>>();

function categorise(col: Column, maxCategories: number): Categories {
  let byMax = categoryCache.get(col);
  if (!byMax) categoryCache.set(col, (byMax = new Map()));
  let hit = byMax.get(maxCategories);
  if (!hit) {
    const { keys, labels } = categoriseUncached(col, maxCategories);
    const counts = new Int32Array(labels.length + 1);
    for (let r = 0; r < keys.length; r++) {
      if (keys[r] < 0) keys[r] = labels.length;
      counts[keys[r]]++;
    }
    byMax.set(maxCategories, (hit = { keys, labels, counts }));
  }
  return hit;
}

function categoriseUncached(col: Column, maxCategories: number): { keys: Int32Array; labels: string[] } {
  const n = col.values.length;
  const keys = new Int32Array(n).fill(-1);
  if (col.type === 'categorical') {
    for (let r = 0; r < n; r++) if (!Number.isNaN(col.values[r])) keys[r] = col.values[r];
    return { keys, labels: col.dictionary! };
  }
  const sorted = Float64Array.from(Array.from(col.values).filter(Number.isFinite)).sort();
  const distinct: number[] = [];
  for (let q = 0; q < sorted.length && distinct.length <= maxCategories; q++)
    if (q === 0 || sorted[q] !== sorted[q - 1]) distinct.push(sorted[q]);
  if (distinct.length <= maxCategories) {
    const idx = new Map(distinct.map((v, i) => [v, i]));
    for (let r = 0; r < n; r++) {
      const k = idx.get(col.values[r]);
      if (k !== undefined) keys[r] = k;
    }
    return { keys, labels: distinct.map((v) => String(v)) };
  }
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const cuts = [...new Set([q(0.25), q(0.5), q(0.75)])];
  const edges = [sorted[0], ...cuts, sorted[sorted.length - 1]];
  const fmt = (v: number) => ((Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4) || v === 0 ? String(+v.toPrecision(3)) : v.toExponential(1));
  const labels = edges.slice(0, -1).map((lo, b) => `${fmt(lo)}–${fmt(edges[b + 1])}`);
  for (let r = 0; r < n; r++) {
    const v = col.values[r];
    if (!Number.isFinite(v)) continue;
    let b = 0;
    while (b < cuts.length && v >= cuts[b]) b++;
    keys[r] = b;
  }
  return { keys, labels };
}

/**
 * Quartiles (linear interpolation between order statistics, numpy's default)
 * of the finite values where mask is 1: the values copied into a typed array
 * and sorted natively (a few ms for 50,000 rows; a comparator sort is ~10x slower).
 */
function quartiles(col: Column, mask: Uint8Array | null): { q1: number; median: number; q3: number } {
  const v = col.values;
  const buf = new Float64Array(v.length);
  let n = 0;
  for (let r = 0; r < v.length; r++) if (v[r] === v[r] && (!mask || mask[r])) buf[n++] = v[r];
  if (n === 0) return { q1: NaN, median: NaN, q3: NaN };
  const x = buf.subarray(0, n).sort();
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return x[lo] + (x[Math.min(n - 1, lo + 1)] - x[lo]) * (h - lo);
  };
  return { q1: q(0.25), median: q(0.5), q3: q(0.75) };
}

const NO_QUARTILES = { q1: NaN, median: NaN, q3: NaN };
const allQuartilesCache = new WeakMap<Column, ReturnType<typeof quartiles>>();

/**
 * Summarise the rows where mask is 1. dominant: over hyperparameter and
 * status columns, the values whose share in the selection exceeds their share
 * in the rest by at least minLift, with at least minCount selected rows.
 */
export function summarizeSelection(table: NetworkTable, mask: Uint8Array, opts: SummaryOptions = {}): SelectionSummary {
  const total = table.rowCount;
  const count = countSelected(mask);
  const numeric: Record<string, NumericSummary> = {};
  for (const col of table.columns) {
    if (col.type === 'categorical') continue;
    const s = meanStd(col.values, mask);
    let a = allStatsCache.get(col);
    if (!a) allStatsCache.set(col, (a = meanStd(col.values, null)));
    // Quartiles cost a sort: only for the columns asked for (the panel shows them for heavy-tailed ones).
    const wantQ = opts.quartiles === 'all' || (opts.quartiles?.includes(col.id) ?? false);
    const q = wantQ ? quartiles(col, mask) : NO_QUARTILES;
    let aq = wantQ ? allQuartilesCache.get(col) : NO_QUARTILES;
    if (!aq) allQuartilesCache.set(col, (aq = quartiles(col, null)));
    numeric[col.id] = {
      mean: s.mean,
      std: s.std,
      min: s.min,
      max: s.max,
      count: s.count,
      allMean: a.mean,
      allStd: a.std,
      q1: q.q1,
      median: q.median,
      q3: q.q3,
      allQ1: aq.q1,
      allMedian: aq.median,
      allQ3: aq.q3,
    };
  }

  const dominant: DominantValue[] = [];
  const rest = total - count;
  if (count > 0 && rest > 0) {
    const minCount = opts.minCount ?? Math.min(3, count);
    const minLift = opts.minLift ?? 1.25;
    const maxCategories = opts.maxCategories ?? 12;
    for (const col of table.columns) {
      if (col.group !== 'hyperparameter' && col.group !== 'status') continue;
      const { keys, labels, counts } = categorise(col, maxCategories);
      if (labels.length < 2) continue; // one value everywhere says nothing
      const sel = new Int32Array(labels.length + 1);
      for (let r = 0; r < total; r++) sel[keys[r]] += mask[r] ? 1 : 0;
      for (let k = 0; k < labels.length; k++) {
        if (sel[k] < minCount) continue;
        const oth = counts[k] - sel[k];
        const selectedShare = sel[k] / count;
        const restShare = oth / rest;
        const lift = restShare > 0 ? selectedShare / restShare : Infinity;
        if (lift > minLift)
          dominant.push({ column: col.id, value: labels[k], selectedCount: sel[k], restCount: oth, selectedShare, restShare, lift });
      }
    }
    dominant.sort((a, b) => b.lift - a.lift || b.selectedShare - a.selectedShare);
    dominant.length = Math.min(dominant.length, opts.maxDominant ?? 8);
  }
  return { count, total, numeric, dominant };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * One line for the summary panel, e.g. "12 of 60 networks; mostly
 * activation = tanh (83% vs 10%), optimizer = adam (75% vs 30%)".
 */
export function describeSelection(summary: SelectionSummary, maxValues = 3): string {
  const head = `${summary.count} of ${summary.total} network${summary.total === 1 ? '' : 's'}`;
  if (!summary.dominant.length) return head;
  const parts = summary.dominant
    .slice(0, maxValues)
    .map((d) => `${d.column} = ${d.value} (${pct(d.selectedShare)} vs ${pct(d.restShare)})`);
  return `${head}; mostly ${parts.join(', ')}`;
}

// Ranks per column object: columns are never mutated after the table is built.
const rankCache = new WeakMap<Column, Float64Array>();

/** Finite values of a column, sorted ascending (native typed-array sort: no comparator, no per-row objects). */
function sortedFinite(values: Float64Array): Float64Array {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) m++;
  const out = new Float64Array(m);
  let w = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[w++] = values[i];
  return out.sort();
}

/** Number of entries of an ascending array greater than v. */
function countGreater(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

/**
 * Rank (1 = largest) of each row's value in a column, NaN for missing; for "rank in the population".
 * Ties share the best rank (1 + how many values are larger). Cached per column.
 */
export function columnRanks(col: Column): Float64Array {
  const hit = rankCache.get(col);
  if (hit) return hit;
  const v = col.values;
  const sorted = sortedFinite(v);
  const ranks = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) ranks[i] = Number.isFinite(v[i]) ? 1 + countGreater(sorted, v[i]) : NaN;
  rankCache.set(col, ranks);
  return ranks;
}

/** Rank (1 = largest) of one row's value, NaN when missing: one O(N) pass, for a single network. */
export function rankOfRow(col: Column, row: number): number {
  const v = col.values;
  const x = v[row];
  if (!Number.isFinite(x)) return NaN;
  let greater = 0;
  for (let i = 0; i < v.length; i++) if (v[i] > x && v[i] !== Infinity) greater++;
  return 1 + greater;
}
