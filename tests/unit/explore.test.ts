// The explorer's pure core: network table, filter language, selections,
// summary and exports, each checked against direct computations over the
// population's records.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ActivationName, InitName, NetworkRecord, OptimizerName, Population } from '../../src/core/types';
import { mulberry32, randInt } from '../../src/core/random';
import {
  applyClause,
  buildNetworkTable,
  clearSource,
  columnHistogram,
  crossfilterMasks,
  expressionClause,
  countSelected,
  describeSelection,
  evaluateFilter,
  evaluateSelection,
  getColumn,
  idsClause,
  idsClauseFromMask,
  parseFilter,
  predicateMask,
  rangeClause,
  summarizeSelection,
  toCSV,
  csvText,
  toJSONRows,
  tokenize,
  valuesClause,
  type NetworkTable,
  type Selection,
} from '../../src/core/explore';

const ACTS: ActivationName[] = ['relu', 'tanh', 'sigmoid', 'elu'];
const OPTS: OptimizerName[] = ['sgd', 'momentum', 'adam'];
const INITS: InitName[] = ['glorot_uniform', 'he_normal'];
const RATES = [1e-4, 1e-3, 1e-2, 0.1, 1];

/** A synthetic population whose accuracy depends on activation (tanh best) and learning rate, with some diverged networks. */
function makePopulation(N: number, seed: number): Population {
  const rng = mulberry32(seed);
  const networks: NetworkRecord[] = [];
  const emb = new Float64Array(N * 3);
  for (let i = 0; i < N; i++) {
    const depth = 1 + randInt(rng, 3);
    const widths = Array.from({ length: depth }, () => [8, 16, 32][randInt(rng, 3)]);
    const activation = ACTS[randInt(rng, ACTS.length)];
    const learningRate = RATES[randInt(rng, RATES.length)];
    const diverged = learningRate === 1 && rng() < 0.6;
    const testAcc = diverged ? NaN : Math.min(1, (activation === 'tanh' ? 0.8 : 0.55) + 0.15 * rng());
    const trainAcc = diverged ? NaN : Math.min(1, testAcc + 0.05 * rng());
    const final = { epoch: 10, trainLoss: diverged ? NaN : 1 - trainAcc, trainAcc, testLoss: diverged ? NaN : 1.1 - testAcc, testAcc };
    networks.push({
      id: i === 3 ? 'net "3", odd\nid' : `net-${i}`,
      hp: {
        architecture: 'mlp',
        widths,
        activation,
        optimizer: OPTS[randInt(rng, OPTS.length)],
        learningRate,
        batchSize: [16, 32, 64][randInt(rng, 3)],
        epochs: 10,
        dropout: [0, 0.1, 0.2][randInt(rng, 3)],
        l2: [0, 1e-4][randInt(rng, 2)],
        init: INITS[randInt(rng, INITS.length)],
        seed: i,
      },
      status: diverged ? 'diverged' : 'ok',
      history: [final],
      final,
      layers: [],
      features: diverged
        ? { testAcc: NaN }
        : { testAcc, genGap: trainAcc - testAcc, silhouette: rng() * 2 - 1, effDim: 1 + 10 * rng(), h1Count: randInt(rng, 5) },
    });
    for (let d = 0; d < 3; d++) emb[i * 3 + d] = diverged ? NaN : rng() * 2 - 1;
  }
  return {
    id: 'test',
    name: 'test',
    provenance: {
      dataset: { name: 'moons', seed: 1 },
      probe: { n: 16, seed: 1 },
      metric: { name: 'diffusion' },
      phate: { knn: 5, decay: 40, t: 'auto', gamma: 1, nComponents: 3, solver: 'smacof', seed: 42 },
      generator: 'test',
      createdAt: '2024-01-01T00:00:00Z',
    },
    probe: { seed: 1, n: 0, inputDim: 2, indices: new Int32Array(0), x: new Float32Array(0), labels: new Int32Array(0) },
    networks,
    embedding: { embedding: emb, nComponents: 3, t: 5, vne: new Float64Array(0), components: 1 },
  };
}

const pop = makePopulation(240, 7);
const table = buildNetworkTable(pop);
const nets = pop.networks;
const rows = (pred: (n: NetworkRecord, i: number) => boolean) => Uint8Array.from(nets, (n, i) => (pred(n, i) ? 1 : 0));
const maskOf = (src: string, t: NetworkTable = table) => {
  const f = evaluateFilter(src, t);
  if (!f.ok) throw new Error(`${src}: ${f.error.message}`);
  return f.mask;
};

