// Dense linear algebra helpers against matrices with known spectra.
import { describe, expect, it } from 'vitest';
import { jacobiEigen, svdSmall, symmetricEigenvalues, symmetricEigenvaluesSorted, topEigenpairs } from '../../src/core/linalg';
import { symmetricEigenvalues as featuresEigenvalues } from '../../src/core/features/symmetricEigen';
import { mulberry32, randn } from '../../src/core/random';

/** Q diag(lambda) Q^T with Q from Householder reflections of a fixed vector (known spectrum). */
function withSpectrum(lambda: number[]): Float64Array {
  const n = lambda.length;
  const v = Array.from({ length: n }, (_, i) => Math.sin(i + 1) + 0.3);
  const vv = v.reduce((a, b) => a + b * b, 0);
  const Q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q(i, k) * lambda[k] * Q(j, k);
      A[i * n + j] = s;
    }
  return A;
}

describe('linalg', () => {
  const lambda = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? -1 : 1) * Math.pow(0.8, i) * 10);
  const A = withSpectrum(lambda);

  it('symmetricEigenvalues recovers a known spectrum', () => {
    const got = Array.from(symmetricEigenvalues(A, 40)).sort((a, b) => a - b);
    const want = [...lambda].sort((a, b) => a - b);
    got.forEach((g, i) => expect(Math.abs(g - want[i])).toBeLessThan(1e-12));
  });

  it('topEigenpairs finds the largest |lambda| with residual ~0', () => {
    const { values, vectors } = topEigenpairs(A, 40, 3);
    expect(Array.from(values).map((x) => +x.toFixed(10))).toEqual(lambda.slice(0, 3).map((x) => +x.toFixed(10)));
    for (let c = 0; c < 3; c++) {
      let r = 0;
      for (let i = 0; i < 40; i++) {
        let s = 0;
        for (let k = 0; k < 40; k++) s += A[i * 40 + k] * vectors[k * 3 + c];
        r += (s - values[c] * vectors[i * 3 + c]) ** 2;
      }
      expect(Math.sqrt(r)).toBeLessThan(1e-9);
    }
  });

  it('jacobiEigen and svdSmall reconstruct small matrices', () => {
    const S = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]);
    const { values, vectors } = jacobiEigen(S, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += vectors[i * 3 + k] * values[k] * vectors[j * 3 + k];
        expect(s).toBeCloseTo(S[i * 3 + j], 12);
      }
    const M = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 10]);
    const { U, s, V } = svdSmall(M, 3, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let x = 0;
        for (let k = 0; k < 3; k++) x += U[i * 3 + k] * s[k] * V[j * 3 + k];
        expect(x).toBeCloseTo(M[i * 3 + j], 12);
      }
    expect(s[0]).toBeGreaterThanOrEqual(s[1]);
  });

  describe('symmetricEigenvalues on degenerate matrices (JAMA tql2 convergence)', () => {
    const sortedDesc = (a: Float64Array) => Array.from(a).sort((x, y) => y - x);
    const expectSpectrum = (got: Float64Array, want: number[], tol: number) => {
      const g = sortedDesc(got);
      const w = [...want].sort((x, y) => y - x);
      expect(g.length).toBe(w.length);
      g.forEach((v, i) => expect(Math.abs(v - w[i])).toBeLessThanOrEqual(tol));
    };

    it('all-equal 60 x 60 (rank 1): one eigenvalue 60c, the rest 0', () => {
      const n = 60;
      const A = new Float64Array(n * n).fill(0.7);
      expectSpectrum(symmetricEigenvalues(A, n), [0.7 * n, ...new Array(n - 1).fill(0)], 1e-12);
    });

    it('rank-1 v v^T with an uneven v', () => {
      const n = 50;
      const v = Array.from({ length: n }, (_, i) => Math.cos(i) + 0.1 * i);
      const A = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = v[i] * v[j];
      const vv = v.reduce((a, b) => a + b * b, 0);
      expectSpectrum(symmetricEigenvalues(A, n), [vv, ...new Array(n - 1).fill(0)], 1e-11 * vv);
    });

    it('block diagonal with repeated eigenvalues (all-ones blocks)', () => {
      const sizes = [10, 10, 5, 1, 14];
      const n = sizes.reduce((a, b) => a + b, 0);
      const A = new Float64Array(n * n);
      const want: number[] = [];
      let o = 0;
      for (const s of sizes) {
        for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) A[(o + i) * n + o + j] = 1;
        want.push(s, ...new Array(s - 1).fill(0));
        o += s;
      }
      expectSpectrum(symmetricEigenvalues(A, n), want, 1e-12);
    });

    it('zero matrix and 1 x 1', () => {
      expectSpectrum(symmetricEigenvalues(new Float64Array(30 * 30), 30), new Array(30).fill(0), 0);
      expectSpectrum(symmetricEigenvalues(Float64Array.of(-3), 1), [-3], 0);
      expect(symmetricEigenvalues(new Float64Array(0), 0).length).toBe(0);
    });

    it('random PSD (rank-deficient Gram) agrees with Jacobi', () => {
      const rng = mulberry32(9);
      const n = 40;
      const r = 12;
      const G = Float64Array.from({ length: n * r }, () => randn(rng));
      const A = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < r; k++) s += G[i * r + k] * G[j * r + k];
          A[i * n + j] = s;
        }
      const want = Array.from(jacobiEigen(A, n).values);
      expectSpectrum(symmetricEigenvalues(A, n), want, 1e-10 * want[0]);
      const sorted = symmetricEigenvaluesSorted(A, n);
      for (let i = 1; i < n; i++) expect(sorted[i]).toBeLessThanOrEqual(sorted[i - 1]);
    });

    it('features/symmetricEigen is the same solver with input checks', () => {
      const A = new Float64Array(60 * 60).fill(1);
      expect(featuresEigenvalues(A, 60)[0]).toBeCloseTo(60, 10);
      expect(() => featuresEigenvalues(new Float64Array(5), 2)).toThrow(/expected 4 entries/);
      expect(() => featuresEigenvalues(Float64Array.of(1, NaN, NaN, 1), 2)).toThrow(/non-finite/);
    });
  });
});
