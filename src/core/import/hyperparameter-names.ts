// Hyperparameters of imported networks (docs/activation-bundle.md
// "Hyperparameter names"): the spellings other frameworks use (Keras, PyTorch,
// scikit-learn's MLPClassifier), how their values map onto HyperParams, and
// what is shown where a value has no Netmanifold equivalent or is missing.
//
// HyperParams keeps a placeholder in such fields (the trainer needs a valid
// value), lists the field in extraHyperParams.defaulted and keeps the value as
// written in extraHyperParams under the key it came with. shownHyperParam()
// reads that back, so the inspector, the table and colour-by show the real
// value ("SiLU", "lbfgs") or nothing ("—"), never the placeholder.
import type { ActivationName, HyperParams, InitName, NetworkRecord, OptimizerName } from '../types';
import { ACTIVATION_NAMES, INIT_NAMES, OPTIMIZER_NAMES } from '../types';

/** Fields an imported network may give or leave out (architecture and the family fields are Netmanifold's own: imports are MLPs). */
type ImportedField = Exclude<keyof HyperParams, 'architecture' | 'cnn' | 'attention'>;
export type HyperParamField = Exclude<ImportedField, 'widths'>;

/** Accepted spellings of each HyperParams field (a number-valued field takes the first spelling with a usable value). */
export const HP_ALIASES: Record<ImportedField, string[]> = {
  widths: ['widths', 'hidden_sizes', 'hidden_layers', 'layer_sizes', 'hidden_layer_sizes', 'hidden'],
  activation: ['activation', 'act', 'nonlinearity', 'activation_fn'],
  optimizer: ['optimizer', 'optim', 'solver'],
  learningRate: ['learningRate', 'learning_rate_init', 'lr', 'learning_rate'],
  batchSize: ['batchSize', 'batch_size'],
  epochs: ['epochs', 'n_epochs', 'num_epochs', 'n_iter_', 'max_iter', 'max_epochs'],
  dropout: ['dropout', 'dropout_rate'],
  l2: ['l2', 'weight_decay', 'alpha'],
  init: ['init', 'initializer', 'kernel_initializer', 'weight_init'],
  seed: ['seed', 'random_seed', 'random_state'],
};

/** How each field reads in notes. */
export const HP_LABELS: Record<ImportedField, string> = {
  widths: 'hidden layer widths',
  activation: 'activation',
  optimizer: 'optimizer',
  learningRate: 'learning rate',
  batchSize: 'batch size',
  epochs: 'epochs',
  dropout: 'dropout',
  l2: 'L2 weight decay',
  init: 'initialisation',
  seed: 'seed',
};

/** sklearn's `learning_rate` is a schedule name ("constant", "adaptive"), not a rate: only a number counts as one. */
export function isScheduleName(key: string, value: unknown): boolean {
  return key === 'learning_rate' && typeof value === 'string' && !Number.isFinite(Number(value));
}

/** "torch.nn.SiLU()", "nn.ReLU", "Leaky-ReLU" → "silu", "relu", "leaky_relu". */
export function normaliseName(x: string): string {
  return x
    .trim()
    .replace(/\(\s*\)$/, '')
    .replace(/^(torch\.nn\.|nn\.|tf\.keras\.activations\.|keras\.activations\.|torch\.optim\.|optim\.)/i, '')
    .toLowerCase()
    .replace(/[\s-]/g, '_');
}

const ACTIVATIONS: readonly ActivationName[] = ACTIVATION_NAMES;
const ACTIVATION_SYNONYMS: Record<string, ActivationName> = { logistic: 'sigmoid', identity: 'linear', none: 'linear' };
const OPTIMIZERS: readonly OptimizerName[] = OPTIMIZER_NAMES;
const OPTIMIZER_SYNONYMS: Record<string, OptimizerName> = { sgd_momentum: 'momentum', adamw: 'adam' };
const INITS: readonly InitName[] = INIT_NAMES;
const INIT_SYNONYMS: Record<string, InitName> = { xavier_uniform: 'glorot_uniform', kaiming_normal: 'he_normal' };

function named<T extends string>(known: readonly T[], synonyms: Record<string, T>) {
  return (x: unknown): T | undefined => {
    if (typeof x !== 'string') return undefined;
    const s = normaliseName(x);
    return (known as readonly string[]).includes(s) ? (s as T) : synonyms[s];
  };
}

/** Activation names of Keras, PyTorch (ReLU, GELU, Tanh, Sigmoid, ELU) and sklearn (logistic, identity); undefined if none of ours. */
export const activationOf = named(ACTIVATIONS, ACTIVATION_SYNONYMS);
export const initOf = named(INITS, INIT_SYNONYMS);
const optimizerName = named(OPTIMIZERS, OPTIMIZER_SYNONYMS);

/** Optimizer names of Keras, PyTorch and sklearn's `solver`; SGD with a given momentum > 0 is our 'momentum'. lbfgs has no equivalent. */
export function optimizerOf(x: unknown, hp: Record<string, unknown>): OptimizerName | undefined {
  const o = optimizerName(x);
  if (o === 'sgd' && typeof hp.momentum === 'number' && hp.momentum > 0) return 'momentum';
  return o;
}

/** A number, or a string holding one ("0.01"). */
export function numberOf(x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
  return undefined;
}

/** sklearn writes hidden_layer_sizes as a tuple or, for one layer, a bare int. */
export function widthsOf(x: unknown): unknown {
  return typeof x === 'number' ? [x] : x;
}