describe('buildNetworkTable', () => {
  it('has one typed column per hyperparameter, metric, feature and axis', () => {
    expect(table.rowCount).toBe(240);
    expect(table.ids).toEqual(nets.map((n) => n.id));
    const ids = table.columns.map((c) => c.id);
    for (const id of [
      'depth',
      'width',
      'maxWidth',
      'activation',
      'optimizer',
      'learningRate',
      'batchSize',
      'epochs',
      'dropout',
      'l2',
      'init',
      'seed',
    ])
      expect(getColumn(table, id)?.group).toBe('hyperparameter');
    for (const id of ['accuracy', 'loss', 'trainAcc', 'trainLoss', 'gap']) expect(getColumn(table, id)?.group).toBe('metric');
    expect(ids).toContain('silhouette');
    expect(ids).toContain('effDim');
    // features repeating a metric are not duplicated
    expect(ids).not.toContain('testAcc');
    expect(ids).not.toContain('genGap');
    expect(ids).not.toContain('origin'); // every network trained here
    expect(ids.slice(-3)).toEqual(['x', 'y', 'z']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stores values row by row, NaN for missing', () => {
    const acc = getColumn(table, 'accuracy')!;
    const depth = getColumn(table, 'depth')!;
    const maxW = getColumn(table, 'maxWidth')!;
    const y = getColumn(table, 'y')!;
    nets.forEach((n, i) => {
      expect(Object.is(acc.values[i], n.final.testAcc) || (Number.isNaN(acc.values[i]) && Number.isNaN(n.final.testAcc))).toBe(true);
      expect(depth.values[i]).toBe(n.hp.widths.length);
      expect(maxW.values[i]).toBe(Math.max(...n.hp.widths));
      expect(y.values[i]).toBe(pop.embedding!.embedding[i * 3 + 1]);
    });
    expect(acc.type).toBe('continuous');
    expect(depth.type).toBe('integer');
    expect(getColumn(table, 'h1Count')!.type).toBe('integer');
    expect(getColumn(table, 'learningRate')!.logScale).toBe(true);
    const finite = Array.from(acc.values).filter(Number.isFinite);
    expect(acc.domain).toEqual([Math.min(...finite), Math.max(...finite)]);
  });

  it('codes categorical columns by a dictionary of present values in canonical order', () => {
    const act = getColumn(table, 'activation')!;
    expect(act.type).toBe('categorical');
    expect(act.dictionary).toEqual(['relu', 'tanh', 'sigmoid', 'elu']);
    expect(act.allowedValues).toEqual(['relu', 'tanh', 'sigmoid', 'elu', 'gelu', 'linear']);
    expect(act.domain).toEqual([0, 3]);
    nets.forEach((n, i) => expect(act.dictionary![act.values[i]]).toBe(n.hp.activation));
    const status = getColumn(table, 'status')!;
    expect(status.dictionary).toEqual(['ok', 'diverged']);
  });

  it('resolves names case-insensitively and through aliases', () => {
    expect(getColumn(table, 'ACC')!.id).toBe('accuracy');
    expect(getColumn(table, 'testAcc')!.id).toBe('accuracy');
    expect(getColumn(table, 'lr')!.id).toBe('learningRate');
    expect(getColumn(table, 'LearningRate')!.id).toBe('learningRate');
    expect(getColumn(table, 'genGap')!.id).toBe('gap');
    expect(getColumn(table, 'nope')).toBeUndefined();
  });

  it('takes only the requested features, adds origin for imported networks, and works without an embedding', () => {
    const p2 = { ...pop, embedding: undefined, networks: nets.map((n, i) => (i === 0 ? { ...n, origin: 'imported-tfjs' as const } : n)) };
    const t2 = buildNetworkTable(p2, ['effDim']);
    const ids = t2.columns.map((c) => c.id);
    expect(ids).toContain('effDim');
    expect(ids).not.toContain('silhouette');
    expect(ids).not.toContain('x');
    const origin = getColumn(t2, 'origin')!;
    expect(origin.dictionary).toEqual(['trained', 'imported-tfjs']);
    expect(origin.values[0]).toBe(1);
    expect(origin.values[1]).toBe(0);
  });

  it("has an architecture column for an MLP-only population ('mlp' where a network names none), filterable by family", () => {
    // Half the networks as an old bundle or an import would have them: no architecture field at all.
    const old = { ...pop, networks: nets.map((n, i) => (i % 2 ? { ...n, hp: { ...n.hp, architecture: undefined } } : n)) };
    for (const p of [pop, old]) {
      const t = buildNetworkTable(p as Population);
      const arch = getColumn(t, 'architecture')!;
      expect(arch.type).toBe('categorical');
      expect(arch.group).toBe('hyperparameter');
      expect(arch.dictionary).toEqual(['mlp']);
      expect(Array.from(arch.values).every((v) => v === 0)).toBe(true);
      expect(getColumn(t, 'family')!.id).toBe('architecture');
      // The other families' own fields stay out of an MLP-only table.
      for (const id of ['convDepth', 'channels', 'blocks', 'heads']) expect(getColumn(t, id)).toBeUndefined();
      const f = evaluateFilter('architecture = mlp', t);
      expect(f.ok && Array.from(f.mask).every((m) => m === 1)).toBe(true);
      const g = evaluateFilter('family = cnn', t);
      expect(g.ok && Array.from(g.mask).every((m) => m === 0)).toBe(true);
    }
  });
});

describe('parseFilter: meaning', () => {
  const cases: Array<[string, (n: NetworkRecord) => boolean]> = [
    ['activation = tanh and accuracy > 0.9', (n) => n.hp.activation === 'tanh' && n.final.testAcc > 0.9],
    ['acc > 90%', (n) => n.final.testAcc > 0.9],
    ['lr <= 1e-3', (n) => n.hp.learningRate <= 1e-3],
    ['lr = 0.001', (n) => n.hp.learningRate === 0.001],
    ['learningRate == 1E-2', (n) => n.hp.learningRate === 0.01],
    [
      'not (depth = 2 or optimizer in (adam, sgd))',
      (n) => !(n.hp.widths.length === 2 || n.hp.optimizer === 'adam' || n.hp.optimizer === 'sgd'),
    ],
    ['activation != relu', (n) => n.hp.activation !== 'relu'],
    ['ACT = "TANH"', (n) => n.hp.activation === 'tanh'],
    ["init not in ('he_normal')", (n) => n.hp.init !== 'he_normal'],
    ['status = diverged', (n) => n.status === 'diverged'],
    ['accuracy = missing', (n) => Number.isNaN(n.final.testAcc)],
    ['accuracy != missing', (n) => !Number.isNaN(n.final.testAcc)],
    ['accuracy != 2', (n) => !Number.isNaN(n.final.testAcc)], // missing fails every comparison
    ['not accuracy > 0.7', (n) => !(n.final.testAcc > 0.7)], // … and `not` flips
    ['depth >= 2 && width < 32 || activation = elu', (n) => (n.hp.widths.length >= 2 && n.hp.widths[0] < 32) || n.hp.activation === 'elu'],
    ['! (depth = 1)', (n) => n.hp.widths.length !== 1],
    // precedence: and binds tighter than or
    [
      'depth = 1 or depth = 2 and activation = relu',
      (n) => n.hp.widths.length === 1 || (n.hp.widths.length === 2 && n.hp.activation === 'relu'),
    ],
    ['(depth = 1 or depth = 2) and activation = relu', (n) => n.hp.widths.length <= 2 && n.hp.activation === 'relu'],
    ['batchSize in (16, 64) and dropout > 0', (n) => (n.hp.batchSize === 16 || n.hp.batchSize === 64) && n.hp.dropout > 0],
    ['l2 = 1e-4 AND seed < 100', (n) => n.hp.l2 === 1e-4 && n.hp.seed < 100],
    ['activation = gelu', () => false], // a valid value no network has: no error, no rows
    ['activation != gelu', () => true],
    ['gap > 0.02', (n) => n.final.trainAcc - n.final.testAcc > 0.02],
    ['silhouette > 0 and effDim < 5', (n) => (n.features?.silhouette ?? NaN) > 0 && (n.features?.effDim ?? NaN) < 5],
  ];

  it.each(cases)('%s', (src, pred) => {
    const f = parseFilter(src, table);
    expect(f.ok).toBe(true);
    expect(Array.from(maskOf(src))).toEqual(Array.from(rows(pred)));
  });

  it('reads embedding coordinates and quoted column names', () => {
    const x = getColumn(table, 'x')!.values;
    expect(Array.from(maskOf('"x" > 0 and y <= 0.5'))).toEqual(
      Array.from(rows((_n, i) => x[i] > 0 && getColumn(table, 'y')!.values[i] <= 0.5)),
    );
  });

  it('reports the columns it reads, canonical and in first-use order', () => {
    const f = parseFilter('acc > 0.5 and (lr < 0.1 or ACCURACY < 0.9) and act = tanh', table);
    expect(f.ok && f.columns).toEqual(['accuracy', 'learningRate', 'activation']);
  });

  it('treats a blank expression as no filter', () => {
    for (const src of ['', '   ', '\n\t']) {
      const f = parseFilter(src, table);
      expect(f.ok && f.empty).toBe(true);
      expect(countSelected(maskOf(src))).toBe(240);
    }
  });

  it('numbers: exponents, signs, percentages and float32-rounded values', () => {
    expect(
      tokenize('1e-3 -2 +.5 90% 3.25E+2')
        .slice(0, 5)
        .map((t) => t.value),
    ).toEqual([1e-3, -2, 0.5, 0.9, 325]);
    const t32 = buildNetworkTable({
      ...pop,
      networks: nets.map((n) => ({ ...n, hp: { ...n.hp, learningRate: Math.fround(n.hp.learningRate) } })),
    });
    expect(Array.from(maskOf('lr = 0.001', t32))).toEqual(Array.from(rows((n) => n.hp.learningRate === 0.001)));
  });

  it('agrees with a direct evaluation on random expressions (property)', () => {
    type Node = { src: string; ev: (n: NetworkRecord) => boolean };
    const leaf = fc.oneof(
      fc.constantFrom(...ACTS, 'gelu').map((a) => ({ src: `activation = ${a}`, ev: (n: NetworkRecord) => n.hp.activation === a })),
      fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '=', '!='), fc.double({ min: 0.4, max: 1, noNaN: true })).map(([op, v]) => ({
        src: `accuracy ${op} ${v}`,
        ev: (n: NetworkRecord) => {
          const a = n.final.testAcc;
          if (Number.isNaN(a)) return false;
          const eq = Math.abs(a - v) <= 1e-6 * Math.max(Math.abs(a), Math.abs(v));
          return { '<': a < v, '<=': a <= v, '>': a > v, '>=': a >= v, '=': eq, '!=': !eq }[op]!;
        },
      })),
      fc
        .subarray([...OPTS], { minLength: 1 })
        .map((os) => ({ src: `optimizer in (${os.join(', ')})`, ev: (n: NetworkRecord) => os.includes(n.hp.optimizer) })),
      fc.integer({ min: 0, max: 4 }).map((d) => ({ src: `depth > ${d}`, ev: (n: NetworkRecord) => n.hp.widths.length > d })),
    );
    const { expr } = fc.letrec<{ expr: Node }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('expr'), fc.constantFrom('and', 'or'), tie('expr')).map(([a, op, b]) => ({
          src: `(${a.src}) ${op} (${b.src})`,
          ev: (n: NetworkRecord) => (op === 'and' ? a.ev(n) && b.ev(n) : a.ev(n) || b.ev(n)),
        })),
        tie('expr').map((a) => ({ src: `not (${a.src})`, ev: (n: NetworkRecord) => !a.ev(n) })),
      ),
    }));
    fc.assert(
      fc.property(expr, (e) => {
        const f = parseFilter(e.src, table);
        if (!f.ok) return false;
        return nets.every((n, i) => f.predicate(i) === e.ev(n));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseFilter: errors', () => {
  const err = (src: string) => {
    const f = parseFilter(src, table);
    if (f.ok) throw new Error(`expected an error for ${src}`);
    return { ...f.error, token: src.slice(f.error.start, f.error.end) };
  };

  it('suggests the column a typo meant', () => {
    const e = err('acuracy > 0.9');
    expect(e.message).toBe("unknown column 'acuracy' — did you mean 'accuracy'?");
    expect(e.token).toBe('acuracy');
    expect(err('activation = tanh and learningrat < 1').message).toBe("unknown column 'learningrat' — did you mean 'learningRate'?");
    expect(err('lrr < 1').message).toContain("did you mean 'learningRate'");
  });

  it('says when a value is missing after an operator', () => {
    const e = err('accuracy >');
    expect(e.message).toBe("expected a value after '>'");
    expect(e.token).toBe('>');
    expect(err('accuracy > and depth = 1').message).toBe("expected a value after '>'");
  });

  it('lists the values of a categorical column', () => {
    const e = err('activation = tanhh');
    expect(e.message).toBe("activation has no value 'tanhh'; values: relu, tanh, sigmoid, elu, gelu, linear — did you mean 'tanh'?");
    expect(e.token).toBe('tanhh');
    expect(err('optimizer in (adam, adamw)').token).toBe('adamw');
  });

  it('points at the right token for structural mistakes', () => {
    expect(err('(depth = 1').message).toBe("missing ')' to close this '('");
    expect(err('(depth = 1').token).toBe('(');
    expect(err('depth = 1)').message).toBe("unexpected ')' — no '(' to close");
    expect(err('depth = 1 depth = 2').message).toBe("expected 'and' or 'or' before 'depth'");
    expect(err('depth 1').message).toBe("expected a comparison (=, !=, <, <=, >, >=, in) after 'depth', got '1'");
    expect(err('depth').message).toBe("expected a comparison (=, !=, <, <=, >, >=, in) after 'depth'");
    expect(err('depth = 1 and').message).toBe('expected a condition at the end');
    expect(err('and depth = 1').message).toBe("expected a column name before 'and'");
    expect(err('()').message).toBe('empty parentheses: put a condition inside');
    expect(err('activation = "tanh').message).toBe('unterminated string: add a closing "');
    expect(err('depth = 1 & width = 8').message).toBe("unexpected '&' — write '&&' or 'and'");
    expect(err('depth = 1 ; width = 8').token).toBe(';');
    expect(err('depth in 1, 2').message).toBe("expected '(' after 'in', e.g. depth in (a, b)");
    expect(err('depth in (1, 2').message).toBe("missing ')' to close this '('");
    expect(err('depth in ()').message).toBe('empty list: name at least one value');
    expect(err('depth = 3x').message).toBe("'3x' is not a number");
    expect(err('0.9 < accuracy').message).toContain('expected a column name, got the number 0.9');
  });

  it('explains type mismatches', () => {
    expect(err('activation > relu').message).toBe(
      'activation is categorical: compare it with =, != or in (values: relu, tanh, sigmoid, elu, gelu, linear)',
    );
    expect(err('accuracy > high').message).toBe("accuracy is a number: expected a number, got 'high'");
    expect(err('accuracy < missing').message).toBe("'missing' can only be compared with = or !=");
    expect(err('tanh').message).toBe("'tanh' is not a column — did you mean 'activation = tanh'?");
  });

  it('limits nesting depth instead of overflowing the stack', () => {
    const deep = '('.repeat(5000) + 'depth = 1' + ')'.repeat(5000);
    expect(err(deep).message).toContain('nested too deeply');
    expect(err('not '.repeat(5000) + 'depth = 1').message).toContain('nested too deeply');
    expect(parseFilter('('.repeat(30) + 'depth = 1' + ')'.repeat(30), table).ok).toBe(true);
  });

  it('never throws on thousands of random strings (fuzz)', () => {
    const rng = mulberry32(123);
    const pieces = [
      'accuracy',
      'acc',
      'lr',
      'activation',
      'tanh',
      'relu',
      'and',
      'or',
      'not',
      'in',
      '(',
      ')',
      ',',
      '=',
      '!=',
      '<',
      '<=',
      '>',
      '>=',
      '==',
      '!',
      '0.5',
      '1e-3',
      '-2',
      '90%',
      '"tanh"',
      "'a",
      '"',
      '&&',
      '||',
      '&',
      '|',
      ' ',
      ' ',
      'depth',
      'missing',
      'x',
      '1e',
      '.',
      '-',
      'e-3',
      '\\',
      '\u00e9',
      '%',
    ];
    const chars = ' ()=<>!&|,.\'"-+%eE0123456789abcdefghijklmnopqrstuvwxyz_:\t\n\\\u0000\u{1F600}';
    let okCount = 0;
    for (let trial = 0; trial < 4000; trial++) {
      let s = '';
      const len = randInt(rng, 14);
      for (let k = 0; k < len; k++)
        s += trial % 2 ? pieces[randInt(rng, pieces.length)] + (rng() < 0.7 ? ' ' : '') : chars[randInt(rng, chars.length)];
      let f: ReturnType<typeof parseFilter> | undefined;
      expect(() => (f = parseFilter(s, table))).not.toThrow();
      if (f!.ok) {
        okCount++;
        expect(() => predicateMask(f!.ok ? f!.predicate : () => true, table.rowCount)).not.toThrow();
      } else {
        const { start, end, message } = f!.error;
        expect(message.length).toBeGreaterThan(0);
        expect(0 <= start && start <= end && end <= s.length).toBe(true);
      }
    }
    expect(okCount).toBeGreaterThan(50); // the fuzz reaches valid expressions too
    // and arbitrary unicode via fast-check
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => typeof parseFilter(s, table).ok === 'boolean'),
      { numRuns: 1000 },
    );
    expect(parseFilter(undefined as unknown as string, table).ok).toBe(false);
  });
});

