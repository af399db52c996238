// The batched population trainer against (a) an independent tf.layers loop
// per network, given the same initial weights and batch order, and (b)
// itself with other group compositions (divergence masking, G = 1 vs G > 1).
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Dataset, HyperParams, NetworkRecord, OptimizerName, ProbeSet } from '../../src/core/types';
import { mulberry32, randn } from '../../src/core/random';
import { trainPopulationBatched } from '../../src/core/train/batched';
import { initialMlpWeights } from '../../src/core/train/batched-init';
import { NetworkStream } from '../../src/core/train/batched-batches';
import { trainNetwork } from '../../src/core/train/train-network';
import { batchGroupKey, groupForBatching } from '../../src/core/train/batched-groups';
import { StackedMlp } from '../../src/core/train/batched-mlp';
import { makeStackedOptimizer } from '../../src/core/train/batched-optimizer';
import { expectSameAsAlone, maxAbsDiff } from './batched-records';

const IN = 3;
const C = 3;

/** Three noisy Gaussian blobs in 3-D: small enough to train in milliseconds. */
function tinyDataset(nTrain: number, nTest: number, seed: number): Dataset {
  const rng = mulberry32(seed);
  const make = (n: number) => {
    const x = new Float32Array(n * IN);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % C;
      y[i] = c;
      for (let d = 0; d < IN; d++) x[i * IN + d] = (d === c ? 1.5 : 0) + 0.7 * randn(rng);
    }
    return { x, y };
  };
  const tr = make(nTrain);
  const te = make(nTest);
  return {
    spec: { name: 'blobs', seed },
    inputDim: IN,
    inputShape: [IN],
    numClasses: C,
    classNames: ['a', 'b', 'c'],
    xTrain: tr.x,
    yTrain: tr.y,
    xTest: te.x,
    yTest: te.y,
  };
}

function probeOf(ds: Dataset, n: number): ProbeSet {
  const indices = Int32Array.from({ length: n }, (_, i) => i);
  return {
    seed: 0,
    n,
    inputDim: ds.inputDim,
    indices,
    x: ds.xTest.slice(0, n * ds.inputDim),
    labels: ds.yTest.slice(0, n),
  };
}

const ds = tinyDataset(50, 30, 7); // 50 rows, batch 16: the last batch is partial
const probe = probeOf(ds, 12);

function hp(over: Partial<HyperParams>): HyperParams {
  return {
    architecture: 'mlp',
    widths: [6, 5],
    activation: 'tanh',
    optimizer: 'sgd',
    learningRate: 0.05,
    batchSize: 16,
    epochs: 2,
    dropout: 0,
    l2: 0,
    init: 'glorot_uniform',
    seed: 1,
    ...over,
  };
}

function tfOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
    case 'adam':
      return tf.train.adam(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
  }
}

