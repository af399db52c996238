import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import { TfjsImportError, importTfjsModel, planTfjsModel } from '../../src/core/import/tfjs-model';
import { shownHyperParam } from '../../src/core/import/hyperparameter-names';
import { populationToDocument, validatePopulationDocument } from '../../src/core/bundle';
import type { Dataset, Population } from '../../src/core/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Save through the in-memory IO handler and load back, as the app does with files or a URL. */
async function roundTrip(model: tf.LayersModel, includeOptimizer = false): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer },
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

/** Plain float64 forward pass of a dense stack from its weights (the reference for hidden activations). */
function denseForward(
  x: Float32Array,
  n: number,
  weights: Float32Array[],
  shapes: number[][],
  acts: ((v: number) => number)[],
): Float64Array[] {
  const out: Float64Array[] = [];
  let h = Float64Array.from(x);
  let din = shapes[0][0];
  for (let l = 0; l < acts.length; l++) {
    const W = weights[2 * l];
    const b = weights[2 * l + 1];
    const dout = shapes[2 * l][1];
    const next = new Float64Array(n * dout);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < dout; j++) {
        let s = b[j];
        for (let k = 0; k < din; k++) s += h[i * din + k] * W[k * dout + j];
        next[i * dout + j] = acts[l](s);
      }
    out.push(next);
    h = next;
    din = dout;
  }
  return out;
}

