// 1 − linear CKA between networks (METHODS §2b; Kornblith et al. 2019):
// CKA = ‖Ycᵀ Xc‖²_F / (‖Xcᵀ Xc‖_F ‖Ycᵀ Yc‖_F) on column-centred activations.
// Invariant to orthogonal transforms and isotropic scaling of either side,
// and defined between layers of different widths.

import type { FloatArray } from '../features/types';
import { centreColumns } from '../features/geometry';
import type { WorkHooks } from './hooks';
import { drainSteps, type Steps } from '../cancel';
import { blockedPairwiseSteps, type BlockedMatrixOptions, type PairwiseFeatureMetric } from './blocked';

/** Linear CKA between X (n×dx) and Y (n×dy), feature-space form. */
export function linearCka(X: FloatArray, dx: number, Y: FloatArray, dy: number, n: number): number {
  const Xc = centreColumns(X, n, dx);
  const Yc = centreColumns(Y, n, dy);
  const cross = crossFrobenius2(Yc, dy, Xc, dx, n);
  const xx = crossFrobenius2(Xc, dx, Xc, dx, n);
  const yy = crossFrobenius2(Yc, dy, Yc, dy, n);
  return cross / Math.sqrt(xx * yy);
}

/** ‖Aᵀ B‖²_F for A (n×da), B (n×db). */
function crossFrobenius2(A: Float64Array, da: number, B: Float64Array, db: number, n: number): number {
  const M = new Float64Array(da * db);
  for (let i = 0; i < n; i++) {
    const oa = i * da;
    const ob = i * db;
    for (let a = 0; a < da; a++) {
      const v = A[oa + a];
      if (v === 0) continue;
      const r = a * db;
      for (let b = 0; b < db; b++) M[r + b] += v * B[ob + b];
    }
  }
  let s = 0;
  for (let q = 0; q < M.length; q++) s += M[q] * M[q];
  return s;
}

/**
 * Centred Gram matrix K = Xc Xcᵀ of one network as its packed upper triangle
 * (diagonal included) with off-diagonal entries scaled by √2, so that the
 * plain dot product of two packed vectors is the Frobenius product ⟨K_i, K_j⟩.
 */
function packedCentredGram(X: FloatArray, d: number, n: number): Float64Array {
  const Xc = centreColumns(X, n, d);
  const out = new Float64Array((n * (n + 1)) / 2);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += Xc[oi + k] * Xc[oj + k];
      out[p++] = i === j ? s : s * Math.SQRT2;
    }
  }
  return out;
}

/** Bytes of one network's packed centred Gram (n(n+1)/2 float64), the feature the blocks hold. */
export const ckaFeatureBytes = (n: number): number => ((n * (n + 1)) / 2) * 8;

/**
 * N×N matrix of 1 − linear CKA between every pair of networks' activations on
 * the same n probes (Gram form: ⟨K_i, K_j⟩ = ‖Y_jᵀ X_i‖², cheaper than the
 * feature form when widths exceed about √n). Symmetric, zero diagonal, entries
 * in [0, 1]. A network whose activations are constant (zero Gram) is at
 * distance 1 from every other network and 0 from another constant one.
 * The steps write into `matrix.out` (e.g. float32); above `featureBudgetBytes`
 * the packed Grams are built block by block (blocked.ts), same values.
 */
export function ckaDistanceMatrix(
  layers: { data: FloatArray; width: number }[],
  n: number,
  hooks?: WorkHooks,
  matrix?: { featureBudgetBytes?: number },
): Float64Array {
  return drainSteps(ckaDistanceSteps(layers, n, hooks, { featureBudgetBytes: matrix?.featureBudgetBytes }), hooks) as Float64Array;
}

/** ckaDistanceMatrix as steps (yields between networks; core/cancel.ts runs them). */
export function ckaDistanceSteps(
  layers: { data: FloatArray; width: number }[],
  n: number,
  hooks?: WorkHooks,
  matrix?: BlockedMatrixOptions,
): Steps<Float64Array | Float32Array> {
  const N = layers.length;
  for (let i = 0; i < N; i++) {
    const L = layers[i];
    if (L.data.length !== n * L.width) throw new Error(`cka: network ${i}: expected ${n}×${L.width} activations, got ${L.data.length}`);
  }
  const metric: PairwiseFeatureMetric<{ g: Float64Array; norm: number }> = {
    name: 'cka',
    featureBytes: ckaFeatureBytes(n),
    build(i) {
      const g = packedCentredGram(layers[i].data, layers[i].width, n);
      for (const v of g) if (!Number.isFinite(v)) throw new Error(`cka: network ${i} has non-finite activations`);
      return { g, norm: Math.sqrt(dot(g, g)) };
    },
    pair(a, b) {
      const dist = a.norm === 0 || b.norm === 0 ? (a.norm === b.norm ? 0 : 1) : 1 - dot(a.g, b.g) / (a.norm * b.norm);
      return Math.min(1, Math.max(0, dist));
    },
  };
  return blockedPairwiseSteps(N, metric, hooks, matrix);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let q = 0; q < a.length; q++) s += a[q] * b[q];
  return s;
}
