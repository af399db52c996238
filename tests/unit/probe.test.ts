import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';

describe('makeProbeSet', () => {
  const ds = loadDataset({ name: 'digits', seed: 3 });

  it('is stratified, class-sorted, drawn from the test split and deterministic', () => {
    const p = makeProbeSet(ds, 256, 11);
    expect(p.n).toBe(256);
    expect(p.x.length).toBe(256 * 64);
    const counts = new Array(10).fill(0);
    for (const l of p.labels) counts[l]++;
    // proportional to class frequency: 256/10 ≈ 25.6 each
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(24);
    expect(Math.max(...counts)).toBeLessThanOrEqual(27);
    for (let i = 1; i < p.n; i++) {
      const sameClass = p.labels[i] === p.labels[i - 1];
      expect(p.labels[i] >= p.labels[i - 1]).toBe(true);
      if (sameClass) expect(p.indices[i]).toBeGreaterThan(p.indices[i - 1]);
    }
    for (let i = 0; i < p.n; i++) {
      expect(p.labels[i]).toBe(ds.yTest[p.indices[i]]);
      expect(Array.from(p.x.subarray(i * 64, i * 64 + 64))).toEqual(
        Array.from(ds.xTest.subarray(p.indices[i] * 64, p.indices[i] * 64 + 64)),
      );
    }
    expect(makeProbeSet(ds, 256, 11)).toEqual(p);
    expect(makeProbeSet(ds, 256, 12).indices).not.toEqual(p.indices);
  });

  it('clamps n to the test size', () => {
    const small = loadDataset({ name: 'moons', seed: 1, samples: 80 });
    const p = makeProbeSet(small, 1000, 1);
    expect(p.n).toBe(small.yTest.length);
    expect(new Set(p.indices).size).toBe(p.n);
  });
});
