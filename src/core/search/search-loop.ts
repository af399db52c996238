// Guided search measured against random (METHODS §6). Round 0 trains a random
// initial population from the search space; both arms start from it. Each
// later round, the guided arm embeds its population, picks the top region of
// the manifold (region.ts) and proposes `perRound` configurations from it with
// the "Train more like these" sampler (sample-region.ts: the region's values,
// its learning rates as a log range, fresh seeds); the random arm proposes the
// same number uniformly from the whole space (fresh seeds too, so neither arm
// spends budget retraining a network it has). Both arms train exactly
// initial + rounds × perRound networks. Training and embedding are injected,
// so the loop runs with TF.js, in a worker, or with a fake in tests.
import { isCancelled } from '../cancel';
import { freshSeeds, learningRateSteps, logSpaced, sampleRegion } from '../explore/sample-region';
import { expandPopulation, networkId, SPACE_KEYS } from '../population/spec';
import { hashSeed } from '../random';
import type { HyperParams, HyperParamSpace, NetworkOrigin, NetworkRecord, PopulationSpec } from '../types';
import { bestSoFar } from './curves';
import { topRegion, type RegionOptions, type RegionRule } from './region';

export const SEARCH_ARMS = ['guided', 'random'] as const;
export type SearchArm = (typeof SEARCH_ARMS)[number];

/** The origin a search's new networks carry (the 'origin' column colours them guided vs random). */
export const SEARCH_ORIGIN: Record<SearchArm, NetworkOrigin> = { guided: 'search-guided', random: 'search-random' };

export interface SearchConfig {
  /** The space both arms search; its seed list is used for round 0 only (later rounds take fresh seeds). */
  space: HyperParamSpace;
  /** Networks of round 0 (shared by both arms); with `initialNetworks`, their number. */
  initial: number;
  /**
   * Round 0 already trained (the app searches from the population on screen):
   * both arms start from these, nothing is trained for round 0, `initial` must
   * equal their number.
   */
  initialNetworks?: NetworkRecord[];
  rounds: number;
  /** Networks each arm proposes and trains per round. */
  perRound: number;
  seed: number;
  region?: RegionOptions;
  /** Epochs of every proposal of both arms (default: the values of the space, or of the region). */
  epochs?: number;
  /**
   * Guided proposals also step to the neighbouring values of the space (perturbNumeric): the
   * sampler alone only recombines values the region already has, so it cannot leave a poor start.
   * Default false (the "Train more like these" sampler as the app has it).
   */
  perturb?: boolean;
}

/** Numeric keys whose values are ordered (categorical ones, and seeds, are not perturbed). */
const ORDERED_KEYS = ['depth', 'width', 'learningRate', 'batchSize', 'epochs', 'dropout', 'l2'] as const;

/**
 * METHODS §6 step 2's perturbation: each ordered key of the region's space
 * gains the values of `space` next to the region's (one step down from its
 * lowest, one step up from its highest, in the sorted value list of the
 * space); the learning rates are then log-spaced over the widened range.
 * Categorical keys keep the region's values.
 */
export function perturbNumeric(region: HyperParamSpace, space: HyperParamSpace): HyperParamSpace {
  const out: HyperParamSpace = { ...region };
  for (const k of ORDERED_KEYS) {
    const all = [...new Set([...(space[k] as number[]), ...(region[k] as number[])])].sort((a, b) => a - b);
    const have = region[k] as number[];
    if (!have.length) continue;
    const lo = all.indexOf(Math.min(...have));
    const hi = all.indexOf(Math.max(...have));
    const widened = [...new Set([...have, all[Math.max(0, lo - 1)], all[Math.min(all.length - 1, hi + 1)]])].sort((a, b) => a - b);
    (out[k] as number[]) = widened;
  }
  const rates = out.learningRate;
  out.learningRate = logSpaced(rates[0], rates[rates.length - 1], learningRateSteps(rates[0], rates[rates.length - 1]));
  return out;
}

export interface TrainRequest {
  hps: HyperParams[];
  arm: SearchArm | 'initial';
  round: number;
}

/** Trains `hps` in order; returns one record per network (fewer only when cancelled). */
export type SearchTrainer = (req: TrainRequest) => Promise<NetworkRecord[]>;

/** N×dim coordinates of the networks' embedding, NaN rows for those left out. */
export type SearchEmbedder = (networks: NetworkRecord[], round: number) => Promise<{ coords: Float64Array; dim: number }>;

export interface RoundReport {
  arm: SearchArm | 'initial';
  round: number;
  /** The proposals as a population spec (what the sampler expanded). */
  spec: PopulationSpec['space'];
  proposals: HyperParams[];
  /** Guided rounds: how the region was picked, its size, and why the rule fell back (embedding failed). */
  region?: { rule: RegionRule; size: number; fallback?: string };
}

export interface SearchProgress {
  /** Networks trained so far over both arms (round 0 counted once). */
  done: number;
  total: number;
  message: string;
}

