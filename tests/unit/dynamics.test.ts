// Training dynamics (issue 15 item 4): features at every checkpoint, the power-law fit and the
// population summary. The features themselves are checked against sklearn/scipy/gudhi fixtures in
// features*.test.ts; here: the dynamics reuse them exactly, and the fit and summary are right.
import { describe, expect, it } from 'vitest';
import { computeNetworkFeatures, fitPowerLaw, networkDynamics, nonlinearityPrepFor, summariseDynamics } from '../../src/core/features';
import { networkFeatureRecord, withFeatures } from '../../src/core/population-features';
import { decodePopulation, encodePopulation, populationToDocument, validatePopulationDocument } from '../../src/core/bundle';
import { mulberry32, randn } from '../../src/core/random';
import type { EpochMetrics, LayerActivations, NetworkRecord, Population, ProbeSet } from '../../src/core/types';

const n = 30;

function probeSet(): ProbeSet {
  const rng = mulberry32(7);
  return {
    seed: 1,
    n,
    inputDim: 2,
    indices: Int32Array.from({ length: n }, (_, i) => i),
    x: Float32Array.from({ length: n * 2 }, () => randn(rng)),
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
  };
}

function layersAt(rng: () => number, scale: number): LayerActivations[] {
  return [4, 6].map((w, l) => ({
    layer: l,
    width: w,
    data: Float32Array.from({ length: n * w }, () => Math.tanh(scale * randn(rng) + l)),
  }));
}

function network(epochs: number[], finalEpoch: number, seed = 1): NetworkRecord {
  const rng = mulberry32(seed);
  const history: EpochMetrics[] = Array.from({ length: finalEpoch + 1 }, (_, e) => ({
    epoch: e,
    trainLoss: 1 / (e + 1),
    trainAcc: e / (finalEpoch + 1),
    testLoss: 1.2 / (e + 1),
    testAcc: 0.3 + e / (2 * finalEpoch),
  }));
  return {
    id: `net${seed}`,
    hp: {
      architecture: 'mlp',
      widths: [4, 6],
      activation: 'tanh',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 8,
      epochs: finalEpoch,
      dropout: 0,
      l2: 0,
      init: 'glorot_uniform',
      seed,
    },
    status: 'ok',
    history,
    final: history[finalEpoch],
    layers: layersAt(rng, 2),
    checkpoints: epochs.map((epoch) => ({ epoch, layers: layersAt(rng, 0.5 + epoch / 4) })),
  };
}

describe('networkDynamics', () => {
  it('has one value per stored epoch, the final state appended, and equals the final-state features there', () => {
    const probe = probeSet();
    const net = network([0, 1, 2, 4], 8);
    const prep = nonlinearityPrepFor(probe);
    const d = networkDynamics(net, probe, { nonlinearity: prep })!;
    expect(d.epochs).toEqual([0, 1, 2, 4, 8]);
    const final = computeNetworkFeatures(net, probe, { nonlinearity: prep });
    for (const id of ['effDim', 'phDim', 'nonlinR1', 'nonlinSlope', 'silhouette', 'dse', 'testAcc', 'testLoss']) {
      expect(d.features[id], id).toHaveLength(5);
      expect(d.features[id][4], id).toBe(final[id]);
    }
    // Performance comes from the metrics of the same epoch.
    expect(d.features.testAcc).toEqual(d.epochs.map((e) => net.history[e].testAcc));
    // An earlier checkpoint is computed from its own activations, not the final ones.
    const early = computeNetworkFeatures({ ...net, layers: net.checkpoints![1].layers }, probe, { nonlinearity: prep });
    expect(d.features.effDim[1]).toBe(early.effDim);
  });

  it('uses a checkpoint at the final epoch instead of appending it twice', () => {
    const d = networkDynamics(network([0, 3, 6], 6), probeSet())!;
    expect(d.epochs).toEqual([0, 3, 6]);
    // Without prepared nonlinearity cells those features are left out, not filled with NaN.
    expect(d.features.nonlinR1).toBeUndefined();
  });

  it('is undefined for a network with a single stored epoch, and NaN where activations are not finite', () => {
    const probe = probeSet();
    expect(networkDynamics({ ...network([], 5), checkpoints: undefined }, probe)).toBeUndefined();
    const net = network([0, 2], 5);
    net.checkpoints![1].layers[1].data[3] = NaN;
    const d = networkDynamics(net, probe)!;
    expect(Number.isNaN(d.features.effDim[1])).toBe(true);
    expect(Number.isFinite(d.features.effDim[0])).toBe(true);
  });
});

