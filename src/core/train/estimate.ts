// Time estimate of a population before it trains, from short real runs of
// the population's own groups on the current backend (issue 14 item 6).
//
// A FLOP-rate model calibrated on a few stand-in networks was off by up to 6×
// either way on wasm: small MLPs are bound by per-step and per-op overheads
// that depend on the layer count, the optimiser, the batch and the group size,
// and a one-off 3×3 fit of three noisy timings swung with machine load. So
// each group the population will train (same widths, activation, optimiser,
// batch size and group size G as the real run) is timed directly: two epochs
// on the head of the training split at two sizes (k1 and k2 batches), epoch
// times read from the trainer's progress events (set-up excluded), the faster
// of the two epochs kept (robust to a busy machine). Per group:
//   epoch(k) ≈ k · stepSeconds + epochFixedSeconds   (probe pass, read-backs)
//   total    ≈ fixedSeconds + E · (S · stepSeconds + epochFixedSeconds)
// where fixedSeconds is the set-up (initial weights, epoch-0 evaluation) seen
// before the first epoch. Groups not measured (more than maxGroups distinct
// ones) use a line fitted through the measured ones: step time against the
// group's FLOPs per step; measuring stops after a time budget (3 s). MLP and
// CNN groups are timed stacked, as they train; a group that trains one network
// at a time (attention, a CNN alone) is timed on one network and counted
// size × (GroupTiming.perNetwork).
import type { Dataset, HyperParams, ProbeSet } from '../types';
import { batchGroupKey, groupForBatching } from './batched-groups';
import { trainPopulationBatched, trainsStacked } from './batched';
import type { Tf } from './batched-tf';

/** One group's measured costs. */
export interface GroupTiming {
  /** batchGroupKey + group size: what fixes the shapes of every step. */
  key: string;
  stepSeconds: number;
  /** Per epoch besides the steps (evaluation passes on the probe, read-backs). */
  epochFixedSeconds: number;
  /** Once per group (initial weights, epoch-0 evaluation, records). */
  fixedSeconds: number;
  flopsPerStep: number;
  /**
   * The group trains one network at a time (attention, CNNs where they are
   * not stacked): the timing is of one network, and the group costs size × it.
   */
  perNetwork?: boolean;
}

export interface ThroughputCalibration {
  backend: string;
  /** Measured groups, by GroupTiming.key. */
  groups: Record<string, GroupTiming>;
  /** Fallback for unmeasured groups: stepSeconds + flopsPerStep / flopsPerSecond per step. */
  stepSeconds: number;
  flopsPerSecond: number;
  /** Fallback per-group set-up (mean of the measured groups). */
  networkSeconds: number;
  /** Fallback per-epoch evaluation cost, in units of 10 steps (mean of the measured groups). */
  epochShare: number;
  /** Seconds the measurements took (this call's). */
  measuredSeconds: number;
}

export interface DataShape {
  inputDim: number;
  numClasses: number;
  nTrain: number;
  nTest: number;
  nProbe: number;
}

export function dataShape(ds: Dataset, probe: ProbeSet): DataShape {
  return { inputDim: ds.inputDim, numClasses: ds.numClasses, nTrain: ds.yTrain.length, nTest: ds.yTest.length, nProbe: probe.n };
}

/** Nominal FLOPs of training one network: 6 per weight per example per epoch, 2 per weight per evaluated row (epoch 0 included). */
export function networkFlops(hp: HyperParams, d: DataShape): number {
  return hp.epochs * 6 * weightsOf(hp, d) * d.nTrain + (hp.epochs + 1) * 2 * weightsOf(hp, d) * (d.nTrain + d.nTest + d.nProbe);
}

function weightsOf(hp: HyperParams, d: Pick<DataShape, 'inputDim' | 'numClasses'>): number {
  const sizes = [d.inputDim, ...hp.widths, d.numClasses];
  let weights = 0;
  for (let l = 0; l + 1 < sizes.length; l++) weights += sizes[l] * sizes[l + 1];
  return weights;
}

export function stepsPerEpoch(hp: HyperParams, d: DataShape): number {
  return Math.ceil(d.nTrain / Math.max(1, Math.min(hp.batchSize, d.nTrain)));
}

/** Training FLOPs of one step of a group of `size` networks like hp (forward + backward, 6 per weight per row). */
function groupStepFlops(hp: HyperParams, size: number, d: DataShape): number {
  return 6 * weightsOf(hp, d) * Math.min(hp.batchSize, d.nTrain) * size;
}

/** The key a group's timing is stored under. */
export function groupTimingKey(hp: HyperParams, size: number): string {
  return `${batchGroupKey(hp)}|G=${size}`;
}

