// Eigenvalues of a dense symmetric matrix: Householder tridiagonalisation
// (Numerical Recipes tred2, values only) followed by implicit QL with JAMA
// tql2's convergence test (robust on rank-deficient input). O(4/3 n^3). Only the lower triangle is read, row by row, and the
// rank-2 update of one step is fused with the matrix-vector product of the
// next, so the trailing matrix streams through memory once per step, not twice.
// That pass runs in a WebAssembly SIMD kernel where available (householderWasm.ts).
import { householderWorkspace } from './householderWasm';
import { wantWasm } from '../wasm/asm';

/**
 * Eigenvalues (unsorted) of the symmetric n x n row-major matrix A.
 * A may be overwritten (pass a copy if you need it).
 */
export function symmetricEigenvaluesInPlace(a: Float64Array, n: number): Float64Array {
  const steps = symmetricEigenvaluesSteps(a, n);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same computation as a generator that yields every few Householder
 * steps (about `work` multiply-adds apart), so a cooperative caller can
 * check for cancellation during an O(n^3) solve. useWasm: see wantWasm
 * (wasm/asm.ts); tests and benches compare the two.
 */
export function* symmetricEigenvaluesSteps(input: Float64Array, n: number, work = 4e6, useWasm?: boolean): Generator<void, Float64Array> {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return d;
  // The wasm SIMD row kernel works on its own copy of the matrix (input is then left as it was).
  const ws = wantWasm(useWasm, n) ? householderWorkspace(input, n) : null;
  const a = ws ? ws.a : input;
  const p = ws ? ws.p : new Float64Array(n);
  // pending rank-2 update A -= v q^T + q v^T on rows 0..pendingRows-1, v = row pendingV of a
  let pendingRows = 0;
  let pendingV = -1;
  const q = ws ? ws.q : new Float64Array(n);
  let done = 0;
  for (let i = n - 1; i >= 1; i--) {
    const l = i - 1;
    const ri = i * n;
    d[i] = a[ri + i];
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[ri + k]);
      if (scale === 0) {
        e[i] = a[ri + l];
      } else {
        for (let k = 0; k <= l; k++) {
          const v = a[ri + k] / scale;
          a[ri + k] = v;
          h += v * v;
        }
        const f = a[ri + l];
        const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[ri + l] = f - g;
      }
    } else {
      e[i] = a[ri + l];
    }
    // one pass over rows 0..l: apply the pending update, then accumulate p = A_sub v
    const pv = pendingV * n;
    const withUpdate = pendingRows > 0;
    if (h !== 0) p.fill(0, 0, l + 1);
    for (let j = 0; j <= l; j++) {
      const rj = j * n;
      if (ws && withUpdate && h !== 0) {
        // update and product of row j in one pass: even-count k < j in wasm, the odd k and the diagonal here
        const vu = a[pv + j];
        const qj = q[j];
        const uj = a[ri + j];
        let s = ws.fused(j, pendingV, i, vu, qj, uj);
        for (let k = (j >> 1) * 2; k < j; k++) {
          a[rj + k] -= vu * q[k] + qj * a[pv + k];
          const ajk = a[rj + k];
          s += ajk * a[ri + k];
          p[k] += ajk * uj;
        }
        a[rj + j] -= vu * q[j] + qj * a[pv + j];
        p[j] += s + a[rj + j] * uj;
        continue;
      }
      if (withUpdate) {
        const vj = a[pv + j];
        const qj = q[j];
        for (let k = 0; k <= j; k++) a[rj + k] -= vj * q[k] + qj * a[pv + k];
      }
      if (h !== 0) {
        const vj = a[ri + j];
        let s = 0;
        for (let k = 0; k < j; k++) {
          const ajk = a[rj + k];
          s += ajk * a[ri + k];
          p[k] += ajk * vj;
        }
        p[j] += s + a[rj + j] * vj;
      }
    }
    pendingRows = 0;
    if (h === 0) continue;
    let vp = 0;
    for (let j = 0; j <= l; j++) {
      p[j] /= h;
      vp += a[ri + j] * p[j];
    }
    const kk = vp / (2 * h);
    for (let j = 0; j <= l; j++) q[j] = p[j] - kk * a[ri + j];
    // update row l now (its Householder vector is needed next); rows 0..l-1 wait for the next pass
    const rl = l * n;
    const vl = a[ri + l];
    const ql = q[l];
    for (let k = 0; k <= l; k++) a[rl + k] -= vl * q[k] + ql * a[ri + k];
    pendingRows = l;
    pendingV = i;
    done += i * i;
    if (done > work) {
      done = 0;
      yield;
    }
  }
  d[0] = a[0];
  tqliValues(d, e, n);
  return d;
}
/** Eigenvalues (unsorted) of a symmetric matrix without touching the input. */
export function symmetricEigenvalues(a: ArrayLike<number>, n: number): Float64Array {
  return symmetricEigenvaluesInPlace(Float64Array.from(a), n);
}

/**
 * Eigenvalues sorted descending, with input checks (length n*n, finite
 * entries). Only the lower triangle is read; A is not modified.
 */
export function symmetricEigenvaluesSorted(A: ArrayLike<number>, n: number): Float64Array {
  if (A.length !== n * n) throw new Error(`symmetricEigenvalues: expected ${n * n} entries, got ${A.length}`);
  const a = Float64Array.from(A);
  for (let q = 0; q < a.length; q++) if (!Number.isFinite(a[q])) throw new Error('symmetricEigenvalues: matrix has non-finite entries');
  const d = symmetricEigenvaluesInPlace(a, n);
  d.sort();
  d.reverse();
  return d;
}

const EPS = 2.220446049250313e-16;

/**
 * Implicit-shift QL on the tridiagonal (d, e) with e[i] coupling i-1 and i;
 * d gets the eigenvalues. Convergence is judged against the running norm
 * estimate tst1 (JAMA's tql2), not against |d[m]| + |d[m+1]| as in
 * Numerical Recipes' tqli: with whole zero blocks on the diagonal
 * (rank-deficient matrices, e.g. all-equal) the local test never passes.
 */
function tqliValues(d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 100) throw new Error('symmetricEigenvalues: QL iteration did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}
