// Population specs (METHODS §1): a hyperparameter subspace expanded into a
// list of concrete networks, as a grid or a seeded random sample.
import type { ArchitectureName, DatasetName, HyperParams, HyperParamSpace, PoolingName, PopulationSpec } from '../types';
import { DEFAULT_ATTENTION, DEFAULT_CNN, HEAD_WIDTHS, describeArchitecture } from '../architecture';
import { hashSeed, mulberry32, type Rng } from '../random';

/** Keys of HyperParamSpace shared by every family, in expansion order (the last varies fastest in a grid). */
export const SHARED_SPACE_KEYS = [
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

/** Each family's own keys: they vary only within that family's part of the grid (no CNN repeated per MLP width). */
export const FAMILY_SPACE_KEYS = {
  mlp: ['depth', 'width'],
  cnn: ['convDepth', 'channels', 'kernel', 'pooling'],
  attention: ['blocks', 'embedDim', 'heads'],
} as const satisfies Record<ArchitectureName, readonly (keyof HyperParamSpace)[]>;

/** Keys of an MLP's grid in expansion order (family keys first, the last key fastest), as before families existed. */
export const SPACE_KEYS = [...FAMILY_SPACE_KEYS.mlp, ...SHARED_SPACE_KEYS] as const;

/** Family-key values used when a space includes a family but leaves its keys out. */
const FAMILY_DEFAULTS: Required<Pick<HyperParamSpace, 'convDepth' | 'channels' | 'kernel' | 'pooling' | 'blocks' | 'embedDim' | 'heads'>> =
  {
    convDepth: [DEFAULT_CNN.convDepth],
    channels: [DEFAULT_CNN.channels],
    kernel: [DEFAULT_CNN.kernel],
    pooling: [DEFAULT_CNN.pooling],
    blocks: [DEFAULT_ATTENTION.blocks],
    embedDim: [DEFAULT_ATTENTION.embedDim],
    heads: [DEFAULT_ATTENTION.heads],
  };

/** The CNN and attention keys at their defaults (the builder starts from these when a family is switched on). */
export function defaultFamilySpace(): Required<Pick<HyperParamSpace, keyof typeof FAMILY_DEFAULTS>> {
  return structuredClone(FAMILY_DEFAULTS);
}

/** The families of a space (absent = MLPs only), each once, in the order given. */
export function spaceArchitectures(space: HyperParamSpace): ArchitectureName[] {
  return [...new Set<ArchitectureName>(space.architecture ?? ['mlp'])];
}

/** The values of one key of a space (family keys fall back to the family defaults). */
function valuesOf(space: HyperParamSpace, k: keyof HyperParamSpace): readonly unknown[] {
  const v = space[k] as unknown[] | undefined;
  if (v !== undefined) return v;
  if (k in FAMILY_DEFAULTS) return FAMILY_DEFAULTS[k as keyof typeof FAMILY_DEFAULTS];
  return [];
}

function familyKeys(arch: ArchitectureName): readonly (keyof HyperParamSpace)[] {
  return [...FAMILY_SPACE_KEYS[arch], ...SHARED_SPACE_KEYS];
}

function familySize(space: HyperParamSpace, arch: ArchitectureName): number {
  return familyKeys(arch).reduce((n, k) => n * valuesOf(space, k).length, 1);
}

/** A sensible starting subspace for a dataset: small enough to train in the browser. */
export function defaultSpace(dataset: DatasetName): HyperParamSpace {
  const d = DATASET_DEFAULTS[dataset];
  return {
    architecture: ['mlp'],
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

/** Number of configurations in the full grid: the sum over families of each family's product. */
export function spaceSize(space: HyperParamSpace): number {
  return spaceArchitectures(space).reduce((n, a) => n + familySize(space, a), 0);
}

/**
 * Grid point `index`: the families' grids one after another (in the order of
 * space.architecture), each a mixed radix over its family keys then the shared
 * keys, the last key fastest. An MLP-only space gives the grid it always had.
 */
export function gridPoint(space: HyperParamSpace, index: number): HyperParams {
  let rest = index;
  const archs = spaceArchitectures(space);
  let arch = archs[archs.length - 1];
  for (const a of archs) {
    const size = familySize(space, a);
    if (rest < size) {
      arch = a;
      break;
    }
    rest -= size;
  }
  const keys = familyKeys(arch);
  const pick: Record<string, unknown> = {};
  for (let k = keys.length - 1; k >= 0; k--) {
    const values = valuesOf(space, keys[k]);
    pick[keys[k]] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  const shared = {
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
  if (arch === 'cnn') {
    const cnn = {
      convDepth: pick.convDepth as number,
      channels: pick.channels as number,
      kernel: pick.kernel as number,
      pooling: pick.pooling as PoolingName,
    };
    return { architecture: 'cnn', widths: [...HEAD_WIDTHS], cnn, ...shared };
  }
  if (arch === 'attention') {
    const attention = { blocks: pick.blocks as number, embedDim: pick.embedDim as number, heads: pick.heads as number };
    return { architecture: 'attention', widths: [...HEAD_WIDTHS], attention, ...shared };
  }
  const depth = pick.depth as number;
  return { architecture: 'mlp', widths: Array(depth).fill(pick.width as number), ...shared };
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
  const archs = spaceArchitectures(space);
  if (archs.length === 0) throw new Error("hyperparameter space: 'architecture' has no values");
  for (const a of archs)
    for (const k of familyKeys(a)) {
      const v = valuesOf(space, k);
      if (!Array.isArray(v) || v.length === 0) throw new Error(`hyperparameter space: '${k}' has no values`);
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

/**
 * The networks of a spec with its count split evenly over the space's families
 * (random sampling alone is proportional to each family's grid size, so a wide
 * MLP grid would crowd out the CNNs). Each family is drawn as its own seeded
 * sample; the lists are interleaved so any prefix is mixed.
 */
export function expandBalanced(spec: PopulationSpec): HyperParams[] {
  const archs = spaceArchitectures(spec.space);
  const count = Math.max(0, Math.floor(spec.count));
  const lists = archs.map((a, k) =>
    expandPopulation({
      ...spec,
      space: { ...spec.space, architecture: [a] },
      count: Math.floor(count / archs.length) + (k < count % archs.length ? 1 : 0),
      seed: hashSeed('balanced', a, spec.seed),
    }),
  );
  const out: HyperParams[] = [];
  for (let i = 0; out.length < count; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
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

/** The shape part of an id: `2x32` (MLP), `cnn2x8k3max`, `att1x16h2`. */
function shapeText(hp: HyperParams): string {
  if (hp.architecture === 'cnn' && hp.cnn) {
    const c = hp.cnn;
    return `cnn${c.convDepth}x${c.channels}k${c.kernel}${c.pooling === 'none' ? '' : c.pooling}`;
  }
  if (hp.architecture === 'attention' && hp.attention) {
    const a = hp.attention;
    return `att${a.blocks}x${a.embedDim}h${a.heads}`;
  }
  return formatWidths(hp.widths);
}

/** Stable, readable id: `n007-relu-2x32-adam-lr1e-3`, `n008-relu-cnn2x8k3max-adam-lr1e-3`. */
export function networkId(hp: HyperParams, index: number): string {
  return `n${String(index).padStart(3, '0')}-${hp.activation}-${shapeText(hp)}-${hp.optimizer}-lr${formatRate(hp.learningRate)}`;
}

/** One line for tooltips and logs. */
export function describeHyperParams(hp: HyperParams): string {
  const shape = hp.architecture === 'mlp' ? formatWidths(hp.widths).replace('x', '×') : describeArchitecture(hp);
  const parts = [
    `${shape} ${hp.activation}`,
    `${hp.optimizer} lr ${formatRate(hp.learningRate)}`,
    `batch ${hp.batchSize}`,
    `${hp.epochs} epochs`,
  ];
  if (hp.dropout > 0) parts.push(`dropout ${hp.dropout}`);
  if (hp.l2 > 0) parts.push(`l2 ${formatRate(hp.l2)}`);
  parts.push(hp.init, `seed ${hp.seed}`);
  return parts.join(', ');
}