/** Reference: one tf.layers model, same initial weights and batch order, trainOnBatch per step. */
async function referenceRun(h: HyperParams): Promise<{ hidden: Float32Array[]; testLoss: number; testAcc: number }> {
  const w0 = await initialMlpWeights(tf, h, IN, C);
  const input = tf.input({ shape: [IN] });
  let x: tf.SymbolicTensor = input;
  const hiddenOut: tf.SymbolicTensor[] = [];
  const reg = h.l2 > 0 ? tf.regularizers.l2({ l2: h.l2 }) : undefined;
  h.widths.forEach((w) => {
    x = tf.layers.dense({ units: w, activation: h.activation, kernelRegularizer: reg }).apply(x) as tf.SymbolicTensor;
    hiddenOut.push(x);
  });
  const out = tf.layers.dense({ units: C, activation: 'softmax', kernelRegularizer: reg }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.setWeights(w0.kernels.flatMap((k, l) => [tf.tensor2d(k, [w0.sizes[l], w0.sizes[l + 1]]), tf.tensor1d(w0.biases[l])]));
  const opt = tfOptimizer(h.optimizer, h.learningRate);
  model.compile({ optimizer: opt, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const n = ds.yTrain.length;
  const xAll = tf.tensor2d(ds.xTrain, [n, IN]);
  const yAll = tf.oneHot(tf.tensor1d(ds.yTrain, 'int32'), C).toFloat();
  const stream = new NetworkStream(h);
  for (let e = 1; e <= h.epochs; e++) {
    const order = stream.epochOrder(n);
    for (let s = 0; s < n; s += h.batchSize) {
      const idx = tf.tensor1d(order.slice(s, Math.min(n, s + h.batchSize)), 'int32');
      const xb = tf.gather(xAll, idx);
      const yb = tf.gather(yAll, idx);
      await model.trainOnBatch(xb, yb);
      tf.dispose([idx, xb, yb]);
    }
  }
  const hiddenModel = tf.model({ inputs: input, outputs: hiddenOut });
  const xp = tf.tensor2d(probe.x, [probe.n, IN]);
  const hs = hiddenModel.predict(xp) as tf.Tensor[];
  const hidden = hs.map((t) => t.dataSync() as Float32Array);
  const xt = tf.tensor2d(ds.xTest, [ds.yTest.length, IN]);
  const yt = tf.oneHot(tf.tensor1d(ds.yTest, 'int32'), C).toFloat();
  const p = model.predict(xt) as tf.Tensor;
  const testLoss = tf.losses.softmaxCrossEntropy(yt, tf.log(p)).dataSync()[0];
  const testAcc = tf.mean(tf.equal(tf.argMax(p, -1), tf.argMax(yt, -1)).toFloat()).dataSync()[0];
  tf.dispose([xAll, yAll, xp, ...hs, xt, yt, p]);
  model.dispose();
  opt.dispose();
  return { hidden, testLoss, testAcc };
}

function expectSameRecord(a: NetworkRecord, b: NetworkRecord): void {
  expect(a.status).toBe(b.status);
  expect(a.history).toEqual(b.history);
  expect(a.layers.length).toBe(b.layers.length);
  a.layers.forEach((l, i) => expect(Array.from(l.data)).toEqual(Array.from(b.layers[i].data)));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('groupForBatching', () => {
  it('groups by architecture and schedule, keeps per-network rates apart, splits large groups', () => {
    const hps = [hp({ seed: 1 }), hp({ widths: [4] }), hp({ learningRate: 0.3, l2: 0.01, init: 'he_normal' }), hp({ optimizer: 'adam' })];
    const groups = groupForBatching(hps);
    expect(groups.map((g) => g.indices)).toEqual([[0, 2], [1], [3]]);
    expect(batchGroupKey(hps[0])).toBe(batchGroupKey(hps[2]));
    expect(groupForBatching(hps, 1).map((g) => g.indices)).toEqual([[0], [2], [1], [3]]);
  });
});

describe('StackedMlp (one flat parameter vector)', () => {
  it('holds each network in its own slices: layer tensors, weightsOf and a frozen network under the optimiser', async () => {
    const hps = [hp({ widths: [4, 5], seed: 1 }), hp({ widths: [4, 5], seed: 2 }), hp({ widths: [4, 5], seed: 3 })];
    const w0 = await Promise.all(hps.map((h) => initialMlpWeights(tf, h, IN, C)));
    const before = tf.memory().numTensors;
    const model = new StackedMlp(tf, w0, 'relu');
    const layers = tf.tidy(() => model.layerTensors());
    expect(layers.map((t) => t.shape)).toEqual([
      [3, IN, 4],
      [3, 1, 4],
      [3, 4, 5],
      [3, 1, 5],
      [3, 5, C],
      [3, 1, C],
    ]);
    // network 1's first kernel is slice 1 of the stacked kernel
    const slice1 = tf.slice(layers[0], [1, 0, 0], [1, IN, 4]);
    expect(Array.from(slice1.dataSync())).toEqual(Array.from(w0[1].kernels[0]));
    tf.dispose([slice1, ...layers]);
    for (let g = 0; g < 3; g++) expect(await model.weightsOf(g)).toEqual(w0[g]);
    // an sgd step with network 1 frozen: 0 and 2 move by -lr * grad, 1 keeps its bytes
    const opt = makeStackedOptimizer(tf, 'sgd', [0.1, 0.1, 0.2], model.owner);
    const alive = tf.tensor1d([1, 0, 1], 'bool');
    const keep = opt.keepMask(alive);
    const grad = tf.onesLike(model.params);
    opt.step(model.params, grad, keep);
    tf.dispose([alive, grad]);
    const after = await Promise.all([0, 1, 2].map((g) => model.weightsOf(g)));
    expect(after[1]).toEqual(w0[1]);
    expect(after[0].kernels[2][3]).toBeCloseTo(w0[0].kernels[2][3] - 0.1, 6);
    expect(after[2].biases[1][0]).toBeCloseTo(w0[2].biases[1][0] - 0.2, 6);
    keep.dispose();
    opt.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('trainPopulationBatched', () => {
  for (const optimizer of ['sgd', 'momentum', 'adam', 'rmsprop'] as OptimizerName[]) {
    it(`matches an independent tf.layers loop per network (${optimizer})`, async () => {
      const lrs = optimizer === 'sgd' || optimizer === 'momentum' ? [0.05, 0.2, 0.01] : [0.01, 0.03, 0.002];
      const hps = [
        hp({ optimizer, learningRate: lrs[0], seed: 11 }),
        hp({ optimizer, learningRate: lrs[1], seed: 12, l2: 0.01, init: 'he_normal' }),
        hp({ optimizer, learningRate: lrs[2], seed: 13, init: 'lecun_normal' }),
      ];
      const recs = await trainPopulationBatched(tf, ds, probe, hps);
      expect(groupForBatching(hps)).toHaveLength(1);
      for (let g = 0; g < hps.length; g++) {
        const ref = await referenceRun(hps[g]);
        const rec = recs[g];
        expect(rec.status).toBe('ok');
        expect(rec.history.map((m) => m.epoch)).toEqual([0, 1, 2]);
        rec.layers.forEach((l, i) => {
          expect(l.width).toBe(hps[g].widths[i]);
          expect(maxAbsDiff(l.data, ref.hidden[i])).toBeLessThan(2e-5);
        });
        expect(Math.abs(rec.final.testLoss - ref.testLoss)).toBeLessThan(2e-5);
        expect(rec.final.testAcc).toBeCloseTo(ref.testAcc, 6);
        // training moved the network
        expect(
          maxAbsDiff(rec.layers[1].data, (await trainPopulationBatched(tf, ds, probe, [{ ...hps[g], epochs: 0 }]))[0].layers[1].data),
        ).toBeGreaterThan(1e-3);
      }
    });
  }

  it('agrees with the sequential trainer (trainNetwork) record for record, dropout, L2 and divergence included', async () => {
    const hps = [
      hp({ optimizer: 'adam', learningRate: 0.01, seed: 61, dropout: 0.25, l2: 0.001, activation: 'relu', epochs: 3 }),
      hp({ optimizer: 'adam', learningRate: 0.003, seed: 62, activation: 'relu', init: 'he_normal', epochs: 3 }),
      hp({ optimizer: 'adam', learningRate: 1e6, seed: 63, activation: 'relu', epochs: 3 }),
    ];
    const batched = await trainPopulationBatched(tf, ds, probe, hps, { checkpointEpochs: [0, 2] });
    for (let g = 0; g < hps.length; g++) {
      const seq = await trainNetwork(tf, ds, probe, hps[g], { checkpointEpochs: [0, 2], index: g });
      expectSameAsAlone(batched[g], seq);
    }
    expect(batched.map((r) => r.status)).toEqual(['ok', 'ok', 'diverged']);
  });

  it('gives each network exactly what it gets when trained alone (G = 1), dropout and all', async () => {
    const hps = [
      hp({ optimizer: 'adam', learningRate: 0.01, seed: 21, dropout: 0.3, activation: 'relu' }),
      hp({ optimizer: 'adam', learningRate: 0.02, seed: 22, dropout: 0, activation: 'relu', init: 'random_normal' }),
      hp({ optimizer: 'adam', learningRate: 0.005, seed: 23, dropout: 0.5, activation: 'relu', l2: 0.001 }),
    ];
    const together = await trainPopulationBatched(tf, ds, probe, hps);
    for (let g = 0; g < hps.length; g++) {
      const [alone] = await trainPopulationBatched(tf, ds, probe, [hps[g]]);
      expectSameRecord(together[g], alone);
    }
    // dropout is really applied: the same network without dropout ends elsewhere
    const [noDrop] = await trainPopulationBatched(tf, ds, probe, [{ ...hps[0], dropout: 0 }]);
    expect(maxAbsDiff(noDrop.layers[1].data, together[0].layers[1].data)).toBeGreaterThan(1e-4);
  });

  it('marks a diverging network and leaves the others bit-identical to a run without it', async () => {
    const base = { optimizer: 'sgd' as const, activation: 'relu' as const, epochs: 3 };
    const good1 = hp({ ...base, learningRate: 0.05, seed: 31 });
    const bad = hp({ ...base, learningRate: 1e12, seed: 32 });
    const good2 = hp({ ...base, learningRate: 0.1, seed: 33, l2: 0.01 });
    const withBad = await trainPopulationBatched(tf, ds, probe, [good1, bad, good2]);
    const without = await trainPopulationBatched(tf, ds, probe, [good1, good2]);
    expect(withBad[1].status).toBe('diverged');
    expect(withBad[1].statusReason).toMatch(/training loss (became|exploded)/);
    expect(withBad[1].final.trainLoss > 1e4 || !Number.isFinite(withBad[1].final.trainLoss)).toBe(true);
    expect(withBad[1].history.length).toBeLessThan(4);
    // it keeps its last sane activations (the untrained network's here)
    expect(withBad[1].layers.map((l) => l.width)).toEqual(bad.widths);
    expect(withBad[1].layers.every((l) => l.data.every(Number.isFinite))).toBe(true);
    expect(withBad[0].status).toBe('ok');
    expectSameRecord(withBad[0], without[0]);
    expectSameRecord(withBad[2], without[1]);
  });

  it('returns the tensor count to its baseline, keeps checkpoints and reports progress', async () => {
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const seen: number[] = [];
    const hps = [
      hp({ optimizer: 'momentum', seed: 41 }),
      hp({ optimizer: 'rmsprop', learningRate: 0.01, seed: 42, dropout: 0.2 }),
      hp({ widths: [4], seed: 43, optimizer: 'adam', learningRate: 0.01 }),
    ];
    const recs = await trainPopulationBatched(tf, ds, probe, hps, {
      checkpointEpochs: [0, 1],
      onProgress: (p) => progress.push(p.done),
      onNetwork: (_r, i) => seen.push(i),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen.sort()).toEqual([0, 1, 2]);
    expect(progress[progress.length - 1]).toBe(6);
    for (const r of recs) {
      expect(r.checkpoints?.map((c) => c.epoch)).toEqual([0, 1]);
      expect(r.checkpoints?.[0].layers[0].data.length).toBe(probe.n * r.hp.widths[0]);
      expect(r.layers).toHaveLength(r.hp.widths.length);
      expect(r.final.epoch).toBe(2);
    }
    // also after a divergence
    await trainPopulationBatched(tf, ds, probe, [hp({ learningRate: 1e12, activation: 'relu' })]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops on cancellation and marks unfinished networks cancelled', async () => {
    let calls = 0;
    const hps = [hp({ seed: 51, epochs: 5 }), hp({ seed: 52, epochs: 5 }), hp({ widths: [3], seed: 53 })];
    const before = tf.memory().numTensors;
    const recs = await trainPopulationBatched(tf, ds, probe, hps, { isCancelled: () => ++calls > 5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(recs.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(recs[0].history.map((m) => m.epoch)).toEqual([0, 1]); // 4 steps per epoch: cancelled in epoch 2
    expect(recs[2].history).toEqual([]);
  });

  it('runs the same code on the wasm backend and agrees with cpu', async () => {
    const hps = [
      hp({ optimizer: 'rmsprop', learningRate: 0.01, seed: 71, dropout: 0.2, l2: 0.001, activation: 'gelu' }),
      hp({ optimizer: 'rmsprop', learningRate: 0.003, seed: 72, activation: 'gelu', init: 'lecun_normal' }),
    ];
    const onCpu = await trainPopulationBatched(tf, ds, probe, hps);
    setWasmPaths(path.resolve(__dirname, '../../node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
    expect(await tf.setBackend('wasm')).toBe(true);
    try {
      const before = tf.memory().numTensors;
      const onWasm = await trainPopulationBatched(tf, ds, probe, hps);
      expect(tf.memory().numTensors).toBe(before);
      onWasm.forEach((r, g) => {
        expect(r.status).toBe('ok');
        r.layers.forEach((l, i) => expect(maxAbsDiff(l.data, onCpu[g].layers[i].data)).toBeLessThan(1e-4));
        expect(Math.abs(r.final.testLoss - onCpu[g].final.testLoss)).toBeLessThan(1e-4);
      });
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
