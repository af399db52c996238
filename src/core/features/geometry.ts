// Exact Euclidean geometry of a point cloud. Distances use the direct formula
// sqrt(Σ (x_i − y_i)²), never |x|² + |y|² − 2x·y, because MST and Rips bars
// depend on small distances whose digits the shortcut loses.

import type { FloatArray } from './types';

/** Full symmetric n×n distance matrix (zero diagonal), row-major. */
export function pairwiseDistances(X: FloatArray, n: number, d: number): Float64Array {
  if (X.length !== n * d) throw new Error(`pairwiseDistances: expected ${n}×${d} = ${n * d} values, got ${X.length}`);
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = X[oi + k] - X[oj + k];
        s += t * t;
      }
      const v = Math.sqrt(s);
      D[i * n + j] = v;
      D[j * n + i] = v;
    }
  }
  return D;
}

/** Strict upper triangle of an n×n matrix, row-major (numpy triu_indices(n, 1) order). */
export function upperTriangle(D: Float64Array, n: number): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  let p = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[p++] = D[i * n + j];
  return out;
}

/** numpy.median of the strict upper triangle (mean of the two middle values for an even count). */
export function medianOffDiagonal(D: Float64Array, n: number): number {
  const u = upperTriangle(D, n);
  if (u.length === 0) return NaN;
  u.sort();
  const m = u.length >> 1;
  return u.length % 2 === 1 ? u[m] : 0.5 * (u[m - 1] + u[m]);
}

/** Column means of an n×d matrix. */
export function columnMeans(X: FloatArray, n: number, d: number): Float64Array {
  const mu = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mu[k] += X[i * d + k];
  for (let k = 0; k < d; k++) mu[k] /= n;
  return mu;
}

/** Column-centred float64 copy of an n×d matrix. */
export function centreColumns(X: FloatArray, n: number, d: number): Float64Array {
  const mu = columnMeans(X, n, d);
  const C = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) C[i * d + k] = X[i * d + k] - mu[k];
  return C;
}
