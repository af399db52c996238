import { describe, expect, it } from 'vitest';
import { decodePopulation, encodePopulation } from '../../src/core/bundle';
import { embedPopulation } from '../../src/core/pipeline';
import { computeLayerProfile, computeNetworkFeatures } from '../../src/core/features';
import { withFeatures } from '../../src/core/population-features';
import { mulberry32, randn } from '../../src/core/random';
import type { NetworkRecord, Population, ProbeSet } from '../../src/core/types';

const n = 24;

function population(): Population {
  const rng = mulberry32(3);
  const probe: ProbeSet = {
    seed: 1,
    n,
    inputDim: 2,
    indices: Int32Array.from({ length: n }, (_, i) => i),
    x: Float32Array.from({ length: n * 2 }, () => randn(rng)),
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
  };
  const networks: NetworkRecord[] = Array.from({ length: 5 }, (_, i) => {
    const widths = [5, 4];
    const layers = widths.map((w, l) => ({
      layer: l,
      width: w,
      data: Float32Array.from({ length: n * w }, () => (i === 4 ? NaN : Math.tanh(randn(rng) + l))),
    }));
    const m = { epoch: 2, trainLoss: 0.5, trainAcc: 0.8, testLoss: 0.6, testAcc: 0.7 + i / 100 };
    return {
      id: `n${i}`,
      hp: {
        architecture: 'mlp',
        widths,
        activation: 'tanh',
        optimizer: 'sgd',
        learningRate: 0.1,
        batchSize: 8,
        epochs: 2,
        dropout: 0,
        l2: 0,
        init: 'glorot_uniform',
        seed: i,
      },
      status: i === 4 ? 'diverged' : 'ok',
      history: [m],
      final: m,
      layers,
    };
  });
  return {
    id: 'p',
    name: 'p',
    probe,
    networks,
    provenance: {
      dataset: { name: 'spirals', seed: 1 },
      probe: { n, seed: 1 },
      metric: { name: 'diffusion' },
      phate: { knn: 2, decay: 40, t: 'auto', gamma: 1, nComponents: 2, solver: 'smacof', seed: 1 },
      generator: 'test',
      createdAt: new Date(0).toISOString(),
    },
  };
}

describe('withFeatures', () => {
  it('adds the same features and depth profiles the features module computes, and a bundle keeps them (NaN included)', async () => {
    const pop = population();
    const emb = await embedPopulation(pop.networks, pop.probe, { phate: { knn: 2, nComponents: 2 } });
    const withF = withFeatures({ ...pop, distances: emb.distances, embedding: emb.embedding });
    const net = withF.networks[1];
    expect(net.features!.silhouette).toBe(computeNetworkFeatures(pop.networks[1], pop.probe).silhouette);
    expect(net.layerProfile!.layers).toEqual([0, 1]);
    expect(net.layerProfile!.features.effDim[1]).toBe(computeLayerProfile(pop.networks[1], pop.probe).features.effDim[1]);
    expect(Number.isNaN(withF.networks[4].features!.silhouette)).toBe(true);
    const back = decodePopulation(encodePopulation(withF));
    expect(back.networks[1].layerProfile).toEqual(net.layerProfile);
    expect(back.networks[1].features!.dse).toBe(net.features!.dse);
    expect(Number.isNaN(back.networks[4].layerProfile!.features.phDim[0])).toBe(true);
  });
});
