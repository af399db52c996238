// Leading eigenpairs (largest |lambda|) of a dense symmetric matrix by block
// subspace iteration with Rayleigh-Ritz: O(n^2 m) per sweep, m = k + oversampling.
import { jacobiEigen } from './jacobi';
import { productWorkspace } from './gramWasm';
import { wantWasm } from '../wasm/asm';

export interface TopEigenpairs {
  /** k eigenvalues ordered by decreasing |value|. */
  values: Float64Array;
  /** n x k row-major: column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
  iterations: number;
}

/** Q (n x m row-major) <- orthonormal basis of its columns (modified Gram-Schmidt, twice). */
function orthonormalise(Q: Float64Array, n: number, m: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < m; j++) {
      for (let c = 0; c < j; c++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += Q[i * m + j] * Q[i * m + c];
        for (let i = 0; i < n; i++) Q[i * m + j] -= dot * Q[i * m + c];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += Q[i * m + j] * Q[i * m + j];
      norm = Math.sqrt(norm);
      if (norm < 1e-300) {
        // degenerate column: restart it from a unit vector
        for (let i = 0; i < n; i++) Q[i * m + j] = i === j % n ? 1 : 0;
        j--;
        continue;
      }
      for (let i = 0; i < n; i++) Q[i * m + j] /= norm;
    }
  }
}

/**
 * Y (n x m) = A (n x n) Q (n x m), all row-major. Q is transposed first so
 * that each output is a contiguous dot product; four columns share one pass
 * over a row of A.
 */
function multiply(A: Float64Array, n: number, Q: Float64Array, m: number, Y: Float64Array): void {
  const Qt = new Float64Array(m * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) Qt[j * n + i] = Q[i * m + j];
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let j = 0;
    for (; j + 3 < m; j += 4) {
      const c0 = j * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < n; k++) {
        const a = A[ri + k];
        s0 += a * Qt[c0 + k];
        s1 += a * Qt[c1 + k];
        s2 += a * Qt[c2 + k];
        s3 += a * Qt[c3 + k];
      }
      Y[i * m + j] = s0;
      Y[i * m + j + 1] = s1;
      Y[i * m + j + 2] = s2;
      Y[i * m + j + 3] = s3;
    }
    for (; j < m; j++) {
      const c = j * n;
      let s = 0;
      for (let k = 0; k < n; k++) s += A[ri + k] * Qt[c + k];
      Y[i * m + j] = s;
    }
  }
}

/**
 * Top-k eigenpairs by magnitude of symmetric A (n x n). Deterministic start
 * (a fixed pseudo-random block), so results do not depend on any global state.
 */
export function topEigenpairs(
  A: Float64Array,
  n: number,
  k: number,
  opts: { tol?: number; maxIter?: number; useWasm?: boolean } = {},
): TopEigenpairs {
  const steps = topEigenpairsSteps(A, n, k, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** topEigenpairs as a generator that yields after every sweep (cooperative cancel). */
export function* topEigenpairsSteps(
  A: Float64Array,
  n: number,
  k: number,
  opts: { tol?: number; maxIter?: number; useWasm?: boolean } = {},
): Generator<void, TopEigenpairs> {
  const tol = opts.tol ?? 1e-13; // relative residual target is 100 tol
  const maxIter = opts.maxIter ?? 2000;
  const m = Math.min(n, Math.max(2 * k, k + 5));
  let Q = new Float64Array(n * m);
  let seed = 12345;
  for (let i = 0; i < n * m; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    Q[i] = seed / 4294967296 - 0.5;
  }
  orthonormalise(Q, n, m);
  const Y = new Float64Array(n * m);
  // A Q on the wasm SIMD dot-product kernel where available (same products, dot products summed in two lanes)
  const ws = wantWasm(opts.useWasm, n) ? productWorkspace(A, n, m) : null;
  const T = new Float64Array(m * m);
  let prev = new Float64Array(k).fill(NaN);
  let values = new Float64Array(k);
  let iterations = 0;
  let lastRes = Infinity;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    if (ws) {
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) ws.Qt[j * ws.stride + i] = Q[i * m + j];
      ws.multiply(Y);
    } else multiply(A, n, Q, m, Y);
    // Rayleigh-Ritz: T = Q^T A Q, rotate Q onto Ritz vectors
    T.fill(0);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < m; a++) {
        const qa = Q[i * m + a];
        for (let b = 0; b < m; b++) T[a * m + b] += qa * Y[i * m + b];
      }
    }
    for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) T[a * m + b] = T[b * m + a] = (T[a * m + b] + T[b * m + a]) / 2;
    const eig = jacobiEigen(T, m);
    const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => Math.abs(eig.values[y]) - Math.abs(eig.values[x]));
    // Ritz vectors X = Q W and next block Z = Y W = A X
    const X = new Float64Array(n * m);
    const Z = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < m; c++) {
        const src = order[c];
        let x = 0;
        let z = 0;
        for (let a = 0; a < m; a++) {
          const w = eig.vectors[a * m + src];
          x += Q[i * m + a] * w;
          z += Y[i * m + a] * w;
        }
        X[i * m + c] = x;
        Z[i * m + c] = z;
      }
    }
    for (let c = 0; c < k; c++) values[c] = eig.values[order[c]];
    // residual ||A x - theta x|| of the wanted pairs
    let maxRes = 0;
    const scale = Math.abs(values[0]) || 1;
    for (let c = 0; c < k; c++) {
      let r = 0;
      for (let i = 0; i < n; i++) {
        const d = Z[i * m + c] - values[c] * X[i * m + c];
        r += d * d;
      }
      maxRes = Math.max(maxRes, Math.sqrt(r) / scale);
    }
    let maxChange = 0;
    for (let c = 0; c < k; c++) maxChange = Math.max(maxChange, Math.abs(values[c] - prev[c]) / scale);
    prev = Float64Array.from(values);
    const prevRes = lastRes;
    lastRes = maxRes;
    // converged, or stagnated at rounding level with a small residual
    if (maxRes < tol * 100 || (maxChange < tol && maxRes < 1e-7 && maxRes > 0.95 * prevRes) || m === n) {
      Q = X;
      break;
    }
    Q = Z;
    orthonormalise(Q, n, m);
    if (it === maxIter - 1) Q = X;
    yield;
  }
  const vectors = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) vectors[i * k + c] = Q[i * m + c];
  values = values.slice(0, k);
  return { values, vectors, iterations };
}
