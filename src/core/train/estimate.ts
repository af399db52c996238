// Time estimate of a population before it trains: a two-parameter cost model
// of the batched trainer, calibrated by two short measured runs on the
// current backend. Per group of G networks sharing a step schedule:
//   seconds ≈ epochs · steps · stepOverhead + G · flops / flopsPerSecond
// stepOverhead is the fixed cost of a step (op dispatch, batch upload), which
// dominates small MLPs; flops are the nominal training + evaluation FLOPs.
import type { Dataset, HyperParams, ProbeSet } from '../types';
import { groupForBatching } from './batched-groups';
import { trainPopulationBatched } from './batched';
import type { Tf } from './batched-tf';

export interface ThroughputCalibration {
  backend: string;
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

export function stepsPerEpoch(hp: HyperParams, d: DataShape): number {
  return Math.ceil(d.nTrain / Math.max(1, Math.min(hp.batchSize, d.nTrain)));
}

/** Estimated seconds to train `hps` with the batched trainer. */
export function estimateSeconds(hps: readonly HyperParams[], d: DataShape, c: ThroughputCalibration, maxGroupSize?: number): number {
  let s = 0;
  for (const g of groupForBatching(hps, maxGroupSize)) {
    const hp0 = hps[g.indices[0]];
    s += hp0.epochs * stepsPerEpoch(hp0, d) * c.stepSeconds;
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

/**
 * Measures the two model parameters: a small group (overhead-bound) and a
 * wide one (FLOP-bound), one epoch each on the real data, each after a
 * warm-up on a few rows with the same shapes (kernel compilation, e.g. WebGL
 * shaders, would otherwise count as training time). A second or two on the
 * synthetic sets.
 */
export async function calibrateThroughput(tf: Tf, ds: Dataset, probe: ProbeSet, isCancelled?: () => boolean): Promise<ThroughputCalibration> {
  const d = dataShape(ds, probe);
  const batch = 32;
  const small = [calibrationNet([8], 1, batch), calibrationNet([8], 2, batch)];
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
  const t1 = await time(small);
  const t2 = await time(wide);
  const f1 = small.reduce((s, hp) => s + networkFlops(hp, d), 0);
  const f2 = wide.reduce((s, hp) => s + networkFlops(hp, d), 0);
  const steps = stepsPerEpoch(small[0], d);
  // Solve t = steps·a + f/r for the two runs; guard against noise making either negative.
  let invRate = (t2 - t1) / (f2 - f1);
  if (!(invRate > 0)) invRate = t2 / f2;
  let a = (t1 - f1 * invRate) / steps;
  if (!(a > 0)) a = (0.5 * t1) / steps;
  return { backend: tf.getBackend(), stepSeconds: a, flopsPerSecond: 1 / invRate, measuredSeconds: (performance.now() - t00) / 1000 };
}
