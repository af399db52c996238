// The activation-bundle manifest schema (core/import/manifest-schema.ts): every
// accepted spelling of a key reads the same, and a bad value is reported under
// the spelling the manifest used, with what was expected.
import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/core/bundle';
import { importActivationBundle } from '../../src/core/import';
import { parseManifest } from '../../src/core/import/manifest-schema';

const n = 4;
const manifest = (net: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
  format: 'netmanifold-activations',
  version: 1,
  dataset: { name: 'toy', input_dim: 2, num_classes: 2 },
  probe: {
    labels: [0, 1, 0, 1],
    x: [
      [0, 1],
      [1, 0],
      [0.5, 0.5],
      [1, 1],
    ],
  },
  networks: [{ id: 'a', activations: [Array.from({ length: n }, (_, i) => [i, 1 - i, 2])], ...net }],
  ...top,
});

function message(doc: unknown): string {
  try {
    importActivationBundle(doc as object);
  } catch (e) {
    expect(e).toBeInstanceOf(BundleError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('activation manifest schema', () => {
  it('reads snake_case and camelCase spellings alike and remembers which was used', () => {
    const snake = parseManifest(manifest({ metrics: { test_acc: 0.5, history: [{ val_acc: 0.25 }] }, status_reason: 'r' }));
    const camel = parseManifest({
      ...manifest({ metrics: { testAcc: 0.5, history: [{ testAcc: 0.25 }] }, statusReason: 'r' }),
      dataset: { name: 'toy', inputDim: 2, numClasses: 2 },
    });
    for (const m of [snake, camel]) {
      expect(m.dataset.inputDim).toBe(2);
      expect(m.dataset.numClasses).toBe(2);
      expect(m.networks[0].metrics?.testAcc).toBe(0.5);
      expect(m.networks[0].metrics?.history?.[0].testAcc).toBe(0.25);
      expect(m.networks[0].statusReason).toBe('r');
    }
    expect(snake.dataset.spelled.inputDim).toBe('input_dim');
    expect(camel.dataset.spelled.inputDim).toBe('inputDim');
    expect(snake.networks[0].metrics?.history?.[0].spelled.testAcc).toBe('val_acc');
  });

  it.each<[string, unknown, RegExp]>([
    [
      'accuracy as a percentage, under its own spelling',
      manifest({ metrics: { val_acc: 87 } }),
      /^networks\[0\]\.metrics\.val_acc: accuracy must be in \[0, 1\]/,
    ],
    [
      'a history entry',
      manifest({ metrics: { history: [{}, { epoch: -2 }] } }),
      /^networks\[0\]\.metrics\.history\[1\]\.epoch: expected an integer ≥ 0, got -2$/,
    ],
    ['labels given as y', { ...manifest(), probe: { y: [0, 5, 0, 1] } }, /^probe\.y: label 5 at 1 is outside 0\.\.1$/],
    ['a missing id', manifest({ id: undefined }), /^networks\[0\]\.id: expected a non-empty id/],
    ['an unknown status', manifest({ status: 'fine' }), /^networks\[0\]\.status: expected one of ok, diverged, cancelled, got "fine"$/],
    ['no hidden layers', manifest({ activations: [] }), /^networks\[0\]\.activations: expected at least one hidden layer$/],
    [
      'a newer version, before anything else is read',
      manifest({}, { version: 2, probe: 7 }),
      /^version: activation bundle version 2 is newer/,
    ],
    ['a dataset without a name', manifest({}, { dataset: { input_dim: 2 } }), /^dataset\.name: expected a dataset name/],
    ['not an object', [1, 2], /^manifest: expected an object, got an array of 2$/],
  ])('%s', (_name, doc, re) => {
    expect(message(doc)).toMatch(re);
  });

  it('accepts the minimal manifest', () => {
    const { population } = importActivationBundle(manifest());
    expect(population.networks[0].layers[0].width).toBe(3);
  });
});
