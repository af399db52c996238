// Bin counts of one column for the linked histograms: all rows, and the rows
// of a (crossfilter) mask, on the same bins.
import type { Column } from './table';

export interface ColumnHistogram {
  /** 'categories': one bin per dictionary code; 'bins': numeric intervals. */
  kind: 'categories' | 'bins';
  /** Bin edges (bins + 1 values; in value space even for log bins); empty for categories. */
  edges: Float64Array;
  /** Category names (kind 'categories'); bin labels are for the view to format otherwise. */
  labels: string[];
  /** Rows per bin. */
  counts: Int32Array;
  /** Rows per bin where mask is 1 (= counts without a mask). */
  selected: Int32Array;
  /** Rows with a missing value (not in any bin). */
  missing: number;
  /** True when bins are equal in log10 space (log-scale columns with positive values). */
  log: boolean;
}

/**
 * Histogram of a column. Integer columns with few distinct values get one bin
 * per integer; log-scale columns (learning rate) get log-spaced bins when all
 * values are positive. The top edge is inclusive.
 */
export function columnHistogram(col: Column, mask?: Uint8Array, bins = 20): ColumnHistogram {
  const v = col.values;
  const n = v.length;
  if (col.type === 'categorical') {
    const k = col.dictionary!.length;
    const counts = new Int32Array(k);
    const selected = new Int32Array(k);
    let missing = 0;
    for (let r = 0; r < n; r++) {
      const c = v[r];
      if (Number.isNaN(c)) missing++;
      else {
        counts[c]++;
        if (!mask || mask[r]) selected[c]++;
      }
    }
    return { kind: 'categories', edges: new Float64Array(0), labels: [...col.dictionary!], counts, selected, missing, log: false };
  }
  let [lo, hi] = col.domain;
  const empty = Number.isNaN(lo);
  if (empty) [lo, hi] = [0, 1];
  const log = !!col.logScale && lo > 0;
  let edges: Float64Array;
  if (col.type === 'integer' && hi - lo + 1 <= bins) {
    // one bin per integer, centred on it
    edges = Float64Array.from({ length: hi - lo + 2 }, (_, q) => lo - 0.5 + q);
  } else if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const m = b > a ? bins : 1;
    edges = Float64Array.from({ length: m + 1 }, (_, q) => 10 ** (a + ((b - a) * q) / m));
    edges[0] = lo;
    edges[m] = hi;
  } else {
    const m = hi > lo ? bins : 1;
    edges = Float64Array.from({ length: m + 1 }, (_, q) => lo + ((hi - lo) * q) / m);
    if (m === 1 && hi === lo) ((edges[0] = lo - 0.5), (edges[1] = hi + 0.5));
  }
  const m = edges.length - 1;
  const counts = new Int32Array(m);
  const selected = new Int32Array(m);
  let missing = 0;
  const a = log ? Math.log10(edges[0]) : edges[0];
  const w = ((log ? Math.log10(edges[m]) : edges[m]) - a) / m;
  for (let r = 0; r < n; r++) {
    const x = v[r];
    if (Number.isNaN(x)) {
      missing++;
      continue;
    }
    let b = Math.floor(((log ? Math.log10(x) : x) - a) / w);
    // float rounding near an edge: settle against the stored edges
    if (b > 0 && x < edges[b]) b--;
    if (b < m - 1 && x >= edges[b + 1]) b++;
    b = Math.min(m - 1, Math.max(0, b));
    counts[b]++;
    if (!mask || mask[r]) selected[b]++;
  }
  return { kind: 'bins', edges, labels: [], counts, selected, missing, log };
}