// ---------------------------------------------------------------- what is shown

export type ShownHyperParam = string | number | null;

function defaultedFields(net: NetworkRecord): string[] {
  const d = net.extraHyperParams?.defaulted;
  return typeof d === 'string' && d ? d.split(',') : [];
}

/**
 * The value to show (and colour by) for a field: the network's own where it is
 * one Netmanifold knows; else the imported value as written (a string, e.g.
 * "SiLU", "lbfgs", "auto"); null where it was not given (shown as "—").
 */
export function shownHyperParam(net: NetworkRecord, field: HyperParamField): ShownHyperParam {
  if (!defaultedFields(net).includes(field)) return net.hp[field];
  const extra = net.extraHyperParams ?? {};
  for (const key of HP_ALIASES[field]) {
    const v = extra[key];
    if (v === undefined || v === null || isScheduleName(key, v)) continue;
    return String(v);
  }
  return null;
}

/** Whether a network shows a value Netmanifold cannot train (an imported "other" value). */
export function hasOtherValue(net: NetworkRecord, field: HyperParamField): boolean {
  const v = shownHyperParam(net, field);
  return v !== null && v !== net.hp[field];
}

// ---------------------------------------------------------------- grouped notes

const quote = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

/**
 * Importer notes, one line per field (not one per distinct value):
 * "learning rate not given for 12 of 70 networks: shown as —". Fields that are
 * only not given, for the very same networks, share one line:
 * "learning rate, dropout, seed not given for all 4,200 networks: shown as —".
 */
export class HyperParamNotes {
  /** Per field, the networks (as numbered by network()) it was not given for. */
  private missing = new Map<ImportedField, Set<number>>();
  private derived = new Map<ImportedField, { count: number; how: string }>();
  private kept = new Map<ImportedField, Map<string, number>>();
  private free = new Map<string, number>();
  /** The network the notes are about; without network() each note is about a network of its own. */
  private current: number | null = null;
  private anonymous = 0;

  /** The notes from here on are about network `index` (its place in the bundle). */
  network(index: number): this {
    this.current = index;
    return this;
  }

  /** The field was not given: shown as "—". */
  notGiven(field: ImportedField): void {
    const nets = this.missing.get(field) ?? new Set<number>();
    nets.add(this.current ?? -++this.anonymous);
    this.missing.set(field, nets);
  }

  /** The field was not given but follows from something else (e.g. epochs from the metrics history). */
  derivedFrom(field: ImportedField, how: string): void {
    const d = this.derived.get(field) ?? { count: 0, how };
    d.count++;
    this.derived.set(field, d);
  }

  /** The field's value is not one Netmanifold trains (or not usable): kept and shown as written. */
  keptAsGiven(field: ImportedField, raw: string): void {
    const m = this.kept.get(field) ?? new Map<string, number>();
    m.set(raw, (m.get(raw) ?? 0) + 1);
    this.kept.set(field, m);
  }

  /** Any other note, counted over networks. */
  add(message: string): void {
    this.free.set(message, (this.free.get(message) ?? 0) + 1);
  }

  lines(total: number): string[] {
    const n = (c: number) => c.toLocaleString('en-US');
    const of = (c: number) => (c === total ? `all ${n(c)} networks` : `${n(c)} of ${n(total)} networks`);
    const fields = Object.keys(HP_LABELS) as ImportedField[];
    // Fields with no note but "not given", grouped by the networks they are missing for.
    const groups = new Map<string, ImportedField[]>();
    for (const field of fields) {
      const miss = this.missing.get(field);
      if (!miss || this.kept.has(field) || this.derived.has(field)) continue;
      const key = [...miss].sort((a, b) => a - b).join(',');
      groups.set(key, [...(groups.get(key) ?? []), field]);
    }
    const shared = new Map<ImportedField, ImportedField[]>();
    for (const group of groups.values()) if (group.length > 1) group.forEach((f) => shared.set(f, group));
    const out: string[] = [];
    for (const field of fields) {
      const group = shared.get(field);
      if (group) {
        // One line for the group, where its first field's line would be.
        if (group[0] === field)
          out.push(`${group.map((f) => HP_LABELS[f]).join(', ')} not given for ${of(this.missing.get(field)!.size)}: shown as —`);
        continue;
      }
      const parts: string[] = [];
      const kept = this.kept.get(field);
      if (kept) {
        const values = [...kept].sort((a, b) => b[1] - a[1]);
        const shown = values.slice(0, 3).map(([v, c]) => (values.length > 1 ? `${quote(v)} (${c})` : quote(v)));
        const more = values.length > 3 ? ` and ${values.length - 3} more values` : '';
        const count = values.reduce((s, [, c]) => s + c, 0);
        parts.push(`${shown.join(', ')}${more} for ${of(count)}: kept as given (no Netmanifold equivalent)`);
      }
      const miss = this.missing.get(field);
      if (miss) parts.push(`not given for ${of(miss.size)}: shown as —`);
      const der = this.derived.get(field);
      if (der) parts.push(`not given for ${of(der.count)}: ${der.how}`);
      // One line per field; its parts joined so that none reads as a line of its own.
      if (parts.length) out.push(`${HP_LABELS[field]} ${parts.join(', and ')}`);
    }
    for (const [m, c] of this.free) out.push(`${m} (${of(c)})`);
    return out;
  }
}
