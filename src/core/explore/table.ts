// A column table over a population: what colour-by, histograms, parallel
// coordinates, filters, summaries and exports all read. One typed column per
// hyperparameter, metric, feature and embedding axis; row r is network r.
import type { NetworkRecord, Population } from '../types';
import { FEATURE_INFO, type FeatureInfo } from '../features/info';
import { shownHyperParam, type HyperParamField } from '../import/hyperparameter-names';
import {
  ACTIVATION_NAMES,
  ARCHITECTURE_NAMES,
  INIT_NAMES,
  NETWORK_ORIGINS,
  NETWORK_STATUSES,
  OPTIMIZER_NAMES,
  POOLING_NAMES,
} from '../types';
import { hiddenLayerWidths } from '../architecture';

export type ColumnType = 'continuous' | 'integer' | 'categorical';
export type ColumnGroup = 'hyperparameter' | 'metric' | 'feature' | 'embedding' | 'status';

export interface Column {
  /** Canonical id, e.g. 'learningRate', 'accuracy', 'silhouette', 'x'. */
  id: string;
  label: string;
  type: ColumnType;
  group: ColumnGroup;
  /**
   * One value per row. Categorical columns hold dictionary codes (0..k−1);
   * NaN = missing (a diverged network's accuracy, a feature not computed).
   */
  values: Float64Array;
  /** Finite [min, max] of values ([NaN, NaN] when none is finite); categorical: [0, k−1]. */
  domain: [number, number];
  /** Categorical only: the label of each code, known values first in their canonical order. */
  dictionary?: string[];
  /** Categorical only: every value a filter may name (a superset of dictionary). */
  allowedValues?: string[];
  /** Axis hint: values span orders of magnitude (learning rate). */
  logScale?: boolean;
}

export interface NetworkTable {
  rowCount: number;
  /** Network id of each row. */
  ids: string[];
  columns: Column[];
  /** Canonical id → column. Use getColumn() for aliases and case-insensitive names. */
  byId: Map<string, Column>;
}

const ACTIVATIONS: readonly string[] = ACTIVATION_NAMES;
const OPTIMIZERS: readonly string[] = OPTIMIZER_NAMES;
const INITS: readonly string[] = INIT_NAMES;
const STATUSES: readonly string[] = NETWORK_STATUSES;
const ORIGINS: readonly string[] = NETWORK_ORIGINS;
const ARCHITECTURES: readonly string[] = ARCHITECTURE_NAMES;
const POOLINGS: readonly string[] = POOLING_NAMES;

/** Friendly names (lower case) → canonical column id. */
export const COLUMN_ALIASES: Readonly<Record<string, string>> = {
  acc: 'accuracy',
  testacc: 'accuracy',
  test_acc: 'accuracy',
  testaccuracy: 'accuracy',
  testloss: 'loss',
  test_loss: 'loss',
  trainaccuracy: 'trainAcc',
  train_acc: 'trainAcc',
  train_loss: 'trainLoss',
  gengap: 'gap',
  generalisationgap: 'gap',
  generalizationgap: 'gap',
  lr: 'learningRate',
  learning_rate: 'learningRate',
  rate: 'learningRate',
  act: 'activation',
  arch: 'architecture',
  family: 'architecture',
  opt: 'optimizer',
  bs: 'batchSize',
  batch: 'batchSize',
  batch_size: 'batchSize',
  layers: 'depth',
  wd: 'l2',
  weightdecay: 'l2',
  weight_decay: 'l2',
  initialization: 'init',
  initialisation: 'init',
  maxwidth: 'maxWidth',
  max_width: 'maxWidth',
};

// Feature ids that repeat a metric column under another name.
const FEATURE_DUPLICATES: Record<string, string> = { testAcc: 'accuracy', testLoss: 'loss', trainAcc: 'trainAcc', genGap: 'gap' };

function finiteDomain(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v; // NaN compares false: skipped
    if (v > hi) hi = v;
  }
  return lo === Infinity ? [NaN, NaN] : [lo, hi];
}

/** True when a domain is positive and spans more than `decades` powers of ten (default 3). */
export function spansDecades(domain: [number, number], decades = 3): boolean {
  const [lo, hi] = domain;
  return lo > 0 && Number.isFinite(hi) && hi / lo > 10 ** decades;
}

function numericColumn(
  id: string,
  label: string,
  type: 'continuous' | 'integer',
  group: ColumnGroup,
  nets: NetworkRecord[],
  get: (n: NetworkRecord, i: number) => number | undefined,
  logScale?: boolean,
): Column {
  const values = new Float64Array(nets.length);
  for (let i = 0; i < nets.length; i++) {
    const v = get(nets[i], i);
    values[i] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
  }
  const col: Column = { id, label, type, group, values, domain: finiteDomain(values) };
  // Heavy tails (test loss of diverged networks reaches 1e4): log axes, bins and colours.
  // logScale false: bounded columns (accuracies) stay linear whatever their span.
  if (logScale || (logScale === undefined && type === 'continuous' && group !== 'embedding' && spansDecades(col.domain)))
    col.logScale = true;
  return col;
}

