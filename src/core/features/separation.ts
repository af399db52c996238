// Class separation of a representation (METHODS §4.2, [ours]): silhouette
// under the class labels and the Fisher ratio tr(S_B)/tr(S_W).

import type { FloatArray } from './types';

/** Number of classes = 1 + the largest label (labels are 0..K−1). */
export function classCount(labels: Int32Array): number {
  let k = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] + 1 > k) k = labels[i] + 1;
  return k;
}

export interface Silhouette {
  mean: number;
  /** s(i) per point, in row order. */
  samples: Float64Array;
}

/**
 * Silhouette coefficients from a precomputed n×n distance matrix (sklearn's
 * definition): a(i) = mean distance to the other members of i's class, b(i) =
 * min over the other classes of the mean distance to that class, s = (b − a)/max(a, b);
 * a singleton class gives s = 0. The mean is over points. NaN with fewer than 2 classes.
 */
export function silhouette(D: Float64Array, n: number, labels: Int32Array): Silhouette {
  const K = classCount(labels);
  const size = new Float64Array(K);
  for (let i = 0; i < n; i++) size[labels[i]]++;
  const samples = new Float64Array(n);
  let present = 0;
  for (let c = 0; c < K; c++) if (size[c] > 0) present++;
  if (present < 2) return { mean: NaN, samples: samples.fill(NaN) };
  const sums = new Float64Array(K);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    const ri = i * n;
    for (let j = 0; j < n; j++) sums[labels[j]] += D[ri + j];
    const ci = labels[i];
    let s = 0;
    if (size[ci] > 1) {
      const a = sums[ci] / (size[ci] - 1);
      let b = Infinity;
      for (let c = 0; c < K; c++) {
        if (c === ci || size[c] === 0) continue;
        const m = sums[c] / size[c];
        if (m < b) b = m;
      }
      const den = Math.max(a, b);
      s = den > 0 ? (b - a) / den : 0;
    }
    samples[i] = s;
    total += s;
  }
  return { mean: total / n, samples };
}

export interface FisherRatio {
  /** tr(S_B) / tr(S_W). */
  ratio: number;
  /** Σ_c n_c ‖μ_c − μ‖² (not divided by n). */
  trSB: number;
  /** Σ_c Σ_{i∈c} ‖x_i − μ_c‖². */
  trSW: number;
}

/** Fisher ratio of the n×d point cloud X under labels (traces of the scatter matrices). */
export function fisherRatio(X: FloatArray, n: number, d: number, labels: Int32Array): FisherRatio {
  const K = classCount(labels);
  const mu = new Float64Array(d);
  const muC = new Float64Array(K * d);
  const size = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    size[c]++;
    for (let k = 0; k < d; k++) {
      const v = X[i * d + k];
      mu[k] += v;
      muC[c * d + k] += v;
    }
  }
  for (let k = 0; k < d; k++) mu[k] /= n;
  for (let c = 0; c < K; c++) if (size[c] > 0) for (let k = 0; k < d; k++) muC[c * d + k] /= size[c];
  let trSB = 0;
  for (let c = 0; c < K; c++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const t = muC[c * d + k] - mu[k];
      s += t * t;
    }
    trSB += size[c] * s;
  }
  let trSW = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    for (let k = 0; k < d; k++) {
      const t = X[i * d + k] - muC[c * d + k];
      trSW += t * t;
    }
  }
  return { ratio: trSB / trSW, trSB, trSW };
}