describe('selections', () => {
  const lassoA = idsClause('lasso', [5, 1, 3, 3, 9]);
  it('composes lasso ids: replace, add (shift), subtract (alt)', () => {
    expect(Array.from(lassoA.indices)).toEqual([1, 3, 5, 9]);
    let sel: Selection = applyClause([], lassoA);
    sel = applyClause(sel, idsClause('lasso', [2, 3, 20]), 'add');
    expect(sel).toHaveLength(1);
    expect(sel[0].kind === 'ids' && Array.from(sel[0].indices)).toEqual([1, 2, 3, 5, 9, 20]);
    sel = applyClause(sel, idsClause('lasso', [1, 9, 100]), 'subtract');
    expect(sel[0].kind === 'ids' && Array.from(sel[0].indices)).toEqual([2, 3, 5, 20]);
    sel = applyClause(sel, idsClause('lasso', [7]), 'replace');
    expect(sel[0].kind === 'ids' && Array.from(sel[0].indices)).toEqual([7]);
    // subtracting everything clears the source; subtracting from nothing changes nothing
    expect(applyClause(sel, idsClause('lasso', [7]), 'subtract')).toEqual([]);
    const empty: Selection = [];
    expect(applyClause(empty, lassoA, 'subtract')).toBe(empty);
    expect(applyClause(empty, lassoA, 'add')).toEqual([lassoA]);
  });

  it('add/subtract equal set union/difference (property)', () => {
    const set = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 30 });
    fc.assert(
      fc.property(set, set, (a, b) => {
        const base = applyClause([], idsClause('lasso', a));
        const u = applyClause(base, idsClause('lasso', b), 'add');
        const d = applyClause(base, idsClause('lasso', b), 'subtract');
        const idx = (s: Selection) => (s.length && s[0].kind === 'ids' ? Array.from(s[0].indices) : []);
        const expectU = [...new Set([...a, ...b])].sort((x, y) => x - y);
        const expectD = a.length ? a.filter((x) => !b.includes(x)).sort((x, y) => x - y) : [];
        return JSON.stringify(idx(u)) === JSON.stringify(expectU) && JSON.stringify(idx(d)) === JSON.stringify(expectD);
      }),
      { numRuns: 300 },
    );
  });

  it('is immutable', () => {
    const sel: Selection = [lassoA];
    const before = JSON.stringify(sel.map((c) => (c.kind === 'ids' ? Array.from(c.indices) : c)));
    applyClause(sel, idsClause('lasso', [0]), 'add');
    clearSource(sel, 'lasso');
    expect(JSON.stringify(sel.map((c) => (c.kind === 'ids' ? Array.from(c.indices) : c)))).toBe(before);
    expect(clearSource(sel, 'nothing')).toBe(sel);
  });

  it('ANDs clauses of different sources; a view excludes its own (crossfilter)', () => {
    let sel: Selection = [];
    sel = applyClause(sel, { source: 'hist:accuracy', kind: 'range', column: 'accuracy', min: 0.9, max: 0.6 });
    sel = applyClause(sel, { source: 'filter', kind: 'expression', expression: 'depth >= 2' });
    sel = applyClause(sel, { source: 'bar:optimizer', kind: 'values', column: 'optimizer', values: ['adam', 'sgd'] });
    const accIn = (n: NetworkRecord) => n.final.testAcc >= 0.6 && n.final.testAcc <= 0.9;
    const deep = (n: NetworkRecord) => n.hp.widths.length >= 2;
    const opt = (n: NetworkRecord) => n.hp.optimizer === 'adam' || n.hp.optimizer === 'sgd';
    expect(Array.from(evaluateSelection(sel, table))).toEqual(Array.from(rows((n) => accIn(n) && deep(n) && opt(n))));
    expect(Array.from(evaluateSelection(sel, table, { exceptSource: 'hist:accuracy' }))).toEqual(
      Array.from(rows((n) => deep(n) && opt(n))),
    );
    expect(Array.from(evaluateSelection(sel, table, { exceptSource: 'filter' }))).toEqual(Array.from(rows((n) => accIn(n) && opt(n))));
    // an ids clause from a mask round-trips
    const m = rows((n) => n.hp.activation === 'tanh');
    expect(Array.from(evaluateSelection([idsClauseFromMask('lasso', m)], table))).toEqual(Array.from(m));
    expect(Array.from(evaluateSelection(clearSource(sel, 'filter'), table))).toEqual(Array.from(rows((n) => accIn(n) && opt(n))));
  });

  it('selects everything when empty, and ignores clauses it cannot read', () => {
    expect(countSelected(evaluateSelection([], table))).toBe(240);
    const odd: Selection = [
      { source: 'filter', kind: 'expression', expression: 'acuracy > 0.5' },
      { source: 'pcp:nope', kind: 'range', column: 'nope', min: 0, max: 1 },
      { source: 'lasso', kind: 'ids', indices: Int32Array.from([-1, 2, 9999]) },
    ];
    expect(Array.from(maskToIndicesOf(evaluateSelection(odd, table)))).toEqual([2]);
  });
});

