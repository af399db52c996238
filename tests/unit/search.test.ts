// The guided-vs-random search loop (core/search) with a fake trainer and a fake
// embedder: deterministic, budget respected, the random arm draws from the
// search space, guided proposals come from the manifold's top region, and
// best-so-far curves are monotone.
import { describe, expect, it } from 'vitest';
import {
  inSpace,
  perturbNumeric,
  populationSpace,
  randomProposals,
  runSearch,
  searchBudget,
  type SearchConfig,
  type SearchEmbedder,
  type SearchTrainer,
} from '../../src/core/search/search-loop';
import { topRegion } from '../../src/core/search/region';
import { bestSoFar, compareArms, curveArea, meanCurve, signTest } from '../../src/core/search/curves';
import { CancelledError } from '../../src/core/cancel';
import { validateSearchSettings } from '../../src/state/search';
import type { HyperParams, HyperParamSpace, NetworkRecord } from '../../src/core/types';

const SPACE: HyperParamSpace = {
  depth: [1, 2, 3],
  width: [8, 16, 32],
  activation: ['relu', 'tanh', 'sigmoid'],
  optimizer: ['sgd', 'adam'],
  learningRate: [1e-3, 1e-2, 1e-1],
  batchSize: [32],
  epochs: [5],
  dropout: [0],
  l2: [0],
  init: ['glorot_uniform'],
  seed: [1, 2],
};

/** A fake "accuracy landscape": best at 2×32 tanh adam lr 1e-2; a little seed noise; lr 1e-1 sgd sigmoid diverges. */
function fakeAccuracy(hp: HyperParams): number {
  const lr = Math.abs(Math.log10(hp.learningRate) + 2);
  const s =
    0.95 -
    0.08 * lr -
    0.03 * Math.abs(hp.widths.length - 2) -
    0.02 * Math.abs(Math.log2(hp.widths[0] / 32)) -
    (hp.activation === 'tanh' ? 0 : 0.05) -
    (hp.optimizer === 'adam' ? 0 : 0.06);
  return s + 0.005 * Math.sin(hp.seed * 12.9898);
}

const record = (hp: HyperParams): NetworkRecord => {
  const diverged = hp.learningRate === 1e-1 && hp.optimizer === 'sgd' && hp.activation === 'sigmoid';
  const acc = diverged ? NaN : fakeAccuracy(hp);
  const final = { epoch: hp.epochs, trainLoss: 1 - acc, trainAcc: acc, testLoss: 1 - acc, testAcc: acc };
  return { id: 'x', hp, status: diverged ? 'diverged' : 'ok', history: [final], final, layers: [] };
};

function fakes() {
  const calls: { arm: string; round: number; hps: HyperParams[] }[] = [];
  const embedCalls: number[] = [];
  const train: SearchTrainer = async ({ hps, arm, round }) => {
    calls.push({ arm, round, hps });
    return hps.map(record);
  };
  // Coordinates from the hyperparameters: nearby configurations are nearby points (a manifold that organises accuracy).
  const embed: SearchEmbedder = async (nets) => {
    embedCalls.push(nets.length);
    const coords = new Float64Array(nets.length * 2);
    nets.forEach((n, i) => {
      coords[2 * i] = Math.log10(n.hp.learningRate) + (n.hp.optimizer === 'adam' ? 0 : 3);
      coords[2 * i + 1] = n.hp.widths.length + Math.log2(n.hp.widths[0]) / 5 + ['relu', 'tanh', 'sigmoid'].indexOf(n.hp.activation) * 4;
      if (n.status !== 'ok') coords[2 * i] = coords[2 * i + 1] = NaN;
    });
    return { coords, dim: 2 };
  };
  return { calls, embedCalls, train, embed };
}

const CONFIG: SearchConfig = { space: SPACE, initial: 12, rounds: 3, perRound: 4, seed: 7 };

