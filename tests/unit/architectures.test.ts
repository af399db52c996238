// CNN and attention families (issue 15): shapes of every hidden layer, seeded
// determinism, learning the digits above chance in a short run, tensors freed.
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import { trainNetwork } from '../../src/core/train/train-network';
import { trainPopulationBatched } from '../../src/core/train/batched';
import { diffusionDistanceMatrix, selectLayer } from '../../src/core/distance';
import { computeLayerProfile } from '../../src/core/features/network';
import { stackedLoss, weights } from '../../bench/cnn-stacked-step';
import { buildNetwork } from '../../src/core/train/network';
import { cnnShapes, conv2dSame } from '../../src/core/train/cnn';
import { hiddenLayerWidths, imageShape, sequenceShape } from '../../src/core/architecture';
import type { Dataset, HyperParams, NetworkRecord } from '../../src/core/types';

// A slice of the digits keeps a CPU run short (chance is 0.1; a few epochs reach well above).
function subset(ds: Dataset, nTrain: number, nTest: number): Dataset {
  const d = ds.inputDim;
  return {
    ...ds,
    xTrain: ds.xTrain.slice(0, nTrain * d),
    yTrain: ds.yTrain.slice(0, nTrain),
    xTest: ds.xTest.slice(0, nTest * d),
    yTest: ds.yTest.slice(0, nTest),
  };
}
const digits = subset(loadDataset({ name: 'digits', seed: 1 }), 500, 200);
const probe = makeProbeSet(digits, 60, 1);

const shared = {
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 3,
  dropout: 0,
  l2: 0,
  init: 'he_normal',
  seed: 5,
} as const;
const cnn: HyperParams = { architecture: 'cnn', widths: [32], cnn: { convDepth: 2, channels: 6, kernel: 3, pooling: 'max' }, ...shared };
const att: HyperParams = { architecture: 'attention', widths: [32], attention: { blocks: 1, embedDim: 16, heads: 2 }, ...shared };

