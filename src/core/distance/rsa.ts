// RSA distance between networks (METHODS §2b): 1 − Spearman ρ between the
// strict upper triangles of the two networks' probe distance matrices. Ranks
// are averaged over ties (scipy's default); ρ is the Pearson correlation of
// the ranks. Values lie in [0, 2].

import type { FloatArray } from '../features/types';
import { pairwiseDistances, upperTriangle } from '../features/geometry';
import { averageRanks } from '../features/stats';
import type { WorkHooks } from './hooks';
import { drainSteps, type Steps } from '../cancel';
import { blockedPairwiseSteps, type BlockedMatrixOptions, type PairwiseFeatureMetric } from './blocked';

/** Ranks of the upper-triangle distances, centred and scaled to unit norm (zero vector if all tied). */
export function standardisedDistanceRanks(X: FloatArray, d: number, n: number): Float64Array {
  const r = averageRanks(upperTriangle(pairwiseDistances(X, n, d), n));
  let mean = 0;
  for (let q = 0; q < r.length; q++) mean += r[q];
  mean /= r.length;
  let ss = 0;
  for (let q = 0; q < r.length; q++) {
    r[q] -= mean;
    ss += r[q] * r[q];
  }
  const s = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  for (let q = 0; q < r.length; q++) r[q] *= s;
  return r;
}

/** Spearman ρ between the distance matrices of X (n×dx) and Y (n×dy). */
export function rsaSpearman(X: FloatArray, dx: number, Y: FloatArray, dy: number, n: number): number {
  const a = standardisedDistanceRanks(X, dx, n);
  const b = standardisedDistanceRanks(Y, dy, n);
  let s = 0;
  for (let q = 0; q < a.length; q++) s += a[q] * b[q];
  return s;
}

/** Bytes of one network's standardised ranks (n(n−1)/2 float64), the feature the blocks hold. */
export const rsaFeatureBytes = (n: number): number => ((n * (n - 1)) / 2) * 8;

/**
 * N×N matrix of 1 − ρ. Symmetric, zero diagonal. A network whose probe points
 * all coincide (no ranking) is at distance 1 (ρ = 0) from every other network
 * and 0 from another such network. The steps write into `matrix.out` (e.g.
 * float32); above `featureBudgetBytes` the ranks are built block by block
 * (blocked.ts), same values.
 */
export function rsaDistanceMatrix(
  layers: { data: FloatArray; width: number }[],
  n: number,
  hooks?: WorkHooks,
  matrix?: { featureBudgetBytes?: number },
): Float64Array {
  return drainSteps(rsaDistanceSteps(layers, n, hooks, { featureBudgetBytes: matrix?.featureBudgetBytes }), hooks) as Float64Array;
}

/** rsaDistanceMatrix as steps (yields between networks; core/cancel.ts runs them). */
export function rsaDistanceSteps(
  layers: { data: FloatArray; width: number }[],
  n: number,
  hooks?: WorkHooks,
  matrix?: BlockedMatrixOptions,
): Steps<Float64Array | Float32Array> {
  const N = layers.length;
  for (let i = 0; i < N; i++) {
    const L = layers[i];
    if (L.data.length !== n * L.width) throw new Error(`rsa: network ${i}: expected ${n}×${L.width} activations, got ${L.data.length}`);
    for (let q = 0; q < L.data.length; q++)
      if (!Number.isFinite(L.data[q])) throw new Error(`rsa: network ${i} has non-finite activations`);
  }
  const metric: PairwiseFeatureMetric<{ r: Float64Array; degenerate: boolean }> = {
    name: 'rsa',
    featureBytes: rsaFeatureBytes(n),
    build(i) {
      const r = standardisedDistanceRanks(layers[i].data, layers[i].width, n);
      return { r, degenerate: r.every((v) => v === 0) };
    },
    pair(x, y) {
      if (x.degenerate || y.degenerate) return x.degenerate && y.degenerate ? 0 : 1;
      const a = x.r;
      const b = y.r;
      let s = 0;
      for (let q = 0; q < a.length; q++) s += a[q] * b[q];
      return Math.min(2, Math.max(0, 1 - s));
    },
  };
  return blockedPairwiseSteps(N, metric, hooks, matrix);
}
