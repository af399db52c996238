import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/core/bundle/errors';
import { DatasetSpecSchema, HyperParamsSchema, parseOrFail } from '../../src/core/bundle/schema';

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
