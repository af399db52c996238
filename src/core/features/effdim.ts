// Effective dimension (METHODS §4.7, [paper]: Janik & Witaszczyk 2020):
// p = normalised eigenvalues of the covariance of H (the PCA spectrum),
// D_eff = exp(−Σ p ln p), a perplexity.

import { centreColumns } from './geometry';
import { entropyFromWeights } from './stats';
import { symmetricEigenvalues } from './symmetricEigen';
import type { FloatArray } from './types';

export interface EffectiveDimension {
  deff: number;
  /** Covariance eigenvalues, descending, clipped at 0 (min(n, d) of them when d > n). */
  eigenvalues: Float64Array;
}

/** D_eff of n points in R^d. Uses the d×d covariance, or the n×n Gram matrix when d > n (same non-zero spectrum). */
export function effectiveDimension(X: FloatArray, n: number, d: number): EffectiveDimension {
  const Xc = centreColumns(X, n, d);
  let ev: Float64Array;
  if (d <= n) {
    const C = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let a = 0; a < d; a++) {
        const xa = Xc[o + a];
        if (xa === 0) continue;
        const ra = a * d;
        for (let b = 0; b <= a; b++) C[ra + b] += xa * Xc[o + b];
      }
    }
    for (let q = 0; q < C.length; q++) C[q] /= n;
    ev = symmetricEigenvalues(C, d);
  } else {
    const G = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += Xc[i * d + k] * Xc[j * d + k];
        G[i * n + j] = s / n;
      }
    ev = symmetricEigenvalues(G, n);
  }
  for (let q = 0; q < ev.length; q++) if (ev[q] < 0) ev[q] = 0;
  let total = 0;
  for (let q = 0; q < ev.length; q++) total += ev[q];
  const deff = total > 0 ? Math.exp(entropyFromWeights(ev, Math.E)) : NaN;
  return { deff, eigenvalues: ev };
}
