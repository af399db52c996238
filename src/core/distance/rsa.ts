// RSA distance between networks (METHODS §2b): 1 − Spearman ρ between the
// strict upper triangles of the two networks' probe distance matrices. Ranks
// are averaged over ties (scipy's default); ρ is the Pearson correlation of
// the ranks. Values lie in [0, 2].

import type { FloatArray } from '../features/types';
import { pairwiseDistances, upperTriangle } from '../features/geometry';
import { averageRanks } from '../features/stats';
import type { WorkHooks } from './hooks';
import { drainSteps, type Steps } from '../cancel';

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

/**
 * N×N matrix of 1 − ρ. Symmetric, zero diagonal. A network whose probe points
 * all coincide (no ranking) is at distance 1 (ρ = 0) from every other network
 * and 0 from another such network.
 */
export function rsaDistanceMatrix(layers: { data: FloatArray; width: number }[], n: number, hooks?: WorkHooks): Float64Array {
  return drainSteps(rsaDistanceSteps(layers, n, hooks), hooks);
}

/** rsaDistanceMatrix as steps (yields between networks; core/cancel.ts runs them). */
export function* rsaDistanceSteps(layers: { data: FloatArray; width: number }[], n: number, hooks?: WorkHooks): Steps<Float64Array> {
  const N = layers.length;
  const ranks: Float64Array[] = [];
  for (let i = 0; i < N; i++) {
    const L = layers[i];
    if (L.data.length !== n * L.width) throw new Error(`rsa: network ${i}: expected ${n}×${L.width} activations, got ${L.data.length}`);
    for (let q = 0; q < L.data.length; q++)
      if (!Number.isFinite(L.data[q])) throw new Error(`rsa: network ${i} has non-finite activations`);
    yield;
    ranks.push(standardisedDistanceRanks(L.data, L.width, n));
    hooks?.onProgress?.({ stage: 'distance:rsa-ranks', done: i + 1, total: N });
  }
  const degenerate = ranks.map((r) => r.every((v) => v === 0));
  const out = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    yield;
    const a = ranks[i];
    for (let j = i + 1; j < N; j++) {
      let dist: number;
      if (degenerate[i] || degenerate[j]) dist = degenerate[i] && degenerate[j] ? 0 : 1;
      else {
        const b = ranks[j];
        let s = 0;
        for (let q = 0; q < a.length; q++) s += a[q] * b[q];
        dist = Math.min(2, Math.max(0, 1 - s));
      }
      out[i * N + j] = dist;
      out[j * N + i] = dist;
    }
    hooks?.onProgress?.({ stage: 'distance:rsa', done: i + 1, total: N });
  }
  return out;
}