/** Seconds of one group: measured, or from the fallback line. */
function groupSeconds(hp: HyperParams, size: number, d: DataShape, c: ThroughputCalibration): number {
  const t = c.groups[groupTimingKey(hp, size)];
  const S = stepsPerEpoch(hp, d);
  if (t) return (t.perNetwork ? size : 1) * (t.fixedSeconds + hp.epochs * (S * t.stepSeconds + t.epochFixedSeconds));
  const step = c.stepSeconds + groupStepFlops(hp, size, d) / c.flopsPerSecond;
  return c.networkSeconds + hp.epochs * (S + 10 * c.epochShare) * step;
}

/** Estimated seconds to train `hps` with the batched trainer. */
export function estimateSeconds(hps: readonly HyperParams[], d: DataShape, c: ThroughputCalibration, maxGroupSize?: number): number {
  let s = 0;
  for (const g of groupForBatching(hps, maxGroupSize)) s += groupSeconds(hps[g.indices[0]], g.indices.length, d, c);
  return s;
}

/** The first `trainRows` training rows and a proportional share of the test rows (at least one batch). */
function headOf(ds: Dataset, trainRows: number, minTest: number): Dataset {
  const nTr = Math.min(trainRows, ds.yTrain.length);
  const nTe = Math.min(ds.yTest.length, Math.max(minTest, Math.round((nTr * ds.yTest.length) / Math.max(1, ds.yTrain.length))));
  return {
    ...ds,
    xTrain: ds.xTrain.subarray(0, nTr * ds.inputDim),
    yTrain: ds.yTrain.subarray(0, nTr),
    xTest: ds.xTest.subarray(0, nTe * ds.inputDim),
    yTest: ds.yTest.subarray(0, nTe),
  };
}

/** Set-up seconds and the mean epoch time (epochs 2 and 3: the first carries one-off costs) of `hps` on `ds`. */
async function timeEpochs(
  tf: Tf,
  ds: Dataset,
  probe: ProbeSet,
  hps: HyperParams[],
  now: () => number,
  isCancelled?: () => boolean,
): Promise<{ setup: number; epoch: number }> {
  const marks: number[] = [];
  const t0 = now();
  const three = hps.map((hp) => ({ ...hp, epochs: 3 }));
  await trainPopulationBatched(tf, ds, probe, three, { isCancelled, checkpointEpochs: [], onProgress: () => marks.push(now()) });
  const end = now();
  if (marks.length < 3) return { setup: (end - t0) / 1000, epoch: 0 };
  const epoch = (marks[2] - marks[0]) / 2 / 1000;
  // Before the first mark: set-up, the epoch-0 evaluation and epoch 1; after the last: the records.
  return { setup: Math.max(0, (marks[0] - t0) / 1000 - epoch + (end - marks[2]) / 1000), epoch };
}

/**
 * Measurement window of one epoch in the larger run: long enough that a busy
 * machine's scheduling noise (a few ms per slice) averages out.
 */
const WINDOW_SECONDS = 0.06;

/** Measures one group: epochs at k1 batches, then at k2 (chosen so an epoch lasts about WINDOW_SECONDS). */
async function measureGroup(
  tf: Tf,
  ds: Dataset,
  probe: ProbeSet,
  hps: HyperParams[],
  now: () => number,
  isCancelled?: () => boolean,
): Promise<Omit<GroupTiming, 'key' | 'flopsPerStep'>> {
  const B = Math.max(1, Math.min(hps[0].batchSize, ds.yTrain.length));
  const S = Math.ceil(ds.yTrain.length / B);
  const k1 = Math.min(S, 2);
  const a = await timeEpochs(tf, headOf(ds, k1 * B, B), probe, hps, now, isCancelled);
  const k2 = Math.min(S, Math.max(k1 + 4, Math.ceil((k1 * WINDOW_SECONDS) / Math.max(a.epoch, 1e-4))));
  const b = k2 > k1 ? await timeEpochs(tf, headOf(ds, k2 * B, B), probe, hps, now, isCancelled) : a;
  let step = k2 > k1 ? (b.epoch - a.epoch) / (k2 - k1) : a.epoch / k1;
  // Noise can invert the two timings: fall back to the larger run's mean step.
  if (!(step > 0)) step = b.epoch / k2;
  const epochFixed = Math.max(0, b.epoch - k2 * step);
  return { stepSeconds: step, epochFixedSeconds: epochFixed, fixedSeconds: Math.min(a.setup, b.setup) };
}