function maskToIndicesOf(m: Uint8Array): number[] {
  const out: number[] = [];
  m.forEach((v, i) => v && out.push(i));
  return out;
}

describe('summarizeSelection', () => {
  const mask = rows((n) => n.hp.activation === 'tanh');
  const s = summarizeSelection(table, mask);

  it('counts and describes numeric columns in and out of the selection', () => {
    expect(s.count).toBe(countSelected(mask));
    expect(s.total).toBe(240);
    const accSel = nets
      .filter((_n, i) => mask[i])
      .map((n) => n.final.testAcc)
      .filter(Number.isFinite);
    expect(s.numeric.accuracy.count).toBe(accSel.length);
    const mean = accSel.reduce((a, b) => a + b, 0) / accSel.length;
    const std = Math.sqrt(accSel.reduce((a, b) => a + (b - mean) ** 2, 0) / accSel.length);
    expect(s.numeric.accuracy.mean).toBeCloseTo(mean, 12);
    expect(s.numeric.accuracy.std).toBeCloseTo(std, 12);
    expect(s.numeric.accuracy.min).toBe(Math.min(...accSel));
    expect(s.numeric.accuracy.max).toBe(Math.max(...accSel));
    const all = nets.map((n) => n.final.testAcc).filter(Number.isFinite);
    expect(s.numeric.accuracy.allMean).toBeCloseTo(all.reduce((a, b) => a + b, 0) / all.length, 12);
    expect(s.numeric.activation).toBeUndefined();
  });

  it('quartiles of the selection and of every row match the sorted definition (numpy type 7)', () => {
    const type7 = (xs: number[], p: number) => {
      const v = [...xs].sort((a, b) => a - b);
      const h = (v.length - 1) * p;
      const lo = Math.floor(h);
      return v[lo] + (v[Math.min(v.length - 1, lo + 1)] - v[lo]) * (h - lo);
    };
    const s = summarizeSelection(table, mask, { quartiles: 'all' });
    expect(Number.isNaN(summarizeSelection(table, mask).numeric.accuracy.median)).toBe(true); // not asked for
    expect(summarizeSelection(table, mask, { quartiles: ['accuracy'] }).numeric.accuracy.median).toBe(s.numeric.accuracy.median);
    for (const id of ['accuracy', 'learningRate', 'loss']) {
      const col = table.byId.get(id);
      if (!col) continue;
      const vals = Array.from(col.values);
      const sel = vals.filter((v, i) => mask[i] && Number.isFinite(v));
      const all = vals.filter(Number.isFinite);
      const q = s.numeric[id];
      expect(q.q1).toBeCloseTo(type7(sel, 0.25), 12);
      expect(q.median).toBeCloseTo(type7(sel, 0.5), 12);
      expect(q.q3).toBeCloseTo(type7(sel, 0.75), 12);
      expect(q.allMedian).toBeCloseTo(type7(all, 0.5), 12);
      expect(q.allQ1).toBeCloseTo(type7(all, 0.25), 12);
      expect(q.allQ3).toBeCloseTo(type7(all, 0.75), 12);
    }
    const one = new Uint8Array(240);
    one[7] = 1;
    const single = summarizeSelection(table, one, { quartiles: 'all' }).numeric.accuracy;
    if (Number.isFinite(table.byId.get('accuracy')!.values[7])) expect(single.median).toBe(table.byId.get('accuracy')!.values[7]);
    expect(Number.isNaN(summarizeSelection(table, new Uint8Array(240), { quartiles: 'all' }).numeric.accuracy.median)).toBe(true);
  });

  it('finds what the selection has in common, sorted by lift', () => {
    expect(s.dominant[0]).toMatchObject({ column: 'activation', value: 'tanh', selectedShare: 1, restShare: 0, lift: Infinity });
    for (let k = 1; k < s.dominant.length; k++) expect(s.dominant[k - 1].lift).toBeGreaterThanOrEqual(s.dominant[k].lift);
    for (const d of s.dominant) {
      expect(d.selectedCount).toBeGreaterThanOrEqual(3);
      expect(d.lift).toBeGreaterThan(1.25);
    }
    // lift is the ratio of shares, computed from the counts
    const tanhOk = summarizeSelection(
      table,
      rows((n) => n.hp.activation === 'tanh' && n.status === 'ok'),
    );
    const d0 = tanhOk.dominant.find((d) => d.column === 'activation' && d.value === 'tanh')!;
    const restTanh = nets.filter((n) => n.hp.activation === 'tanh' && n.status !== 'ok').length;
    expect(d0.restCount).toBe(restTanh);
    expect(d0.restShare).toBeCloseTo(restTanh / (240 - tanhOk.count), 15);
    expect(d0.lift).toBeCloseTo(1 / d0.restShare, 12);
    expect(describeSelection(s)).toMatch(new RegExp(`^${s.count} of 240 networks; mostly activation = tanh \\(100% vs 0%\\)`));
  });

  it('bins numeric hyperparameters with many values, and says nothing for empty or full selections', () => {
    const bySeed = summarizeSelection(
      table,
      rows((n) => n.hp.seed < 60),
    );
    const seedDom = bySeed.dominant.find((d) => d.column === 'seed')!;
    expect(seedDom.value).toMatch(/^0–/);
    expect(seedDom.selectedShare).toBe(1);
    expect(summarizeSelection(table, new Uint8Array(240)).dominant).toEqual([]);
    expect(summarizeSelection(table, new Uint8Array(240).fill(1)).dominant).toEqual([]);
    expect(Number.isNaN(summarizeSelection(table, new Uint8Array(240)).numeric.accuracy.mean)).toBe(true);
    expect(summarizeSelection(table, mask, { minCount: 1000 }).dominant).toEqual([]);
  });
});

