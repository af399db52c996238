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

/** N×N W1 matrix between precomputed H0 death lists. Symmetric, zero diagonal. */
export function wassersteinH0Matrix(diagrams: ArrayLike<number>[], hooks?: WorkHooks): Float64Array {
  return drainSteps(wassersteinH0MatrixSteps(diagrams, hooks), hooks);
}

function* wassersteinH0MatrixSteps(diagrams: ArrayLike<number>[], hooks?: WorkHooks): Steps<Float64Array> {
  const N = diagrams.length;
  const sorted = diagrams.map((d) => Float64Array.from(d).sort());
  let maxLen = 0;
  for (const s of sorted) maxLen = Math.max(maxLen, s.length);
  const row = new Float64Array(maxLen + 1);
  const out = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    yield;
    for (let j = i + 1; j < N; j++) {
      const w = wassersteinH0Sorted(sorted[i], sorted[j], row);
      out[i * N + j] = w;
      out[j * N + i] = w;
    }
    hooks?.onProgress?.({ stage: 'distance:wasserstein', done: i + 1, total: N });
  }
  return out;
}

/** N×N W1 matrix between the H0 diagrams (MST edge lengths) of every network's probe activations. */
export function wassersteinH0DistanceMatrix(layers: { data: FloatArray; width: number }[], n: number, hooks?: WorkHooks): Float64Array {
  return drainSteps(wassersteinH0DistanceSteps(layers, n, hooks), hooks);
}

/** wassersteinH0DistanceMatrix as steps (yields between networks; core/cancel.ts runs them). */
export function* wassersteinH0DistanceSteps(
  layers: { data: FloatArray; width: number }[],
  n: number,
  hooks?: WorkHooks,
): Steps<Float64Array> {
  const diagrams: Float64Array[] = [];
  for (let i = 0; i < layers.length; i++) {
    const L = layers[i];
    if (L.data.length !== n * L.width)
      throw new Error(`wasserstein: network ${i}: expected ${n}×${L.width} activations, got ${L.data.length}`);
    for (let q = 0; q < L.data.length; q++)
      if (!Number.isFinite(L.data[q])) throw new Error(`wasserstein: network ${i} has non-finite activations`);
    yield;
    diagrams.push(mstEdgeLengthsOfPoints(L.data, n, L.width));
  }
  return yield* wassersteinH0MatrixSteps(diagrams, hooks);
}
