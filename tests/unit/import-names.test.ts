// Imports (issue 14 item 7): sklearn / PyTorch hyperparameter names, values
// with no Netmanifold equivalent kept and shown as written, missing ones shown
// as missing (not a made-up default), notes grouped one line per field (the
// fields not given for the same networks on one line), and a declared shipped
// dataset checked against the shipped inputs.
import { describe, expect, it } from 'vitest';
import { BundleError, decodePopulation, encodePopulation } from '../../src/core/bundle';
import { importActivationBundle } from '../../src/core/import';
import { activationOf, HyperParamNotes, optimizerOf, shownHyperParam } from '../../src/core/import/hyperparameter-names';
import { buildNetworkTable } from '../../src/core/explore/table';
import { loadDataset } from '../../src/core/datasets';
import { mulberry32 } from '../../src/core/random';

/** An inline-array bundle of `nets` networks on a custom 3-class, 4-input set (or the given dataset/probe). */
function bundle(
  hps: Record<string, unknown>[],
  probe?: { x: number[][]; labels: number[]; indices?: number[] },
  dataset: unknown = { name: 'toy', input_dim: 4, num_classes: 3 },
) {
  const rng = mulberry32(5);
  const n = probe?.labels.length ?? 8;
  const p = probe ?? {
    x: Array.from({ length: n }, () => [0, 1, 2, 3].map(() => rng())),
    labels: Array.from({ length: n }, (_, i) => i % 3),
  };
  return {
    format: 'netmanifold-activations',
    version: 1,
    dataset,
    probe: p,
    networks: hps.map((hp, k) => ({
      id: `net-${k}`,
      hyperparameters: hp,
      metrics: { test_acc: 0.5 + 0.001 * k },
      activations: [Array.from({ length: n }, () => [rng(), rng(), rng(), rng(), rng()])],
    })),
  };
}

describe('hyperparameter names of other frameworks', () => {
  it('maps sklearn MLPClassifier.get_params() names, keeping lbfgs and "auto" as written', () => {
    const sk = {
      hidden_layer_sizes: [5],
      activation: 'logistic',
      solver: 'lbfgs',
      learning_rate_init: 0.003,
      learning_rate: 'constant',
      alpha: 1e-4,
      max_iter: 200,
      random_state: 7,
      batch_size: 'auto',
      momentum: 0.9,
    };
    const { population, warnings } = importActivationBundle(
      bundle([sk, { ...sk, activation: 'identity', solver: 'adam', batch_size: 16, random_state: null }]),
    );
    const [a, b] = population.networks;
    expect(a.hp.activation).toBe('sigmoid');
    expect(b.hp.activation).toBe('linear');
    expect(shownHyperParam(a, 'optimizer')).toBe('lbfgs'); // never silently sgd
    expect(shownHyperParam(b, 'optimizer')).toBe('adam');
    expect(a.hp.learningRate).toBe(0.003);
    expect(a.hp.l2).toBe(1e-4);
    expect(a.hp.epochs).toBe(200);
    expect(a.hp.seed).toBe(7);
    expect(shownHyperParam(b, 'seed')).toBeNull(); // random_state None: unknown, not seed 0
    expect(shownHyperParam(a, 'batchSize')).toBe('auto');
    expect(b.hp.batchSize).toBe(16);
    expect(shownHyperParam(a, 'dropout')).toBeNull(); // sklearn has none: "—", not 0
    expect(a.extraHyperParams?.learning_rate).toBe('constant'); // the schedule stays, under its own name
    // Table and colour-by see the real values.
    const t = buildNetworkTable(population);
    expect(t.byId.get('optimizer')!.dictionary).toEqual(['adam', 'lbfgs']);
    expect(Array.from(t.byId.get('learningRate')!.values)).toEqual([0.003, 0.003]);
    expect(t.byId.get('batchSize')!.values[0]).toBeNaN();
    expect(t.byId.get('seed')!.values[1]).toBeNaN();
    expect(warnings.find((w) => w.startsWith('optimizer'))).toBe(
      'optimizer "lbfgs" for 1 of 2 networks: kept as given (no Netmanifold equivalent)',
    );
    // Round trip through the population bundle keeps what is shown.
    const back = decodePopulation(encodePopulation(population));
    expect(shownHyperParam(back.networks[0], 'optimizer')).toBe('lbfgs');
  });

  it('maps PyTorch module names; SiLU and LeakyReLU are kept as written, not shown as relu', () => {
    expect(['ReLU', 'GELU', 'Tanh', 'Sigmoid', 'ELU', 'torch.nn.ReLU()', 'nn.Tanh'].map(activationOf)).toEqual([
      'relu',
      'gelu',
      'tanh',
      'sigmoid',
      'elu',
      'relu',
      'tanh',
    ]);
    expect(activationOf('SiLU')).toBeUndefined();
    expect(optimizerOf('SGD', { momentum: 0.9 })).toBe('momentum');
    expect(optimizerOf('SGD', { momentum: 0 })).toBe('sgd');
    const { population } = importActivationBundle(bundle([{ activation: 'SiLU' }, { activation: 'GELU' }, { activation: 'LeakyReLU' }]));
    expect(population.networks.map((n) => shownHyperParam(n, 'activation'))).toEqual(['SiLU', 'gelu', 'LeakyReLU']);
    expect(buildNetworkTable(population).byId.get('activation')!.dictionary).toEqual(['gelu', 'LeakyReLU', 'SiLU']);
  });

  it('groups notes one line per field, however many distinct values', () => {
    const hps = Array.from({ length: 70 }, (_, k) => ({ activation: k % 2 ? 'SiLU' : 'Mish', seed: k, epochs: 10 + k }));
    const { warnings } = importActivationBundle(bundle(hps));
    // the fields not given for the same (all) networks share one line
    const lr = warnings.filter((w) => w.includes('learning rate'));
    expect(lr).toEqual([
      'optimizer, learning rate, batch size, dropout, L2 weight decay, initialisation not given for all 70 networks: shown as —',
    ]);
    expect(warnings.filter((w) => w.startsWith('activation'))).toEqual([
      'activation "Mish" (35), "SiLU" (35) for all 70 networks: kept as given (no Netmanifold equivalent)',
    ]);
    expect(warnings.length).toBeLessThanOrEqual(8);
  });
});

