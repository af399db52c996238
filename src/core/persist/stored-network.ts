// A network record in the compact form kept in IndexedDB while a population
// trains: metrics and activations as typed arrays (stored as binary by the
// structured clone, no base64), final activations exact float32, checkpoint
// activations half precision (they only draw trajectories; see bundle/half.ts
// for the error bound), everything else as small plain fields.
import type { Checkpoint, EpochMetrics, HyperParams, LayerActivations, NetworkRecord, NetworkStatus } from '../types';
import { decodeHalf, encodeHalf } from '../bundle/half';
import { withArchitecture } from '../architecture';

export type CheckpointPrecision = 'f32' | 'f16';

export interface StoredNetwork {
  runId: string;
  /** Index in expandPopulation(spec) of the run. */
  index: number;
  id: string;
  hp: HyperParams;
  status: NetworkStatus;
  statusReason?: string;
  trainSeconds?: number;
  /** history.length x 5: epoch, trainLoss, trainAcc, testLoss, testAcc. */
  history: Float64Array;
  /** Hidden-layer widths of the activations (empty when none were kept). */
  widths: number[];
  /** Final activations of every hidden layer, concatenated: n x widths[l] each. */
  layers: Float32Array;
  checkpointEpochs: number[];
  /** Per checkpoint, the same layout as `layers`; Uint16Array holds half floats. */
  checkpoints: Float32Array | Uint16Array;
  checkpointPrecision: CheckpointPrecision;
}

const HISTORY_COLS = 5;

function packHistory(h: EpochMetrics[]): Float64Array {
  const out = new Float64Array(h.length * HISTORY_COLS);
  h.forEach((m, i) => out.set([m.epoch, m.trainLoss, m.trainAcc, m.testLoss, m.testAcc], i * HISTORY_COLS));
  return out;
}

function unpackHistory(a: Float64Array): EpochMetrics[] {
  const out: EpochMetrics[] = [];
  for (let i = 0; i + HISTORY_COLS <= a.length; i += HISTORY_COLS) {
    out.push({ epoch: a[i], trainLoss: a[i + 1], trainAcc: a[i + 2], testLoss: a[i + 3], testAcc: a[i + 4] });
  }
  return out;
}

function concatLayers(layers: LayerActivations[], total: number, out: Float32Array, offset: number): void {
  let o = offset;
  for (const l of layers) {
    out.set(l.data, o);
    o += l.data.length;
  }
  if (o - offset !== total) throw new Error(`layer sizes do not add up (${o - offset} vs ${total})`);
}

function splitLayers(flat: Float32Array, offset: number, widths: number[], n: number): LayerActivations[] {
  let o = offset;
  return widths.map((width, layer) => {
    const data = flat.slice(o, o + n * width);
    o += n * width;
    return { layer, width, data };
  });
}

/** The compact stored form of a finished network. `probeN` is the probe size (rows of every activation matrix). */
export function encodeStoredNetwork(
  rec: NetworkRecord,
  runId: string,
  index: number,
  probeN: number,
  checkpointPrecision: CheckpointPrecision = 'f16',
): StoredNetwork {
  const widths = rec.layers.map((l) => l.width);
  const perSet = widths.reduce((s, w) => s + w * probeN, 0);
  const layers = new Float32Array(perSet);
  concatLayers(rec.layers, perSet, layers, 0);
  const cps = rec.checkpoints ?? [];
  const cpFlat = new Float32Array(perSet * cps.length);
  cps.forEach((cp, k) => {
    if (cp.layers.length !== widths.length || cp.layers.some((l, i) => l.width !== widths[i])) {
      throw new Error(`${rec.id}: checkpoint at epoch ${cp.epoch} has other layer widths than the final activations`);
    }
    concatLayers(cp.layers, perSet, cpFlat, k * perSet);
  });
  return {
    runId,
    index,
    id: rec.id,
    hp: rec.hp,
    status: rec.status,
    ...(rec.statusReason !== undefined ? { statusReason: rec.statusReason } : {}),
    ...(rec.trainSeconds !== undefined ? { trainSeconds: rec.trainSeconds } : {}),
    history: packHistory(rec.history),
    widths,
    layers,
    checkpointEpochs: cps.map((c) => c.epoch),
    checkpoints: checkpointPrecision === 'f16' ? encodeHalf(cpFlat) : cpFlat,
    checkpointPrecision,
  };
}

/** The NetworkRecord back from its stored form. */
export function decodeStoredNetwork(s: StoredNetwork, probeN: number): NetworkRecord {
  const history = unpackHistory(s.history);
  const perSet = s.widths.reduce((a, w) => a + w * probeN, 0);
  if (s.layers.length !== perSet) throw new Error(`${s.id}: stored activations have ${s.layers.length} values, expected ${perSet}`);
  const cpFlat = s.checkpointPrecision === 'f16' ? decodeHalf(s.checkpoints as Uint16Array) : (s.checkpoints as Float32Array);
  const checkpoints: Checkpoint[] = s.checkpointEpochs.map((epoch, k) => ({
    epoch,
    layers: splitLayers(cpFlat, k * perSet, s.widths, probeN),
  }));
  const nanMetrics: EpochMetrics = { epoch: 0, trainLoss: NaN, trainAcc: NaN, testLoss: NaN, testAcc: NaN };
  return {
    id: s.id,
    hp: withArchitecture(s.hp), // stored before families existed: an MLP
    status: s.status,
    ...(s.statusReason !== undefined ? { statusReason: s.statusReason } : {}),
    history,
    final: history[history.length - 1] ?? nanMetrics,
    layers: splitLayers(s.layers, 0, s.widths, probeN),
    checkpoints,
    ...(s.trainSeconds !== undefined ? { trainSeconds: s.trainSeconds } : {}),
  };
}

/**
 * Bytes of the stored record's payload: typed-array bytes plus the JSON length
 * of its small fields (what IndexedDB keeps, give or take its own framing).
 */
export function storedNetworkBytes(s: StoredNetwork): number {
  const { history, layers, checkpoints, ...small } = s;
  return history.byteLength + layers.byteLength + checkpoints.byteLength + new TextEncoder().encode(JSON.stringify(small)).length;
}