export interface SearchHooks {
  onProgress?(p: SearchProgress): void;
  /** A round's networks trained (ids and origin stamped), in training order. */
  onTrained?(arm: SearchArm | 'initial', networks: NetworkRecord[], round: number): void;
  onRound?(r: RoundReport): void;
  isCancelled?(): boolean;
}

export interface ArmResult {
  arm: SearchArm;
  /** Round 0's networks then the arm's own, in training order. */
  networks: NetworkRecord[];
  /** Round of each network (0 = initial). */
  roundOf: number[];
  /** Best test accuracy after each network trained. */
  bestSoFar: Float64Array;
  rounds: RoundReport[];
}

export interface SearchResult {
  initial: NetworkRecord[];
  guided: ArmResult;
  random: ArmResult;
  /** Networks each arm was to train: initial + rounds × perRound. */
  budget: number;
  cancelled: boolean;
}

/** Networks each arm trains. */
export const searchBudget = (c: Pick<SearchConfig, 'initial' | 'rounds' | 'perRound'>): number => c.initial + c.rounds * c.perRound;

/** The random arm's proposals: `count` configurations uniform over `space` (distinct while it allows), with seeds not in `usedSeeds`. */
export function randomProposals(space: HyperParamSpace, usedSeeds: Iterable<number>, count: number, seed: number): HyperParams[] {
  return expandPopulation(randomSpec(space, usedSeeds, count, seed));
}

function randomSpec(space: HyperParamSpace, usedSeeds: Iterable<number>, count: number, seed: number): PopulationSpec {
  return specOf({ ...space, seed: freshSeeds(usedSeeds, count) }, count, seed);
}

function specOf(space: HyperParamSpace, count: number, seed: number): PopulationSpec {
  // Dataset and probe are the trainer's business; the spec here only drives expandPopulation.
  return { dataset: { name: 'moons', seed: 0 }, space, sampling: 'random', count, seed, probe: { n: 0, seed: 0 } };
}

/**
 * The guided arm's proposals from a region: the sampler's subspace with the
 * learning rate as log-spaced values over the region's range (as "Train more
 * like these" opens the builder), `count` configurations, fresh seeds.
 */
export function regionProposals(
  networks: readonly NetworkRecord[],
  mask: ArrayLike<number>,
  count: number,
  seed: number,
  epochs?: number,
  perturbWithin?: HyperParamSpace,
): { space: HyperParamSpace; hps: HyperParams[] } {
  const region = sampleRegion(networks, mask, { seeds: count });
  const { lo, hi } = region.learningRate;
  let space = { ...region.space, learningRate: logSpaced(lo, hi, learningRateSteps(lo, hi)) };
  if (perturbWithin) space = perturbNumeric({ ...space, learningRate: region.space.learningRate }, perturbWithin);
  if (epochs !== undefined) space.epochs = [epochs];
  return { space, hps: expandPopulation(specOf(space, count, seed)) };
}

/**
 * The space a population spans, for a search from it: every value its ok
 * networks use (the sampler over all of them) and its learning rates as a log
 * range. Seeds are the population's own (proposals take fresh ones).
 */
export function populationSpace(networks: readonly NetworkRecord[]): HyperParamSpace {
  const region = sampleRegion(networks, new Uint8Array(networks.length).fill(1), { seeds: 1 });
  const { lo, hi } = region.learningRate;
  return {
    ...region.space,
    learningRate: logSpaced(lo, hi, learningRateSteps(lo, hi)),
    seed: [...new Set(networks.map((n) => n.hp.seed))],
  };
}

/** True when every field of hp is one of the space's values (seed excluded: proposals take fresh seeds). */
export function inSpace(hp: HyperParams, space: HyperParamSpace): boolean {
  for (const k of SPACE_KEYS) {
    if (k === 'seed') continue;
    const values = space[k] as readonly unknown[];
    if (
      k === 'depth'
        ? !values.includes(hp.widths.length)
        : k === 'width'
          ? !hp.widths.every((w) => values.includes(w))
          : !values.includes(hp[k])
    )
      return false;
  }
  return true;
}

function checkConfig(c: SearchConfig): void {
  if (c.initialNetworks && c.initialNetworks.length !== c.initial)
    throw new Error(`search: initial (${c.initial}) must equal the number of initial networks (${c.initialNetworks.length})`);
  for (const [name, v, min] of [
    ['initial', c.initial, 3],
    ['rounds', c.rounds, 0],
    ['perRound', c.perRound, 1],
  ] as const)
    if (!Number.isInteger(v) || v < min) throw new Error(`search: ${name} must be a whole number ≥ ${min} (got ${v})`);
}

/**
 * Runs both arms. Cancellation (hooks.isCancelled, or a trainer/embedder that
 * throws CancelledError) ends the search early: the result holds what was
 * trained, `cancelled` is set, curves cover the networks each arm has.
 */
