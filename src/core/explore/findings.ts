// Findings numbers (METHODS §5), pure: for accuracy and every feature, the
// Spearman ρ between a network's value and the mean over its k nearest
// neighbours, in the embedding and in the original network distance. Runs in
// src/workers/findings.worker.ts (O(N²) per neighbour source).
import { FEATURE_INFO, type FeatureInfo } from '../features/info';
import type { NetworkRecord, Population } from '../types';
import { kNearest, sourceSize, type NeighbourSource } from './neighbours';
import { describeSmoothness, neighbourSpearmanFrom, spearmanFinite } from './smooth';

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
  n: number;
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

/** N×k neighbour table (−1 = none) over every row: shared by all series without missing values. */
function neighbourTable(src: NeighbourSource, k: number): Int32Array {
  const n = sourceSize(src);
  const t = new Int32Array(n * k).fill(-1);
  for (let i = 0; i < n; i++) {
    const nb = kNearest(src, i, k);
    for (let q = 0; q < nb.length; q++) t[i * k + q] = nb[q].index;
  }
  return t;
}

function rhoFromTable(values: Float64Array, table: Int32Array, k: number): number {
  const n = values.length;
  const means = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let m = 0;
    for (let q = 0; q < k; q++) {
      const j = table[i * k + q];
      if (j < 0) break;
      s += values[j];
      m++;
    }
    means[i] = m ? s / m : NaN;
  }
  return spearmanFinite(values, means);
}

/**
 * Finding rows for the given series. Series with a value on every network
 * share one neighbour table per source (the kNN search is the O(N²) part);
 * series with missing values search among their finite rows only.
 */
export function findingRows(series: FindingSeries[], emb: NeighbourSource, dist: NeighbourSource | null, k: number): FindingResult[] {
  const rows: FindingResult[] = [];
  let embTable: Int32Array | null = null;
  let distTable: Int32Array | null = null;
  for (const s of series) {
    let finite = 0;
    for (let i = 0; i < s.values.length; i++) if (Number.isFinite(s.values[i])) finite++;
    if (finite < 3) continue;
    let rhoEmbedding: number;
    let rhoDistance = NaN;
    if (finite === s.values.length) {
      embTable ??= neighbourTable(emb, k);
      rhoEmbedding = rhoFromTable(s.values, embTable, k);
      if (dist) {
        distTable ??= neighbourTable(dist, k);
        rhoDistance = rhoFromTable(s.values, distTable, k);
      }
    } else {
      rhoEmbedding = neighbourSpearmanFrom(s.values, emb, k);
      if (dist) rhoDistance = neighbourSpearmanFrom(s.values, dist, k);
    }
    rows.push({ id: s.id, label: s.label, rhoEmbedding, rhoDistance, n: finite, sentence: describeSmoothness(s.label, rhoEmbedding) });
  }
  return rows;
}
