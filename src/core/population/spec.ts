// Population specs (METHODS §1): a hyperparameter subspace expanded into a
// list of concrete networks, as a grid or a seeded random sample.
import type { DatasetName, HyperParams, HyperParamSpace, PopulationSpec } from '../types';
import { hashSeed, mulberry32, type Rng } from '../random';

/** Keys of HyperParamSpace in expansion order (the last varies fastest in a grid). */
export const SPACE_KEYS = [
  'depth',
  'width',
  'activation',
  'optimizer',
  'learningRate',
  'batchSize',
  'epochs',
  'dropout',
  'l2',
  'init',
  'seed',
] as const satisfies readonly (keyof HyperParamSpace)[];

/** Widths and epochs per dataset: images get wider layers; modular addition needs many short epochs. */
const DATASET_DEFAULTS: Partial<Record<DatasetName, { width: number[]; epochs: number; builderEpochs: number }>> = {
  digits: { width: [16, 32, 64], epochs: 20, builderEpochs: 20 },
  mnist: { width: [32, 64, 128], epochs: 5, builderEpochs: 3 },
  modadd: { width: [32, 64, 128], epochs: 200, builderEpochs: 150 },
};

/** A sensible starting subspace for a dataset: small enough to train in the browser. */
export function defaultSpace(dataset: DatasetName): HyperParamSpace {
  const d = DATASET_DEFAULTS[dataset];
  return {
    depth: [1, 2, 3],
    width: d ? d.width : [8, 16, 32],
    activation: ['relu', 'tanh', 'sigmoid'],
    optimizer: ['sgd', 'adam'],
    learningRate: [1e-3, 1e-2, 1e-1],
    batchSize: [32],
    epochs: [d ? d.epochs : 30],
    dropout: [0],
    l2: [0],
    init: ['glorot_uniform'],
    seed: [1, 2],
  };
}

/** Epochs the train panel starts with for a dataset (fewer than defaultSpace: the browser is slower). */
export function builderEpochs(dataset: DatasetName): number {
  return DATASET_DEFAULTS[dataset]?.builderEpochs ?? 10;
}

/** Number of configurations in the full grid. */
export function spaceSize(space: HyperParamSpace): number {
  return SPACE_KEYS.reduce((n, k) => n * space[k].length, 1);
}

/** Grid point `index` (mixed radix over SPACE_KEYS, the last key fastest). */
export function gridPoint(space: HyperParamSpace, index: number): HyperParams {
  const pick: Record<string, unknown> = {};
  let rest = index;
  for (let k = SPACE_KEYS.length - 1; k >= 0; k--) {
    const values = space[SPACE_KEYS[k]] as unknown[];
    pick[SPACE_KEYS[k]] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  const depth = pick.depth as number;
  return {
    widths: Array(depth).fill(pick.width as number),
    activation: pick.activation as HyperParams['activation'],
    optimizer: pick.optimizer as HyperParams['optimizer'],
    learningRate: pick.learningRate as number,
    batchSize: pick.batchSize as number,
    epochs: pick.epochs as number,
    dropout: pick.dropout as number,
    l2: pick.l2 as number,
    init: pick.init as HyperParams['init'],
    seed: pick.seed as number,
  };
}

/** k distinct integers from [0, n), in draw order (Floyd's algorithm: O(k) memory even for huge n). */
function sampleDistinct(n: number, k: number, rng: Rng): number[] {
  const chosen = new Set<number>();
  const order: number[] = [];
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(rng() * (j + 1));
    const v = chosen.has(t) ? j : t;
    chosen.add(v);
    order.push(v);
  }
  return order;
}

function checkSpace(space: HyperParamSpace): void {
  for (const k of SPACE_KEYS) {
    if (!Array.isArray(space[k]) || space[k].length === 0) throw new Error(`hyperparameter space: '${k}' has no values`);
  }
}

/**
 * The networks of a population spec, deterministically.
 * grid: the cartesian product in grid order; if larger than count, a seeded
 *   subsample of count points, kept in grid order.
 * random: count configurations in seeded random order, distinct while the
 *   space allows; beyond its size, further draws repeat configurations.
 */
export function expandPopulation(spec: PopulationSpec): HyperParams[] {
  const { space } = spec;
  checkSpace(space);
  const total = spaceSize(space);
  const count = Math.max(0, Math.floor(spec.count));
  const rng = mulberry32(hashSeed('population', spec.sampling, spec.seed));
  let indices: number[];
  if (spec.sampling === 'grid') {
    indices = total <= count ? Array.from({ length: total }, (_, i) => i) : sampleDistinct(total, count, rng).sort((a, b) => a - b);
  } else {
    const distinct = sampleDistinct(total, Math.min(count, total), rng);
    // Floyd's draw order is not uniformly shuffled; shuffle it.
    for (let i = distinct.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [distinct[i], distinct[j]] = [distinct[j], distinct[i]];
    }
    indices = distinct;
    while (indices.length < count) indices.push(Math.floor(rng() * total));
  }
  return indices.map((i) => gridPoint(space, i));
}

/** Compact learning-rate text: 0.001 → "1e-3", 0.0003 → "3e-4", 3 → "3e+0" → "3". */
export function formatRate(x: number): string {
  if (x === 0) return '0';
  const [m, e] = x.toExponential(2).split('e');
  const mant = String(Number(m));
  const exp = Number(e);
  return exp === 0 ? mant : `${mant}e${exp}`;
}

function formatWidths(widths: number[]): string {
  if (widths.length === 0) return '0x0';
  return widths.every((w) => w === widths[0]) ? `${widths.length}x${widths[0]}` : widths.join('-');
}

/** Stable, readable id: `n007-relu-2x32-adam-lr1e-3`. */
export function networkId(hp: HyperParams, index: number): string {
  return `n${String(index).padStart(3, '0')}-${hp.activation}-${formatWidths(hp.widths)}-${hp.optimizer}-lr${formatRate(hp.learningRate)}`;
}

/** One line for tooltips and logs. */
export function describeHyperParams(hp: HyperParams): string {
  const parts = [
    `${formatWidths(hp.widths).replace('x', '×')} ${hp.activation}`,
    `${hp.optimizer} lr ${formatRate(hp.learningRate)}`,
    `batch ${hp.batchSize}`,
    `${hp.epochs} epochs`,
  ];
  if (hp.dropout > 0) parts.push(`dropout ${hp.dropout}`);
  if (hp.l2 > 0) parts.push(`l2 ${formatRate(hp.l2)}`);
  parts.push(hp.init, `seed ${hp.seed}`);
  return parts.join(', ');
}
