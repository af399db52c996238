// Findings numbers (METHODS §5), pure: for accuracy and every feature, the
// Spearman ρ between a network's value and the mean over its k nearest
// neighbours, in the embedding and in the original network distance. Runs in
// src/workers/findings.worker.ts (O(N²) per neighbour source).
import { FEATURE_INFO, type FeatureInfo } from '../features/info';
import type { NetworkRecord, Population } from '../types';
import { kNearest, sourceSize, type NeighbourSource } from './neighbours';
import { neighbourRhoPermutation, permutationsFor } from './neighbour-permutation';
import { describeFinding } from './finding-verdict';
import { hashSeed } from '../random';

/** One value per network (NaN = missing). */
export interface FindingSeries {
  id: string;
  label: string;
  values: Float64Array;
}

/** Same shape as state/phate.ts FindingRow. */
export interface FindingResult {
  id: string;
  label: string;
  rhoEmbedding: number;
  rhoDistance: number;
  /** One-sided permutation p of each ρ (NaN: not computed). */
  pEmbedding: number;
  pDistance: number;
  n: number;
  /** Neighbours per network used for this row. */
  k: number;
  sentence: string;
}

/** Test accuracy and every feature present on some network, as value columns (cheap: O(F·N)). */
export function findingSeries(pop: Population): FindingSeries[] {
  const N = pop.networks.length;
  const ids = new Set<string>();
  for (const n of pop.networks) if (n.features) for (const key of Object.keys(n.features)) ids.add(key);
  const order = Object.keys(FEATURE_INFO).filter((id) => ids.has(id) && id !== 'testAcc');
  for (const id of ids) if (!(id in FEATURE_INFO) && id !== 'testAcc') order.push(id);
  const defs: { id: string; label: string; value: (n: NetworkRecord) => number | undefined }[] = [
    { id: 'testAcc', label: 'accuracy', value: (n) => n.final.testAcc },
    ...order.map((id) => ({
      id,
      label: ((FEATURE_INFO as Record<string, FeatureInfo>)[id]?.label ?? id).replace(/^./, (c) => c.toLowerCase()),
      value: (n: NetworkRecord) => n.features?.[id],
    })),
  ];
  return defs.map((d) => {
    const values = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const x = d.value(pop.networks[i]);
      values[i] = typeof x === 'number' && Number.isFinite(x) ? x : NaN;
    }
    return { id: d.id, label: d.label, values };
  });
}

/**
 * The neighbour graph of the rows in `rows` (positions into the source),
 * searched among those rows only: an m×k table of positions into `rows`
 * (−1 = none). Series without missing values share one per source.
 */
function neighbourTable(src: NeighbourSource, rows: Int32Array, k: number): Int32Array {
  const m = rows.length;
  const n = sourceSize(src);
  const pos = new Int32Array(n).fill(-1);
  for (let q = 0; q < m; q++) pos[rows[q]] = q;
  const eligible = m === n ? undefined : (j: number) => pos[j] >= 0;
  const t = new Int32Array(m * k).fill(-1);
  for (let q = 0; q < m; q++) {
    const nb = kNearest(src, rows[q], k, eligible);
    for (let r = 0; r < nb.length; r++) t[q * k + r] = pos[nb[r].index];
  }
  return t;
}

export interface FindingOptions {
  /** Permutations per ρ for its p-value (0: none, p = NaN). Default permutationsFor(N). */
  permutations?: number;
  /** Seed of the shuffles (each series and source derives its own from it). Default 1. */
  seed?: number;
}

/**
 * Finding rows for the given series, each ρ with its permutation p over the
 * fixed kNN graph (core/explore/neighbour-permutation). Series with a value on
 * every network share one neighbour table per source (the kNN search is the
 * O(N²) part); series with missing values search among their finite rows only.
 * k: neighbours per network (findingsK(N) in the app).
 */
export function findingRows(
  series: FindingSeries[],
  emb: NeighbourSource,
  dist: NeighbourSource | null,
  k: number,
  opts: FindingOptions = {},
): FindingResult[] {
  const N = sourceSize(emb);
  const B = opts.permutations ?? permutationsFor(N);
  const seed = opts.seed ?? 1;
  const rows: FindingResult[] = [];
  const all = Int32Array.from({ length: N }, (_, i) => i);
  let embTable: Int32Array | null = null;
  let distTable: Int32Array | null = null;
  for (const s of series) {
    const keep: number[] = [];
    for (let i = 0; i < s.values.length; i++) if (Number.isFinite(s.values[i])) keep.push(i);
    if (keep.length < 3) continue;
    const complete = keep.length === N;
    const idx = complete ? all : Int32Array.from(keep);
    const vals = Float64Array.from(idx, (i) => s.values[i]);
    const eT = complete ? (embTable ??= neighbourTable(emb, all, k)) : neighbourTable(emb, idx, k);
    const e = neighbourRhoPermutation(vals, eT, k, B, hashSeed('findings', seed, s.id, 'embedding'));
    let d = { rho: NaN, p: NaN };
    if (dist) {
      const dT = complete ? (distTable ??= neighbourTable(dist, all, k)) : neighbourTable(dist, idx, k);
      d = neighbourRhoPermutation(vals, dT, k, B, hashSeed('findings', seed, s.id, 'distance'));
    }
    rows.push({
      id: s.id,
      label: s.label,
      rhoEmbedding: e.rho,
      rhoDistance: d.rho,
      pEmbedding: e.p,
      pDistance: d.p,
      n: keep.length,
      k,
      sentence: describeFinding(s.label, e.rho, e.p, keep.length, k),
    });
  }
  return rows;
}