describe('search loop (fake trainer)', () => {
  it('trains exactly the budget per arm, shares round 0, and embeds once per guided round', async () => {
    const f = fakes();
    const r = await runSearch(CONFIG, f.train, f.embed);
    const budget = searchBudget(CONFIG);
    expect(budget).toBe(24);
    expect(r.budget).toBe(budget);
    expect(r.cancelled).toBe(false);
    for (const arm of [r.guided, r.random]) {
      expect(arm.networks.length).toBe(budget);
      expect(arm.bestSoFar.length).toBe(budget);
      expect(arm.roundOf).toEqual([...Array(12).fill(0), 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    }
    // Round 0 trained once and shared.
    expect(f.calls.filter((c) => c.arm === 'initial').length).toBe(1);
    expect(r.guided.networks.slice(0, 12).map((n) => n.id)).toEqual(r.random.networks.slice(0, 12).map((n) => n.id));
    expect(f.calls.map((c) => `${c.arm}${c.round}:${c.hps.length}`)).toEqual([
      'initial0:12',
      'guided1:4',
      'random1:4',
      'guided2:4',
      'random2:4',
      'guided3:4',
      'random3:4',
    ]);
    expect(f.embedCalls).toEqual([12, 16, 20]);
    // New networks are marked by arm; ids are unique within an arm.
    expect(new Set(r.guided.networks.slice(12).map((n) => n.origin))).toEqual(new Set(['search-guided']));
    expect(new Set(r.random.networks.slice(12).map((n) => n.origin))).toEqual(new Set(['search-random']));
    for (const arm of [r.guided, r.random]) expect(new Set(arm.networks.map((n) => n.id)).size).toBe(budget);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await runSearch(CONFIG, fakes().train, fakes().embed);
    const b = await runSearch(CONFIG, fakes().train, fakes().embed);
    const c = await runSearch({ ...CONFIG, seed: 8 }, fakes().train, fakes().embed);
    const key = (r: typeof a) => JSON.stringify([r.guided.networks.map((n) => n.hp), r.random.networks.map((n) => n.hp)]);
    expect(key(a)).toBe(key(b));
    expect(Array.from(a.guided.bestSoFar)).toEqual(Array.from(b.guided.bestSoFar));
    expect(key(c)).not.toBe(key(a));
  });

  it('the random arm draws from the same space, with seeds no earlier network of the arm used', async () => {
    const r = await runSearch(CONFIG, fakes().train, fakes().embed);
    const used = new Set(r.initial.map((n) => n.hp.seed));
    for (const n of r.random.networks.slice(12)) {
      expect(inSpace(n.hp, SPACE), JSON.stringify(n.hp)).toBe(true);
      expect(used.has(n.hp.seed)).toBe(false);
    }
    // Uniform over the space: over many draws every value of every key turns up.
    const many = randomProposals(SPACE, [1, 2], 400, 3);
    expect(new Set(many.map((h) => h.activation))).toEqual(new Set(SPACE.activation));
    expect(new Set(many.map((h) => h.widths.length))).toEqual(new Set(SPACE.depth));
    expect(new Set(many.map((h) => h.learningRate))).toEqual(new Set(SPACE.learningRate));
    expect(many.every((h) => inSpace(h, SPACE) && h.seed > 2)).toBe(true);
  });

  it('guided proposals come from the top region of the manifold, within the range of the space', async () => {
    const rounds: { rule: string; size: number }[] = [];
    const f = fakes();
    const r = await runSearch(CONFIG, f.train, f.embed, { onRound: (x) => x.region && rounds.push(x.region) });
    expect(rounds.length).toBe(3);
    expect(rounds.every((x) => x.rule === 'manifold' && x.size >= 3)).toBe(true);
    for (const rep of r.guided.rounds) {
      // Every proposal's discrete values occur in the region's subspace, and that subspace lies within the search space.
      for (const hp of rep.proposals) expect(inSpace(hp, rep.spec)).toBe(true);
      for (const a of rep.spec.activation) expect(SPACE.activation).toContain(a);
      for (const lr of rep.spec.learningRate) expect(lr >= 1e-3 && lr <= 1e-1).toBe(true);
    }
    // On this landscape (accuracy smooth in the fake embedding) guided's proposals are better on average than random's.
    const mean = (ns: NetworkRecord[]) => ns.reduce((s, n) => s + (Number.isFinite(n.final.testAcc) ? n.final.testAcc : 0), 0) / ns.length;
    expect(mean(r.guided.networks.slice(12))).toBeGreaterThan(mean(r.random.networks.slice(12)));
  });

  it('falls back to the accuracy rule, and says so, when the embedding fails', async () => {
    const f = fakes();
    const fails: SearchEmbedder = async () => {
      throw new Error('need at least 3 networks');
    };
    const reports: string[] = [];
    const r = await runSearch({ ...CONFIG, rounds: 1 }, f.train, fails, {
      onRound: (x) => x.region && reports.push(`${x.region.rule}|${x.region.fallback}`),
    });
    expect(r.guided.networks.length).toBe(16);
    expect(reports).toEqual(['accuracy|embedding failed (need at least 3 networks); region by accuracy alone']);
  });

  it('stops on cancel with what was trained and curves over it', async () => {
    const f = fakes();
    let rounds = 0;
    const r = await runSearch(CONFIG, f.train, f.embed, { isCancelled: () => rounds >= 3, onRound: () => void rounds++ });
    expect(r.cancelled).toBe(true);
    // initial, guided 1, random 1 trained; cancelled before guided 2.
    expect(f.calls.length).toBe(3);
    expect(r.guided.networks.length).toBe(16);
    expect(r.random.networks.length).toBe(16);
    expect(r.random.bestSoFar.length).toBe(16);
    // A trainer that throws CancelledError mid-round: that round is dropped.
    let n = 0;
    const cancelling: SearchTrainer = async (req) => {
      if (++n === 2) throw new CancelledError();
      return f.train(req);
    };
    const r2 = await runSearch(CONFIG, cancelling, f.embed);
    expect(r2.cancelled).toBe(true);
    expect(r2.guided.networks.length).toBe(12);
    expect(r2.guided.rounds.length).toBe(0);
    // A trainer cancelled part-way returns what it finished (not always a prefix: groups train by optimizer):
    // those are kept, with ids from their own hyperparameters, and the search stops.
    let m = 0;
    const partial: SearchTrainer = async (req) => {
      const recs = await f.train(req);
      return ++m === 3 ? recs.filter((_, j) => j % 2 === 1) : recs;
    };
    const r3 = await runSearch(CONFIG, partial, f.embed);
    expect(r3.cancelled).toBe(true);
    expect(r3.random.networks.length).toBe(14);
    for (const n of r3.random.networks.slice(12)) expect(n.id).toContain(`-${n.hp.activation}-`);
    expect(r3.random.bestSoFar.length).toBe(14);
  });

  it('searches from a population already trained (the app): nothing trained for round 0, its space spanned', async () => {
    const f = fakes();
    const base = (await runSearch({ ...CONFIG, rounds: 0 }, f.train, f.embed)).initial;
    expect(base.length).toBe(12);
    const space = populationSpace(base);
    for (const n of base) expect(inSpace(n.hp, space)).toBe(true);
    const g = fakes();
    const trained: string[] = [];
    const r = await runSearch({ ...CONFIG, space, initialNetworks: base, rounds: 1 }, g.train, g.embed, {
      onTrained: (arm, nets) => trained.push(`${arm}:${nets.length}`),
    });
    expect(g.calls.map((c) => c.arm)).toEqual(['guided', 'random']);
    expect(trained).toEqual(['guided:4', 'random:4']);
    expect(r.guided.networks.slice(0, 12)).toEqual(base);
    for (const n of r.random.networks.slice(12)) expect(inSpace(n.hp, space)).toBe(true);
    await expect(runSearch({ ...CONFIG, initialNetworks: base.slice(1) }, g.train, g.embed)).rejects.toThrow(/must equal/);
  });

  it('perturbation steps each ordered key one value of the space beyond the region, never outside the space', () => {
    const region: HyperParamSpace = { ...SPACE, depth: [1], width: [16], activation: ['tanh'], learningRate: [1e-3], seed: [9] };
    const p = perturbNumeric(region, SPACE);
    expect(p.depth).toEqual([1, 2]);
    expect(p.width).toEqual([8, 16, 32]);
    expect(p.learningRate).toEqual([1e-3, 1e-2]);
    expect(p.activation).toEqual(['tanh']);
    expect(p.seed).toEqual([9]);
    const top = perturbNumeric({ ...region, depth: [3], width: [32], learningRate: [1e-1] }, SPACE);
    expect(top.depth).toEqual([2, 3]);
    expect(top.width).toEqual([16, 32]);
    expect(top.learningRate).toEqual([1e-2, 1e-1]);
  });

  it('with perturb, guided proposals can leave the region (and stay in the space)', async () => {
    const plain = await runSearch({ ...CONFIG, rounds: 2 }, fakes().train, fakes().embed);
    const pert = await runSearch({ ...CONFIG, rounds: 2, perturb: true }, fakes().train, fakes().embed);
    for (const rep of pert.guided.rounds) for (const hp of rep.proposals) expect(inSpace(hp, SPACE)).toBe(true);
    const wider = (r: typeof plain) =>
      r.guided.rounds.reduce((n, rep) => n + rep.spec.depth.length + rep.spec.width.length + rep.spec.learningRate.length, 0);
    expect(wider(pert)).toBeGreaterThan(wider(plain));
  });

  it('an epochs setting applies to the proposals of both arms', async () => {
    const f = fakes();
    const r = await runSearch({ ...CONFIG, rounds: 2, epochs: 2 }, f.train, f.embed);
    for (const arm of [r.guided, r.random]) {
      expect(arm.networks.slice(0, 12).every((n) => n.hp.epochs === 5)).toBe(true);
      expect(arm.networks.slice(12).every((n) => n.hp.epochs === 2)).toBe(true);
    }
  });

  it('rejects a config that is not whole numbers', async () => {
    const f = fakes();
    await expect(runSearch({ ...CONFIG, perRound: 0 }, f.train, f.embed)).rejects.toThrow(/perRound must be a whole number/);
    await expect(runSearch({ ...CONFIG, initial: 2.5 }, f.train, f.embed)).rejects.toThrow(/initial/);
  });
});

describe('search settings', () => {
  it('accepts whole numbers in range and an empty epochs field, and says what is wrong otherwise', () => {
    expect(validateSearchSettings({ rounds: 3, perRound: 4, epochs: null, perturb: false })).toBeNull();
    expect(validateSearchSettings({ rounds: 1, perRound: 1, epochs: 2, perturb: false })).toBeNull();
    expect(validateSearchSettings({ rounds: 0, perRound: 4, epochs: null, perturb: false })).toMatch(
      /Rounds must be a whole number from 1 to 10/,
    );
    expect(validateSearchSettings({ rounds: 2, perRound: 2.5, epochs: null, perturb: false })).toMatch(/Networks per round/);
    expect(validateSearchSettings({ rounds: 2, perRound: 2, epochs: NaN, perturb: false })).toMatch(/Epochs must be/);
  });
});

describe('best-so-far curves', () => {
  it('are monotone, skip NaN (diverged), and the search curves are the running max of the arm', async () => {
    expect(Array.from(bestSoFar([NaN, 0.5, 0.4, NaN, 0.7, 0.6]))).toEqual([NaN, 0.5, 0.5, 0.5, 0.7, 0.7]);
    const r = await runSearch(CONFIG, fakes().train, fakes().embed);
    for (const arm of [r.guided, r.random]) {
      const c = arm.bestSoFar;
      for (let i = 1; i < c.length; i++) expect(c[i]).toBeGreaterThanOrEqual(c[i - 1]);
      const accs = arm.networks.map((n) => n.final.testAcc).filter(Number.isFinite);
      expect(c[c.length - 1]).toBe(Math.max(...accs));
    }
  });

  it('area, mean curve and the per-seed comparison', () => {
    expect(curveArea([0.5, 0.5, 1, 1])).toBeCloseTo(0.75, 12);
    expect(curveArea([NaN, 1])).toBeCloseTo(0.5, 12);
    expect(Array.from(meanCurve([Float64Array.from([0.2, 0.4]), Float64Array.from([0.4, NaN])]))).toEqual([0.30000000000000004, 0.4]);
    const c = compareArms([
      { guided: { final: 0.9, area: 0.8 }, random: { final: 0.8, area: 0.7 } },
      { guided: { final: 0.8, area: 0.7 }, random: { final: 0.8, area: 0.75 } },
      { guided: { final: 0.7, area: 0.6 }, random: { final: 0.8, area: 0.7 } },
    ]);
    expect([c.wins, c.ties, c.losses]).toEqual([1, 1, 1]);
    expect(c.meanFinalDiff).toBeCloseTo(0, 12);
    expect(c.meanAreaDiff).toBeCloseTo((0.1 - 0.05 - 0.1) / 3, 12);
    expect(c.signTestP).toBe(1);
    // Exact binomial tails: 8 of 8 → 2/256; 7 of 8 → 2·9/256; 4 of 7 → 1.
    expect(signTest(8, 0)).toBeCloseTo(2 / 256, 12);
    expect(signTest(1, 7)).toBeCloseTo(18 / 256, 12);
    expect(signTest(4, 3)).toBe(1);
  });
});

describe('top region', () => {
  it('uses the manifold: a lone high-accuracy network among poor neighbours ranks below a good neighbourhood', () => {
    const hp = record({
      architecture: 'mlp',
      widths: [8],
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 1e-2,
      batchSize: 32,
      epochs: 5,
      dropout: 0,
      l2: 0,
      init: 'glorot_uniform',
      seed: 1,
    }).hp;
    const accs = [0.95, 0.5, 0.5, 0.5, 0.88, 0.9, 0.89, 0.87];
    const nets = accs.map((a) => ({ ...record(hp), final: { epoch: 5, trainLoss: 0, trainAcc: a, testLoss: 0, testAcc: a } }));
    // Cluster A (0-3): one star among poor networks; cluster B (4-7): uniformly good.
    const coords = Float64Array.from([0, 0, 0.1, 0, 0, 0.1, 0.1, 0.1, 10, 10, 10.1, 10, 10, 10.1, 10.1, 10.1]);
    const m = topRegion(nets, coords, 2, { topFraction: 0.5, minSize: 1, k: 3 });
    expect(Array.from(m.mask)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    const a = topRegion(nets, coords, 2, { topFraction: 0.5, minSize: 1, rule: 'accuracy' });
    expect(a.mask[0]).toBe(1);
    // Networks outside the embedding (NaN rows) are never picked.
    const holes = coords.slice();
    holes[8] = holes[9] = NaN;
    expect(topRegion(nets, holes, 2, { topFraction: 0.5, minSize: 1, k: 3 }).mask[4]).toBe(0);
  });
});