/** RFC 4180 reader, for checking the writer. */
function parseCSV(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), (i += 2));
      else if (c === '"') ((quoted = false), i++);
      else ((field += c), i++);
    } else if (c === '"') ((quoted = true), i++);
    else if (c === ',') (row.push(field), (field = ''), i++);
    else if (c === '\r' && text[i + 1] === '\n') (row.push(field), out.push(row), (row = []), (field = ''), (i += 2));
    else ((field += c), i++);
  }
  return out;
}

describe('exports', () => {
  const mask = rows((n) => n.hp.widths.length === 1 || n.id.includes('"'));

  it('writes RFC 4180 CSV with one row per selected network', () => {
    const csv = toCSV(table, mask);
    expect(csv.endsWith('\r\n')).toBe(true);
    const parsed = parseCSV(csv);
    expect(parsed.length).toBe(countSelected(mask) + 1);
    expect(parsed[0]).toEqual(['id', ...table.columns.map((c) => c.id)]);
    const selectedRows = maskToIndicesOf(mask);
    parsed.slice(1).forEach((cells, k) => {
      const r = selectedRows[k];
      expect(cells[0]).toBe(nets[r].id); // includes the id with a quote, comma and newline
      table.columns.forEach((c, j) => {
        const v = c.values[r];
        const want = Number.isNaN(v) ? '' : c.type === 'categorical' ? c.dictionary![v] : String(v);
        expect(cells[j + 1]).toBe(want);
        if (c.type !== 'categorical' && want !== '') expect(Number(cells[j + 1])).toBe(v); // full precision
      });
    });
    expect(parseCSV(toCSV(table)).length).toBe(241);
  });

  it('escapes text fields a spreadsheet would run as a formula, and leaves negative numbers numbers', () => {
    const evil = ['+SUM(1,2)', '@cmd', '=HYPERLINK("x")', '-1+1', '\tx', '\rx', 'plain', "'quoted"];
    const p = makePopulation(evil.length, 3);
    p.networks.forEach((n, i) => (n.id = evil[i]));
    const t = buildNetworkTable(p);
    const csv = toCSV(t);
    const parsed = parseCSV(csv);
    expect(parsed.length).toBe(evil.length + 1);
    const want = ["'+SUM(1,2)", "'@cmd", `'=HYPERLINK("x")`, "'-1+1", "'\tx", "'\rx", 'plain', "'quoted"];
    parsed.slice(1).forEach((cells, r) => expect(cells[0]).toBe(want[r]));
    // no line of the raw text starts a field with a formula character
    for (const line of csv.split('\r\n').slice(1, -1)) expect(line).toMatch(/^("?')|^plain|^'quoted/);
    // RFC 4180 quoting still applies after the prefix (comma, quote, CR)
    expect(csvText('+SUM(1,2)')).toBe(`"'+SUM(1,2)"`);
    expect(csvText('=HYPERLINK("x")')).toBe(`'=HYPERLINK(""x"")`.replace(/^/, '"') + '"');
    expect(csvText('\rx')).toBe(`"'\rx"`);
    expect(csvText('@cmd')).toBe("'@cmd");
    expect(csvText('a-b')).toBe('a-b');
    // numeric columns: negative values stay plain numbers (no quote prefix)
    const x = getColumn(t, 'x')!;
    const col = parsed[0].indexOf('x');
    let negatives = 0;
    parsed.slice(1).forEach((cells, r) => {
      if (Number.isNaN(x.values[r])) return;
      expect(Number(cells[col])).toBe(x.values[r]);
      if (x.values[r] < 0) negatives++;
    });
    expect(negatives).toBeGreaterThan(0);
  });

  it('picks columns by name and rejects unknown ones', () => {
    const csv = toCSV(table, undefined, ['acc', 'act', 'lr']);
    expect(csv.split('\r\n')[0]).toBe('id,accuracy,activation,learningRate');
    expect(() => toCSV(table, undefined, ['acuracy'])).toThrow(/unknown column 'acuracy'/);
  });

  it('writes JSON rows with null for missing values', () => {
    const json = toJSONRows(table, mask, ['accuracy', 'activation', 'status']);
    expect(json.length).toBe(countSelected(mask));
    const r0 = maskToIndicesOf(mask);
    json.forEach((row, k) => {
      const n = nets[r0[k]];
      expect(row).toEqual({
        id: n.id,
        accuracy: Number.isNaN(n.final.testAcc) ? null : n.final.testAcc,
        activation: n.hp.activation,
        status: n.status,
      });
    });
    expect(JSON.parse(JSON.stringify(toJSONRows(table))).length).toBe(240);
    expect(toJSONRows(table, new Uint8Array(240))).toEqual([]);
  });
});

describe('docs/filter-expressions.md', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/filter-expressions.md'), 'utf8');

  it('its examples parse', () => {
    const block = doc.split('```')[1];
    const examples = block
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(examples.length).toBeGreaterThan(4);
    for (const ex of examples) expect(parseFilter(ex, table)).toMatchObject({ ok: true });
  });

  it('its error table matches the messages', () => {
    const rowsOfTable = doc
      .slice(doc.indexOf('## Errors'))
      .split('\n')
      .filter((l) => l.startsWith('| `'));
    expect(rowsOfTable.length).toBeGreaterThan(5);
    for (const line of rowsOfTable) {
      const [, input, message] = line.match(/^\| `(.*)` \| (.*) \|$/)!;
      const f = parseFilter(input, table);
      expect(f.ok).toBe(false);
      if (!f.ok) expect(f.error.message.startsWith(message.replace(/…\)$/, ''))).toBe(true);
    }
  });
});

