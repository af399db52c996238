// The population builder's state helpers: log-spaced learning rates (diverging
// values included), the space and spec it describes, and validation.
import { describe, expect, it } from 'vitest';
import { builderSpace, builderSpec, initialBuilder, logSpaced, validateBuilder } from '../../src/state/training';
import { expandPopulation, spaceSize } from '../../src/core/population/spec';

describe('population builder', () => {
  it('spaces learning rates evenly on a log scale, ends included', () => {
    expect(logSpaced(1e-3, 1e-1, 3)).toEqual([1e-3, 1e-2, 1e-1]);
    expect(logSpaced(1e-4, 10, 6)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1, 10]);
    expect(logSpaced(0.03, 1e6, 2)).toEqual([0.03, 1e6]);
    expect(logSpaced(0.01, 0.01, 4)).toEqual([0.01]);
    const r = logSpaced(1e-3, 1, 4);
    for (let i = 1; i < r.length; i++) expect(Math.log10(r[i]) - Math.log10(r[i - 1])).toBeCloseTo(1, 2);
  });

  it('describes a space whose grid and random samples have the requested size', () => {
    const b = { ...initialBuilder('digits'), seeds: 3, lr: { lo: 1e-3, hi: 1, steps: 4 } };
    const space = builderSpace(b);
    expect(space.seed).toEqual([1, 2, 3]);
    expect(space.learningRate).toEqual([1e-3, 1e-2, 1e-1, 1]);
    expect(space.width).toEqual([16, 32, 64]);
    const size = spaceSize(space);
    expect(expandPopulation(builderSpec({ ...b, sampling: 'grid', count: 10_000 }, 7))).toHaveLength(size);
    expect(expandPopulation(builderSpec({ ...b, sampling: 'grid', count: 20 }, 7))).toHaveLength(20);
    const spec = builderSpec({ ...b, sampling: 'random', count: 25 }, 7);
    expect(expandPopulation(spec)).toHaveLength(25);
    expect(spec.dataset).toEqual({ name: 'digits', seed: 7 });
    expect(spec.probe).toEqual({ n: 256, seed: 7 });
  });

  it('validates every control', () => {
    const b = initialBuilder('moons');
    expect(validateBuilder(b)).toBeNull();
    expect(validateBuilder({ ...b, space: { ...b.space, activation: [] } })).toMatch(/activation/);
    expect(validateBuilder({ ...b, count: 2 })).toMatch(/Number of networks/);
    expect(validateBuilder({ ...b, space: { ...b.space, epochs: [NaN] } })).toMatch(/Epochs/);
    expect(validateBuilder({ ...b, lr: { lo: 1, hi: 0.1, steps: 3 } })).toMatch(/Learning rates/);
    expect(validateBuilder({ ...b, lr: { lo: 1e-3, hi: 1e6, steps: 3 } })).toBeNull();
    expect(validateBuilder({ ...b, seeds: 0 })).toMatch(/Seeds/);
    expect(validateBuilder({ ...b, probeN: 4 })).toMatch(/Probe/);
  });
});
