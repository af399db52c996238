// The stacked CNN trainer (batched-cnn.ts through trainPopulationBatched)
// against the sequential trainer (trainNetwork, cnn.ts), network by network:
// same seeds, so the same initial weights, batch order and dropout masks.
// The two compute the same sums in a different grouping (a batched product
// per group vs one 2-D product per network, a [G]-vector loss vs a scalar),
// so float32 results agree to rounding, not bit for bit: the tolerance is
// 1e-5 relative on losses and 2e-5 absolute on activations after 3 epochs,
// the bound the MLP trainer's test uses; an error in the stacked layout
// (a wrong kernel order, patch order, pooling or mask) moves them by 1e-2 or
// more (checked below by training without dropout).
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { CnnParams, Dataset, HyperParams, NetworkRecord, ProbeSet } from '../../src/core/types';
import { mulberry32, randn } from '../../src/core/random';
import { trainPopulationBatched } from '../../src/core/train/batched';
import { StackedCnn, initialCnnWeights } from '../../src/core/train/batched-cnn';
import { trainNetwork } from '../../src/core/train/train-network';
import { batchGroupKey } from '../../src/core/train/batched-groups';
import { expectSameAsAlone as expectSame, maxAbsDiff } from './batched-records';

const H = 6;
const W = 6;
const C = 3;

/** 6×6 one-channel images: class c is a bright bar in row band c, plus noise. */
function imageDataset(nTrain: number, nTest: number, seed: number): Dataset {
  const rng = mulberry32(seed);
  const dim = H * W;
  const make = (n: number) => {
    const x = new Float32Array(n * dim);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % C;
      y[i] = c;
      for (let r = 0; r < H; r++) for (let q = 0; q < W; q++) x[i * dim + r * W + q] = (Math.floor(r / 2) === c ? 1 : 0) + 0.5 * randn(rng);
    }
    return { x, y };
  };
  const tr = make(nTrain);
  const te = make(nTest);
  return {
    spec: { name: 'blobs', seed }, // a stand-in spec: the rows are the 6×6 bars
    inputDim: dim,
    inputShape: [H, W, 1],
    numClasses: C,
    classNames: ['a', 'b', 'c'],
    xTrain: tr.x,
    yTrain: tr.y,
    xTest: te.x,
    yTest: te.y,
  };
}

const ds = imageDataset(40, 24, 5); // 40 rows, batch 16: the last batch is partial
const probe: ProbeSet = {
  seed: 0,
  n: 10,
  inputDim: ds.inputDim,
  indices: Int32Array.from({ length: 10 }, (_, i) => i),
  x: ds.xTest.slice(0, 10 * ds.inputDim),
  labels: ds.yTest.slice(0, 10),
};

function cnnHp(cnn: Partial<CnnParams>, over: Partial<HyperParams>): HyperParams {
  return {
    architecture: 'cnn',
    widths: [7],
    cnn: { convDepth: 2, channels: 3, kernel: 3, pooling: 'max', ...cnn },
    activation: 'relu',
    optimizer: 'adam',
    learningRate: 0.01,
    batchSize: 16,
    epochs: 3,
    dropout: 0,
    l2: 0,
    init: 'he_normal',
    seed: 1,
    ...over,
  };
}

// a blown-up loss (the diverging network after epoch 0) is chaotic: rounding differences grow
// with it, so only its being blown up is compared
const expectSameAsAlone = (rec: NetworkRecord, seq: NetworkRecord) => expectSame(rec, seq, { blownUpAbove: 1e4 });

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('StackedCnn', () => {
  it('starts each network from the sequential builder weights, in its own slices', async () => {
    const hps = [cnnHp({}, { seed: 3 }), cnnHp({}, { seed: 4, init: 'glorot_uniform' })];
    const model = await StackedCnn.create(tf, hps, ds.inputShape!, C);
    for (let g = 0; g < 2; g++) {
      const mine = await model.weightsOf(g);
      const alone = await initialCnnWeights(tf, hps[g], ds.inputShape!, C);
      expect(mine.map((a) => Array.from(a))).toEqual(alone.map((a) => Array.from(a)));
    }
    expect(model.hiddenWidths).toEqual([3, 3, 7]);
    expect(model.dropoutWidths).toEqual([3 * 3 * 3, 1 * 1 * 3, 7]);
    model.dispose();
  });
});

