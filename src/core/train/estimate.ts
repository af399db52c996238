// Time estimate of a population before it trains: a three-parameter cost
// model of the batched trainer, calibrated by three short measured runs on the
// current backend. Per group of G networks sharing a step schedule:
//   seconds ≈ G · perNetwork + (epochs · steps + (epochs + 1) · EVAL_STEPS) · perStep + G · flops / flopsPerSecond
// perNetwork is set-up (initial weights are built by tf.layers, seeded
// streams, records); perStep the fixed cost of one step (op dispatch, batch
// upload), which dominates small MLPs, and an epoch's evaluation passes cost
// about EVAL_STEPS steps; flops are the nominal training + evaluation FLOPs.
import type { Dataset, HyperParams, ProbeSet } from '../types';
import { groupForBatching } from './batched-groups';
import { trainPopulationBatched } from './batched';
import type { Tf } from './batched-tf';

export interface ThroughputCalibration {
  backend: string;
  /** Seconds of set-up per network. */
  networkSeconds: number;
  /** Seconds of fixed cost per training step of one group. */
  stepSeconds: number;
  /** Achieved FLOP/s of the stacked computation. */
  flopsPerSecond: number;
  /** Seconds the calibration took. */
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
  const sizes = [d.inputDim, ...hp.widths, d.numClasses];
  let weights = 0;
  for (let l = 0; l + 1 < sizes.length; l++) weights += sizes[l] * sizes[l + 1];
  return hp.epochs * 6 * weights * d.nTrain + (hp.epochs + 1) * 2 * weights * (d.nTrain + d.nTest + d.nProbe);
}

/** Fixed cost of one epoch's evaluation (train, test and probe passes), in steps. */
const EVAL_STEPS = 4;

function scheduleSteps(hp: HyperParams, d: DataShape): number {
  return hp.epochs * stepsPerEpoch(hp, d) + (hp.epochs + 1) * EVAL_STEPS;
}

export function stepsPerEpoch(hp: HyperParams, d: DataShape): number {
  return Math.ceil(d.nTrain / Math.max(1, Math.min(hp.batchSize, d.nTrain)));
}

/** Estimated seconds to train `hps` with the batched trainer. */
export function estimateSeconds(hps: readonly HyperParams[], d: DataShape, c: ThroughputCalibration, maxGroupSize?: number): number {
  let s = 0;
  for (const g of groupForBatching(hps, maxGroupSize)) {
    const hp0 = hps[g.indices[0]];
    s += scheduleSteps(hp0, d) * c.stepSeconds + g.indices.length * c.networkSeconds;
    for (const i of g.indices) s += networkFlops(hps[i], d) / c.flopsPerSecond;
  }
  return s;
}

function calibrationNet(widths: number[], seed: number, batchSize: number): HyperParams {
  return { widths, activation: 'relu', optimizer: 'adam', learningRate: 1e-3, batchSize, epochs: 1, dropout: 0, l2: 0, init: 'glorot_uniform', seed };
}

/** The first `rows` training rows and test rows of a dataset (a cheap warm-up with the same shapes). */
function headOf(ds: Dataset, rows: number): Dataset {
  const nTr = Math.min(rows, ds.yTrain.length);
  const nTe = Math.min(rows, ds.yTest.length);
  return {
    ...ds,
    xTrain: ds.xTrain.subarray(0, nTr * ds.inputDim),
    yTrain: ds.yTrain.subarray(0, nTr),
    xTest: ds.xTest.subarray(0, nTe * ds.inputDim),
    yTest: ds.yTest.subarray(0, nTe),
  };
}

/** Solves the 3x3 system m·x = t (Cramer's rule); null when singular. */
function solve3(m: number[][], t: number[]): number[] | null {
  const det = (a: number[][]) =>
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const D = det(m);
  if (!Number.isFinite(D) || Math.abs(D) < 1e-300) return null;
  return [0, 1, 2].map((c) => det(m.map((row, r) => row.map((v, k) => (k === c ? t[r] : v)))) / D);
}

/**
 * Measures the three model parameters from three one-epoch runs on the real
 * data — one small network (step-bound), six small networks (set-up bound)
 * and eight wide ones (FLOP-bound) — each after a warm-up on a few rows with
 * the same shapes (kernel compilation, e.g. WebGL shaders, would otherwise
 * count as training time). About a second on the synthetic sets.
 */
export async function calibrateThroughput(tf: Tf, ds: Dataset, probe: ProbeSet, isCancelled?: () => boolean): Promise<ThroughputCalibration> {
  const d = dataShape(ds, probe);
  const batch = 32;
  const one = [calibrationNet([8], 1, batch)];
  const six = Array.from({ length: 6 }, (_, i) => calibrationNet([8], 2 + i, batch));
  const wideWidths = d.inputDim > 16 ? [128, 128] : [96, 96];
  const wide = Array.from({ length: 8 }, (_, i) => calibrationNet(wideWidths, 10 + i, batch));
  const t00 = performance.now();
  const warm = headOf(ds, 2 * batch);
  const time = async (hps: HyperParams[]): Promise<number> => {
    await trainPopulationBatched(tf, warm, probe, hps, { isCancelled, checkpointEpochs: [] });
    const t0 = performance.now();
    await trainPopulationBatched(tf, ds, probe, hps, { isCancelled, checkpointEpochs: [] });
    return (performance.now() - t0) / 1000;
  };
  // The first training of a session pays one-off costs (JIT, first layers model): keep them out.
  await trainPopulationBatched(tf, warm, probe, one, { isCancelled, checkpointEpochs: [] });
  await trainPopulationBatched(tf, warm, probe, one, { isCancelled, checkpointEpochs: [] });
  const runs = [one, six, wide];
  const times: number[] = [];
  for (const hps of runs) times.push(await time(hps));
  const steps = scheduleSteps(one[0], d);
  const rows = runs.map((hps) => [hps.length, steps, hps.reduce((s, hp) => s + networkFlops(hp, d), 0)]);
  let [perNet, perStep, invRate] = solve3(rows, times) ?? [NaN, NaN, NaN];
  // Noise can make a parameter negative; fall back to cruder splits.
  if (!(invRate > 0)) invRate = times[2] / rows[2][2] / 2;
  if (!(perNet >= 0)) perNet = 0;
  if (!(perStep > 0)) perStep = Math.max(1e-6, (times[0] - perNet - rows[0][2] * invRate) / steps);
  return { backend: tf.getBackend(), networkSeconds: perNet, stepSeconds: perStep, flopsPerSecond: 1 / invRate, measuredSeconds: (performance.now() - t00) / 1000 };
}
