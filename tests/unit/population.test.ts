import { describe, expect, it } from 'vitest';
import { defaultSpace, describeHyperParams, expandPopulation, formatRate, networkId, spaceSize } from '../../src/core/population/spec';
import type { PopulationSpec } from '../../src/core/types';

function spec(over: Partial<PopulationSpec> = {}): PopulationSpec {
  return {
    dataset: { name: 'moons', seed: 1 },
    space: defaultSpace('moons'),
    sampling: 'grid',
    count: 1000,
    seed: 3,
    probe: { n: 64, seed: 1 },
    ...over,
  };
}

describe('population spec', () => {
  it('grid is the full cartesian product when it fits, in deterministic order', () => {
    const s = spec();
    const total = spaceSize(s.space);
    expect(total).toBe(3 * 3 * 3 * 2 * 3 * 2);
    const hps = expandPopulation(s);
    expect(hps.length).toBe(total);
    const keys = new Set(hps.map((h) => JSON.stringify(h)));
    expect(keys.size).toBe(total);
    expect(expandPopulation(s)).toEqual(hps);
    // last key (seed) varies fastest, first (depth) slowest
    expect(hps[0].seed).toBe(1);
    expect(hps[1].seed).toBe(2);
    expect(hps[0].widths).toEqual([8]);
    expect(hps[total - 1].widths).toEqual([32, 32, 32]);
  });

  it('grid larger than count is a seeded subsample in grid order', () => {
    const full = expandPopulation(spec()).map((h) => JSON.stringify(h));
    const sub = expandPopulation(spec({ count: 50 })).map((h) => JSON.stringify(h));
    expect(sub.length).toBe(50);
    const pos = sub.map((h) => full.indexOf(h));
    expect(pos.every((p) => p >= 0)).toBe(true);
    expect([...pos].sort((a, b) => a - b)).toEqual(pos);
    expect(new Set(pos).size).toBe(50);
    expect(expandPopulation(spec({ count: 50, seed: 4 })).map((h) => JSON.stringify(h))).not.toEqual(sub);
  });

  it('random sampling gives count distinct configs, deterministically, even from a huge space', () => {
    const space = {
      ...defaultSpace('digits'),
      learningRate: Array.from({ length: 1000 }, (_, i) => 1e-4 * 1.01 ** i),
      seed: Array.from({ length: 1000 }, (_, i) => i),
    };
    expect(spaceSize(space)).toBeGreaterThan(1e7);
    const s = spec({ sampling: 'random', count: 200, space });
    const a = expandPopulation(s);
    expect(a.length).toBe(200);
    expect(new Set(a.map((h) => JSON.stringify(h))).size).toBe(200);
    expect(expandPopulation(s)).toEqual(a);
    // more than the space holds: repeats beyond its size
    const tiny = {
      ...defaultSpace('moons'),
      depth: [1],
      width: [4],
      activation: ['relu' as const],
      optimizer: ['adam' as const],
      learningRate: [0.01],
      seed: [1, 2],
    };
    expect(expandPopulation(spec({ sampling: 'random', count: 5, space: tiny })).length).toBe(5);
  });

  it('rejects an empty axis', () => {
    expect(() => expandPopulation(spec({ space: { ...defaultSpace('moons'), optimizer: [] } }))).toThrow(/optimizer/);
  });

  it('ids and descriptions', () => {
    const hp = {
      ...expandPopulation(spec())[0],
      widths: [32, 32],
      activation: 'relu' as const,
      optimizer: 'adam' as const,
      learningRate: 0.001,
    };
    expect(networkId(hp, 7)).toBe('n007-relu-2x32-adam-lr1e-3');
    expect(networkId({ ...hp, widths: [64, 16], learningRate: 0.0003 }, 123)).toBe('n123-relu-64-16-adam-lr3e-4');
    expect(formatRate(3)).toBe('3');
    expect(formatRate(0.00316)).toBe('3.16e-3');
    expect(describeHyperParams({ ...hp, dropout: 0.2 })).toMatch(/^2×32 relu, adam lr 1e-3, batch 32, 30 epochs, dropout 0.2/);
  });
});
