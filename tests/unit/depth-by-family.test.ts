// Depth profiles by architecture family (issue 15 item 3): relative depth puts networks of
// different depths on one axis, quartiles per family and depth, non-finite values and networks
// without a profile left out.
import { describe, expect, it } from 'vitest';
import { depthProfilesByFamily, familyDepthComparison, networkDepthProfile } from '../../src/core/features/depth-by-family';
import type { ArchitectureName, NetworkRecord } from '../../src/core/types';

function net(family: ArchitectureName | undefined, values: number[] | null, id = 'n'): NetworkRecord {
  return {
    id,
    hp: { architecture: family },
    layerProfile: values ? { layers: values.map((_, i) => i), features: { effDim: values } } : undefined,
  } as unknown as NetworkRecord;
}

describe('depthProfilesByFamily', () => {
  it('groups by family and relative depth, with quartiles over the networks', () => {
    const rows = depthProfilesByFamily(
      [net('mlp', [1, 2]), net('mlp', [3, 4]), net('mlp', [5, NaN]), net('mlp', [2, 4, 6, 8]), net('cnn', [10, 20, 30]), net('cnn', null)],
      'effDim',
    );
    const mlp = rows.filter((r) => r.family === 'mlp');
    expect(mlp.map((r) => r.depth)).toEqual([0.25, 0.5, 0.75, 1]);
    // At relative depth 0.5: the first layer of the three 2-layer nets (1, 3, 5) and layer 2 of the 4-layer one (4).
    expect(mlp[1]).toEqual({ family: 'mlp', depth: 0.5, count: 4, q25: 2.5, median: 3.5, q75: 4.25 });
    // At depth 1: 2, 4 (NaN left out) and 8.
    expect(mlp[3]).toMatchObject({ count: 3, median: 4 });
    const cnn = rows.filter((r) => r.family === 'cnn');
    expect(cnn.map((r) => [Number(r.depth.toFixed(6)), r.median])).toEqual([
      [0.333333, 10],
      [0.666667, 20],
      [1, 30],
    ]);
  });

  it('is empty for a feature no network has', () => {
    expect(depthProfilesByFamily([net('mlp', [1])], 'phDim')).toEqual([]);
  });
});

describe('networkDepthProfile', () => {
  it("puts one network's layers on the family rows' relative-depth axis, leaving non-finite values out", () => {
    const a = net('cnn', [10, NaN, 30]);
    const points = networkDepthProfile(a, 'effDim');
    // Depths are exactly the keys depthProfilesByFamily uses, so the line sits on the median's x.
    const rows = depthProfilesByFamily([a], 'effDim');
    expect(points.map((p) => p.depth)).toEqual([rows[0].depth, rows[1].depth]);
    expect(points.map((p) => p.value)).toEqual([10, 30]);
    expect(points[1].depth).toBe(1);
    expect(networkDepthProfile(net('mlp', null), 'effDim')).toEqual([]);
    expect(networkDepthProfile(a, 'phDim')).toEqual([]);
  });
});

describe('familyDepthComparison', () => {
  const pop = [
    net('mlp', [1, 2], 'm1'),
    net(undefined, [3, 4], 'old'),
    net('cnn', [10, 20, 30], 'c1'),
    net('cnn', [12, 22, 32], 'c2'),
    net('attention', [5, 6], 'a1'),
  ];

  it("orders the selected networks' families first and gives each family's median rows", () => {
    const c = familyDepthComparison(pop, [pop[2]], 'effDim');
    expect(c.networks).toEqual([{ id: 'c1', family: 'cnn', points: networkDepthProfile(pop[2], 'effDim') }]);
    expect(c.families.map((f) => f.family)).toEqual(['cnn', 'mlp', 'attention']);
    const all = depthProfilesByFamily(pop, 'effDim');
    for (const f of c.families) expect(f.rows).toEqual(all.filter((r) => r.family === f.family));
    // The network without an architecture counts as an MLP: median of 1 and 3 at depth 0.5.
    expect(c.families[1].rows[0]).toMatchObject({ depth: 0.5, count: 2, median: 2 });
  });

  it('with two networks of different families, both profiles and both families first', () => {
    const c = familyDepthComparison(pop, [pop[4], pop[1]], 'effDim');
    expect(c.networks.map((n) => [n.id, n.family])).toEqual([
      ['a1', 'attention'],
      ['old', 'mlp'],
    ]);
    expect(c.families.map((f) => f.family)).toEqual(['attention', 'mlp', 'cnn']);
  });
});
