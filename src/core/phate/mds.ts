// MDS helpers of phate.mds: the "classic" start (double centring without the
// -1/2, PCA scores U_k S_k, svd_flip signs), scipy's procrustes alignment, and
// Kruskal stress-1 for judging solvers.
import { topEigenpairsSteps } from '../linalg/topEigenpairs';
import { svdSmall } from '../linalg/jacobi';

/**
 * phate.mds.classic: B = D^2, centre columns then rows, then the first k PCA
 * scores of B (U_k * S_k with sklearn's svd_flip sign rule). N x k row-major.
 */
export function classicMDS(Dpot: Float64Array, N: number, k: number): Float64Array {
  const steps = classicMDSSteps(Dpot, N, k);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** classicMDS as a generator (yields per subspace-iteration sweep). */
export function* classicMDSSteps(Dpot: Float64Array, N: number, k: number): Generator<void, Float64Array> {
  if (k > N) throw new Error(`classicMDS: cannot embed ${N} points in ${k} dimensions`);
  const B = new Float64Array(N * N);
  for (let i = 0; i < N * N; i++) B[i] = Dpot[i] * Dpot[i];
  const colMean = new Float64Array(N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) colMean[j] += B[i * N + j];
  for (let j = 0; j < N; j++) colMean[j] /= N;
  for (let i = 0; i < N; i++) {
    const ri = i * N;
    let rowMean = 0;
    for (let j = 0; j < N; j++) {
      B[ri + j] -= colMean[j];
      rowMean += B[ri + j];
    }
    rowMean /= N;
    for (let j = 0; j < N; j++) B[ri + j] -= rowMean;
  }
  // B is symmetric, so its singular triplets are (|lambda|, v, sign(lambda) v).
  yield;
  const { values, vectors } = yield* topEigenpairsSteps(B, N, k);
  const Y = new Float64Array(N * k);
  for (let c = 0; c < k; c++) {
    let maxAbs = -1;
    let sign = 1;
    for (let i = 0; i < N; i++) {
      const v = vectors[i * k + c];
      if (Math.abs(v) > maxAbs) {
        maxAbs = Math.abs(v);
        sign = v >= 0 ? 1 : -1;
      }
    }
    const s = Math.abs(values[c]) * sign;
    for (let i = 0; i < N; i++) Y[i * k + c] = vectors[i * k + c] * s;
  }
  return Y;
}

/** Centre the columns of an N x k matrix and scale it to unit Frobenius norm (copy); null when all rows coincide. */
function standardise(X: Float64Array, N: number, k: number): Float64Array | null {
  const Y = Float64Array.from(X);
  for (let c = 0; c < k; c++) {
    let m = 0;
    for (let i = 0; i < N; i++) m += Y[i * k + c];
    m /= N;
    for (let i = 0; i < N; i++) Y[i * k + c] -= m;
  }
  let norm = 0;
  for (let i = 0; i < Y.length; i++) norm += Y[i] * Y[i];
  norm = Math.sqrt(norm);
  if (norm === 0) return null;
  for (let i = 0; i < Y.length; i++) Y[i] /= norm;
  return Y;
}

/**
 * scipy.spatial.procrustes(ref, Y)[1]: Y standardised, then rotated/reflected
 * onto standardised ref and scaled by the sum of singular values of Y^T ref.
 */
export function procrustesTo(ref: Float64Array, Y: Float64Array, N: number, k: number): Float64Array {
  const B = standardise(Y, N, k);
  // Degenerate inputs (all points identical): scipy raises; PHATE then has
  // nothing to align, so return the centred (all-zero) or standardised Y.
  if (!B) return new Float64Array(N * k);
  const A = standardise(ref, N, k);
  if (!A) return B;
  const M = new Float64Array(k * k); // B^T A
  for (let i = 0; i < N; i++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) M[a * k + b] += B[i * k + a] * A[i * k + b];
  const { U, s, V } = svdSmall(M, k, k);
  let scale = 0;
  for (let i = 0; i < k; i++) scale += s[i];
  const R = new Float64Array(k * k); // U V^T
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let v = 0;
      for (let c = 0; c < k; c++) v += U[a * k + c] * V[b * k + c];
      R[a * k + b] = v;
    }
  const out = new Float64Array(N * k);
  for (let i = 0; i < N; i++)
    for (let b = 0; b < k; b++) {
      let v = 0;
      for (let a = 0; a < k; a++) v += B[i * k + a] * R[a * k + b];
      out[i * k + b] = v * scale;
    }
  return out;
}

/** Kruskal stress-1 of embedding Y (N x k) against distances D (N x N), after the best global scale (compare.py). */
export function stress1(D: Float64Array, Y: Float64Array, N: number, k: number): number {
  let dd = 0;
  let dt = 0;
  let tt = 0;
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) {
        const x = Y[i * k + c] - Y[j * k + c];
        s += x * x;
      }
      const d = Math.sqrt(s);
      const t = D[i * N + j];
      dd += d * d;
      dt += d * t;
      tt += t * t;
    }
  }
  const a = dt / dd;
  // sum (t - a d)^2 = tt - 2a dt + a^2 dd
  return Math.sqrt(Math.max(0, tt - 2 * a * dt + a * a * dd) / tt);
}
