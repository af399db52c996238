// "Train more like these": the subspace of a selected region (values present
// among the selected ok networks, learning rate as a log range, fresh seeds),
// the builder it opens in add mode, and bundles that hold sampled networks.
import { describe, expect, it } from 'vitest';
import { freshSeeds, learningRateSteps, sampleRegion } from '../../src/core/explore/sample-region';
import { addModeBuilder, builderSpace, builderSpec, initialBuilder, validateBuilder } from '../../src/state/training';
import { expandPopulation } from '../../src/core/population/spec';
import { buildNetworkTable } from '../../src/core/explore/table';
import { encodePopulation, decodePopulation } from '../../src/core/bundle';
import type { HyperParams, NetworkRecord, NetworkStatus, Population } from '../../src/core/types';

const BASE: HyperParams = {
  architecture: 'mlp',
  widths: [16],
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 1e-2,
  batchSize: 32,
  epochs: 10,
  dropout: 0,
  l2: 0,
  init: 'glorot_uniform',
  seed: 1,
};

function net(id: string, hp: Partial<HyperParams>, status: NetworkStatus = 'ok', acc = 0.9): NetworkRecord {
  const final = { epoch: 10, trainLoss: 0.3, trainAcc: acc, testLoss: 0.3, testAcc: status === 'ok' ? acc : NaN };
  return { id, hp: { ...BASE, ...hp }, status, history: [final], final, layers: [] };
}

// Six networks: 0-2 form the "good region", 3 is diverged inside it, 4-5 are elsewhere.
const NETS: NetworkRecord[] = [
  net('a', { widths: [16, 16], activation: 'tanh', learningRate: 1e-3, seed: 1 }),
  net('b', { widths: [32], activation: 'relu', optimizer: 'sgd', learningRate: 1e-1, batchSize: 64, seed: 3 }),
  net('c', { widths: [8, 64], activation: 'tanh', learningRate: 1e-2, dropout: 0.1, l2: 1e-4, init: 'he_normal', seed: 4 }),
  net('d', { widths: [128], activation: 'gelu', optimizer: 'rmsprop', learningRate: 3, epochs: 50, seed: 2 }, 'diverged'),
  net('e', { widths: [4, 4, 4], activation: 'sigmoid', optimizer: 'momentum', learningRate: 1e-4, seed: 5 }),
  net('f', { widths: [4], activation: 'linear', learningRate: 1, seed: 7 }),
];
const MASK = Uint8Array.from([1, 1, 1, 1, 0, 0]);

describe('sampleRegion', () => {
  it('lists the values present among the selected ok networks, sorted', () => {
    const r = sampleRegion(NETS, MASK);
    expect(r.selected).toBe(3);
    expect(r.ignored).toBe(1);
    expect(r.space.depth).toEqual([1, 2]);
    expect(r.space.width).toEqual([8, 16, 32, 64]);
    expect(r.space.activation).toEqual(['relu', 'tanh']);
    expect(r.space.optimizer).toEqual(['adam', 'sgd']);
    expect(r.space.batchSize).toEqual([32, 64]);
    expect(r.space.epochs).toEqual([10]);
    expect(r.space.dropout).toEqual([0, 0.1]);
    expect(r.space.l2).toEqual([0, 1e-4]);
    expect(r.space.init).toEqual(['glorot_uniform', 'he_normal']);
  });

  it('ignores diverged networks (their rate, width, activation, optimizer, epochs)', () => {
    const r = sampleRegion(NETS, MASK);
    expect(r.space.activation).not.toContain('gelu');
    expect(r.space.optimizer).not.toContain('rmsprop');
    expect(r.space.width).not.toContain(128);
    expect(r.space.epochs).not.toContain(50);
    expect(r.learningRate.hi).toBeLessThan(3);
  });

  it('gives the learning rate as a log range over the selection; a single value stays single', () => {
    const r = sampleRegion(NETS, MASK);
    expect(r.learningRate).toEqual({ lo: 1e-3, hi: 1e-1 });
    expect(r.space.learningRate).toEqual([1e-3, 1e-2, 1e-1]);
    expect(learningRateSteps(1e-3, 1e-1)).toBe(3);
    const one = sampleRegion(NETS, Uint8Array.from([0, 0, 1, 0, 0, 0]));
    expect(one.learningRate).toEqual({ lo: 1e-2, hi: 1e-2 });
    expect(learningRateSteps(1e-2, 1e-2)).toBe(1);
    expect(learningRateSteps(1e-4, 3)).toBe(6);
    expect(learningRateSteps(1e-6, 1e6)).toBe(7);
    expect(learningRateSteps(0.01, 0.03)).toBe(2);
  });

  it('offers seeds that no network of the population uses yet (diverged and unselected ones included)', () => {
    const r = sampleRegion(NETS, MASK, { seeds: 4 });
    // Used: 1, 3, 4, 2 (diverged), 5, 7 (unselected).
    expect(r.space.seed).toEqual([6, 8, 9, 10]);
    expect(freshSeeds([], 3)).toEqual([1, 2, 3]);
    expect(freshSeeds([2, 2, 5], 3)).toEqual([1, 3, 4]);
    expect(sampleRegion(NETS, MASK).space.seed).toHaveLength(8);
  });

  it('refuses an empty selection, a mask of the wrong length, and a selection of diverged networks only', () => {
    expect(() => sampleRegion(NETS, new Uint8Array(6))).toThrow(/No networks are selected/);
    expect(() => sampleRegion(NETS, new Uint8Array(5))).toThrow(/mask has 5 entries for 6 networks/);
    expect(() => sampleRegion(NETS, Uint8Array.from([0, 0, 0, 1, 0, 0]))).toThrow(
      /None of the 1 selected networks trained without diverging/,
    );
  });
});

