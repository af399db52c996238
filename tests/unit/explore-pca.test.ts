import { describe, expect, it } from 'vitest';
import { pca } from '../../src/core/explore/pca';
import { mulberry32, randn } from '../../src/core/random';

/** n points of an anisotropic Gaussian (std `sd` per axis), rotated by a random orthogonal Q, shifted. */
function rotatedGaussian(n: number, sd: number[], seed: number): { X: Float64Array; Q: Float64Array } {
  const d = sd.length;
  const rng = mulberry32(seed);
  // Q by Gram–Schmidt of a random matrix (rows are orthonormal).
  const Q = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) Q[i] = randn(rng);
  for (let r = 0; r < d; r++) {
    for (let p = 0; p < r; p++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += Q[r * d + j] * Q[p * d + j];
      for (let j = 0; j < d; j++) Q[r * d + j] -= dot * Q[p * d + j];
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += Q[r * d + j] ** 2;
    for (let j = 0; j < d; j++) Q[r * d + j] /= Math.sqrt(norm);
  }
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = sd.map((s) => s * randn(rng));
    for (let j = 0; j < d; j++) {
      let v = 3 + j; // offset: PCA must centre
      for (let r = 0; r < d; r++) v += z[r] * Q[r * d + j];
      X[i * d + j] = v;
    }
  }
  return { X, Q };
}

describe('pca', () => {
  it('recovers the two long axes of a rotated anisotropic Gaussian', () => {
    const sd = [5, 2, 0.5, 0.3, 0.2, 0.1];
    const d = sd.length;
    const n = 4000;
    const { X, Q } = rotatedGaussian(n, sd, 7);
    const r = pca(X, n, d, 2);
    for (let c = 0; c < 2; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += r.components[j * 2 + c] * Q[c * d + j];
      expect(Math.abs(dot)).toBeGreaterThan(0.995);
      expect(Math.sqrt(r.variance[c])).toBeCloseTo(sd[c], 0);
    }
    const total = sd.reduce((s, v) => s + v * v, 0);
    expect(r.explained[0]).toBeCloseTo((sd[0] * sd[0]) / total, 1);
    expect(r.variance[0]).toBeGreaterThan(r.variance[1]);
  });

  it('scores are centred, uncorrelated, and their variances are the eigenvalues', () => {
    const { X } = rotatedGaussian(300, [3, 1.5, 1, 0.2], 11);
    const n = 300;
    const r = pca(X, n, 4, 2);
    let m0 = 0,
      m1 = 0,
      v0 = 0,
      v1 = 0,
      cov = 0;
    for (let i = 0; i < n; i++) {
      m0 += r.coords[i * 2];
      m1 += r.coords[i * 2 + 1];
    }
    expect(Math.abs(m0 / n)).toBeLessThan(1e-9);
    expect(Math.abs(m1 / n)).toBeLessThan(1e-9);
    for (let i = 0; i < n; i++) {
      v0 += r.coords[i * 2] ** 2;
      v1 += r.coords[i * 2 + 1] ** 2;
      cov += r.coords[i * 2] * r.coords[i * 2 + 1];
    }
    expect(v0 / (n - 1)).toBeCloseTo(r.variance[0], 8);
    expect(v1 / (n - 1)).toBeCloseTo(r.variance[1], 8);
    expect(Math.abs(cov / (n - 1))).toBeLessThan(1e-8 * r.variance[0]);
  });

  it('is deterministic in sign and survives degenerate input', () => {
    const { X } = rotatedGaussian(200, [2, 1, 0.5], 3);
    expect(Array.from(pca(X, 200, 3).coords)).toEqual(Array.from(pca(X, 200, 3).coords));
    // One unit of width: the second score is zero, not NaN.
    const line = new Float64Array([1, 2, 3, 4, 5]);
    const r = pca(line, 5, 1, 2);
    expect(Array.from(r.coords).every(Number.isFinite)).toBe(true);
    expect(r.coords[1]).toBe(0);
    expect(r.explained[0]).toBeCloseTo(1, 12);
    // Constant points: every score is zero.
    const flat = pca(new Float64Array(12).fill(2), 4, 3, 2);
    expect(Array.from(flat.coords).every((v) => v === 0)).toBe(true);
    expect(() => pca(new Float64Array(5), 2, 3)).toThrow(/expected/);
  });
});
