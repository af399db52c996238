// Eigenvalues of a dense real symmetric matrix: Householder reduction to
// tridiagonal form, then the implicit QL algorithm (after Numerical Recipes'
// tred2/tqli, eigenvalues only). O(n³) with a small constant: n = 256 takes a
// few tens of ms. Kept local to features/ until src/core/linalg/ offers one
// (then the two should be merged).

const EPS = 2.220446049250313e-16;

function hypot2(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) return x * Math.sqrt(1 + (y / x) * (y / x));
  return y === 0 ? 0 : y * Math.sqrt(1 + (x / y) * (x / y));
}

/**
 * All n eigenvalues of the symmetric n×n matrix A (row-major; only the lower
 * triangle is read; A is not modified), sorted in descending order.
 */
export function symmetricEigenvalues(A: ArrayLike<number>, n: number): Float64Array {
  if (A.length !== n * n) throw new Error(`symmetricEigenvalues: expected ${n * n} entries, got ${A.length}`);
  const a = Float64Array.from(A as ArrayLike<number>);
  for (let q = 0; q < a.length; q++) if (!Number.isFinite(a[q])) throw new Error('symmetricEigenvalues: matrix has non-finite entries');
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalise(a, n, d, e);
  tridiagonalQL(d, e, n);
  d.sort();
  d.reverse();
  return d;
}

/** Householder reduction of a (overwritten) to tridiagonal (d = diagonal, e[i] = sub-diagonal A[i][i−1]). */
function tridiagonalise(a: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    const ri = i * n;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[ri + k]);
      if (scale === 0) {
        e[i] = a[ri + l];
      } else {
        for (let k = 0; k <= l; k++) {
          a[ri + k] /= scale;
          h += a[ri + k] * a[ri + k];
        }
        let f = a[ri + l];
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[ri + l] = f - g;
        f = 0;
        // e = A u / h with the symmetric product read from the lower triangle
        // row by row (contiguous), u = a[i][0..l].
        for (let j = 0; j <= l; j++) e[j] = 0;
        for (let j = 0; j <= l; j++) {
          const rj = j * n;
          const uj = a[ri + j];
          g = 0;
          for (let k = 0; k < j; k++) {
            const ajk = a[rj + k];
            g += ajk * a[ri + k];
            e[k] += ajk * uj;
          }
          e[j] += g + a[rj + j] * uj;
        }
        for (let j = 0; j <= l; j++) {
          e[j] /= h;
          f += e[j] * a[ri + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          const rj = j * n;
          f = a[ri + j];
          g = e[j] - hh * f;
          e[j] = g;
          for (let k = 0; k <= j; k++) a[rj + k] -= f * e[k] + g * a[ri + k];
        }
      }
    } else {
      e[i] = a[ri + l];
    }
    d[i] = h;
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
}

/**
 * Implicit-shift QL on a symmetric tridiagonal matrix; d receives the
 * eigenvalues (unsorted). Convergence is judged against the running norm
 * estimate tst1 (as in JAMA's tql2), which stays robust when whole blocks of
 * the diagonal are zero (rank-deficient matrices).
 */
function tridiagonalQL(d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
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
        let r = hypot2(p, 1);
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
          r = hypot2(p, e[i]);
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