function population(networks: NetworkRecord[]): Population {
  const n = 4;
  return {
    id: 'pop-1',
    name: 'test population',
    provenance: {
      dataset: { name: 'moons', seed: 11, samples: 200, noise: 0.1, testFraction: 0.25 },
      probe: { n: 8, seed: 11 },
      metric: { name: 'diffusion' },
      phate: { knn: 5, decay: 40, t: 'auto', gamma: 1, nComponents: 3, solver: 'smacof', seed: 42 },
      generator: 'test',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    probe: {
      seed: 11,
      n,
      inputDim: 2,
      indices: Int32Array.from([0, 1, 2, 3]),
      x: new Float32Array(n * 2).map((_, i) => i / 10),
      labels: Int32Array.from([0, 1, 0, 1]),
    },
    networks,
  };
}

describe('add-mode builder', () => {
  it('opens on the region: its values, the LR range, fresh seeds, random sampling, 8 networks, the population dataset and probe', () => {
    const pop = population(NETS);
    const r = sampleRegion(NETS, MASK);
    const b = addModeBuilder(initialBuilder('digits'), pop, r);
    expect(validateBuilder(b)).toBeNull();
    expect(b.sampling).toBe('random');
    expect(b.count).toBe(8);
    expect(b.dataset).toBe('moons');
    expect(b.lr).toEqual({ lo: 1e-3, hi: 1e-1, steps: 3 });
    expect(b.add?.populationId).toBe('pop-1');
    const space = builderSpace(b);
    expect(space.activation).toEqual(['relu', 'tanh']);
    expect(space.learningRate).toEqual([1e-3, 1e-2, 1e-1]);
    const used = new Set(NETS.map((n) => n.hp.seed));
    expect(space.seed.length).toBe(b.seeds);
    for (const s of space.seed) expect(used.has(s)).toBe(false);
    const spec = builderSpec(b, 99);
    expect(spec.dataset).toEqual(pop.provenance.dataset);
    expect(spec.probe).toEqual({ n: pop.probe.n, seed: pop.probe.seed });
    const hps = expandPopulation(spec);
    expect(hps).toHaveLength(8);
    for (const hp of hps) {
      expect(r.space.depth).toContain(hp.widths.length);
      for (const w of hp.widths) expect(r.space.width).toContain(w);
      expect(r.space.activation).toContain(hp.activation);
      expect(r.space.optimizer).toContain(hp.optimizer);
      expect(hp.learningRate).toBeGreaterThanOrEqual(r.learningRate.lo);
      expect(hp.learningRate).toBeLessThanOrEqual(r.learningRate.hi);
      expect(used.has(hp.seed)).toBe(false);
    }
    // Changing the seed count keeps the seeds fresh.
    expect(builderSpace({ ...b, seeds: 3 }).seed).toEqual([6, 8, 9]);
  });

  it('a single selected rate is one value', () => {
    const b = addModeBuilder(initialBuilder('moons'), population(NETS), sampleRegion(NETS, Uint8Array.from([0, 0, 1, 0, 0, 0])));
    expect(b.lr).toEqual({ lo: 1e-2, hi: 1e-2, steps: 1 });
    expect(builderSpace(b).learningRate).toEqual([1e-2]);
  });

  it('sampled networks show as their own origin and survive a bundle round trip', () => {
    const nets = [...NETS, { ...net('g', { seed: 6 }), origin: 'sampled' as const }];
    const table = buildNetworkTable(population(nets));
    const origin = table.byId.get('origin');
    expect(origin?.dictionary).toEqual(['trained', 'sampled']);
    const pop = population(
      nets.map((n) => ({ ...n, layers: n.hp.widths.map((w, layer) => ({ layer, width: w, data: new Float32Array(4 * w) })) })),
    );
    const back = decodePopulation(encodePopulation(pop));
    expect(back.networks[6].origin).toBe('sampled');
  });
});