describe('linked-view helpers', () => {
  it('crossfilterMasks: all clauses, and per view all but its own', () => {
    const sel = [
      rangeClause('hist:accuracy', 'accuracy', 0.9, 0.7),
      valuesClause('bar:activation', 'activation', ['tanh', 'relu']),
      expressionClause('depth >= 2'),
    ];
    const { all, bySource } = crossfilterMasks(sel, table, ['hist:accuracy', 'bar:activation', 'pcp:seed']);
    expect(all).toEqual(evaluateSelection(sel, table));
    expect(bySource['hist:accuracy']).toEqual(evaluateSelection(sel, table, { exceptSource: 'hist:accuracy' }));
    expect(bySource['bar:activation']).toEqual(evaluateSelection(sel, table, { exceptSource: 'bar:activation' }));
    expect(bySource['pcp:seed']).toBe(all); // a view without a clause sees everything's filter
    expect(sel[0]).toMatchObject({ min: 0.7, max: 0.9 });
  });

  it('columnHistogram: every row in exactly one bin, selected counts follow the mask', () => {
    const mask = rows((n) => n.hp.activation === 'tanh');
    for (const id of ['accuracy', 'learningRate', 'depth', 'seed', 'activation', 'effDim']) {
      const col = getColumn(table, id)!;
      const h = columnHistogram(col, mask, 10);
      const sum = (a: Int32Array) => a.reduce((s, x) => s + x, 0);
      const nMissing = Array.from(col.values).filter(Number.isNaN).length;
      expect(h.missing).toBe(nMissing);
      expect(sum(h.counts)).toBe(240 - nMissing);
      expect(sum(h.selected)).toBe(Array.from(col.values).filter((v, r) => mask[r] && !Number.isNaN(v)).length);
      if (h.kind === 'bins') {
        // each value lies within its bin's edges
        col.values.forEach((v) => {
          if (Number.isNaN(v)) return;
          expect(v).toBeGreaterThanOrEqual(h.edges[0]);
          expect(v).toBeLessThanOrEqual(h.edges[h.edges.length - 1]);
        });
        const brute = new Int32Array(h.counts.length);
        col.values.forEach((v) => {
          if (Number.isNaN(v)) return;
          let b = 0;
          while (b < brute.length - 1 && v >= h.edges[b + 1]) b++;
          brute[b]++;
        });
        expect(Array.from(h.counts)).toEqual(Array.from(brute));
      }
    }
    expect(columnHistogram(getColumn(table, 'learningRate')!).log).toBe(true);
    expect(columnHistogram(getColumn(table, 'learningRate')!).edges.length).toBe(21);
    expect(Array.from(columnHistogram(getColumn(table, 'depth')!).edges)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(columnHistogram(getColumn(table, 'activation')!).labels).toEqual(['relu', 'tanh', 'sigmoid', 'elu']);
    expect(Array.from(columnHistogram(getColumn(table, 'epochs')!).counts)).toEqual([240]);
  });
});
