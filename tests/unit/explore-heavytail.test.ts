// Heavy-tailed columns (test loss of diverged networks reaches 1e4) get log axes,
// bins and colours; bounded ones stay linear; log axes tick at readable decades.
import { describe, expect, it } from 'vitest';
import type { NetworkRecord, Population } from '../../src/core/types';
import { buildNetworkTable, getColumn, spansDecades } from '../../src/core/explore/table';
import { columnHistogram } from '../../src/core/explore/histogram';
import { axisTicks, decadeLabel } from '../../src/ui/explore/axisTicks';
import { mulberry32 } from '../../src/core/random';

function population(losses: number[], accs: number[]): Population {
  const networks: NetworkRecord[] = losses.map((testLoss, i) => {
    const final = { epoch: 5, trainLoss: testLoss * 0.9, trainAcc: accs[i], testLoss, testAcc: accs[i] };
    return {
      id: `n${i}`,
      hp: {
        architecture: 'mlp',
        widths: [8],
        activation: 'relu',
        optimizer: 'adam',
        learningRate: 0.01,
        batchSize: 32,
        epochs: 5,
        dropout: 0,
        l2: 0,
        init: 'glorot_uniform',
        seed: i,
      },
      status: 'ok',
      history: [final],
      final,
      layers: [],
      features: { silhouette: (i % 7) / 10 - 0.2, h1TotalPersistence: 0.01 * 10 ** (i % 6) },
    };
  });
  return {
    id: 'p',
    name: 'p',
    provenance: {
      dataset: { name: 'moons', seed: 1 },
      probe: { n: 4, seed: 1 },
      metric: { name: 'diffusion' },
      generator: 'test',
      createdAt: '2024-01-01T00:00:00Z',
    },
    probe: { seed: 1, n: 0, inputDim: 2, indices: new Int32Array(0), x: new Float32Array(0), labels: new Int32Array(0) },
    networks,
  } as Population;
}

describe('heavy-tailed columns', () => {
  const rng = mulberry32(5);
  // Most losses near 0.1–2, a few diverged-but-finite ones up to 1e4.
  const losses = Array.from({ length: 60 }, (_, i) => (i < 54 ? 0.1 + 1.9 * rng() : 10 ** (2 + (i - 54) * 0.4)));
  const accs = Array.from({ length: 60 }, (_, i) => (i === 0 ? 0.0001 : 0.5 + 0.5 * rng()));
  const table = buildNetworkTable(population(losses, accs));

  it('positive columns spanning more than three decades are log-scaled; accuracy and signed columns are not', () => {
    expect(spansDecades([0.1, 1e4])).toBe(true);
    expect(spansDecades([0.1, 50])).toBe(false);
    expect(spansDecades([0, 1e4])).toBe(false);
    expect(getColumn(table, 'loss')!.logScale).toBe(true);
    expect(getColumn(table, 'trainLoss')!.logScale).toBe(true);
    expect(getColumn(table, 'h1TotalPersistence')!.logScale).toBe(true);
    // Accuracy spans 0.0001–1 here, but it is bounded: linear.
    expect(getColumn(table, 'accuracy')!.logScale).toBeFalsy();
    expect(getColumn(table, 'silhouette')!.logScale).toBeFalsy();
    expect(getColumn(table, 'learningRate')!.logScale).toBe(true); // explicit, unchanged
  });

  it('log bins spread the bulk of the losses over several bins instead of one', () => {
    const h = columnHistogram(getColumn(table, 'loss')!);
    expect(h.log).toBe(true);
    const bulk = losses.filter((v) => v < 2).length;
    const maxBin = Math.max(...h.counts);
    expect(maxBin).toBeLessThan(bulk / 2);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(losses.length);
    // A linear histogram would put the whole bulk in its first bin.
    const linear = columnHistogram({ ...getColumn(table, 'loss')!, logScale: false });
    expect(linear.counts[0]).toBeGreaterThanOrEqual(bulk);
  });

  it('log axes tick at whole decades with short labels', () => {
    const t = axisTicks(Math.log10(0.1), Math.log10(1e4), true);
    expect(t.map((x) => x.v)).toEqual([-1, 0, 1, 2, 3, 4]);
    expect(t.map((x) => x.label)).toEqual(['0.1', '1', '10', '100', '1000', '1e4']);
    // Many decades: every other one.
    expect(axisTicks(-8, 4, true).map((x) => x.v)).toEqual([-8, -6, -4, -2, 0, 2, 4]);
    expect(decadeLabel(-4)).toBe('1e-4');
    // Under one whole decade inside the range: ordinary ticks in log units, values as labels.
    const few = axisTicks(Math.log10(2), Math.log10(8), true);
    expect(few.length).toBeGreaterThan(1);
    for (const x of few) expect(Number(x.label)).toBeCloseTo(10 ** x.v, 1);
    expect(axisTicks(0, 1, false).map((x) => x.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
  });
});