/** Least-squares line time = a + flops / rate through the measured groups (a ≥ 0, rate > 0). */
function fitFallback(groups: GroupTiming[]): { stepSeconds: number; flopsPerSecond: number; networkSeconds: number; epochShare: number } {
  if (groups.length === 0) return { stepSeconds: 1e-3, flopsPerSecond: 1e9, networkSeconds: 0.05, epochShare: 0.15 };
  const n = groups.length;
  const mx = groups.reduce((s, g) => s + g.flopsPerStep, 0) / n;
  const my = groups.reduce((s, g) => s + g.stepSeconds, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const g of groups) {
    sxy += (g.flopsPerStep - mx) * (g.stepSeconds - my);
    sxx += (g.flopsPerStep - mx) ** 2;
  }
  let slope = sxx > 0 ? sxy / sxx : 0;
  let a = my - slope * mx;
  if (!(slope > 0) || !(a >= 0)) {
    // Too few or too alike groups for a line: a fixed cost per step (the common case for small MLPs) and a nominal rate.
    a = my;
    slope = 1e-10;
  }
  // The epoch's evaluation passes relative to its steps, as measured.
  const epochShare = groups.reduce((s, g) => s + g.epochFixedSeconds / Math.max(1e-9, g.stepSeconds * 10), 0) / n;
  return { stepSeconds: a, flopsPerSecond: 1 / slope, networkSeconds: groups.reduce((s, g) => s + g.fixedSeconds, 0) / n, epochShare };
}

export interface CalibrateOptions {
  isCancelled?: () => boolean;
  /** Timings measured before on this backend and dataset: those groups are not measured again. */
  previous?: ThroughputCalibration;
  /**
   * The clock timings are read from, in ms (default performance.now). The
   * bench passes this process's CPU time, so that a model check does not
   * depend on what else the machine is running.
   */
  clock?: () => number;
  /** Measuring stops after about this many seconds (the remaining groups use the fallback line); default 3. */
  budgetSeconds?: number;
}

/**
 * Measures the groups of `hps` not measured yet (at most maxGroups, the most
 * expensive first by nominal FLOPs) and returns the calibration with them.
 * About 0.1–0.3 s per group for the builder's MLPs on wasm.
 */
export async function calibrateThroughput(
  tf: Tf,
  ds: Dataset,
  probe: ProbeSet,
  hps: readonly HyperParams[],
  opts: CalibrateOptions = {},
): Promise<ThroughputCalibration> {
  const d = dataShape(ds, probe);
  const now = opts.clock ?? (() => performance.now());
  const t00 = now();
  const groups: Record<string, GroupTiming> = { ...(opts.previous?.groups ?? {}) };
  const todo = groupForBatching(hps)
    .map((g) => ({ hps: g.indices.map((i) => hps[i]), key: groupTimingKey(hps[g.indices[0]], g.indices.length) }))
    .filter((g, i, all) => !groups[g.key] && all.findIndex((x) => x.key === g.key) === i)
    .sort((x, y) => networkFlops(y.hps[0], d) * y.hps.length - networkFlops(x.hps[0], d) * x.hps.length);
  const budget = opts.budgetSeconds ?? 3;
  // The first training of a session pays one-off costs (JIT, the first tf.layers model): keep them out.
  if (!opts.previous && todo.length)
    await trainPopulationBatched(tf, headOf(ds, 2 * todo[0].hps[0].batchSize, 1), probe, [{ ...todo[0].hps[0], epochs: 1 }], {
      checkpointEpochs: [],
    });
  for (const g of todo) {
    if (opts.isCancelled?.() || (now() - t00) / 1000 > budget) break;
    // a group trained one network at a time is timed on its first network (its epochs are that network's)
    const perNetwork = !trainsStacked(tf, g.hps);
    const t = await measureGroup(tf, ds, probe, perNetwork ? g.hps.slice(0, 1) : g.hps, now, opts.isCancelled);
    groups[g.key] = {
      key: g.key,
      ...t,
      flopsPerStep: groupStepFlops(g.hps[0], perNetwork ? 1 : g.hps.length, d),
      ...(perNetwork ? { perNetwork } : {}),
    };
  }
  const fb = fitFallback(Object.values(groups));
  return { backend: tf.getBackend(), groups, ...fb, measuredSeconds: (now() - t00) / 1000 };
}

/** How many of the groups of `hps` the calibration measured (the rest come from its fallback line). */
export function measuredGroups(hps: readonly HyperParams[], c: ThroughputCalibration): { measured: number; groups: number } {
  const groups = groupForBatching(hps);
  return { measured: groups.filter((g) => c.groups[groupTimingKey(hps[g.indices[0]], g.indices.length)]).length, groups: groups.length };
}