// wasm: the CNN's im2col ops run several times faster than on the cpu backend (these tests must
// finish on a loaded 2-core machine); every op the models use has a wasm kernel.
beforeAll(async () => {
  setWasmPaths(path.resolve(__dirname, '../../node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
  expect(await tf.setBackend('wasm'), 'the wasm backend (node_modules/@tensorflow/tfjs-backend-wasm) must load').toBe(true);
});

describe('input shapes', () => {
  it('reads a flat row as an image or a token sequence', () => {
    expect(imageShape([8, 8, 1])).toEqual([8, 8, 1]);
    expect(imageShape([2])).toEqual([1, 2, 1]);
    expect(sequenceShape([8, 8, 1])).toEqual([8, 8]); // the digits as 8 tokens of 8 values (image rows)
    expect(sequenceShape([2, 13])).toEqual([2, 13]);
    expect(cnnShapes([8, 8, 1], cnn.cnn!)).toEqual({
      spatial: [
        [4, 4],
        [2, 2],
      ],
      flat: 2 * 2 * 6,
    });
    expect(cnnShapes([2], { ...cnn.cnn!, pooling: 'avg' }).spatial).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });
});

describe.each([
  ['cnn', cnn, [6, 6, 32]],
  ['attention', att, [16, 32]],
] as const)('%s', (_name, hp, widths) => {
  // One-epoch runs shared by the determinism and regularisation checks (each trained once).
  let oneEpoch: Promise<NetworkRecord> | undefined;
  const trainOneEpoch = () => (oneEpoch ??= trainNetwork(tf, digits, probe, { ...hp, epochs: 1 }));

  it('yields one n × width representation per hidden layer, logits n × classes', () => {
    expect(hiddenLayerWidths(hp)).toEqual(widths);
    const net = buildNetwork(tf, digits.inputDim, digits.inputShape, 10, hp);
    try {
      const { logits, hidden } = tf.tidy(() => {
        const out = net.forward(tf.tensor2d(probe.x, [probe.n, probe.inputDim]), { keepHidden: true });
        return { logits: tf.keep(out.logits), hidden: out.hidden.map((h) => tf.keep(h)) };
      });
      expect(logits.shape).toEqual([probe.n, 10]);
      expect(hidden.map((h) => h.shape)).toEqual(widths.map((w) => [probe.n, w]));
      tf.dispose([logits, ...hidden]);
    } finally {
      net.dispose();
    }
  });

  it('learns the digits above chance in 3 epochs, deterministically for a seed, freeing its tensors', async () => {
    const before = tf.memory().numTensors;
    const a = await trainNetwork(tf, digits, probe, hp);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.status).toBe('ok');
    expect(a.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
    expect(a.final.testAcc).toBeGreaterThan(0.5); // chance is 0.1
    expect(a.layers.map((l) => [l.layer, l.width, l.data.length])).toEqual(widths.map((w, l) => [l, w, probe.n * w]));
    expect(a.layers.every((l) => l.data.every(Number.isFinite))).toBe(true);
    // same seed → same metrics and activations; another seed → other activations
    const a1 = await trainOneEpoch();
    const b1 = await trainNetwork(tf, digits, probe, { ...hp, epochs: 1 });
    expect(b1.history).toEqual(a1.history);
    expect(b1.layers[b1.layers.length - 1].data).toEqual(a1.layers[a1.layers.length - 1].data);
    expect(a1.history[0]).toEqual(a.history[0]);
    const c = await trainNetwork(tf, digits, probe, { ...hp, seed: 6, epochs: 1 });
    expect(c.layers[0].data).not.toEqual(a1.layers[0].data);
  }, 300_000);

  it('applies dropout and L2 without breaking determinism', async () => {
    const reg = { ...hp, dropout: 0.2, l2: 1e-4, epochs: 1 };
    const a = await trainNetwork(tf, digits, probe, reg);
    const b = await trainNetwork(tf, digits, probe, reg);
    const plain = await trainOneEpoch();
    expect(a.history).toEqual(b.history);
    expect(a.history[1].trainLoss).not.toBe(plain.history[1].trainLoss);
  }, 300_000);
});

describe('conv2dSame', () => {
  it('equals tf.conv2d with same padding', () => {
    const x = tf.randomNormal([2, 5, 6, 3], 0, 1, 'float32', 1);
    const k = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 2);
    const a = conv2dSame(tf, x, k).arraySync() as number[][][][];
    const b = tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'same').arraySync() as number[][][][];
    const flatA = a.flat(3);
    const flatB = b.flat(3);
    expect(flatA.length).toBe(2 * 5 * 6 * 4);
    expect(Math.max(...flatA.map((v, i) => Math.abs(v - flatB[i])))).toBeLessThan(1e-4);
    tf.dispose([x, k]);
  });
});

