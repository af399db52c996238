// Wasserstein-1 distance between H0 persistence diagrams (METHODS §2b, §4.5).
//
// Every finite H0 bar is born at 0, so a diagram is a list of deaths. With the
// L∞ ground metric (gudhi's default), matching bars a and b costs |a − b| and
// sending a bar of length ℓ to the diagonal costs ℓ/2 (L∞ distance from (0, ℓ)
// to (ℓ/2, ℓ/2)). On the line some optimal matching is non-crossing, so a
// dynamic programme over the two sorted lists is exact:
//   F[i][j] = min(F[i−1][j] + a_i/2, F[i][j−1] + b_j/2, F[i−1][j−1] + |a_i − b_j|),
// O(m·k) time, O(k) memory. The essential bars [0, ∞) match each other at cost 0
// and are left out. Not scale-invariant: activations that differ only in scale
// are far apart.

import type { FloatArray } from '../features/types';
import { mstEdgeLengthsOfPoints } from '../features/mst';
import type { WorkHooks } from './hooks';
import { drainSteps, type Steps } from '../cancel';
import { blockedPairwiseSteps, type BlockedMatrixOptions, type PairwiseFeatureMetric } from './blocked';

/** W1 (L∞ ground metric) between two H0 diagrams given as death lists (any order). */
export function wassersteinH0(deathsA: ArrayLike<number>, deathsB: ArrayLike<number>): number {
  const a = Float64Array.from(deathsA).sort();
  const b = Float64Array.from(deathsB).sort();
  return wassersteinH0Sorted(a, b, new Float64Array(b.length + 1));
}

/** The DP on ascending death lists; row is scratch space of length b.length + 1. */
function wassersteinH0Sorted(a: Float64Array, b: Float64Array, row: Float64Array): number {
  const k = b.length;
  row[0] = 0;
  for (let j = 1; j <= k; j++) row[j] = row[j - 1] + b[j - 1] / 2;
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    const half = ai / 2;
    let diag = row[0]; // F[i−1][j−1]
    row[0] = diag + half;
    for (let j = 1; j <= k; j++) {
      const up = row[j] + half; // F[i−1][j] + a_i/2
      const left = row[j - 1] + b[j - 1] / 2; // F[i][j−1] + b_j/2
      const bj = b[j - 1];
      const match = diag + (ai > bj ? ai - bj : bj - ai);
      diag = row[j];
      row[j] = up < left ? (up < match ? up : match) : left < match ? left : match;
    }
  }
  return row[k];
}

/** Bytes of one network's sorted H0 death list (n − 1 float64), the feature the blocks hold. */
export const wassersteinFeatureBytes = (n: number): number => Math.max(1, n - 1) * 8;

/** N×N W1 matrix between precomputed H0 death lists. Symmetric, zero diagonal. */
export function wassersteinH0Matrix(diagrams: ArrayLike<number>[], hooks?: WorkHooks): Float64Array {
  return drainSteps(
    wassersteinH0MatrixSteps(diagrams.length, (i) => diagrams[i], hooks),
    hooks,
  ) as Float64Array;
}

/** The W1 matrix of N diagrams made on demand by diagram(i), under the feature budget (blocked.ts). */
function wassersteinH0MatrixSteps(
  N: number,
  diagram: (i: number) => ArrayLike<number>,
  hooks?: WorkHooks,
  matrix?: BlockedMatrixOptions,
  featureBytes = 0,
): Steps<Float64Array | Float32Array> {
  let row = new Float64Array(1);
  const metric: PairwiseFeatureMetric<Float64Array> = {
    name: 'wasserstein',
    featureBytes,
    build(i) {
      const s = Float64Array.from(diagram(i)).sort();
      if (row.length < s.length + 1) row = new Float64Array(s.length + 1);
      return s;
    },
    pair: (a, b) => wassersteinH0Sorted(a, b, row),
  };
  return blockedPairwiseSteps(N, metric, hooks, matrix);
}

/** N×N W1 matrix between the H0 diagrams (MST edge lengths) of every network's probe activations. */
export function wassersteinH0DistanceMatrix(
  layers: { data: FloatArray; width: number }[],
  n: number,
  hooks?: WorkHooks,
  matrix?: { featureBudgetBytes?: number },
): Float64Array {
  return drainSteps(
    wassersteinH0DistanceSteps(layers, n, hooks, { featureBudgetBytes: matrix?.featureBudgetBytes }),
    hooks,
  ) as Float64Array;
}

/**
 * wassersteinH0DistanceMatrix as steps (yields between networks; core/cancel.ts
 * runs them), writing into `matrix.out` (e.g. float32); above
 * `featureBudgetBytes` the diagrams are rebuilt block by block, same values.
 */
export function wassersteinH0DistanceSteps(
  layers: { data: FloatArray; width: number }[],
  n: number,
  hooks?: WorkHooks,
  matrix?: BlockedMatrixOptions,
): Steps<Float64Array | Float32Array> {
  for (let i = 0; i < layers.length; i++) {
    const L = layers[i];
    if (L.data.length !== n * L.width)
      throw new Error(`wasserstein: network ${i}: expected ${n}×${L.width} activations, got ${L.data.length}`);
    for (let q = 0; q < L.data.length; q++)
      if (!Number.isFinite(L.data[q])) throw new Error(`wasserstein: network ${i} has non-finite activations`);
  }
  return wassersteinH0MatrixSteps(
    layers.length,
    (i) => mstEdgeLengthsOfPoints(layers[i].data, n, layers[i].width),
    hooks,
    matrix,
    wassersteinFeatureBytes(n),
  );
}
