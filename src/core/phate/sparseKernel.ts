// Sparse version of the kernel stage (kernel.ts) for large N: the same
// alpha-decay kernel, threshold and '+' symmetrisation, built row by row from
// a RowReader so nothing N x N is ever allocated. Only entries with
// exp(-(d/eps_i)^decay) >= thresh survive, i.e. d <= eps_i * thresh-radius
// (1.057 eps_i at the defaults), so rows hold a handful of entries.
import { KERNEL_THRESH, type Components, type Csr } from './kernel';
import type { RowReader } from './input';
import { selectKth } from '../linalg/selectKth';

export interface SparseKernel {
  bandwidths: Float64Array;
  /** Symmetric K = (K' + K'^T) / 2, CSR with sorted columns. */
  K: Csr;
}

/**
 * Builds the kernel row by row; a generator that yields every `chunk` rows
 * (drive it with drain() or the engine's cooperative loop).
 */
export function* sparseKernelSteps(
  read: RowReader,
  N: number,
  knn: number,
  decay: number,
  thresh = KERNEL_THRESH,
  chunk = 256,
): Generator<void, SparseKernel> {
  const bw = new Float64Array(N);
  const row = new Float64Array(N);
  const scratch = new Float64Array(N);
  const rCut = thresh > 0 ? Math.pow(-Math.log(thresh), 1 / decay) * (1 + 1e-9) : Infinity;
  // one-sided K' as growable COO
  let cap = N * (knn + 4);
  let ci = new Int32Array(cap);
  let cj = new Int32Array(cap);
  let cv = new Float64Array(cap);
  let nnz = 0;
  for (let i = 0; i < N; i++) {
    read(i, row);
    scratch.set(row);
    const b = selectKth(scratch, knn);
    bw[i] = b;
    for (let j = 0; j < N; j++) {
      const r = row[j] / b;
      if (r > rCut) continue;
      let v = Math.exp(-Math.pow(r, decay));
      if (Number.isNaN(v)) v = 1;
      if (v < thresh) continue;
      if (nnz === cap) {
        cap *= 2;
        const ni = new Int32Array(cap);
        ni.set(ci);
        ci = ni;
        const nj = new Int32Array(cap);
        nj.set(cj);
        cj = nj;
        const nv = new Float64Array(cap);
        nv.set(cv);
        cv = nv;
      }
      ci[nnz] = i;
      cj[nnz] = j;
      cv[nnz++] = v;
    }
    if (i % chunk === chunk - 1) yield;
  }
  return { bandwidths: bw, K: symmetrisedCsr(ci, cj, cv, nnz, N) };
}

/** CSR of (A + A^T) / 2 from the COO entries of A (duplicates summed, columns sorted). */
function symmetrisedCsr(ci: Int32Array, cj: Int32Array, cv: Float64Array, nnz: number, N: number): Csr {
  const counts = new Int32Array(N + 1);
  for (let q = 0; q < nnz; q++) {
    counts[ci[q] + 1]++;
    counts[cj[q] + 1]++;
  }
  for (let i = 0; i < N; i++) counts[i + 1] += counts[i];
  const fill = Int32Array.from(counts);
  const cols = new Int32Array(2 * nnz);
  const vals = new Float64Array(2 * nnz);
  for (let q = 0; q < nnz; q++) {
    const v = cv[q] / 2;
    let p = fill[ci[q]]++;
    cols[p] = cj[q];
    vals[p] = v;
    p = fill[cj[q]]++;
    cols[p] = ci[q];
    vals[p] = v;
  }
  // sort each row by column and merge duplicates (i, j) from both directions
  const rowPtr = new Int32Array(N + 1);
  const acc = new Float64Array(N);
  const seen = new Uint8Array(N);
  const touched: number[] = [];
  let out = 0;
  for (let i = 0; i < N; i++) {
    touched.length = 0;
    for (let p = counts[i]; p < counts[i + 1]; p++) {
      const j = cols[p];
      if (!seen[j]) {
        seen[j] = 1;
        touched.push(j);
      }
      acc[j] += vals[p];
    }
    touched.sort((a, b) => a - b);
    for (const j of touched) {
      cols[out] = j;
      vals[out++] = acc[j];
      acc[j] = 0;
      seen[j] = 0;
    }
    rowPtr[i + 1] = out;
  }
  return { n: N, rowPtr, cols: cols.slice(0, out), vals: vals.slice(0, out) };
}

/** Row-normalised copy of a CSR matrix (each row sums to 1). */
export function rowNormalised(A: Csr): Csr {
  const vals = Float64Array.from(A.vals);
  for (let i = 0; i < A.n; i++) {
    let s = 0;
    for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) s += vals[p];
    if (s > 0) for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) vals[p] /= s;
  }
  return { n: A.n, rowPtr: A.rowPtr, cols: A.cols, vals };
}

/** Connected components of the graph of a (structurally symmetric) CSR matrix, labelled in order of first appearance. */
export function csrComponents(A: Csr): Components {
  const N = A.n;
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
      for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) {
        const j = A.cols[p];
        if (labels[j] < 0 && A.vals[p] !== 0) {
          labels[j] = count;
          stack[top++] = j;
        }
      }
    }
    count++;
  }
  return { count, labels };
}

/** Runs a step generator to completion and returns its value. */
export function drain<T>(gen: Generator<void, T>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}