export async function runSearch(
  config: SearchConfig,
  train: SearchTrainer,
  embed: SearchEmbedder,
  hooks: SearchHooks = {},
): Promise<SearchResult> {
  checkConfig(config);
  const budget = searchBudget(config);
  const total = (config.initialNetworks ? 0 : config.initial) + 2 * config.rounds * config.perRound;
  let done = 0;
  const progress = (message: string) => hooks.onProgress?.({ done, total, message });
  const arms: Record<SearchArm, { networks: NetworkRecord[]; roundOf: number[]; rounds: RoundReport[] }> = {
    guided: { networks: [], roundOf: [], rounds: [] },
    random: { networks: [], roundOf: [], rounds: [] },
  };
  let initial: NetworkRecord[] = [];
  let cancelled = false;
  const stop = () => {
    if (hooks.isCancelled?.()) cancelled = true;
    return cancelled;
  };

  /**
   * Trains and stamps ids (from each record's own hyperparameters: a cancelled
   * trainer may return a subset) and origin. A trainer that comes back short
   * was cancelled: what it finished is kept and the search stops.
   */
  const trainRound = async (report: RoundReport, idPrefix: string, firstIndex: number): Promise<NetworkRecord[]> => {
    hooks.onRound?.(report);
    progress(
      `${report.arm === 'initial' ? 'round 0 (initial)' : `round ${report.round} ${report.arm}`}: training ${report.proposals.length} networks`,
    );
    let recs: NetworkRecord[];
    try {
      recs = await train({ hps: report.proposals, arm: report.arm, round: report.round });
    } catch (e) {
      if (isCancelled(e)) {
        cancelled = true;
        return [];
      }
      throw e;
    }
    const out = recs.slice(0, report.proposals.length).map((r, j) => {
      const id = networkId(r.hp, firstIndex + j).replace(/^n/, idPrefix);
      return report.arm === 'initial' ? { ...r, id } : { ...r, id, origin: SEARCH_ORIGIN[report.arm] };
    });
    done += out.length;
    hooks.onTrained?.(report.arm, out, report.round);
    progress(`${report.arm === 'initial' ? 'round 0' : `round ${report.round} ${report.arm}`}: ${out.length} trained`);
    if (out.length < report.proposals.length) cancelled = true;
    return out;
  };

  try {
    const first = config.initialNetworks
      ? config.initialNetworks.slice()
      : await trainRound(
          {
            arm: 'initial',
            round: 0,
            spec: config.space,
            proposals: expandPopulation(specOf(config.space, config.initial, hashSeed('search', config.seed, 'initial'))),
          },
          'n',
          0,
        );
    initial = first;
    if (!cancelled) {
      for (const arm of SEARCH_ARMS) {
        arms[arm].networks.push(...first);
        arms[arm].roundOf.push(...first.map(() => 0));
      }
    }
    for (let round = 1; round <= config.rounds && !stop(); round++) {
      for (const arm of SEARCH_ARMS) {
        if (stop()) break;
        const a = arms[arm];
        const seed = hashSeed('search', config.seed, arm, round);
        let report: RoundReport;
        if (arm === 'guided') {
          let coords: Float64Array | null = null;
          let dim = 0;
          let fallback: string | undefined;
          try {
            progress(`round ${round} guided: embedding ${a.networks.length} networks`);
            ({ coords, dim } = await embed(a.networks, round));
          } catch (e) {
            if (isCancelled(e)) throw e;
            fallback = `embedding failed (${e instanceof Error ? e.message : String(e)}); region by accuracy alone`;
          }
          if (stop()) break;
          const rule: RegionRule = coords ? (config.region?.rule ?? 'manifold') : 'accuracy';
          const region = topRegion(a.networks, coords, dim, { ...config.region, rule });
          const { space, hps } = regionProposals(
            a.networks,
            region.mask,
            config.perRound,
            seed,
            config.epochs,
            config.perturb ? config.space : undefined,
          );
          report = { arm, round, spec: space, proposals: hps, region: { rule, size: region.size, ...(fallback ? { fallback } : {}) } };
        } else {
          const spec = randomSpec(
            config.epochs !== undefined ? { ...config.space, epochs: [config.epochs] } : config.space,
            a.networks.map((n) => n.hp.seed),
            config.perRound,
            seed,
          );
          report = { arm, round, spec: spec.space, proposals: expandPopulation(spec) };
        }
        const recs = await trainRound(report, arm === 'guided' ? 'g' : 'r', a.networks.length);
        a.networks.push(...recs);
        a.roundOf.push(...recs.map(() => round));
        if (recs.length) a.rounds.push(report);
        if (cancelled) break;
      }
    }
  } catch (e) {
    if (!isCancelled(e)) throw e;
    cancelled = true;
  }
  const result = (arm: SearchArm): ArmResult => ({
    arm,
    networks: arms[arm].networks,
    roundOf: arms[arm].roundOf,
    bestSoFar: bestSoFar(arms[arm].networks.map((n) => (n.status === 'ok' ? n.final.testAcc : NaN))),
    rounds: arms[arm].rounds,
  });
  progress(cancelled ? 'search cancelled' : 'search finished');
  return { initial, guided: result('guided'), random: result('random'), budget, cancelled };
}
