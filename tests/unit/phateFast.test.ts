// The 'fast' solver (Anderson-accelerated Guttman iterations, relative-progress
// stop) must meet, on every fixture and both dimensions: stress-1 against the
// potential distances <= 1.10 x the reference run's, and Spearman(pdist) >= 0.98
// against the reference SMACOF embedding.
import { describe, expect, it } from 'vitest';
import { PhateEngine, stress1 } from '../../src/core/phate';
import { FIXTURE_NAMES, fixtureDistances, loadFixture, pdist, referenceRun, spearman } from './phateFixtures';

for (const name of FIXTURE_NAMES) {
  describe(`fast solver quality: ${name}`, () => {
    const fx = loadFixture(name);
    const { D, N } = fixtureDistances(fx);
    const engine = new PhateEngine(D, N, { solver: 'fast' });
    for (const k of [3, 2]) {
      it(`n_components=${k}: stress-1 within 1.10x of the reference, Spearman >= 0.98`, () => {
        engine.setParams({ nComponents: k, solver: 'fast' });
        const res = engine.fitSync();
        expect(res.t).toBe(fx.graph.optimal_t);
        const Dpot = engine.getPotentialDistances();
        const s = stress1(Dpot, res.embedding, N, k);
        for (const solver of ['smacof', 'sgd']) {
          expect(s, `stress-1 vs reference ${solver} run`).toBeLessThanOrEqual(
            1.1 * referenceRun(fx, k, solver).stress1_of_embedding + 1e-6,
          );
        }
        const ref = referenceRun(fx, k, 'smacof');
        expect(spearman(pdist(Float64Array.from(ref.embedding.data), N, k), pdist(res.embedding, N, k))).toBeGreaterThanOrEqual(0.98);
        // fewer iterations than the exact port would need is the point of it
        engine.setParams({ solver: 'smacof' });
        engine.fitSync();
        const exactIters = engine.mdsIterations;
        engine.setParams({ solver: 'fast' });
        engine.fitSync();
        expect(engine.mdsIterations).toBeLessThanOrEqual(Math.max(exactIters, 100));
      });
    }
  });
}