describe('import notes: fields not given for the same networks share one line', () => {
  const full = (k: number): Record<string, unknown> => ({
    activation: 'relu',
    optimizer: 'adam',
    lr: 0.01,
    batch_size: 16,
    epochs: 5,
    dropout: 0,
    l2: 0,
    init: 'he_normal',
    seed: k,
  });
  const without = (o: Record<string, unknown>, ...keys: string[]) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

  it('merges them; the same count on other networks, another count, or another kind of note keeps its own line', () => {
    const hps = [
      // dropout, L2 and seed missing on networks 0–2; batch size "auto" on 0, missing on 1
      { ...without(full(0), 'dropout', 'l2', 'seed'), batch_size: 'auto' },
      without(full(1), 'dropout', 'l2', 'seed', 'batch_size'),
      without(full(2), 'dropout', 'l2', 'seed'),
      // initialisation missing on networks 3–5 (3 of 6 as well, but other networks); learning rate on 5 only
      without(full(3), 'init'),
      without(full(4), 'init'),
      without(full(5), 'init', 'lr'),
    ];
    const { warnings } = importActivationBundle(bundle(hps));
    expect(warnings).toEqual([
      'learning rate not given for 1 of 6 networks: shown as —',
      'batch size "auto" for 1 of 6 networks: kept as given (no Netmanifold equivalent), and not given for 1 of 6 networks: shown as —',
      'dropout, L2 weight decay, seed not given for 3 of 6 networks: shown as —',
      'initialisation not given for 3 of 6 networks: shown as —',
    ]);
  });

  it("the scale test's bundle (no hyperparameters, 4,200 networks) gives one line, counts with thousands separators", () => {
    const notes = new HyperParamNotes();
    for (let i = 0; i < 4200; i++) {
      notes.network(i);
      for (const f of ['activation', 'optimizer', 'learningRate', 'dropout', 'l2'] as const) notes.notGiven(f);
    }
    expect(notes.lines(4200)).toEqual([
      'activation, optimizer, learning rate, dropout, L2 weight decay not given for all 4,200 networks: shown as —',
    ]);
  });
});

describe('a declared shipped dataset is checked against the shipped inputs', () => {
  const digits = loadDataset({ name: 'digits', seed: 0 });
  const idx = [3, 10, 42, 7, 99, 150];
  const rows = (xs: Float32Array, ii: number[]) => ii.map((i) => Array.from(xs.subarray(i * 64, (i + 1) * 64)));
  const labels = idx.map((i) => digits.yTest[i]);
  const acts = (n: number) => Array.from({ length: n }, (_, i) => [i, 1, 2]);
  const digitsBundle = (probe: Record<string, unknown>) => ({
    format: 'netmanifold-activations',
    version: 1,
    dataset: 'digits',
    probe,
    networks: [{ id: 'a', activations: [acts(idx.length)] }],
  });
  const refusal = (m: unknown): string => {
    try {
      importActivationBundle(m as object);
    } catch (e) {
      expect(e).toBeInstanceOf(BundleError);
      return (e as Error).message;
    }
    return '';
  };

  it("accepts the app's rows at their indices, silently", () => {
    const r = importActivationBundle(digitsBundle({ x: rows(digits.xTest, idx), labels, indices: idx }));
    expect(r.warnings.filter((w) => w.includes('shipped'))).toEqual([]);
  });

  it('refuses raw 0–16 pixels', () => {
    const raw = rows(digits.xTest, idx).map((r) => r.map((v) => v * 16));
    expect(refusal(digitsBundle({ x: raw, labels, indices: idx }))).toMatch(
      /declared as the shipped "digits" dataset, but the probe inputs look like raw 0–16 pixel values.*divide probe\.x by 16/,
    );
  });

  it('refuses shuffled probe rows, naming where a row really is', () => {
    const shuffled = [...idx].reverse();
    expect(refusal(digitsBundle({ x: rows(digits.xTest, shuffled), labels: shuffled.map((i) => digits.yTest[i]), indices: idx }))).toMatch(
      /probe rows are not in the order of probe\.indices: row 0 is test row 150, not 3/,
    );
  });

  it('refuses rows from another split at the declared indices, and warns when no indices are given', () => {
    expect(refusal(digitsBundle({ x: rows(digits.xTrain, idx), labels, indices: idx }))).toMatch(
      /probe rows differ from Netmanifold's digits test split/,
    );
    const r = importActivationBundle(digitsBundle({ x: rows(digits.xTrain, idx), labels }));
    expect(r.warnings[0]).toMatch(/are not rows of Netmanifold's digits test split/);
    const ok = importActivationBundle(digitsBundle({ x: rows(digits.xTest, idx), labels }));
    expect(ok.warnings.filter((w) => w.includes('shipped'))).toEqual([]);
  });
});
