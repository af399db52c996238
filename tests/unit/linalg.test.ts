// Dense linear algebra helpers against matrices with known spectra.
import { describe, expect, it } from 'vitest';
import { jacobiEigen, svdSmall, symmetricEigenvalues, topEigenpairs } from '../../src/core/linalg';

/** Q diag(lambda) Q^T with Q from Householder reflections of a fixed vector (known spectrum). */
function withSpectrum(lambda: number[]): Float64Array {
  const n = lambda.length;
  const v = Array.from({ length: n }, (_, i) => Math.sin(i + 1) + 0.3);
  const vv = v.reduce((a, b) => a + b * b, 0);
  const Q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
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
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += vectors[i * 3 + k] * values[k] * vectors[j * 3 + k];
      expect(s).toBeCloseTo(S[i * 3 + j], 12);
    }
    const M = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 10]);
    const { U, s, V } = svdSmall(M, 3, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let x = 0;
      for (let k = 0; k < 3; k++) x += U[i * 3 + k] * s[k] * V[j * 3 + k];
      expect(x).toBeCloseTo(M[i * 3 + j], 12);
    }
    expect(s[0]).toBeGreaterThanOrEqual(s[1]);
  });
});
