import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/core/bundle/errors';
import { DatasetSpecSchema, HyperParamsSchema, parseOrFail } from '../../src/core/bundle/schema';
import { encodePopulationJson, validatePopulationDocument } from '../../src/core/bundle';
import type { Population } from '../../src/core/types';

const hp = {
  architecture: 'mlp',
  widths: [3, 2],
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 5,
  dropout: 0,
  l2: 0,
  init: 'he_normal',
  seed: 1,
};

/** A small valid population: two networks on 4 probe points of moons, embedded in 2-D. */
function population(): Population {
  const n = 4;
  const net = (i: number) => ({
    id: `net-${i}`,
    hp: { ...hp, seed: i } as Population['networks'][number]['hp'],
    status: 'ok' as const,
    history: [],
    final: { epoch: 5, trainLoss: 0.1, trainAcc: 0.9, testLoss: 0.2, testAcc: 0.8 },
    layers: [
      { layer: 0, width: 3, data: Float32Array.from({ length: n * 3 }, (_, k) => k + i) },
      { layer: 1, width: 2, data: Float32Array.from({ length: n * 2 }, (_, k) => k - i) },
    ],
  });
  return {
    id: 'p',
    name: 'schema test',
    provenance: {
      dataset: { name: 'moons', seed: 1 },
      probe: { n, seed: 2 },
      metric: { name: 'diffusion' },
      phate: { knn: 2, decay: 40, t: 'auto', gamma: 1, nComponents: 2, solver: 'smacof', seed: 0 },
      generator: 'test',
      createdAt: '2026-01-01T00:00:00Z',
    },
    probe: {
      seed: 2,
      n,
      inputDim: 2,
      indices: Int32Array.from([0, 1, 2, 3]),
      x: new Float32Array(n * 2),
      labels: Int32Array.from([0, 1, 0, 1]),
    },
    networks: [net(0), net(1)],
    embedding: {
      embedding: Float64Array.from([0, 1, 1, 0]),
      nComponents: 2,
      t: 3,
      vne: new Float64Array(3),
      components: 1,
      timings: { knn: 0.1 },
    },
  };
}

function message(schema: Parameters<typeof parseOrFail>[0], value: unknown, path: string): string {
  try {
    parseOrFail(schema, value, path);
  } catch (e) {
    expect(e).toBeInstanceOf(BundleError);
    return (e as BundleError).message;
  }
  throw new Error('accepted');
}

describe('valibot schemas keep the bundle message style (path: expected …, got …)', () => {
  it('accepts a valid value unchanged', () => {
    expect(parseOrFail(HyperParamsSchema, hp, 'hp')).toStrictEqual(hp);
    expect(parseOrFail(DatasetSpecSchema, { name: 'moons', seed: 3, noise: undefined }, 'd')).toStrictEqual({ name: 'moons', seed: 3 });
  });
  it.each<[string, unknown, string]>([
    ['missing key', { ...hp, l2: undefined }, 'n.hp.l2: missing'],
    ['not an object', [1], 'n.hp: expected an object, got an array of length 1'],
    ['no hidden layer', { ...hp, widths: [] }, 'n.hp.widths: expected at least one hidden layer'],
    ['width not an integer', { ...hp, widths: [3, 1.5] }, 'n.hp.widths[1]: expected an integer, got 1.5'],
    ['width below 1', { ...hp, widths: [0] }, 'n.hp.widths[0]: expected ≥ 1, got 0'],
    [
      'unknown init',
      { ...hp, init: 'zeros' },
      'n.hp.init: expected one of "glorot_uniform", "he_normal", "lecun_normal", "random_normal", got "zeros"',
    ],
    ['dropout of 1', { ...hp, dropout: 1 }, 'n.hp.dropout: expected < 1, got 1'],
    ['string learning rate', { ...hp, learningRate: '0.1' }, 'n.hp.learningRate: expected a finite number, got "0.1"'],
  ])('%s', (_name, value, expected) => {
    expect(message(HyperParamsSchema, value, 'n.hp')).toBe(expected);
  });
  it('dataset spec ranges', () => {
    expect(message(DatasetSpecSchema, { name: 'moons', seed: 1, testFraction: 0 }, 'provenance.dataset')).toBe(
      'provenance.dataset.testFraction: expected > 0, got 0',
    );
    expect(message(DatasetSpecSchema, { seed: 1 }, 'provenance.dataset')).toBe('provenance.dataset.name: missing');
  });
});

describe('the population document schema (population-schema.ts) names the field and what was expected', () => {
  const doc = () => JSON.parse(encodePopulationJson(population()));
  function rejected(d: unknown): string {
    try {
      validatePopulationDocument(d);
    } catch (e) {
      expect(e).toBeInstanceOf(BundleError);
      return (e as BundleError).message;
    }
    throw new Error('accepted');
  }
  it.each<[string, (d: any) => void, string]>([
    [
      't neither "auto" nor an integer',
      (d) => (d.provenance.phate.t = 'soon'),
      'provenance.phate.t: expected an integer or "auto", got "soon"',
    ],
    ['t an integer below 1', (d) => (d.provenance.phate.t = 0), 'provenance.phate.t: expected ≥ 1, got 0'],
    ['metric layer', (d) => (d.provenance.metric.layer = 'first'), 'provenance.metric.layer: expected an integer or "last", got "first"'],
    [
      'an extra hyperparameter that is a list',
      (d) => (d.networks[1].extraHyperParams = { arch: [1] }),
      'networks[1].extraHyperParams.arch: expected a string, finite number, boolean or null, got an array of length 1',
    ],
    [
      'a feature that is text',
      (d) => (d.networks[0].features = { effDim: 'high' }),
      'networks[0].features.effDim: expected a number (or "NaN", "Infinity", "-Infinity"), got "high"',
    ],
    [
      'a layer profile of the wrong length',
      (d) => (d.networks[0].layerProfile = { layers: [0, 1], features: { pr: [1] } }),
      'networks[0].layerProfile.features.pr: expected 2 values (one per layer), got 1',
    ],
    ['a negative timing', (d) => (d.embedding.timings = { knn: -1 }), 'embedding.timings.knn: expected ≥ 0, got -1'],
    ['a tensor that is a string', (d) => (d.probe.x = 'AAAA'), 'probe.x: expected a tensor object {dtype, shape, b64}, got "AAAA"'],
    [
      'a tensor shape with a fraction',
      (d) => (d.probe.x.shape = [2.5]),
      'probe.x.shape: expected an array of non-negative integers, got an array of length 1',
    ],
    ['inputsMissing not a boolean', (d) => (d.probe.inputsMissing = 'yes'), 'probe.inputsMissing: expected true or false, got "yes"'],
    [
      'a custom dataset without the placeholder',
      (d) => (d.provenance.customDataset = { name: 'mine', inputDim: 2, numClasses: 2 }),
      'provenance.dataset: must be the placeholder {"name": "digits", "seed": -1} when customDataset is set',
    ],
    ['zero networks', (d) => (d.networks = []), 'networks: the bundle has no networks (an empty population cannot be shown)'],
  ])('%s', (_name, mutate, expected) => {
    const d = doc();
    mutate(d);
    expect(rejected(d)).toBe(expected);
  });
  it('keeps optional fields absent rather than undefined', () => {
    const d = doc();
    d.networks[0].statusReason = undefined;
    const pop = validatePopulationDocument(d);
    expect(Object.prototype.hasOwnProperty.call(pop.networks[0], 'statusReason')).toBe(false);
  });
});
