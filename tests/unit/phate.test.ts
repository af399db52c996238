// PHATE exact path against the reference fixtures (phate 1.0.11), with the
// tolerances of shared/fixtures/phate/compare.py.
import { describe, expect, it } from 'vitest';
import {
  PhateEngine,
  classicMDS,
  diffusionOperator,
  matrixPower,
  potential,
  pairwiseRowDistances,
  stress1,
  vonNeumannEntropy,
} from '../../src/core/phate';
import {
  FIXTURE_NAMES,
  fixtureDistances,
  loadFixture,
  pdist,
  pearson,
  procrustesDisparity,
  referenceKernel,
  referenceRun,
  spearman,
} from './phateFixtures';

const TOL = {
  K: { rtol: 1e-5, atol: 1e-9 },
  potential: { rtol: 1e-5, atol: 1e-4 },
};

function expectEntrywise(
  name: string,
  ref: ArrayLike<number>,
  got: ArrayLike<number>,
  rtol: number,
  atol: number,
  samePattern = false,
): void {
  expect(got.length, `${name} size`).toBe(ref.length);
  let bad = 0;
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(ref[i] - got[i]);
    if (err > atol + rtol * Math.abs(ref[i]) || (samePattern && ref[i] > 0 !== got[i] > 0)) bad++;
    worst = Math.max(worst, err);
  }
  expect(bad, `${name}: ${bad} entries out of tolerance (max abs err ${worst})`).toBe(0);
}

for (const name of FIXTURE_NAMES) {
  describe(`PHATE exact path vs reference: ${name}`, () => {
    const fx = loadFixture(name);
    const { D, N } = fixtureDistances(fx);
    const engine = new PhateEngine(D, N, { solver: 'smacof' });

    it('bandwidths, kernel, operator and components', () => {
      const ks = engine.getKernel();
      const bw = fx.graph.bandwidth_derived;
      for (let i = 0; i < N; i++) expect(Math.abs(ks.bandwidths[i] - bw[i]) / bw[i]).toBeLessThanOrEqual(1e-5);
      const Kref = referenceKernel(fx);
      expectEntrywise('K', Kref, ks.K!, TOL.K.rtol, TOL.K.atol, true);
      const P = diffusionOperator(ks.K!, N);
      const Pref = fx.graph.P ? Float64Array.from(fx.graph.P.data) : diffusionOperator(Kref, N);
      expectEntrywise('P', Pref, P, TOL.K.rtol, TOL.K.atol, true);
      expect(ks.comp.count).toBe(fx.graph.n_connected_components);
    });

    it('von Neumann entropy and optimal t', () => {
      const P = diffusionOperator(engine.getKernel().K!, N);
      const vne = vonNeumannEntropy(P, N, 100);
      expectEntrywise('vne', fx.graph.vne, vne, 0, 2e-5);
      const res = engine.fitSync();
      expect(res.t).toBe(fx.graph.optimal_t);
      expect(res.components).toBe(fx.graph.n_connected_components);
    });

    if (fx.graph.potential && fx.graph.potential_distance) {
      it('potential and potential distances (dense reference)', () => {
        const P = diffusionOperator(engine.getKernel().K!, N);
        const U = potential(matrixPower(P, N, fx.graph.optimal_t), 1);
        expectEntrywise('potential', fx.graph.potential!.data, U, TOL.potential.rtol, TOL.potential.atol);
        expectEntrywise(
          'potential_distance (dense path)',
          fx.graph.potential_distance!.data,
          pairwiseRowDistances(U, N),
          TOL.potential.rtol,
          TOL.potential.atol,
        );
        expectEntrywise(
          'potential_distance (engine)',
          fx.graph.potential_distance!.data,
          engine.getPotentialDistances(),
          TOL.potential.rtol,
          TOL.potential.atol,
        );
      });
    }

    for (const k of [3, 2]) {
      it(`classic MDS start and SMACOF embedding, n_components=${k}`, () => {
        engine.setParams({ nComponents: k, solver: 'smacof' });
        const res = engine.fitSync();
        const run = referenceRun(fx, k, 'smacof');
        const Dpot = engine.getPotentialDistances();
        const Yc = classicMDS(Dpot, N, k);
        // the start itself (rounded to 6 digits in the fixture); axes can be scaled by 1e5
        expectEntrywise('classic_mds_init', run.classic_mds_init.data, Yc, 1e-5, 1e-3);
        const ref = Float64Array.from(run.embedding.data);
        expect(procrustesDisparity(ref, res.embedding, N, k)).toBeLessThanOrEqual(1e-3);
        const a = pdist(ref, N, k);
        const b = pdist(res.embedding, N, k);
        expect(pearson(a, b)).toBeGreaterThanOrEqual(0.999);
        expect(spearman(a, b)).toBeGreaterThanOrEqual(0.98);
        expect(stress1(Dpot, res.embedding, N, k)).toBeLessThanOrEqual(1.1 * run.stress1_of_embedding + 1e-6);
        // phate's output is centred with Frobenius norm <= 1
        let norm = 0;
        for (const v of res.embedding) norm += v * v;
        expect(Math.sqrt(norm)).toBeLessThanOrEqual(1 + 1e-9);
      });
    }

    it("the reference 'sgd' run with n_components=3 is SMACOF, and so is ours", () => {
      engine.setParams({ nComponents: 3, solver: 'sgd' });
      const res = engine.fitSync();
      const run = referenceRun(fx, 3, 'sgd');
      expect(procrustesDisparity(Float64Array.from(run.embedding.data), res.embedding, N, 3)).toBeLessThanOrEqual(1e-3);
    });

    // 2-D metric MDS has several local minima: the reference's own SMACOF and s_gd2
    // disagree (Spearman 0.85 on networks200), so only stress quality is compared.
    it("our 2-D SMACOF is as good in stress as the reference 2-D 'sgd' (s_gd2) run", () => {
      engine.setParams({ nComponents: 2, solver: 'smacof' });
      const res = engine.fitSync();
      const run = referenceRun(fx, 2, 'sgd');
      const Dpot = engine.getPotentialDistances();
      expect(stress1(Dpot, res.embedding, N, 2)).toBeLessThanOrEqual(1.1 * run.stress1_of_embedding + 1e-6);
    });
  });
}
