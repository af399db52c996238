// "Train more like these": the hyperparameter subspace of a selected region of
// the manifold, in the population builder's terms (a HyperParamSpace of value
// lists, see core/population/spec.ts): every discrete value that occurs among
// the selected networks that trained without diverging, the learning rate as a
// log range over them, and seeds no network of the population uses yet (new
// initialisations, not replicas). Pure: no store, no tf.
import { ARCHITECTURE_NAMES, type HyperParamSpace, type NetworkRecord } from '../types';

export interface RegionSubspace {
  /**
   * Values present in the selection (ok networks only), sorted. `width` holds
   * every hidden width that occurs (the builder gives a network the same width
   * in every layer); `learningRate` every distinct rate; `seed` fresh seeds.
   */
  space: HyperParamSpace;
  /** Log range of the selected learning rates: lo = min, hi = max (equal for a single value). */
  learningRate: { lo: number; hi: number };
  /** Selected networks the subspace was read from (status ok). */
  selected: number;
  /** Selected networks left out because they diverged or were cancelled. */
  ignored: number;
}

/** The k smallest positive integers that are not in `used`, ascending. */
export function freshSeeds(used: Iterable<number>, k: number): number[] {
  const taken = new Set(used);
  const out: number[] = [];
  for (let s = 1; out.length < Math.max(0, Math.floor(k)); s++) if (!taken.has(s)) out.push(s);
  return out;
}

/** Learning-rate values for a log range: one per decade spanned plus one (2..7); 1 for a single value. */
export function learningRateSteps(lo: number, hi: number): number {
  if (!(hi > lo)) return 1;
  return Math.min(7, Math.max(2, Math.ceil(Math.log10(hi / lo) - 1e-9) + 1));
}

/** `steps` log-spaced values from lo to hi, rounded to 3 significant digits (the builder's learning-rate list). */
export function logSpaced(lo: number, hi: number, steps: number): number[] {
  const n = Math.max(1, Math.floor(steps));
  if (n === 1 || lo === hi) return [lo];
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const out = Array.from({ length: n }, (_, i) => Number((10 ** (a + ((b - a) * i) / (n - 1))).toPrecision(3)));
  return [...new Set(out)];
}

const ascending = <T extends number | string>(values: Iterable<T>): T[] =>
  [...new Set(values)].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));

/**
 * The subspace of the selected region. `mask[i]` non-zero selects
 * networks[i]. Throws, with a sentence a person can act on, when nothing is
 * selected or no selected network trained without diverging.
 * `seeds`: how many fresh seeds to offer (default 8).
 */
export function sampleRegion(networks: readonly NetworkRecord[], mask: ArrayLike<number>, opts: { seeds?: number } = {}): RegionSubspace {
  if (mask.length !== networks.length) throw new Error(`selection mask has ${mask.length} entries for ${networks.length} networks`);
  const picked: NetworkRecord[] = [];
  let any = 0;
  for (let i = 0; i < networks.length; i++) {
    if (!mask[i]) continue;
    any++;
    if (networks[i].status === 'ok') picked.push(networks[i]);
  }
  if (any === 0)
    throw new Error('No networks are selected: brush the manifold, a histogram or an axis, or type a filter, then train more like them.');
  if (picked.length === 0) throw new Error(`None of the ${any} selected networks trained without diverging: select some that did.`);
  const hps = picked.map((n) => n.hp);
  const rates = ascending(hps.map((h) => h.learningRate).filter((r) => Number.isFinite(r) && r > 0));
  if (rates.length === 0) throw new Error('The selected networks have no positive learning rate to sample around.');
  // Family keys come from that family's networks only (a CNN's dense head is not an MLP width).
  const mlps = hps.filter((h) => h.architecture === 'mlp');
  const cnns = hps.flatMap((h) => (h.architecture === 'cnn' && h.cnn ? [h.cnn] : []));
  const atts = hps.flatMap((h) => (h.architecture === 'attention' && h.attention ? [h.attention] : []));
  const space: HyperParamSpace = {
    architecture: ARCHITECTURE_NAMES.filter((a) => hps.some((h) => h.architecture === a)),
    depth: ascending(mlps.map((h) => h.widths.length)),
    width: ascending(mlps.flatMap((h) => h.widths)),
    ...(cnns.length
      ? {
          convDepth: ascending(cnns.map((c) => c.convDepth)),
          channels: ascending(cnns.map((c) => c.channels)),
          kernel: ascending(cnns.map((c) => c.kernel)),
          pooling: ascending(cnns.map((c) => c.pooling)),
        }
      : {}),
    ...(atts.length
      ? {
          blocks: ascending(atts.map((a) => a.blocks)),
          embedDim: ascending(atts.map((a) => a.embedDim)),
          heads: ascending(atts.map((a) => a.heads)),
        }
      : {}),
    activation: ascending(hps.map((h) => h.activation)),
    optimizer: ascending(hps.map((h) => h.optimizer)),
    learningRate: rates,
    batchSize: ascending(hps.map((h) => h.batchSize)),
    epochs: ascending(hps.map((h) => h.epochs)),
    dropout: ascending(hps.map((h) => h.dropout)),
    l2: ascending(hps.map((h) => h.l2)),
    init: ascending(hps.map((h) => h.init)),
    seed: freshSeeds(
      networks.map((n) => n.hp.seed),
      opts.seeds ?? 8,
    ),
  };
  return { space, learningRate: { lo: rates[0], hi: rates[rates.length - 1] }, selected: picked.length, ignored: any - picked.length };
}