describe('fitPowerLaw', () => {
  it('recovers the exponent and prefactor of an exact power law, ignoring epoch 0 and non-positive values', () => {
    const epochs = [0, 1, 2, 4, 8, 16, 32];
    const values = epochs.map((e) => (e === 0 ? 5 : 3 * e ** -0.7));
    values[3] = -1;
    const f = fitPowerLaw(epochs, values);
    expect(f.n).toBe(5);
    expect(f.exponent).toBeCloseTo(-0.7, 12);
    expect(f.prefactor).toBeCloseTo(3, 12);
    expect(f.r2).toBeCloseTo(1, 12);
    expect([f.from, f.to]).toEqual([1, 32]);
  });

  it('gives NaN below three usable points (two points always fit exactly)', () => {
    const f = fitPowerLaw([0, 8, 20], [1, 2, 3]);
    expect(f.n).toBe(2);
    expect(Number.isNaN(f.exponent)).toBe(true);
  });

  it('has R² below 1 when the points are not a power law', () => {
    expect(fitPowerLaw([1, 2, 3, 4, 5], [1, 5, 2, 6, 3]).r2).toBeLessThan(0.9);
  });
});

describe('summariseDynamics', () => {
  it('takes quartiles per epoch over the networks that stored it (linear interpolation)', () => {
    const rows = summariseDynamics(
      [
        { epochs: [0, 2], features: { effDim: [1, 10] } },
        { epochs: [0, 2, 4], features: { effDim: [2, 20, 7] } },
        { epochs: [0], features: { effDim: [3] } },
        { epochs: [0], features: { effDim: [4] } },
        undefined,
        { epochs: [2], features: { phDim: [1] } },
      ],
      'effDim',
    );
    expect(rows.map((r) => r.epoch)).toEqual([0, 2, 4]);
    expect(rows[0]).toEqual({ epoch: 0, count: 4, q25: 1.75, median: 2.5, q75: 3.25 });
    expect(rows[1]).toMatchObject({ count: 2, median: 15 });
    expect(rows[2]).toMatchObject({ count: 1, q25: 7, median: 7, q75: 7 });
  });
});

describe('dynamics in the population', () => {
  it('networkFeatureRecord and withFeatures carry dynamics, and a bundle keeps them', async () => {
    const probe = probeSet();
    const pop: Population = {
      id: 'p',
      name: 'p',
      probe,
      networks: [network([0, 1, 2, 4], 8, 1), network([0, 1, 2, 4], 8, 2), { ...network([], 8, 3), checkpoints: undefined }],
      provenance: {
        dataset: { name: 'spirals', seed: 1 },
        probe: { n, seed: 1 },
        metric: { name: 'diffusion' },
        phate: { knn: 2, decay: 40, t: 'auto', gamma: 1, nComponents: 2, solver: 'smacof', seed: 1 },
        generator: 'test',
        createdAt: new Date(0).toISOString(),
      },
    };
    expect(networkFeatureRecord(pop.networks[0], probe).dynamics?.epochs).toEqual([0, 1, 2, 4, 8]);
    const withF = withFeatures(pop);
    expect(withF.networks[0].dynamics?.features.effDim).toHaveLength(5);
    expect(withF.networks[2].dynamics).toBeUndefined();
    const back = await decodePopulation(await encodePopulation(withF));
    expect(back.networks[0].dynamics).toEqual(withF.networks[0].dynamics);
    expect(back.networks[2].dynamics).toBeUndefined();
  });

  it('a bundle whose dynamics disagree with their epochs is refused with the path to the bad field', () => {
    const pop = withFeatures({
      id: 'p',
      name: 'p',
      probe: probeSet(),
      networks: [network([0, 1, 2], 4, 1)],
      provenance: {
        dataset: { name: 'spirals', seed: 1 },
        probe: { n, seed: 1 },
        metric: { name: 'diffusion' },
        phate: { knn: 2, decay: 40, t: 'auto', gamma: 1, nComponents: 2, solver: 'smacof', seed: 1 },
        generator: 'test',
        createdAt: new Date(0).toISOString(),
      },
    });
    const doc = JSON.parse(JSON.stringify(populationToDocument(pop))) as {
      networks: { dynamics: { epochs: number[]; features: Record<string, unknown[]> } }[];
    };
    doc.networks[0].dynamics.features.effDim.pop();
    expect(() => validatePopulationDocument(doc)).toThrow(
      /networks\[0\]\.dynamics\.features\.effDim: expected 4 values \(one per epoch\), got 3/,
    );
    const doc2 = JSON.parse(JSON.stringify(populationToDocument(pop))) as typeof doc;
    doc2.networks[0].dynamics.epochs = [0, 2, 1, 4];
    expect(() => validatePopulationDocument(doc2)).toThrow(/dynamics\.epochs\[2\]: expected epochs in increasing order/);
  });
});

describe('networksLackingDynamics (app)', () => {
  it('lists networks with two or more distinct stored epochs and no dynamics', async () => {
    const { networksLackingDynamics } = await import('../../src/app/dynamics');
    const a = network([0, 2], 4, 1);
    const b = { ...network([0, 2], 4, 2), dynamics: { epochs: [0, 2, 4], features: {} } };
    const c = network([4], 4, 3); // its only checkpoint is the final epoch
    const d = { ...network([], 4, 4), checkpoints: undefined };
    const pop = { networks: [a, b, c, d] } as unknown as Population;
    expect(networksLackingDynamics(pop)).toEqual([0]);
  });
});
