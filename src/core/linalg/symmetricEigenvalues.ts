// Eigenvalues of a dense symmetric matrix: Householder tridiagonalisation
// followed by the implicit QL algorithm (Numerical Recipes tred2/tqli, values
// only). O(4/3 n^3). Only the lower triangle is read, row by row, and the
// rank-2 update of one step is fused with the matrix-vector product of the
// next, so the trailing matrix streams through memory once per step, not twice.

/**
 * Eigenvalues (unsorted) of the symmetric n x n row-major matrix A.
 * A is overwritten (pass a copy if you need it).
 */
export function symmetricEigenvaluesInPlace(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return d;
  const p = new Float64Array(n);
  // pending rank-2 update A -= v q^T + q v^T on rows 0..pendingRows-1, v = row pendingV of a
  let pendingRows = 0;
  let pendingV = -1;
  const q = new Float64Array(n);
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
  }
  d[0] = a[0];
  tqliValues(d, e, n);
  return d;
}
/** Eigenvalues of a symmetric matrix without touching the input. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  return symmetricEigenvaluesInPlace(Float64Array.from(a), n);
}

/** Implicit QL on the tridiagonal (d, e) with e[i] coupling i-1 and i; d gets the eigenvalues. */
function tqliValues(d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 200) throw new Error('symmetricEigenvalues: QL iteration did not converge');
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          let f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          f = 0;
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
}
