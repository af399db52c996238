// Families in the bundle (issue 15 contract): every written record carries
// hp.architecture, family fields round-trip, old bundles read as MLPs, and
// layer widths are checked against the family's hidden layers.
import { describe, expect, it } from 'vitest';
import { BundleError, decodePopulation, encodePopulation, encodePopulationJson } from '../../src/core/bundle';
import { hiddenLayerWidths } from '../../src/core/architecture';
import { mulberry32, randn } from '../../src/core/random';
import type { HyperParams, NetworkRecord, Population } from '../../src/core/types';

const n = 12;
const shared = {
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 2,
  dropout: 0,
  l2: 0,
  init: 'he_normal',
} as const;
const HPS: HyperParams[] = [
  { architecture: 'mlp', widths: [8, 4], ...shared, seed: 1 },
  { architecture: 'cnn', widths: [32], cnn: { convDepth: 2, channels: 6, kernel: 3, pooling: 'avg' }, ...shared, seed: 2 },
  { architecture: 'attention', widths: [32], attention: { blocks: 2, embedDim: 16, heads: 4 }, ...shared, seed: 3 },
];

function population(hps: HyperParams[]): Population {
  const rng = mulberry32(4);
  const m = { epoch: 2, trainLoss: 0.3, trainAcc: 0.9, testLoss: 0.4, testAcc: 0.85 };
  const networks: NetworkRecord[] = hps.map((hp, i) => ({
    id: `net-${i}`,
    hp: structuredClone(hp),
    status: 'ok',
    history: [m],
    final: m,
    layers: hiddenLayerWidths(hp).map((w, layer) => ({ layer, width: w, data: Float32Array.from({ length: n * w }, () => randn(rng)) })),
  }));
  return {
    id: 'pop-arch',
    name: 'families',
    provenance: {
      dataset: { name: 'digits', seed: 1 },
      probe: { n, seed: 1 },
      metric: { name: 'diffusion', layer: 'last', sigma: 0.5, scale: 'median', tau: 1 },
      phate: { knn: 5, decay: 40, t: 'auto', gamma: 1, nComponents: 3, solver: 'smacof', seed: 0 },
      generator: 'netmanifold test',
      createdAt: '2025-01-01T00:00:00.000Z',
    },
    probe: {
      seed: 1,
      n,
      inputDim: 64,
      indices: Int32Array.from({ length: n }, (_, i) => i),
      x: Float32Array.from({ length: n * 64 }, () => rng()),
      labels: Int32Array.from({ length: n }, (_, i) => i % 10),
    },
    networks,
  } as Population;
}

function rejectsWith(doc: unknown, pattern: RegExp): void {
  let err: unknown;
  try {
    decodePopulation(JSON.stringify(doc));
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(BundleError);
  expect((err as Error).message).toMatch(pattern);
}

describe('architecture in bundles', () => {
  it('round-trips the three families with their fields and per-family layer widths', () => {
    const back = decodePopulation(encodePopulation(population(HPS)));
    expect(back.networks.map((x) => x.hp)).toEqual(HPS);
    expect(back.networks.map((x) => x.layers.map((l) => l.width))).toEqual([
      [8, 4],
      [6, 6, 32],
      [16, 16, 32],
    ]);
  });

  it('writes hp.architecture on every record, also for one held without it', () => {
    const pop = population(HPS);
    delete (pop.networks[0].hp as Partial<HyperParams>).architecture;
    const doc = JSON.parse(encodePopulationJson(pop)) as { networks: { hp: Record<string, unknown> }[] };
    expect(doc.networks.map((x) => x.hp.architecture)).toEqual(['mlp', 'cnn', 'attention']);
  });

  it('reads a bundle written before families as MLPs (migration on load)', () => {
    const doc = JSON.parse(encodePopulationJson(population([HPS[0], { ...HPS[0], seed: 9 }]))) as {
      networks: { hp: Record<string, unknown> }[];
    };
    for (const x of doc.networks) delete x.hp.architecture;
    const back = decodePopulation(JSON.stringify(doc));
    expect(back.networks.map((x) => x.hp.architecture)).toEqual(['mlp', 'mlp']);
    expect(back.networks[1].hp).toEqual({ ...HPS[0], seed: 9 });
  });

  it('rejects missing or inconsistent family fields with a message naming the field', () => {
    const doc = () =>
      JSON.parse(encodePopulationJson(population(HPS))) as { networks: { hp: Record<string, unknown>; layers: { width: number }[] }[] };
    const noCnn = doc();
    delete noCnn.networks[1].hp.cnn;
    rejectsWith(noCnn, /networks\[1\]\.hp: architecture 'cnn' needs hp\.cnn/);
    const heads = doc();
    (heads.networks[2].hp.attention as Record<string, number>).heads = 3;
    rejectsWith(heads, /multiple of attention\.heads/);
    const unknown = doc();
    unknown.networks[0].hp.architecture = 'rnn';
    rejectsWith(unknown, /networks\[0\]\.hp\.architecture: expected one of "mlp", "cnn", "attention"/);
    const width = doc();
    width.networks[1].layers[0].width = 32;
    rejectsWith(width, /networks\[1\]\.layers\[0\]\.width: hidden layer 0 has width 6 in hp \(cnn\), got 32/);
  });
});
