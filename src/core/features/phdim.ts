// PH fractal dimension (METHODS §4.6, [paper]: Magai 2023, authors' code).
// E(s) = ½ Σ finite H0 bar lengths (= ½ MST length) of a subsample of size s;
// fit ln E = m ln s + c; PHdim = 1/(1 − m), NaN if m ≥ 1.
// Subsamples are nested prefixes of one seeded permutation, so every size
// sees the same points plus more (the fixture uses the identity order).

import { mulberry32, permutation } from '../random';
import { mstEdgeLengthsOfPoints, mstEdgeLengthsOfSubset } from './mst';
import { fitLogLog } from './stats';
import type { FloatArray } from './types';

export interface PhDimOptions {
  /** Subsample sizes (ascending, each ≤ n). Default: defaultPhDimSizes(n). */
  sizes?: number[];
  /** Seed of the subsample permutation; 'prefix' uses the rows in order. Default 0. */
  seed?: number | 'prefix';
  /** Precomputed n×n distances of the points (saves recomputing them). */
  distances?: Float64Array;
}

export interface PhDimResult {
  sizes: number[];
  /** E(s) for each size. */
  E: Float64Array;
  slope: number;
  intercept: number;
  /** R² of the log–log fit. */
  r2: number;
  phDim: number;
}

/**
 * Default sizes for n points: 6 sizes from n/5 to n (Magai's 500..3000 step
 * 350 scaled down to a probe set); fewer than 5 distinct sizes gives [].
 */
export function defaultPhDimSizes(n: number): number[] {
  const count = 6;
  const n0 = Math.max(8, Math.round(n / 5));
  if (n - n0 < count - 1) return [];
  const out: number[] = [];
  for (let q = 0; q < count; q++) out.push(Math.round(n0 + ((n - n0) * q) / (count - 1)));
  return out;
}

/** PH dimension of n points in R^d. NaN fields when there are too few points. */
export function phDimension(X: FloatArray, n: number, d: number, opts: PhDimOptions = {}): PhDimResult {
  const sizes = opts.sizes ?? defaultPhDimSizes(n);
  if (sizes.length < 2 || sizes[sizes.length - 1] > n) {
    return { sizes, E: new Float64Array(sizes.length).fill(NaN), slope: NaN, intercept: NaN, r2: NaN, phDim: NaN };
  }
  const seed = opts.seed ?? 0;
  let order: Int32Array;
  if (seed === 'prefix') {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
  } else {
    order = permutation(n, mulberry32(seed));
  }
  const E = new Float64Array(sizes.length);
  for (let q = 0; q < sizes.length; q++) {
    const s = sizes[q];
    const edges = opts.distances ? mstEdgeLengthsOfSubset(opts.distances, n, order, s) : mstEdgeLengthsOfPoints(X, s, d, order);
    let sum = 0;
    for (let e = 0; e < edges.length; e++) sum += edges[e];
    E[q] = 0.5 * sum;
  }
  const fit = fitLogLog(sizes, E);
  const phDim = fit.slope < 1 ? 1 / (1 - fit.slope) : NaN;
  return { sizes, E, slope: fit.slope, intercept: fit.intercept, r2: fit.r2, phDim };
}
