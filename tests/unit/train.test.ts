import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import { defaultSpace } from '../../src/core/population/spec';
import { defaultCheckpointEpochs, trainNetwork } from '../../src/core/train/train-network';
import { trainPopulation } from '../../src/core/train/train-population';
import type { HyperParams, PopulationSpec } from '../../src/core/types';

const ds = loadDataset({ name: 'moons', seed: 1, samples: 400 });
const probe = makeProbeSet(ds, 40, 1);
const hp: HyperParams = {
  architecture: 'mlp',
  widths: [16, 8],
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 0.02,
  batchSize: 16,
  epochs: 2,
  dropout: 0.1,
  l2: 1e-4,
  init: 'glorot_uniform',
  seed: 3,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainNetwork', () => {
  it('learns moons in 2 epochs, reports history and activations, frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const rec = await trainNetwork(tf, ds, probe, hp, { index: 4, onEpoch: (m) => seen.push(m.epoch) });
    expect(tf.memory().numTensors).toBe(before);
    expect(rec.status).toBe('ok');
    expect(rec.id).toBe('n004-relu-16-8-adam-lr2e-2');
    expect(seen).toEqual([0, 1, 2]);
    expect(rec.history.map((h) => h.epoch)).toEqual([0, 1, 2]);
    expect(rec.final).toEqual(rec.history[2]);
    expect(rec.final.testAcc).toBeGreaterThan(0.75); // chance is 0.5
    expect(rec.final.trainLoss).toBeLessThan(rec.history[0].trainLoss);
    expect(rec.layers.map((l) => [l.layer, l.width, l.data.length])).toEqual([
      [0, 16, 40 * 16],
      [1, 8, 40 * 8],
    ]);
    expect(rec.layers[0].data.every(Number.isFinite)).toBe(true);
    expect(rec.checkpoints!.map((c) => c.epoch)).toEqual([0, 1, 2]);
    expect(rec.checkpoints![2].layers[1].data).toEqual(rec.layers[1].data);
    expect(rec.trainSeconds).toBeGreaterThan(0);
  });

  it('is deterministic for the same hyperparameters and differs across seeds', async () => {
    const a = await trainNetwork(tf, ds, probe, hp);
    const b = await trainNetwork(tf, ds, probe, hp);
    const c = await trainNetwork(tf, ds, probe, { ...hp, seed: 4 });
    expect(b.layers[1].data).toEqual(a.layers[1].data);
    expect(b.history).toEqual(a.history);
    expect(c.layers[1].data).not.toEqual(a.layers[1].data);
  });

  it('reports divergence for sgd with lr 1e6', async () => {
    const before = tf.memory().numTensors;
    const rec = await trainNetwork(tf, ds, probe, { ...hp, optimizer: 'sgd', learningRate: 1e6, dropout: 0, epochs: 5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(rec.status).toBe('diverged');
    expect(rec.statusReason).toMatch(/loss (became|exploded)/);
    expect(rec.history.length).toBeLessThan(6);
    // keeps the last sane representation so that distances stay defined
    expect(rec.layers.length).toBe(2);
    expect(rec.layers[0].data.every(Number.isFinite)).toBe(true);
  });

  it('stops when cancelled', async () => {
    let epochs = 0;
    const rec = await trainNetwork(tf, ds, probe, { ...hp, epochs: 10 }, { onEpoch: () => epochs++, isCancelled: () => epochs >= 3 });
    expect(rec.status).toBe('cancelled');
    expect(rec.history.length).toBe(3);
  });

  it('default checkpoints are 0 and powers of two, plus the last epoch', () => {
    expect(defaultCheckpointEpochs(20)).toEqual([0, 1, 2, 4, 8, 16, 20]);
    expect(defaultCheckpointEpochs(8)).toEqual([0, 1, 2, 4, 8]);
  });
});

describe('trainPopulation', () => {
  const spec: PopulationSpec = {
    dataset: { name: 'xor', seed: 2, samples: 200 },
    space: {
      ...defaultSpace('xor'),
      depth: [1],
      width: [4, 8],
      activation: ['tanh'],
      optimizer: ['adam'],
      learningRate: [0.05],
      epochs: [1],
      seed: [1, 2],
    },
    sampling: 'grid',
    count: 10,
    seed: 1,
    probe: { n: 30, seed: 5 },
  };

  it('trains every network in order with progress', async () => {
    const progress: number[] = [];
    const got: number[] = [];
    const out = await trainPopulation(tf, spec, { onProgress: (p) => progress.push(p.done), onNetwork: (_r, i) => got.push(i) });
    expect(out.networks.length).toBe(4);
    expect(got).toEqual([0, 1, 2, 3]);
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(out.probe.n).toBe(30);
    expect(out.networks.map((n) => n.id)).toEqual([
      'n000-tanh-1x4-adam-lr5e-2',
      'n001-tanh-1x4-adam-lr5e-2',
      'n002-tanh-1x8-adam-lr5e-2',
      'n003-tanh-1x8-adam-lr5e-2',
    ]);
  });

  it('keeps finished networks on cancel', async () => {
    let n = 0;
    const out = await trainPopulation(tf, spec, { onNetwork: () => n++, isCancelled: () => n >= 2 });
    expect(out.networks.length).toBe(2);
  });
});
