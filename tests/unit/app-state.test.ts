// The store's actions, the training form's validation and spec, and colour scales.
import { beforeEach, describe, expect, it } from 'vitest';
import { useStore } from '../../src/state/store';
import { colorScaleFor, cssColor, fillRgb } from '../../src/ui/color';
import type { NetworkRecord, Population } from '../../src/core/types';

function net(id: string, testAcc: number, over: Partial<NetworkRecord['hp']> = {}): NetworkRecord {
  const m = { epoch: 1, trainLoss: 0.5, trainAcc: testAcc + 0.01, testLoss: 0.6, testAcc };
  return {
    id,
    hp: {
      architecture: 'mlp',
      widths: [8],
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 32,
      epochs: 1,
      dropout: 0,
      l2: 0,
      init: 'glorot_uniform',
      seed: 1,
      ...over,
    },
    status: Number.isFinite(testAcc) ? 'ok' : 'diverged',
    history: [m],
    final: m,
    layers: [],
  };
}

function population(id: string, embedding: number[]): Population {
  const networks = [net('a', 0.5), net('b', 0.9), net('c', NaN)];
  return {
    id,
    name: id,
    provenance: {} as Population['provenance'],
    probe: { seed: 0, n: 0, inputDim: 2, indices: new Int32Array(), x: new Float32Array(), labels: new Int32Array() },
    networks,
    embedding: { embedding: new Float64Array(embedding), nComponents: 3, t: 1, vne: new Float64Array(), components: 1 },
  };
}

describe('store', () => {
  beforeEach(() => useStore.setState({ population: null, hoveredId: null, selectedId: null, errors: [], populationStatus: 'loading' }));

  it('a new population counts embedded networks and drops stale hover/selection', () => {
    const s = useStore.getState();
    s.setPopulation(population('p1', [0, 0, 0, 1, 1, 1, NaN, NaN, NaN]));
    s.setSelected('b');
    s.setHovered('a');
    expect(useStore.getState()).toMatchObject({ populationStatus: 'ready', embeddedCount: 2, selectedId: 'b', hoveredId: 'a' });
    s.setPopulation(population('p2', [0, 0, 0, 1, 1, 1, 2, 2, 2]));
    expect(useStore.getState()).toMatchObject({ embeddedCount: 3, selectedId: null, hoveredId: null });
  });

  it('errors are pushed and dismissed by id without touching the population', () => {
    const s = useStore.getState();
    s.setPopulation(population('p1', [0, 0, 0, 1, 1, 1, 2, 2, 2]));
    s.pushError('one');
    s.pushError('two');
    const [e1, e2] = useStore.getState().errors;
    expect([e1.message, e2.message]).toEqual(['one', 'two']);
    s.dismissError(e1.id);
    expect(useStore.getState().errors.map((e) => e.message)).toEqual(['two']);
    expect(useStore.getState().population?.id).toBe('p1');
  });

  it('a message identical to one still shown is counted on it, not shown twice', () => {
    const s = useStore.getState();
    s.pushNotice('Imported a.zip with notes: dropout not given');
    s.pushError('the worker stopped');
    s.pushNotice('Imported a.zip with notes: dropout not given');
    s.pushNotice('Imported a.zip with notes: dropout not given');
    // the same text at the other level is another message
    s.pushError('Imported a.zip with notes: dropout not given');
    const errors = useStore.getState().errors;
    expect(errors.map((e) => [e.level ?? 'error', e.message, e.count ?? 1])).toEqual([
      ['error', 'the worker stopped', 1],
      ['notice', 'Imported a.zip with notes: dropout not given', 3],
      ['error', 'Imported a.zip with notes: dropout not given', 1],
    ]);
    // the counted one keeps its id (newest last); once dismissed, the same text is a new banner
    const counted = errors[1];
    expect(counted.id).toBeLessThan(errors[0].id);
    s.dismissError(counted.id);
    s.pushNotice('Imported a.zip with notes: dropout not given');
    const again = useStore.getState().errors.at(-1)!;
    expect([again.message, again.count ?? 1, again.id === counted.id]).toEqual(['Imported a.zip with notes: dropout not given', 1, false]);
  });

  it('job updates merge', () => {
    const s = useStore.getState();
    s.setJob({ status: 'running', stage: 'training', done: 0, total: 10 });
    s.setJob({ done: 4 });
    expect(useStore.getState().job).toMatchObject({ status: 'running', stage: 'training', done: 4, total: 10 });
  });
});

describe('colour scales', () => {
  it('continuous keys span the finite values; missing values get the missing colour', () => {
    const nets = [net('a', 0.5), net('b', 0.9), net('c', NaN)];
    const s = colorScaleFor(nets, 'testAcc');
    expect(s.domain).toEqual([0.5, 0.9]);
    expect(Number.isNaN(s.values[2])).toBe(true);
    expect(cssColor(s, s.values[0])).not.toBe(cssColor(s, s.values[1]));
    const rgb = new Float32Array(9);
    fillRgb(s, rgb);
    expect(Array.from(rgb).every((v) => v >= 0 && v <= 1)).toBe(true);
    // viridis: low end is dark purple (blue > red), high end yellow (red > blue).
    expect(rgb[2]).toBeGreaterThan(rgb[0]);
    expect(rgb[3]).toBeGreaterThan(rgb[5]);
  });

  it('categorical keys index the distinct values', () => {
    const nets = [net('a', 0.5, { optimizer: 'sgd' }), net('b', 0.9, { optimizer: 'adam' }), net('c', 0.7, { optimizer: 'sgd' })];
    const s = colorScaleFor(nets, 'optimizer');
    expect(s.categories).toEqual(['sgd', 'adam']);
    expect(Array.from(s.values)).toEqual([0, 1, 0]);
  });
});
