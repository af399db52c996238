// The new datasets end to end in Node on the wasm backend: an MLP learns modular addition well
// above chance on pairs it never saw, and an MNIST population spec trains, embeds, survives the
// bundle round trip, and its provenance regenerates the exact probe rows.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadDataset, MODADD_P, resolveDatasetSpec } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import { trainNetwork } from '../../src/core/train/train-network';
import { trainPopulation } from '../../src/core/train/train-population';
import { embedPopulation } from '../../src/core/pipeline';
import { decodePopulation, encodePopulation } from '../../src/core/bundle';
import { provideDatasetFromDisk } from '../../src/cli/dataset-files';
import type { Population, PopulationSpec } from '../../src/core/types';

beforeAll(async () => {
  setWasmPaths(path.resolve(__dirname, '../../node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
  expect(await tf.setBackend('wasm')).toBe(true);
  provideDatasetFromDisk('mnist');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('training on the new datasets', () => {
  it(`an MLP learns (a + b) mod ${MODADD_P} above chance on held-out pairs`, async () => {
    const ds = loadDataset({ name: 'modadd', seed: 1 });
    const probe = makeProbeSet(ds, 58, 1);
    const rec = await trainNetwork(tf, ds, probe, {
      architecture: 'mlp',
      widths: [64],
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 32,
      epochs: 40,
      dropout: 0,
      l2: 1e-3,
      init: 'glorot_uniform',
      seed: 1,
    });
    const chance = 1 / MODADD_P;
    console.log(
      `modadd: train acc ${rec.final.trainAcc.toFixed(3)}, test acc ${rec.final.testAcc.toFixed(3)} (chance ${chance.toFixed(3)})`,
    );
    expect(rec.status).toBe('ok');
    expect(rec.final.trainAcc).toBeGreaterThan(0.9);
    // Test pairs were never seen: above chance means the net found some of the modular structure.
    expect(rec.final.testAcc).toBeGreaterThan(3 * chance);
  });

  it('an MNIST population spec → trained networks → bundle → the same spec and probe rows', async () => {
    const spec: PopulationSpec = {
      dataset: { name: 'mnist', seed: 4, samples: 400 },
      space: {
        depth: [1],
        width: [8],
        activation: ['relu', 'tanh'],
        optimizer: ['adam'],
        learningRate: [0.01],
        batchSize: [32],
        epochs: [2],
        dropout: [0],
        l2: [0],
        init: ['glorot_uniform'],
        seed: [1, 2],
      },
      sampling: 'grid',
      count: 3,
      seed: 4,
      probe: { n: 40, seed: 4 },
    };
    const trained = await trainPopulation(tf, spec);
    expect(trained.networks.length).toBe(3);
    expect(trained.dataset.spec).toEqual(resolveDatasetSpec(spec.dataset));
    // Two epochs on 300 images: well above the 10 % of guessing.
    for (const n of trained.networks) expect(n.final.testAcc).toBeGreaterThan(0.3);
    const emb = await embedPopulation(trained.networks, trained.probe);
    const pop: Population = {
      id: 'mnist-test',
      name: 'MNIST test population',
      provenance: {
        dataset: trained.dataset.spec,
        probe: spec.probe,
        metric: { name: 'diffusion', ...emb.metric },
        phate: emb.phate,
        generator: 'netmanifold unit test',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
      probe: trained.probe,
      networks: trained.networks,
      distances: emb.distances,
      embedding: emb.embedding,
    };
    const back = decodePopulation(encodePopulation(pop));
    expect(back.provenance.dataset).toEqual({ name: 'mnist', seed: 4, samples: 400, testFraction: 0.25 });
    expect(back.probe.inputDim).toBe(784);
    expect(back.networks.map((n) => n.id)).toEqual(pop.networks.map((n) => n.id));
    // Provenance alone regenerates the probe rows (the reproducibility promise).
    const again = makeProbeSet(loadDataset(back.provenance.dataset), back.provenance.probe.n, back.provenance.probe.seed);
    expect(Array.from(again.indices)).toEqual(Array.from(back.probe.indices));
    expect(Array.from(again.labels)).toEqual(Array.from(back.probe.labels));
    let worst = 0;
    for (let i = 0; i < again.x.length; i++) worst = Math.max(worst, Math.abs(again.x[i] - back.probe.x[i]));
    expect(worst).toBeLessThan(1e-6);
  });
});
