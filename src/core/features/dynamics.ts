// Training dynamics (issue 15 item 4; METHODS §1 keeps activations at checkpoints, §4 the features;
// Janik & Witaszczyk and Magai study them during training): the representation features of the
// last hidden layer at every stored checkpoint, a log–log (power-law) fit of a feature against the
// epoch, and a population summary (median and quartiles per epoch).

import type { DynamicsRecord, EpochMetrics, LayerActivations, NetworkRecord, ProbeSet } from '../types';
import { allFinite } from '../distance/diffusion';
import { effectiveDimension } from './effdim';
import { pairwiseDistances } from './geometry';
import { nonlinearityProfile, type NonlinearityPrep } from './nonlinearity';
import { phDimension, type PhDimOptions } from './phdim';
import { silhouette } from './separation';
import { diffusionSpectralEntropy, diffusionSpectrum } from './spectral';
import { fitLogLog, quantileSorted } from './stats';

/**
 * Features followed over training. Performance comes from the epoch's metrics; the others are
 * computed from the checkpoint's last hidden layer exactly as the final-state features are
 * (same functions, same options), so the last entry equals net.features where the final epoch is stored.
 */
export const DYNAMICS_FEATURE_IDS = ['testAcc', 'testLoss', 'effDim', 'phDim', 'nonlinR1', 'nonlinSlope', 'silhouette', 'dse'] as const;
export type DynamicsFeatureId = (typeof DYNAMICS_FEATURE_IDS)[number];

const REPRESENTATION_DYNAMICS: DynamicsFeatureId[] = ['effDim', 'phDim', 'nonlinR1', 'nonlinSlope', 'silhouette', 'dse'];

export interface DynamicsOptions {
  /** Shared nonlinearity cells of the probe set (nonlinR1/nonlinSlope are NaN without them). */
  nonlinearity?: NonlinearityPrep;
  sigma?: number;
  phDim?: Omit<PhDimOptions, 'distances'>;
}

interface Snapshot {
  epoch: number;
  layer: LayerActivations | undefined;
}

function lastLayer(layers: readonly LayerActivations[]): LayerActivations | undefined {
  let best: LayerActivations | undefined;
  for (const L of layers) if (!best || L.layer > best.layer) best = L;
  return best;
}

/** Checkpoints in epoch order, plus the final state when no checkpoint holds its epoch. */
function snapshots(net: NetworkRecord): Snapshot[] {
  const out: Snapshot[] = (net.checkpoints ?? []).map((c) => ({ epoch: c.epoch, layer: lastLayer(c.layers) }));
  const finalEpoch = net.final?.epoch;
  if (Number.isFinite(finalEpoch) && net.layers.length > 0 && !out.some((s) => s.epoch === finalEpoch)) {
    out.push({ epoch: finalEpoch, layer: lastLayer(net.layers) });
  }
  return out.sort((a, b) => a.epoch - b.epoch);
}

function metricsAt(history: readonly EpochMetrics[], epoch: number): EpochMetrics | undefined {
  return history.find((m) => m.epoch === epoch);
}

/** Every DYNAMICS feature at every stored epoch of one network (undefined when it has fewer than two). */
export function networkDynamics(net: NetworkRecord, probe: ProbeSet, opts: DynamicsOptions = {}): DynamicsRecord | undefined {
  const snaps = snapshots(net);
  if (snaps.length < 2) return undefined;
  const features = Object.fromEntries(DYNAMICS_FEATURE_IDS.map((id) => [id, new Array<number>(snaps.length).fill(NaN)])) as Record<
    DynamicsFeatureId,
    number[]
  >;
  const n = probe.n;
  snaps.forEach((s, q) => {
    const m = metricsAt(net.history, s.epoch);
    if (m) {
      features.testAcc[q] = m.testAcc;
      features.testLoss[q] = m.testLoss;
    }
    const L = s.layer;
    if (!L || n < 3 || probe.inputsMissing || L.data.length !== n * L.width || !allFinite(L.data)) return;
    const D = pairwiseDistances(L.data, n, L.width);
    features.effDim[q] = effectiveDimension(L.data, n, L.width).deff;
    features.phDim[q] = phDimension(L.data, n, L.width, { ...opts.phDim, distances: D }).phDim;
    features.silhouette[q] = silhouette(D, n, probe.labels).mean;
    features.dse[q] = diffusionSpectralEntropy(diffusionSpectrum(D, n, opts.sigma ?? 0.5).eigenvalues, 1);
    if (opts.nonlinearity) {
      const nl = nonlinearityProfile(opts.nonlinearity, L.data, L.width);
      features.nonlinR1[q] = nl.r1;
      features.nonlinSlope[q] = nl.slope;
    }
  });
  // A feature that is NaN at every epoch tells the reader nothing: leave it out of the record.
  for (const id of REPRESENTATION_DYNAMICS) if (features[id].every((v) => !Number.isFinite(v))) delete features[id];
  return { epochs: snaps.map((s) => s.epoch), features };
}

export interface PowerLawFit {
  /** y ≈ prefactor · epoch^exponent over the fitted points. */
  exponent: number;
  prefactor: number;
  /** R² of the straight line in log–log coordinates. */
  r2: number;
  /** Points used (epoch ≥ 1, finite value > 0). */
  n: number;
  from: number;
  to: number;
}

/**
 * Least-squares line of ln value against ln epoch (the form in which the papers report power
 * laws). Epoch 0 and non-positive or non-finite values cannot be on a log axis and are dropped;
 * fewer than three usable points gives NaN (two points always fit exactly: no evidence).
 */
export function fitPowerLaw(epochs: ArrayLike<number>, values: ArrayLike<number>): PowerLawFit {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < epochs.length; i++) {
    if (epochs[i] >= 1 && Number.isFinite(values[i]) && values[i] > 0) {
      xs.push(epochs[i]);
      ys.push(values[i]);
    }
  }
  if (xs.length < 3) return { exponent: NaN, prefactor: NaN, r2: NaN, n: xs.length, from: NaN, to: NaN };
  const fit = fitLogLog(xs, ys);
  return { exponent: fit.slope, prefactor: Math.exp(fit.intercept), r2: fit.r2, n: xs.length, from: Math.min(...xs), to: Math.max(...xs) };
}

export interface DynamicsSummaryRow {
  epoch: number;
  /** Networks with a finite value at this epoch. */
  count: number;
  q25: number;
  median: number;
  q75: number;
}

/** Per epoch (every epoch any network stored), the quartiles of a feature over the networks (linear interpolation, numpy's default). */
export function summariseDynamics(records: readonly (DynamicsRecord | undefined)[], id: string): DynamicsSummaryRow[] {
  const byEpoch = new Map<number, number[]>();
  for (const r of records) {
    const v = r?.features[id];
    if (!r || !v) continue;
    r.epochs.forEach((e, q) => {
      if (!Number.isFinite(v[q])) return;
      const list = byEpoch.get(e) ?? [];
      list.push(v[q]);
      byEpoch.set(e, list);
    });
  }
  return [...byEpoch.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([epoch, vals]) => {
      vals.sort((a, b) => a - b);
      return {
        epoch,
        count: vals.length,
        q25: quantileSorted(vals, 0.25),
        median: quantileSorted(vals, 0.5),
        q75: quantileSorted(vals, 0.75),
      };
    });
}
