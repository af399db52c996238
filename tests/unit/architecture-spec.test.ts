// Family-aware population specs: family keys vary only within their family,
// MLP-only spaces expand as before, sampling never gives an MLP CNN fields.
import { describe, expect, it } from 'vitest';
import { defaultSpace, expandBalanced, expandPopulation, gridPoint, networkId, spaceSize } from '../../src/core/population/spec';
import { groupForBatching } from '../../src/core/train/batched-groups';
import type { HyperParamSpace, PopulationSpec } from '../../src/core/types';

const space: HyperParamSpace = {
  ...defaultSpace('digits'),
  architecture: ['mlp', 'cnn', 'attention'],
  depth: [1, 2],
  width: [16, 32, 64],
  convDepth: [1, 2],
  channels: [4, 8],
  kernel: [3],
  pooling: ['max', 'none'],
  blocks: [1, 2],
  embedDim: [16],
  heads: [2, 4],
  activation: ['relu', 'tanh'],
  optimizer: ['adam'],
  learningRate: [1e-2],
  seed: [1, 2],
};
const shared = 2 * 2; // activation × seed (every other shared key has one value)

describe('family-aware spaces', () => {
  it('counts each family once: the sum of family products, not their product', () => {
    expect(spaceSize(space)).toBe(shared * (2 * 3) + shared * (2 * 2 * 1 * 2) + shared * (2 * 1 * 2));
  });

  it('the grid holds no duplicate configuration and no family field outside its family', () => {
    const hps = expandPopulation({
      dataset: { name: 'digits', seed: 1 },
      space,
      sampling: 'grid',
      count: 1000,
      seed: 1,
      probe: { n: 10, seed: 1 },
    });
    expect(hps.length).toBe(spaceSize(space));
    expect(new Set(hps.map((h) => JSON.stringify(h))).size).toBe(hps.length);
    for (const h of hps) {
      expect(h.cnn !== undefined).toBe(h.architecture === 'cnn');
      expect(h.attention !== undefined).toBe(h.architecture === 'attention');
      if (h.architecture !== 'mlp') expect(h.widths).toEqual([32]);
    }
    expect(hps.filter((h) => h.architecture === 'cnn').length).toBe(shared * 8);
  });

  it('random sampling draws from every family and never emits CNN fields on an MLP', () => {
    const spec: PopulationSpec = {
      dataset: { name: 'digits', seed: 1 },
      space,
      sampling: 'random',
      count: 40,
      seed: 7,
      probe: { n: 10, seed: 1 },
    };
    const hps = expandPopulation(spec);
    expect(new Set(hps.map((h) => h.architecture))).toEqual(new Set(['mlp', 'cnn', 'attention']));
    for (const h of hps.filter((x) => x.architecture === 'mlp')) {
      expect(h.cnn).toBeUndefined();
      expect(h.attention).toBeUndefined();
    }
    expect(expandPopulation(spec)).toEqual(hps); // seeded
  });

  it('an MLP-only space expands exactly as a space without the architecture key', () => {
    const { architecture: _drop, ...legacy } = defaultSpace('moons');
    void _drop;
    const spec = (s: HyperParamSpace): PopulationSpec => ({
      dataset: { name: 'moons', seed: 1 },
      space: s,
      sampling: 'random',
      count: 20,
      seed: 3,
      probe: { n: 10, seed: 1 },
    });
    expect(expandPopulation(spec(legacy))).toEqual(expandPopulation(spec(defaultSpace('moons'))));
    expect(gridPoint(legacy, 5)).toEqual({ ...gridPoint(defaultSpace('moons'), 5), architecture: 'mlp' });
  });

  it('ids and batching groups tell families apart', () => {
    const cnn = gridPoint({ ...space, architecture: ['cnn'] }, 0);
    expect(networkId(cnn, 3)).toBe('n003-relu-cnn1x4k3max-adam-lr1e-2');
    const att = gridPoint({ ...space, architecture: ['attention'] }, 0);
    expect(networkId(att, 4)).toBe('n004-relu-att1x16h2-adam-lr1e-2');
    const groups = groupForBatching([cnn, att, { ...cnn, seed: 9 }]);
    expect(groups.map((g) => g.indices)).toEqual([[0, 2], [1]]);
  });
});

describe('balanced expansion (demo --architectures)', () => {
  const wide: PopulationSpec = {
    dataset: { name: 'digits', seed: 1 },
    // the MLP grid is far larger than the others', so plain random sampling is mostly MLPs
    space: {
      ...space,
      width: Array.from({ length: 40 }, (_, i) => 8 + i),
      depth: [1, 2, 3, 4],
      seed: Array.from({ length: 50 }, (_, i) => i),
    },
    sampling: 'random',
    count: 31,
    seed: 3,
    probe: { n: 16, seed: 1 },
  };

  it('splits the count evenly over the families, interleaved, where random sampling would not', () => {
    const plain = expandPopulation(wide).filter((h) => h.architecture === 'mlp').length;
    expect(plain, 'plain random sampling follows grid size (95 % MLP)').toBeGreaterThan(24);
    const hps = expandBalanced(wide);
    expect(hps).toHaveLength(31);
    const counts = ['mlp', 'cnn', 'attention'].map((a) => hps.filter((h) => h.architecture === a).length);
    expect(counts).toEqual([11, 10, 10]);
    expect(hps.slice(0, 3).map((h) => h.architecture)).toEqual(['mlp', 'cnn', 'attention']);
    // within a family, distinct configurations while the family's grid allows
    const cnnIds = hps.filter((h) => h.architecture === 'cnn').map((h, i) => networkId(h, i).replace(/^n\d+-/, '') + h.seed);
    expect(new Set(cnnIds).size).toBe(10);
  });

  it('is deterministic and a one-family space expands as that family alone', () => {
    expect(expandBalanced(wide)).toEqual(expandBalanced(wide));
    const only = expandBalanced({ ...wide, space: { ...wide.space, architecture: ['cnn'] } });
    expect(only.every((h) => h.architecture === 'cnn')).toBe(true);
    expect(only).toHaveLength(31);
  });
});
