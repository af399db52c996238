// Graph stage of PHATE (graphtools TraditionalGraph, dense precomputed path):
// per-row bandwidths, alpha-decay kernel thresholded before '+' symmetrisation,
// row-normalised diffusion operator, connected components, CSR views.

import { selectKth } from '../linalg/selectKth';

export const KERNEL_THRESH = 1e-4;

/** knn as phate uses it: capped at N - 2. */
export function effectiveKnn(knn: number, N: number): number {
  return Math.max(1, Math.min(knn, N - 2));
}

/** eps_i = the (knn+1)-th smallest entry of row i (the zero self-distance counts), i.e. the knn-th nearest other point. */
export function computeBandwidths(D: Float64Array, N: number, knn: number): Float64Array {
  const k = effectiveKnn(knn, N);
  const bw = new Float64Array(N);
  const row = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    row.set(D.subarray(i * N, i * N + N));
    bw[i] = selectKth(row, k);
  }
  return bw;
}

export interface KernelOptions {
  knn: number;
  decay: number;
  thresh?: number;
}

/**
 * Dense symmetric kernel K = (K' + K'^T)/2 with K'_ij = exp(-(D_ij/eps_i)^decay),
 * NaN (0/0) -> 1, and K' < thresh set to 0 before symmetrising (graphtools order).
 */
export function computeKernel(D: Float64Array, N: number, opts: KernelOptions, bandwidths?: Float64Array): Float64Array {
  const thresh = opts.thresh ?? KERNEL_THRESH;
  const decay = opts.decay;
  const bw = bandwidths ?? computeBandwidths(D, N, opts.knn);
  const K = new Float64Array(N * N);
  // Beyond this ratio exp(-r^decay) < thresh for sure: skip the pow (keeps a small margin).
  const rCut = thresh > 0 ? Math.pow(-Math.log(thresh), 1 / decay) * (1 + 1e-9) : Infinity;
  for (let i = 0; i < N; i++) {
    const ri = i * N;
    const b = bw[i];
    for (let j = 0; j < N; j++) {
      const r = D[ri + j] / b;
      if (r > rCut) continue;
      let v = Math.exp(-Math.pow(r, decay));
      if (Number.isNaN(v)) v = 1;
      if (v >= thresh) K[ri + j] = v;
    }
  }
  for (let i = 0; i < N; i++) {
    for (let j = i; j < N; j++) {
      const s = (K[i * N + j] + K[j * N + i]) / 2;
      K[i * N + j] = s;
      K[j * N + i] = s;
    }
  }
  return K;
}

/** P = K / rowsum(K) (dense). */
export function diffusionOperator(K: Float64Array, N: number): Float64Array {
  const P = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    const ri = i * N;
    let s = 0;
    for (let j = 0; j < N; j++) s += K[ri + j];
    for (let j = 0; j < N; j++) P[ri + j] = K[ri + j] / s;
  }
  return P;
}

export interface Components {
  count: number;
  /** Component id of every point, 0..count-1 in order of first appearance. */
  labels: Int32Array;
}

/** Connected components of the graph of the non-zero entries of K. */
export function connectedComponents(K: Float64Array, N: number): Components {
  const labels = new Int32Array(N).fill(-1);
  const stack = new Int32Array(N);
  let count = 0;
  for (let s = 0; s < N; s++) {
    if (labels[s] >= 0) continue;
    let top = 0;
    stack[top++] = s;
    labels[s] = count;
    while (top > 0) {
      const i = stack[--top];
      const ri = i * N;
      for (let j = 0; j < N; j++) {
        if (labels[j] < 0 && (K[ri + j] !== 0 || K[j * N + i] !== 0)) {
          labels[j] = count;
          stack[top++] = j;
        }
      }
    }
    count++;
  }
  return { count, labels };
}

/** Compressed sparse rows of a dense matrix. */
export interface Csr {
  n: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

export function denseToCsr(A: Float64Array, N: number): Csr {
  let nnz = 0;
  for (let i = 0; i < N * N; i++) if (A[i] !== 0) nnz++;
  const rowPtr = new Int32Array(N + 1);
  const cols = new Int32Array(nnz);
  const vals = new Float64Array(nnz);
  let p = 0;
  for (let i = 0; i < N; i++) {
    const ri = i * N;
    for (let j = 0; j < N; j++) {
      const v = A[ri + j];
      if (v !== 0) {
        cols[p] = j;
        vals[p++] = v;
      }
    }
    rowPtr[i + 1] = p;
  }
  return { n: N, rowPtr, cols, vals };
}

/** Indices of the points of each component, ascending. */
export function componentMembers(comp: Components): Int32Array[] {
  const sizes = new Int32Array(comp.count);
  for (let i = 0; i < comp.labels.length; i++) sizes[comp.labels[i]]++;
  const out = Array.from({ length: comp.count }, (_, c) => new Int32Array(sizes[c]));
  const fill = new Int32Array(comp.count);
  for (let i = 0; i < comp.labels.length; i++) {
    const c = comp.labels[i];
    out[c][fill[c]++] = i;
  }
  return out;
}

/** The sub-matrix of a CSR matrix on the given (ascending) members, re-indexed locally. */
export function csrSubmatrix(A: Csr, members: Int32Array): Csr {
  const local = new Int32Array(A.n).fill(-1);
  for (let a = 0; a < members.length; a++) local[members[a]] = a;
  const n = members.length;
  const rowPtr = new Int32Array(n + 1);
  let nnz = 0;
  for (let a = 0; a < n; a++) {
    const i = members[a];
    for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) if (local[A.cols[p]] >= 0) nnz++;
    rowPtr[a + 1] = nnz;
  }
  const cols = new Int32Array(nnz);
  const vals = new Float64Array(nnz);
  let q = 0;
  for (let a = 0; a < n; a++) {
    const i = members[a];
    for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) {
      const l = local[A.cols[p]];
      if (l >= 0) {
        cols[q] = l;
        vals[q++] = A.vals[p];
      }
    }
  }
  return { n, rowPtr, cols, vals };
}
