// Uncertainty of the findings ρ (METHODS §5, issue 14): a permutation test
// over a fixed kNN graph. The graph (each row's k neighbours) stays as it is;
// the values are shuffled among the rows that have one, and ρ is recomputed.
// p = (1 + #{ρ_perm ≥ ρ_obs}) / (1 + B): one-sided, since "organised by the
// manifold" means positive autocorrelation. Sequential stop (Besag & Clifford
// 1991): after STOP_AFTER shuffles at least as high, p = STOP_AFTER / b, so
// values with no organisation cost a few dozen shuffles, not B. The null distribution carries the
// construction bias of small N (k neighbours of few points make ρ negative
// even for a smooth field), so p stays honest where ρ alone misleads.
import { mulberry32 } from '../random';
import { pearson } from '../features/stats';

/** Permutations per ρ (the smallest reachable p is 1 / (B + 1) = 0.001). */
export const DEFAULT_PERMUTATIONS = 999;

/** Exceedances after which the shuffling stops (p is then clearly not small). */
export const STOP_AFTER = 20;

/**
 * Permutations per ρ for N networks, so the panel's cost stays bounded (each
 * shuffle costs O(N log N)): 999 up to 300 networks, 199 up to 1,000, 99
 * beyond (smallest p 0.001, 0.005, 0.01 — all below the verdict's 0.05).
 */
export function permutationsFor(N: number): number {
  return N <= 300 ? DEFAULT_PERMUTATIONS : N <= 1000 ? 199 : 99;
}

/** Average ranks (1-based, ties share the mean rank) of x into out, via one sorted copy and binary searches. */
function ranksInto(x: Float64Array, out: Float64Array, sorted: Float64Array): void {
  sorted.set(x);
  sorted.sort();
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (sorted[m] < v) lo = m + 1;
      else hi = m;
    }
    let up = lo;
    let top = n;
    while (up < top) {
      const m = (up + top) >> 1;
      if (sorted[m] <= v) up = m + 1;
      else top = m;
    }
    out[i] = (lo + up + 1) / 2;
  }
}

function pearsonOf(a: Float64Array, b: Float64Array): number {
  const r = pearson(a, b);
  return Number.isFinite(r) ? r : NaN;
}

/**
 * The neighbour-mean Spearman statistic on a compact graph: `values` holds the
 * m rows that have a value, `table` their k neighbours as positions into
 * `values` (−1 = none). Rows without any neighbour are left out, as in
 * spearmanFinite.
 */
export class NeighbourRho {
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly ra: Float64Array;
  private readonly rb: Float64Array;
  private readonly sorted: Float64Array;
  private readonly rows: Int32Array;

  constructor(
    private readonly table: Int32Array,
    private readonly k: number,
    m: number,
  ) {
    const rows: number[] = [];
    for (let i = 0; i < m; i++) if (k > 0 && table[i * k] >= 0) rows.push(i);
    this.rows = Int32Array.from(rows);
    const r = rows.length;
    this.a = new Float64Array(r);
    this.b = new Float64Array(r);
    this.ra = new Float64Array(r);
    this.rb = new Float64Array(r);
    this.sorted = new Float64Array(r);
  }

  /** ρ for these values (length m); NaN with fewer than 3 rows or no variation. */
  rho(values: Float64Array): number {
    const { rows, a } = this;
    if (rows.length < 3) return NaN;
    for (let q = 0; q < rows.length; q++) a[q] = values[rows[q]];
    ranksInto(a, this.ra, this.sorted);
    return this.rhoRanked(values, this.ra);
  }

  /** ρ when the ranks of the rows' own values (over `rows`, in order) are known: a shuffle permutes them with the values. */
  rhoRanked(values: Float64Array, ownRanks: Float64Array): number {
    const { table, k, rows, b } = this;
    if (rows.length < 3) return NaN;
    for (let q = 0; q < rows.length; q++) {
      const i = rows[q];
      let s = 0;
      let c = 0;
      for (let t = 0; t < k; t++) {
        const j = table[i * k + t];
        if (j < 0) break;
        s += values[j];
        c++;
      }
      b[q] = s / c;
    }
    ranksInto(b, this.rb, this.sorted);
    return pearsonOf(ownRanks, this.rb);
  }

  /** Positions (into `values`) of the rows the statistic uses. */
  get usedRows(): Int32Array {
    return this.rows;
  }
}

export interface PermutationResult {
  /** ρ of the values as given. */
  rho: number;
  /** One-sided permutation p (NaN when ρ is NaN or permutations = 0). */
  p: number;
  /** Shuffles actually run (fewer than asked when the sequential stop applied). */
  permutations: number;
}

/**
 * Permutation p of the neighbour-mean ρ. `values` (length m, all finite) and
 * `table` (m×k positions into `values`) describe the graph; `seed` makes the
 * shuffles reproducible. Cost: B × (m·k + 2 m log m).
 */
export function neighbourRhoPermutation(
  values: Float64Array,
  table: Int32Array,
  k: number,
  permutations: number,
  seed: number,
): PermutationResult {
  const m = values.length;
  const stat = new NeighbourRho(table, k, m);
  const rho = stat.rho(values);
  if (!Number.isFinite(rho) || permutations <= 0) return { rho, p: NaN, permutations: 0 };
  const rng = mulberry32(seed);
  const v = Float64Array.from(values);
  // Ranks of every value once; a shuffle moves each value together with its rank.
  const rankAll = new Float64Array(m);
  ranksInto(values, rankAll, new Float64Array(m));
  const r = Float64Array.from(rankAll);
  const rows = stat.usedRows;
  const complete = rows.length === m;
  const ownRanks = new Float64Array(rows.length);
  const scratch = new Float64Array(rows.length);
  let above = 0;
  // Floating-point slack: a permutation that reproduces ρ exactly counts as "as large".
  const bar = rho - 1e-12;
  for (let b = 1; b <= permutations; b++) {
    for (let i = m - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = v[i];
      v[i] = v[j];
      v[j] = t;
      const u = r[i];
      r[i] = r[j];
      r[j] = u;
    }
    let rb: number;
    if (complete) rb = stat.rhoRanked(v, r);
    else {
      // Rows without a neighbour drop out: rank the rest among themselves.
      for (let q = 0; q < rows.length; q++) scratch[q] = v[rows[q]];
      ranksInto(scratch, ownRanks, new Float64Array(rows.length));
      rb = stat.rhoRanked(v, ownRanks);
    }
    if (rb >= bar && ++above >= STOP_AFTER) return { rho, p: above / b, permutations: b };
  }
  return { rho, p: (1 + above) / (1 + permutations), permutations };
}
