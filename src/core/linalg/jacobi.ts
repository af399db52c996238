// Small dense decompositions by Jacobi rotations: robust and simple, meant for
// k x k matrices (k = embedding dimension or a small subspace), not for N x N.

/** Eigen-decomposition of a symmetric n x n matrix: values descending, vectors as columns (row-major n x n). */
export function jacobiEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += A[i * n + i] * A[i * n + i];
      for (let j = i + 1; j < n; j++) off += A[i * n + j] * A[i * n + j];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        const app = A[p * n + p];
        const aqq = A[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p];
          const akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k];
          const aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p];
          const vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => A[y * n + y] - A[x * n + x]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = A[src * n + src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = V[k * n + src];
  });
  return { values, vectors };
}

/**
 * Thin SVD of a small m x n matrix (m >= n) by one-sided Jacobi:
 * M = U diag(s) V^T, U m x n, V n x n (row-major), s descending.
 */
export function svdSmall(m: Float64Array, rows: number, cols: number): { U: Float64Array; s: Float64Array; V: Float64Array } {
  const U = Float64Array.from(m);
  const n = cols;
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < rows; k++) {
          const up = U[k * n + p];
          const uq = U[k * n + q];
          alpha += up * up;
          beta += uq * uq;
          gamma += up * uq;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < rows; k++) {
          const up = U[k * n + p];
          const uq = U[k * n + q];
          U[k * n + p] = c * up - s * uq;
          U[k * n + q] = s * up + c * uq;
        }
        for (let k = 0; k < n; k++) {
          const vp = V[k * n + p];
          const vq = V[k * n + q];
          V[k * n + p] = c * vp - s * vq;
          V[k * n + q] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let k = 0; k < rows; k++) norm += U[k * n + j] * U[k * n + j];
    s[j] = Math.sqrt(norm);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => s[y] - s[x]);
  const Us = new Float64Array(rows * n);
  const Vs = new Float64Array(n * n);
  const ss = new Float64Array(n);
  order.forEach((src, dst) => {
    ss[dst] = s[src];
    for (let k = 0; k < rows; k++) Us[k * n + dst] = s[src] > 0 ? U[k * n + src] / s[src] : 0;
    for (let k = 0; k < n; k++) Vs[k * n + dst] = V[k * n + src];
  });
  completeOrthonormalColumns(Us, rows, n, ss);
  return { U: Us, s: ss, V: Vs };
}

/** Replace the zero columns (zero singular values) of U by unit vectors orthogonal to the others. */
function completeOrthonormalColumns(U: Float64Array, rows: number, n: number, s: Float64Array): void {
  for (let j = 0; j < n; j++) {
    if (s[j] > 0) continue;
    for (let e = 0; e < rows; e++) {
      const v = new Float64Array(rows);
      v[e] = 1;
      for (let c = 0; c < n; c++) {
        if (c === j || (s[c] === 0 && c > j)) continue;
        let dot = 0;
        for (let k = 0; k < rows; k++) dot += v[k] * U[k * n + c];
        for (let k = 0; k < rows; k++) v[k] -= dot * U[k * n + c];
      }
      let norm = 0;
      for (let k = 0; k < rows; k++) norm += v[k] * v[k];
      norm = Math.sqrt(norm);
      if (norm > 1e-8) {
        for (let k = 0; k < rows; k++) U[k * n + j] = v[k] / norm;
        break;
      }
    }
  }
}