describe('mixed populations', () => {
  it('the batched population trainer trains each family (a CNN group of one and attention one at a time), in input order', async () => {
    const moons = loadDataset({ name: 'moons', seed: 1, samples: 200 });
    const p = makeProbeSet(moons, 20, 1);
    const base = { ...shared, epochs: 2, batchSize: 50, learningRate: 0.05 };
    const hps: HyperParams[] = [
      { architecture: 'mlp', widths: [8], ...base, seed: 1 },
      { architecture: 'cnn', widths: [8], cnn: { convDepth: 1, channels: 4, kernel: 3, pooling: 'max' }, ...base, seed: 2 },
      { architecture: 'mlp', widths: [8], ...base, seed: 3 },
      { architecture: 'attention', widths: [8], attention: { blocks: 1, embedDim: 8, heads: 2 }, ...base, seed: 4 },
    ];
    const done: number[] = [];
    let lastProgress = 0;
    const recs = await trainPopulationBatched(tf, moons, p, hps, {
      onNetwork: (_r, i) => done.push(i),
      onProgress: (pr) => (lastProgress = pr.done / pr.total),
    });
    expect(recs.map((r) => r.hp.architecture)).toEqual(['mlp', 'cnn', 'mlp', 'attention']);
    expect(recs.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(recs.map((r) => r.layers.map((l) => l.width))).toEqual([[8], [4, 8], [8], [8, 8]]);
    expect([...done].sort()).toEqual([0, 1, 2, 3]);
    expect(lastProgress).toBe(1);
    // the CNN trained here is the one the sequential trainer gives
    const alone = await trainNetwork(tf, moons, p, hps[1], { index: 1 });
    expect(recs[1].history).toEqual(alone.history);
    // one manifold: the last hidden layer of every family, on the same probe set
    const D = diffusionDistanceMatrix(
      recs.map((r) => selectLayer(r, 'last')!),
      p.n,
    );
    expect(D.length).toBe(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (i !== j) expect(D[i * 4 + j]).toBeGreaterThan(0);
    // per-layer features for every layer of every family
    for (const r of recs) {
      const prof = computeLayerProfile(r, p);
      expect(prof.widths).toEqual(r.layers.map((l) => l.width));
      expect(Array.from(prof.features.effDim).every(Number.isFinite)).toBe(true);
    }
  }, 120_000);
});

describe('attention through the population trainer', () => {
  // The families bench once measured this path at 0.61–0.71× one at a time (loaded machine): it must be the
  // sequential trainer's work, network by network, plus only the one upload of the data (no per-network or
  // per-epoch extra kernels, no tensors left behind).
  it('runs the same kernels as trainNetwork one at a time, plus the data upload, and frees every tensor', async () => {
    const hps: HyperParams[] = [0, 1].map((i) => ({
      ...att,
      epochs: 2,
      attention: { blocks: 1, embedDim: 8, heads: 2 },
      widths: [8],
      seed: 20 + i,
    }));
    const small = subset(digits, 128, 64);
    const p = makeProbeSet(small, 16, 1);
    // tf.profile hands back one shared object each call: read its figures before the next one
    const profile = async (f: () => Promise<void>) => {
      const info = await tf.profile(f);
      return { kernels: info.kernels.length, newTensors: info.newTensors };
    };
    const alone: NetworkRecord[] = [];
    const seq = await profile(async () => {
      for (let i = 0; i < hps.length; i++) alone.push(await trainNetwork(tf, small, p, hps[i], { index: i }));
    });
    let recs: NetworkRecord[] = [];
    const pop = await profile(async () => {
      recs = await trainPopulationBatched(tf, small, p, hps);
    });
    expect(recs.map((r) => r.history)).toEqual(alone.map((r) => r.history));
    expect(recs.map((r) => r.layers)).toEqual(alone.map((r) => r.layers));
    expect(seq.newTensors).toBe(0);
    expect(pop.newTensors).toBe(0);
    expect(seq.kernels).toBeGreaterThan(1000);
    // uploadData's kernels only: two one-hot encodings and their casts to float
    const extra = pop.kernels - seq.kernels;
    expect(extra, `population trainer ${pop.kernels} kernels vs ${seq.kernels} one at a time`).toBeGreaterThanOrEqual(0);
    expect(extra, `population trainer ${pop.kernels} kernels vs ${seq.kernels} one at a time`).toBeLessThanOrEqual(8);
  }, 120_000);
});

describe('the stacked CNN step of the families bench', () => {
  it('computes the sum of the single networks’ losses (block structure is exact)', () => {
    const G = 3;
    const x = tf.randomNormal([5, 8, 8, 1], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([1, 2, 3, 4, 5], 'int32'), 10).toFloat();
    const w = weights(tf, G);
    const total = stackedLoss(tf, G, x, y, w).dataSync()[0];
    let sum = 0;
    for (let g = 0; g < G; g++) {
      const one = [tf.slice(w[0], [0, g * 8], [9, 8]), ...w.slice(1).map((t) => tf.slice(t, [g, 0, 0], [1, -1, -1]))];
      sum += stackedLoss(tf, 1, x, y, one).dataSync()[0];
    }
    expect(Math.abs(total - sum)).toBeLessThan(1e-4 * Math.abs(sum));
  });
});