function categoricalColumn(
  id: string,
  label: string,
  group: ColumnGroup,
  nets: NetworkRecord[],
  known: readonly string[],
  get: (n: NetworkRecord) => string | undefined,
): Column {
  const raw = nets.map(get);
  const present = new Set<string>();
  for (const v of raw) if (v !== undefined) present.add(v);
  // Present values only (no empty histogram bars), known ones in canonical order.
  const dictionary = known.filter((v) => present.has(v));
  for (const v of [...present].sort()) if (!known.includes(v)) dictionary.push(v);
  const code = new Map(dictionary.map((v, i) => [v, i]));
  const values = new Float64Array(nets.length);
  for (let i = 0; i < nets.length; i++) {
    const v = raw[i];
    values[i] = v === undefined ? NaN : code.get(v)!;
  }
  const allowedValues = [...dictionary, ...known.filter((v) => !present.has(v))];
  return { id, label, type: 'categorical', group, values, domain: [0, Math.max(0, dictionary.length - 1)], dictionary, allowedValues };
}

/** Feature ids present on any network: the registry's order first, then the rest sorted. */
function presentFeatureIds(nets: NetworkRecord[]): string[] {
  const seen = new Set<string>();
  for (const n of nets) if (n.features) for (const k of Object.keys(n.features)) seen.add(k);
  const known = Object.keys(FEATURE_INFO).filter((k) => seen.has(k));
  const rest = [...seen].filter((k) => !(k in FEATURE_INFO)).sort();
  return [...known, ...rest];
}

/**
 * Build the table. featureIds: which entries of `net.features` become columns
 * (default: every one present). Features that repeat a metric (testAcc,
 * testLoss, trainAcc, genGap) are not duplicated: those ids are aliases of the
 * metric columns.
 */
