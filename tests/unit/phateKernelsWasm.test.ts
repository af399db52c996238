// The wasm SIMD kernels of PHATE's dense stages against the JS loops they
// replace: Householder row pass (eigenvalues of P P^T), the P^t chain step
// (bit-identical) and the potential's Gram product. The fixture tests in
// phate.test.ts run the same kernels end to end (t, potential distances).
import { describe, expect, it } from 'vitest';
import { householderModuleBytes, householderWasmAvailable } from '../../src/core/linalg/householderWasm';
import { symmetricEigenvaluesSteps } from '../../src/core/linalg/symmetricEigenvalues';
import { powerModuleBytes, powerWasmAvailable } from '../../src/core/phate/powerWasm';
import { gramModuleBytes, gramWasmAvailable } from '../../src/core/linalg/gramWasm';
import { csrPowerDenseSteps, gramLower } from '../../src/core/phate/potential';
import { denseToCsr } from '../../src/core/phate/kernel';
import { rowNormalised } from '../../src/core/phate/sparseKernel';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

function drain<T>(g: Generator<void, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/** A sparse row-stochastic n x n matrix: a ring plus a few random links. */
function sparseOperator(n: number, seed: number): ReturnType<typeof rowNormalised> {
  const rnd = lcg(seed);
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    K[i * n + i] = 1;
    const j = (i + 1) % n;
    K[i * n + j] = K[j * n + i] = 0.5 + rnd();
    const r = Math.floor(rnd() * n);
    K[i * n + r] = K[r * n + i] = rnd();
  }
  return rowNormalised(denseToCsr(K, n));
}

const WASM_HINT = 'WebAssembly SIMD missing: Node >= 16.4 / a current browser is needed for the fast PHATE kernels';

describe('PHATE dense-stage wasm kernels', () => {
  it('are available in Node and each module validates under 4 KB', () => {
    expect(householderWasmAvailable() && powerWasmAvailable() && gramWasmAvailable(), WASM_HINT).toBe(true);
    for (const bytes of [householderModuleBytes(), powerModuleBytes(), gramModuleBytes()]) {
      expect(WebAssembly.validate(bytes)).toBe(true);
      expect(bytes.length).toBeLessThan(4096);
    }
  });

  for (const n of [32, 33, 64, 101]) {
    it(`Householder eigenvalues match the JS loop, n=${n}`, () => {
      const rnd = lcg(11 + n);
      const B = Float64Array.from({ length: n * n }, () => rnd() - 0.5);
      const A = new Float64Array(n * n); // B B^T: symmetric, positive semi-definite like P P^T
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += B[i * n + k] * B[j * n + k];
          A[i * n + j] = A[j * n + i] = s;
        }
      const js = drain(symmetricEigenvaluesSteps(Float64Array.from(A), n, 4e6, false)).sort();
      const wa = drain(symmetricEigenvaluesSteps(Float64Array.from(A), n, 4e6, true)).sort();
      const scale = Math.max(...js.map(Math.abs));
      for (let i = 0; i < n; i++) expect(Math.abs(wa[i] - js[i])).toBeLessThan(1e-12 * scale);
      let trace = 0;
      for (let i = 0; i < n; i++) trace += A[i * n + i];
      expect(Math.abs(wa.reduce((a, b) => a + b, 0) - trace)).toBeLessThan(1e-10 * trace);
    });
  }

  it('Householder on a rank-one all-equal matrix: one eigenvalue n, the rest 0', () => {
    const n = 40;
    const ev = drain(symmetricEigenvaluesSteps(new Float64Array(n * n).fill(1), n, 4e6, true)).sort();
    expect(ev[n - 1]).toBeCloseTo(n, 10);
    for (let i = 0; i < n - 1; i++) expect(Math.abs(ev[i])).toBeLessThan(1e-10);
  });

  for (const [n, t, panel] of [
    [37, 5, 64],
    [100, 7, 64],
    [64, 2, 10],
    [45, 14, 16],
  ] as const) {
    it(`P^t chain is bit-identical to the JS loop, n=${n}, t=${t}, panel ${panel}`, () => {
      const P = sparseOperator(n, n + t);
      const js = drain(csrPowerDenseSteps(P, t, panel, false));
      const wa = drain(csrPowerDenseSteps(P, t, panel, true));
      expect(Array.from(wa)).toEqual(Array.from(js));
      // rows of P^t stay stochastic
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += wa[i * n + j];
        expect(s).toBeCloseTo(1, 12);
      }
    });
  }

  for (const [n, cols] of [
    [32, 32],
    [33, 33],
    [50, 17],
    [61, 64],
  ] as const) {
    it(`Gram lower triangle matches the JS loop, n=${n}, cols=${cols}`, () => {
      const rnd = lcg(3 + n + cols);
      const U = Float64Array.from({ length: n * cols }, () => rnd() * 4 - 2);
      const js = gramLower(U, n, cols, false);
      const wa = gramLower(U, n, cols, true);
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          const ref = js[i * n + j];
          expect(Math.abs(wa[i * n + j] - ref)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(ref)) * cols);
        }
    });
  }
});

describe('classic MDS product on the wasm kernel', () => {
  for (const [n, k] of [
    [64, 3],
    [101, 2],
    [80, 1],
  ] as const) {
    it(`top eigenpairs match the JS multiply, n=${n}, k=${k}`, async () => {
      const { topEigenpairs } = await import('../../src/core/linalg/topEigenpairs');
      const rnd = lcg(5 + n * k);
      const B = Float64Array.from({ length: n * 6 }, () => rnd() - 0.5);
      const A = new Float64Array(n * n); // low rank + small noise, symmetric
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let c = 0; c < 6; c++) s += B[i * 6 + c] * B[j * 6 + c] * (6 - c);
          A[i * n + j] = A[j * n + i] = s;
        }
      const js = topEigenpairs(A, n, k, { useWasm: false });
      const wa = topEigenpairs(A, n, k, { useWasm: true });
      for (let c = 0; c < k; c++) {
        expect(Math.abs(wa.values[c] - js.values[c])).toBeLessThan(1e-12 * Math.abs(js.values[0]));
        let dot = 0;
        for (let i = 0; i < n; i++) dot += wa.vectors[i * k + c] * js.vectors[i * k + c];
        expect(Math.abs(dot)).toBeGreaterThan(1 - 1e-10);
      }
    });
  }
});
