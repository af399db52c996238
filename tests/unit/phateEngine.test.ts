// PhateEngine behaviour: stage caching, cancellation, determinism, input checks.
import { describe, expect, it } from 'vitest';
import { CancelledError, PhateEngine, runPhate, DEFAULT_PHATE_PARAMS } from '../../src/core/phate';
import { fixtureDistances, loadFixture } from './phateFixtures';

const fx = loadFixture('networks60');
const { D, N } = fixtureDistances(fx);

/** Euclidean distances of n random points in 2-D (fixed LCG). */
function randomDistances(n: number, seed = 1): Float64Array {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const X = Array.from({ length: 2 * n }, rnd);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = Math.hypot(X[2 * i] - X[2 * j], X[2 * i + 1] - X[2 * j + 1]);
  return out;
}

describe('PhateEngine', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_PHATE_PARAMS).toMatchObject({
      knn: 5,
      decay: 40,
      t: 'auto',
      gamma: 1,
      nComponents: 3,
      solver: 'smacof',
      seed: 42,
      tMax: 100,
    });
  });

  it('changing t reruns diffusion and MDS but not the kernel or the spectrum', async () => {
    const engine = new PhateEngine(D, N);
    const first = await engine.fit();
    expect(engine.stageRuns).toEqual({ kernel: 1, spectrum: 1, diffusion: 1, mds: 1 });
    engine.setParams({ t: first.t + 5 });
    const second = await engine.fit();
    expect(second.t).toBe(first.t + 5);
    expect(engine.stageRuns).toEqual({ kernel: 1, spectrum: 1, diffusion: 2, mds: 2 });
    engine.setParams({ nComponents: 2 });
    await engine.fit();
    expect(engine.stageRuns).toEqual({ kernel: 1, spectrum: 1, diffusion: 2, mds: 3 });
    engine.setParams({ knn: 6 });
    await engine.fit();
    expect(engine.stageRuns).toEqual({ kernel: 2, spectrum: 2, diffusion: 3, mds: 4 });
    // nothing changed: nothing reruns
    await engine.fit();
    expect(engine.stageRuns).toEqual({ kernel: 2, spectrum: 2, diffusion: 3, mds: 4 });
  });

  it('stops with CancelledError when isCancelled turns true, and can resume afterwards', async () => {
    const engine = new PhateEngine(D, N);
    let calls = 0;
    await expect(engine.fit({ isCancelled: () => ++calls > 5 })).rejects.toBeInstanceOf(CancelledError);
    const res = await engine.fit();
    expect(res.embedding.length).toBe(N * 3);
  });

  it('reports progress through the stages', async () => {
    const stages = new Set<string>();
    await new PhateEngine(D, N).fit({ onProgress: (p) => stages.add(p.stage) });
    expect([...stages]).toEqual(expect.arrayContaining(['kernel', 'tSelection', 'diffusionPower', 'potentialDistances', 'mds']));
  });

  it('same input and seed give identical output; the engine matches runPhate', async () => {
    const a = runPhate(D, N, { seed: 7 });
    const b = runPhate(D, N, { seed: 7 });
    expect(Array.from(a.embedding)).toEqual(Array.from(b.embedding));
    const c = await new PhateEngine(D, N, { seed: 7 }).fit();
    expect(Array.from(c.embedding)).toEqual(Array.from(a.embedding));
    expect(Object.keys(a.timings!)).toEqual(
      expect.arrayContaining(['kernel', 'operator', 'tSelection', 'diffusionPower', 'potentialDistances', 'mds']),
    );
  });

  it('handles tiny N (knn clamps to N-2)', () => {
    for (const n of [3, 4, 5]) {
      const res = runPhate(randomDistances(n, n), n, { nComponents: 2 });
      expect(res.embedding.length).toBe(2 * n);
      expect(res.embedding.every(Number.isFinite)).toBe(true);
    }
  });

  it('accepts a fixed t and other gammas', () => {
    const res = runPhate(D, N, { t: 10, gamma: 0, nComponents: 2 });
    expect(res.t).toBe(10);
    expect(res.embedding.every(Number.isFinite)).toBe(true);
  });

  it('rejects invalid input with clear messages', () => {
    expect(() => runPhate(new Float64Array(4), 2)).toThrow(/at least 3 points/);
    expect(() => runPhate(new Float64Array(8), 3)).toThrow(/square/);
    const bad = Float64Array.from(randomDistances(5));
    bad[1] = NaN;
    expect(() => runPhate(bad, 5)).toThrow(/non-finite/);
    const neg = Float64Array.from(randomDistances(5));
    neg[1] = neg[5] = -1;
    expect(() => runPhate(neg, 5)).toThrow(/negative/);
    const asym = Float64Array.from(randomDistances(5));
    asym[1] += 0.5;
    expect(() => runPhate(asym, 5)).toThrow(/not symmetric/);
    const diag = Float64Array.from(randomDistances(5));
    diag[6] = 1;
    expect(() => runPhate(diag, 5)).toThrow(/zero diagonal/);
    expect(() => runPhate(D, N, { solver: 'nope' })).toThrow(/unknown solver/);
    expect(() => runPhate(D, N, { t: 0 })).toThrow(/t must be/);
    expect(() => new PhateEngine(D, N).setParams({ knn: 0 })).toThrow(/knn/);
  });
});