describe('trainPopulationBatched on CNN groups (stacked)', () => {
  for (const pooling of ['max', 'avg', 'none'] as const) {
    it(`gives each network the sequential trainer's record (${pooling} pooling, dropout, L2, a diverging network)`, async () => {
      const hps = [
        cnnHp({ pooling }, { seed: 61, dropout: 0.25, l2: 0.001 }),
        cnnHp({ pooling }, { seed: 62, learningRate: 0.003, init: 'glorot_uniform' }),
        cnnHp({ pooling }, { seed: 63, learningRate: 1e6 }),
      ];
      expect(new Set(hps.map(batchGroupKey)).size).toBe(1);
      const batched = await trainPopulationBatched(tf, ds, probe, hps, { checkpointEpochs: [0, 2] });
      for (let g = 0; g < hps.length; g++) {
        const seq = await trainNetwork(tf, ds, probe, hps[g], { checkpointEpochs: [0, 2], index: g });
        expectSameAsAlone(batched[g], seq);
      }
      expect(batched.map((r) => r.status)).toEqual(['ok', 'ok', 'diverged']);
      // the tolerance is far below what a changed network moves: network 0 without its dropout
      const noDrop = await trainNetwork(tf, ds, probe, { ...hps[0], dropout: 0 }, { index: 0 });
      expect(Math.abs(noDrop.final.trainLoss - batched[0].final.trainLoss)).toBeGreaterThan(1e-3);
    });
  }

  it('reads 28×28 images (the MNIST shape) as the sequential trainer does', async () => {
    const side = 28;
    const rng = mulberry32(9);
    const rows = (n: number) => Float32Array.from({ length: n * side * side }, () => Math.max(0, randn(rng)));
    const labels = (n: number) => Int32Array.from({ length: n }, (_, i) => i % C);
    const big: Dataset = {
      ...ds,
      inputDim: side * side,
      inputShape: [side, side, 1],
      xTrain: rows(20),
      yTrain: labels(20),
      xTest: rows(8),
      yTest: labels(8),
    };
    const bigProbe: ProbeSet = {
      ...probe,
      n: 4,
      inputDim: side * side,
      indices: Int32Array.from([0, 1, 2, 3]),
      x: big.xTest.slice(0, 4 * side * side),
      labels: big.yTest.slice(0, 4),
    };
    const hps = [
      cnnHp({ channels: 2 }, { seed: 91, epochs: 2, batchSize: 8, dropout: 0.2 }),
      cnnHp({ channels: 2 }, { seed: 92, epochs: 2, batchSize: 8 }),
    ];
    const batched = await trainPopulationBatched(tf, big, bigProbe, hps);
    for (let g = 0; g < hps.length; g++) expectSameAsAlone(batched[g], await trainNetwork(tf, big, bigProbe, hps[g], { index: g }));
    const model = await StackedCnn.create(tf, hps, [side, side, 1], C);
    expect(model.dropoutWidths).toEqual([14 * 14 * 2, 7 * 7 * 2, 7]);
    model.dispose();
  });

  it('trains a population of mixed families end to end, records in input order', async () => {
    const base = { optimizer: 'adam' as const, learningRate: 0.01, batchSize: 16, epochs: 2 };
    const hps: HyperParams[] = [
      cnnHp({}, { ...base, seed: 1 }),
      { ...cnnHp({}, base), architecture: 'mlp', widths: [8], seed: 2 },
      cnnHp({ pooling: 'avg' }, { ...base, seed: 3 }),
      { ...cnnHp({}, base), architecture: 'attention', cnn: undefined, attention: { blocks: 1, embedDim: 4, heads: 2 }, seed: 4 },
      cnnHp({}, { ...base, seed: 5 }),
      { ...cnnHp({}, base), architecture: 'mlp', widths: [8], seed: 6 },
    ];
    const before = tf.memory().numTensors;
    const done: number[] = [];
    const recs = await trainPopulationBatched(tf, ds, probe, hps, { onNetwork: (_, i) => done.push(i) });
    expect(tf.memory().numTensors).toBe(before);
    expect(done.slice().sort()).toEqual([0, 1, 2, 3, 4, 5]);
    recs.forEach((r, i) => {
      expect(r.hp).toBe(hps[i]);
      expect(r.status).toBe('ok');
      expect(r.history.length).toBe(3);
      expect(r.final.testAcc).toBeGreaterThan(0);
    });
    expect(recs[0].layers.map((l) => l.width)).toEqual([3, 3, 7]);
    // the stacked CNN group (0, 4) matches the sequential trainer too
    const seq4 = await trainNetwork(tf, ds, probe, hps[4], { index: 4 });
    expectSameAsAlone(recs[4], seq4);
  });

  it('on the wasm backend (its depthwise stacked matmul) agrees with the sequential trainer there', async () => {
    const hps = [
      cnnHp({}, { seed: 81, dropout: 0.2, l2: 0.001, optimizer: 'rmsprop' }),
      cnnHp({}, { seed: 82, learningRate: 0.003, optimizer: 'rmsprop' }),
    ];
    setWasmPaths(path.resolve(__dirname, '../../node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
    expect(await tf.setBackend('wasm')).toBe(true);
    try {
      const before = tf.memory().numTensors;
      const batched = await trainPopulationBatched(tf, ds, probe, hps);
      expect(tf.memory().numTensors).toBe(before);
      for (let g = 0; g < hps.length; g++) {
        const seq = await trainNetwork(tf, ds, probe, hps[g], { index: g });
        expect(batched[g].status).toBe('ok');
        // XNNPACK's grouped GEMM sums in another order than its 2-D GEMM: 1e-4 after 3 epochs
        batched[g].history.forEach((m, e) => expect(Math.abs(m.trainLoss - seq.history[e].trainLoss)).toBeLessThan(1e-4));
        batched[g].layers.forEach((l, i) => expect(maxAbsDiff(l.data, seq.layers[i].data)).toBeLessThan(1e-4));
      }
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
