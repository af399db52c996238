// The wasm SIMD Guttman kernel (src/core/phate/guttmanWasm.ts) against the JS
// loop it replaces: same B(X) X and stress to rounding for k = 1..3, odd and
// even N, coincident points; and the exact SMACOF on a fixture gives the same
// embedding and iteration count with either transform.
import { describe, expect, it } from 'vitest';
import { guttman, guttmanOp, SmacofSolver, condensed } from '../../src/core/phate/smacof';
import { moduleBytes, wasmGuttman, wasmGuttmanAvailable } from '../../src/core/phate/guttmanWasm';
import { PhateEngine } from '../../src/core/phate';
import { classicMDS } from '../../src/core/phate/mds';
import { fixtureDistances, loadFixture } from './phateFixtures';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

describe('wasm Guttman kernel', () => {
  it('is available in Node (WebAssembly SIMD)', () => {
    expect(wasmGuttmanAvailable(), 'WebAssembly SIMD missing: Node >= 16.4 / a current browser is needed for the fast SMACOF kernel').toBe(
      true,
    );
  });

  it('the module validates and stays under the 4 KB a browser main thread may compile synchronously', () => {
    const bytes = moduleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.length).toBeLessThan(4096);
  });

  for (const [N, k] of [
    [2, 1],
    [3, 3],
    [8, 3],
    [101, 3],
    [100, 2],
    [57, 1],
  ] as const) {
    it(`matches the JS loop, N=${N}, k=${k}`, () => {
      const rnd = lcg(7 + N * k);
      const X = Float64Array.from({ length: N * k }, rnd);
      // a coincident pair (dis = 0 -> 1e-5) in the first row
      for (let c = 0; c < k; c++) X[k + c] = X[c];
      const Dc = Float64Array.from({ length: (N * (N - 1)) / 2 }, () => rnd() + 0.05);
      const js = new Float64Array(N * k);
      const wa = new Float64Array(N * k).fill(123); // the kernel overwrites, never accumulates into, acc
      const sj = guttman(Dc, X, N, k, js);
      const op = wasmGuttman(Dc, N, k)!;
      const sw = op(X, wa);
      expect(Math.abs(sw - sj) / sj).toBeLessThan(1e-12);
      let scale = 0;
      for (const v of js) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < js.length; i++) expect(Math.abs(wa[i] - js[i])).toBeLessThanOrEqual(1e-12 * scale);
      // a second call on the same instance starts from zero again
      const again = new Float64Array(N * k);
      expect(op(X, again)).toBe(sw);
      expect(Array.from(again)).toEqual(Array.from(wa));
    });
  }

  it('k > 3 has no wasm kernel; guttmanOp falls back to the JS loop', () => {
    expect(wasmGuttman(new Float64Array(3), 3, 4)).toBeNull();
    const Dc = Float64Array.from([1, 2, 3]);
    const X = Float64Array.from({ length: 12 }, (_, i) => i * 0.1);
    const a = new Float64Array(12);
    const b = new Float64Array(12);
    expect(guttmanOp(Dc, 3, 4)(X, a)).toBe(guttman(Dc, X, 3, 4, b));
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('exact SMACOF on networks200: same iterations and embedding with the wasm kernel and the JS loop', () => {
    const { D, N } = fixtureDistances(loadFixture('networks200'));
    const engine = new PhateEngine(D, N, { solver: 'smacof' });
    const Dpot = engine.getPotentialDistances();
    const Y0 = classicMDS(Dpot, N, 3);
    const Dc = condensed(Dpot, N);
    const run = (jsOnly: boolean): SmacofSolver => {
      const s = new SmacofSolver(Dc, N, Y0, 3, { maxIter: 3000, eps: 1e-6, jsOnly });
      while (!s.step());
      return s;
    };
    const a = run(false);
    const b = run(true);
    expect(Math.abs(a.iterations - b.iterations)).toBeLessThanOrEqual(1);
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < a.X.length; i++) {
      scale = Math.max(scale, Math.abs(b.X[i]));
      diff = Math.max(diff, Math.abs(a.X[i] - b.X[i]));
    }
    expect(diff).toBeLessThanOrEqual(1e-6 * scale);
  });
});
