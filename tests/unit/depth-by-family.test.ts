// Depth profiles by architecture family (issue 15 item 3): relative depth puts networks of
// different depths on one axis, quartiles per family and depth, non-finite values and networks
// without a profile left out.
import { describe, expect, it } from 'vitest';
import { depthProfilesByFamily } from '../../src/core/features/depth-by-family';
import type { ArchitectureName, NetworkRecord } from '../../src/core/types';

function net(family: ArchitectureName, values: number[] | null): NetworkRecord {
  return {
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
