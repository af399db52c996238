// Diffusion spectral entropy (METHODS §4.4, [paper]: Liao et al. 2023, with
// the §2a kernel). The spectrum of P = Deg⁻¹W equals that of its symmetric
// conjugate A = Deg^{-1/2} W Deg^{-1/2}, so a symmetric eigensolver suffices.

import { medianOffDiagonal } from './geometry';
import { entropyFromWeights } from './stats';
import { symmetricEigenvalues } from './symmetricEigen';

export const DSE_TAUS = [1, 2, 4, 8, 16] as const;

export interface DiffusionSpectrum {
  /** Median off-diagonal distance used to scale D (1 in raw mode). */
  median: number;
  /** Row sums of W, diagonal included. */
  degrees: Float64Array;
  /** All n eigenvalues of P, descending, the trivial 1 included. */
  eigenvalues: Float64Array;
}

/**
 * Eigenvalues of the diffusion operator built from an n×n distance matrix:
 * W = exp(−(D/median)² / (2σ²)) with W_ii = 1, P = row-normalise(W).
 */
export function diffusionSpectrum(D: Float64Array, n: number, sigma = 0.5, scale: 'median' | 'raw' = 'median'): DiffusionSpectrum {
  const median = scale === 'median' ? robustMedianScale(D, n) : 1;
  const c = 1 / (2 * sigma * sigma * median * median);
  const W = new Float64Array(n * n);
  const degrees = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const d = D[i * n + j];
      const w = Math.exp(-d * d * c);
      W[i * n + j] = w;
      s += w;
    }
    degrees[i] = s;
  }
  const isq = new Float64Array(n);
  for (let i = 0; i < n; i++) isq[i] = 1 / Math.sqrt(degrees[i]);
  // A is exactly symmetric here because W is; the eigensolver reads the lower triangle.
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) W[i * n + j] *= isq[i] * isq[j];
  return { median, degrees, eigenvalues: symmetricEigenvalues(W, n) };
}

/**
 * The median off-diagonal distance; when more than half of the pairs coincide
 * (median 0, e.g. dead ReLU units mapping many probes to one point) the median
 * of the positive distances instead, and 1 if all points coincide.
 */
export function robustMedianScale(D: Float64Array, n: number): number {
  const med = medianOffDiagonal(D, n);
  if (med > 0) return med;
  const pos: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (D[i * n + j] > 0) pos.push(D[i * n + j]);
  if (pos.length === 0) return 1;
  pos.sort((a, b) => a - b);
  const m = pos.length >> 1;
  return pos.length % 2 === 1 ? pos[m] : 0.5 * (pos[m - 1] + pos[m]);
}

/** DSE in bits: −Σ p log₂ p with p = |λ|^τ / Σ|λ|^τ. */
export function diffusionSpectralEntropy(eigenvalues: ArrayLike<number>, tau = 1): number {
  const w = new Float64Array(eigenvalues.length);
  for (let i = 0; i < w.length; i++) w[i] = Math.abs(eigenvalues[i]) ** tau;
  return entropyFromWeights(w, 2);
}