export function buildNetworkTable(pop: Population, featureIds?: string[]): NetworkTable {
  const nets = pop.networks;
  const cols: Column[] = [];
  const hp = (id: string, label: string, type: 'continuous' | 'integer', get: (n: NetworkRecord) => number, log?: boolean) =>
    cols.push(numericColumn(id, label, type, 'hyperparameter', nets, get, log));

  // Depth and widths count every hidden layer with activations (a CNN's conv layers, an attention block), the MLP's as before.
  hp('depth', 'Depth', 'integer', (n) => hiddenLayerWidths(n.hp).length);
  hp('width', 'Width (first layer)', 'integer', (n) => hiddenLayerWidths(n.hp)[0] ?? NaN);
  hp('maxWidth', 'Width (widest layer)', 'integer', (n) => {
    const w = hiddenLayerWidths(n.hp);
    return w.length ? Math.max(...w) : NaN;
  });
  // Families (issue 15): a column for every population ('mlp' where a network, bundle or import names none), so colour by and
  // filter by family work on MLP-only populations too; each family's own fields (missing for the other families) once any network is not an MLP.
  cols.push(categoricalColumn('architecture', 'Architecture', 'hyperparameter', nets, ARCHITECTURES, (n) => n.hp.architecture ?? 'mlp'));
  if (nets.some((n) => (n.hp.architecture ?? 'mlp') !== 'mlp')) {
    if (nets.some((n) => n.hp.cnn)) {
      hp('convDepth', 'CNN conv layers', 'integer', (n) => n.hp.cnn?.convDepth ?? NaN);
      hp('channels', 'CNN channels', 'integer', (n) => n.hp.cnn?.channels ?? NaN);
      hp('kernel', 'CNN kernel', 'integer', (n) => n.hp.cnn?.kernel ?? NaN);
      cols.push(categoricalColumn('pooling', 'CNN pooling', 'hyperparameter', nets, POOLINGS, (n) => n.hp.cnn?.pooling));
    }
    if (nets.some((n) => n.hp.attention)) {
      hp('blocks', 'Attention blocks', 'integer', (n) => n.hp.attention?.blocks ?? NaN);
      hp('embedDim', 'Embedding width', 'integer', (n) => n.hp.attention?.embedDim ?? NaN);
      hp('heads', 'Attention heads', 'integer', (n) => n.hp.attention?.heads ?? NaN);
    }
  }
  // Imported networks: their own value where Netmanifold has none ("SiLU", "lbfgs"), missing where not given (shownHyperParam).
  const cat = (f: HyperParamField) => (n: NetworkRecord) => {
    const v = shownHyperParam(n, f);
    return v === null ? undefined : String(v);
  };
  const num = (f: HyperParamField) => (n: NetworkRecord) => {
    const v = shownHyperParam(n, f);
    return typeof v === 'number' ? v : NaN;
  };
  cols.push(categoricalColumn('activation', 'Activation', 'hyperparameter', nets, ACTIVATIONS, cat('activation')));
  cols.push(categoricalColumn('optimizer', 'Optimizer', 'hyperparameter', nets, OPTIMIZERS, cat('optimizer')));
  hp('learningRate', 'Learning rate', 'continuous', num('learningRate'), true);
  hp('batchSize', 'Batch size', 'integer', num('batchSize'));
  hp('epochs', 'Epochs', 'integer', num('epochs'));
  hp('dropout', 'Dropout', 'continuous', num('dropout'));
  hp('l2', 'L2 weight decay', 'continuous', num('l2'));
  cols.push(categoricalColumn('init', 'Initialisation', 'hyperparameter', nets, INITS, cat('init')));
  hp('seed', 'Seed', 'integer', num('seed'));

  const metric = (id: string, label: string, get: (n: NetworkRecord) => number, log?: boolean) =>
    cols.push(numericColumn(id, label, 'continuous', 'metric', nets, get, log));
  metric('accuracy', 'Test accuracy', (n) => n.final.testAcc, false);
  metric('loss', 'Test loss', (n) => n.final.testLoss);
  metric('trainAcc', 'Train accuracy', (n) => n.final.trainAcc, false);
  metric('trainLoss', 'Train loss', (n) => n.final.trainLoss);
  metric('gap', 'Generalisation gap', (n) => n.final.trainAcc - n.final.testAcc);
  cols.push(categoricalColumn('status', 'Status', 'status', nets, STATUSES, (n) => n.status));
  if (nets.some((n) => n.origin !== undefined && n.origin !== 'trained'))
    cols.push(categoricalColumn('origin', 'Origin', 'status', nets, ORIGINS, (n) => n.origin ?? 'trained'));

  const taken = new Set(cols.map((c) => c.id.toLowerCase()));
  for (const f of featureIds ?? presentFeatureIds(nets)) {
    if (f in FEATURE_DUPLICATES || taken.has(f.toLowerCase())) continue;
    taken.add(f.toLowerCase());
    const info = (FEATURE_INFO as Record<string, FeatureInfo>)[f];
    const type = f === 'h1Count' || f === 'h1LongBars' ? 'integer' : 'continuous';
    cols.push(numericColumn(f, info?.label ?? f, type, 'feature', nets, (n) => n.features?.[f]));
  }

  const emb = pop.embedding;
  if (emb && emb.nComponents > 0) {
    const nc = emb.nComponents;
    const axes = ['x', 'y', 'z'].slice(0, Math.min(3, nc));
    axes.forEach((a, d) =>
      cols.push(
        numericColumn(a, `PHATE ${d + 1}`, 'continuous', 'embedding', nets, (_n, i) =>
          i * nc + d < emb.embedding.length ? emb.embedding[i * nc + d] : NaN,
        ),
      ),
    );
  }

  return { rowCount: nets.length, ids: nets.map((n) => n.id), columns: cols, byId: new Map(cols.map((c) => [c.id, c])) };
}

/**
 * Find a column by id, case-insensitively, or by a friendly alias (acc →
 * accuracy, lr → learningRate, testAcc → accuracy, …).
 */
export function getColumn(table: NetworkTable, name: string): Column | undefined {
  const exact = table.byId.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  const alias = COLUMN_ALIASES[lower];
  if (alias && table.byId.has(alias)) return table.byId.get(alias);
  for (const c of table.columns) if (c.id.toLowerCase() === lower) return c;
  return undefined;
}

/** The display text of one cell: the category for categorical columns, '' for missing. */
export function cellText(col: Column, row: number): string {
  const v = col.values[row];
  if (Number.isNaN(v)) return '';
  if (col.type === 'categorical') return col.dictionary![v] ?? '';
  return String(v);
}

/** A column built from any per-row numbers (e.g. a smoothed field), for colour-by or export. */
export function derivedColumn(id: string, label: string, values: Float64Array, group: ColumnGroup = 'feature'): Column {
  return { id, label, type: 'continuous', group, values, domain: finiteDomain(values) };
}

/** A copy of the table with extra columns appended (ids must be new). */
export function withColumns(table: NetworkTable, extra: Column[]): NetworkTable {
  const columns = [...table.columns, ...extra];
  return { ...table, columns, byId: new Map(columns.map((c) => [c.id, c])) };
}