describe('TF.js model import', () => {
  let moons: Dataset;
  beforeAll(() => {
    moons = loadDataset({ name: 'moons', seed: 3 });
  });

  it('imports a dense classifier: activations match a hand forward pass, metrics match predictions', async () => {
    const m = tf.sequential({ name: 'mlp_a' });
    m.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }));
    m.add(tf.layers.dense({ units: 6, activation: 'tanh' }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    m.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
    const loaded = await roundTrip(m, true);
    const probe = makeProbeSet(moons, 40, 1);
    const { network, plan, warnings } = await importTfjsModel(tf, loaded, moons, probe);
    expect(plan.architecture).toBe('Dense(8, relu) → Dense(6, tanh) → Dense(2, softmax)');
    expect(plan.outputsProbabilities).toBe(true);
    expect(network.origin).toBe('imported-tfjs');
    expect(network.id).toBe('tfjs-mlp_a');
    expect(network.hp.widths).toEqual([8, 6]);
    expect(network.hp.activation).toBe('relu');
    expect(network.extraHyperParams?.activations).toBe('relu,tanh');
    // The training config saved with a compiled model gives the optimizer and learning rate.
    expect(network.hp.optimizer).toBe('sgd');
    expect(network.hp.learningRate).toBeCloseTo(0.05, 8);
    expect(network.extraHyperParams?.defaulted).not.toContain('optimizer');
    expect(network.extraHyperParams?.defaulted).toContain('epochs');
    // Labelled with the split its accuracy was measured on (issue 14), and unrecorded fields show as missing.
    expect(network.extraHyperParams?.accuracySplit).toBe(
      `Netmanifold's moons test split (seed ${moons.spec.seed}, ${moons.yTest.length} examples)`,
    );
    expect(shownHyperParam(network, 'epochs')).toBeNull();
    expect(shownHyperParam(network, 'optimizer')).toBe('sgd');
    expect(warnings).toEqual([]);

    const weights = loaded.getWeights();
    const ref = denseForward(
      probe.x,
      probe.n,
      weights.map((w) => w.dataSync() as Float32Array),
      weights.map((w) => w.shape),
      [(v) => Math.max(0, v), Math.tanh],
    );
    network.layers.forEach((l, i) => {
      expect(l.data.length).toBe(probe.n * l.width);
      l.data.forEach((v, k) => expect(Math.abs(v - ref[i][k])).toBeLessThan(1e-5));
    });

    const probs = loaded.predict(tf.tensor2d(moons.xTest, [moons.yTest.length, 2])) as tf.Tensor2D;
    const p = probs.arraySync();
    let correct = 0;
    let nll = 0;
    p.forEach((row, i) => {
      if ((row[1] > row[0] ? 1 : 0) === moons.yTest[i]) correct++;
      nll -= Math.log(Math.max(row[moons.yTest[i]], 1e-7));
    });
    probs.dispose();
    expect(network.final.testAcc).toBeCloseTo(correct / p.length, 5);
    expect(network.final.testLoss).toBeCloseTo(nll / p.length, 4);
    expect(network.final.trainAcc).toBeGreaterThanOrEqual(0);

    // The original model still works (the multi-output wrapper did not dispose shared weights).
    const again = loaded.predict(tf.tensor2d([0, 0], [1, 2])) as tf.Tensor;
    expect(Array.from(again.dataSync()).every(Number.isFinite)).toBe(true);
    again.dispose();

    // It fits into a population and passes the bundle validator.
    const pop: Population = {
      id: 'p',
      name: 'p',
      provenance: {
        dataset: moons.spec,
        probe: { n: probe.n, seed: probe.seed },
        metric: { name: 'diffusion' },
        phate: { knn: 5, decay: 40, t: 'auto', gamma: 1, nComponents: 3, solver: 'smacof', seed: 42 },
        generator: 'test',
        createdAt: new Date().toISOString(),
      },
      probe,
      networks: [network],
    };
    expect(validatePopulationDocument(populationToDocument(pop)).networks[0].origin).toBe('imported-tfjs');
  });

  it('imports a convolutional digits classifier with logits and separate activation layers', async () => {
    const digits = loadDataset({ name: 'digits', seed: 0 });
    const m = tf.sequential({ name: 'cnn' });
    m.add(tf.layers.reshape({ targetShape: [8, 8, 1], inputShape: [64] }));
    m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'linear', kernelInitializer: 'heNormal' }));
    m.add(tf.layers.activation({ activation: 'relu' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 16, activation: 'elu' }));
    m.add(tf.layers.dropout({ rate: 0.25 }));
    m.add(tf.layers.dense({ units: 10 }));
    const loaded = await roundTrip(m);
    const probe = makeProbeSet(digits, 50, 2);
    const { network, plan } = await importTfjsModel(tf, loaded, digits, probe, { id: 'my-cnn' });
    expect(plan.outputsProbabilities).toBe(false);
    expect(network.hp.widths).toEqual([6 * 6 * 4, 16]);
    expect(network.hp.activation).toBe('relu');
    expect(network.hp.init).toBe('he_normal');
    expect(network.hp.dropout).toBe(0.25);
    expect(network.extraHyperParams?.defaulted).toContain('optimizer'); // saved without a training config
    expect(network.layers[0].data.every((v) => v >= 0)).toBe(true); // after the separate ReLU layer
    expect(network.layers[1].data.every((v) => v > -1)).toBe(true); // elu
    expect(network.final.testAcc).toBeGreaterThanOrEqual(0);
    expect(network.final.testAcc).toBeLessThanOrEqual(1);
    expect(Number.isFinite(network.final.testLoss)).toBe(true);
  });

  it('rejects unsupported models with clear errors', async () => {
    const dense = (inputDim: number, units: number[], out: number) => {
      const m = tf.sequential();
      units.forEach((u, i) => m.add(tf.layers.dense({ units: u, activation: 'relu', ...(i === 0 ? { inputShape: [inputDim] } : {}) })));
      m.add(tf.layers.dense({ units: out, ...(units.length === 0 ? { inputShape: [inputDim] } : {}) }));
      return m;
    };
    expect(() => planTfjsModel(dense(3, [4], 2), moons)).toThrow(/inputs of shape \[3\] \(3 values\) but "moons" has 2 inputs/);
    expect(() => planTfjsModel(dense(2, [4], 3), moons)).toThrow(/must output \[batch, 2\]/);
    expect(() => planTfjsModel(dense(2, [4], 1), moons)).toThrow(/single-unit sigmoid/);
    expect(() => planTfjsModel(dense(2, [], 2), moons)).toThrow(/no hidden layers/);
    const rnn = tf.sequential();
    rnn.add(tf.layers.reshape({ targetShape: [2, 1], inputShape: [2] }));
    rnn.add(tf.layers.lstm({ units: 4 }));
    rnn.add(tf.layers.dense({ units: 2 }));
    expect(() => planTfjsModel(rnn, moons)).toThrow(TfjsImportError);
    expect(() => planTfjsModel(rnn, moons)).toThrow(/recurrent and sequence models are not supported/);
    const probe = makeProbeSet(moons, 10, 0);
    await expect(importTfjsModel(tf, dense(2, [4], 2), moons, { ...probe, inputsMissing: true })).rejects.toThrow(/no probe inputs/);
  });
});
