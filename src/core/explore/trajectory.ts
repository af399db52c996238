// Training trajectories: every network's checkpoints and final state become
// rows of one joint embedding (so all epochs share one frame), then each
// network's keyframes are interpolated to move its point along its path.
// Between two checkpoint epochs a point moves on the straight segment joining
// the two embedded states (linear interpolation; only checkpoint epochs are
// embedded). Before its first keyframe a point sits there; after its last
// (training ended) it stays at its final state.
import type { NetworkRecord } from '../types';

export interface ExpandedStates {
  /** One record per embedded state: checkpoints first, then the final state, per network. */
  records: NetworkRecord[];
  /** owner[r] = index of the network state r belongs to. */
  owner: Int32Array;
  /** epoch[r] = training epoch of state r. */
  epoch: Float64Array;
}

/** Final epoch of a network: the last history entry, else final.epoch, else hp.epochs. */
export function finalEpochOf(n: NetworkRecord): number {
  const h = n.history.length ? n.history[n.history.length - 1].epoch : NaN;
  if (Number.isFinite(h)) return h;
  return Number.isFinite(n.final.epoch) ? n.final.epoch : n.hp.epochs;
}

/** The networks' checkpoints and final states as records ready for embedPopulation. */
export function expandCheckpoints(networks: NetworkRecord[]): ExpandedStates {
  const records: NetworkRecord[] = [];
  const owner: number[] = [];
  const epoch: number[] = [];
  networks.forEach((n, i) => {
    const last = finalEpochOf(n);
    const cps = [...(n.checkpoints ?? [])].sort((a, b) => a.epoch - b.epoch);
    for (const cp of cps) {
      if (cp.epoch >= last) continue; // the final state stands for it
      records.push({ ...n, id: `${n.id}@${cp.epoch}`, layers: cp.layers, checkpoints: undefined });
      owner.push(i);
      epoch.push(cp.epoch);
    }
    records.push({ ...n, checkpoints: undefined });
    owner.push(i);
    epoch.push(last);
  });
  return { records, owner: Int32Array.from(owner), epoch: Float64Array.from(epoch) };
}

/** Per-network keyframes in CSR layout, positions 3 per keyframe. */
export interface Keyframes {
  n: number;
  /** Keyframes of network i are start[i] .. start[i+1]−1, by increasing epoch. */
  start: Int32Array;
  epoch: Float64Array;
  pos: Float32Array;
  /** Sorted distinct epochs over all networks (slider stops). */
  epochs: number[];
}

/**
 * Keyframes from the expanded states and their normalised positions (3 per
 * state; rows with a non-finite coordinate, e.g. a diverged checkpoint, are
 * dropped). Expects states grouped by owner in increasing epoch (expandCheckpoints' order).
 */
export function buildKeyframes(n: number, states: ExpandedStates, positions: Float32Array, drawn: Uint8Array): Keyframes {
  const start = new Int32Array(n + 1);
  const R = states.owner.length;
  for (let r = 0; r < R; r++) if (drawn[r]) start[states.owner[r] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const K = start[n];
  const epoch = new Float64Array(K);
  const pos = new Float32Array(K * 3);
  const fill = start.slice(0, n);
  const all = new Set<number>();
  for (let r = 0; r < R; r++) {
    if (!drawn[r]) continue;
    const k = fill[states.owner[r]]++;
    epoch[k] = states.epoch[r];
    pos.set(positions.subarray(r * 3, r * 3 + 3), k * 3);
    all.add(states.epoch[r]);
  }
  return { n, start, epoch, pos, epochs: [...all].sort((a, b) => a - b) };
}

/** Positions of every network at (fractional) epoch e into out (3N); mask[i] = 0 for networks with no keyframe. */
export function positionsAtEpoch(kf: Keyframes, e: number, out: Float32Array, mask: Uint8Array): void {
  for (let i = 0; i < kf.n; i++) {
    const a = kf.start[i];
    const b = kf.start[i + 1];
    if (a === b) {
      mask[i] = 0;
      out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = 0;
      continue;
    }
    mask[i] = 1;
    let k = a;
    while (k + 1 < b && kf.epoch[k + 1] <= e) k++;
    let t = 0;
    if (k + 1 < b && e > kf.epoch[k]) t = (e - kf.epoch[k]) / (kf.epoch[k + 1] - kf.epoch[k]);
    const k2 = k + 1 < b ? k + 1 : k;
    for (let d = 0; d < 3; d++) out[i * 3 + d] = kf.pos[k * 3 + d] + (kf.pos[k2 * 3 + d] - kf.pos[k * 3 + d]) * t;
  }
}

/** Line segments (6 floats each) joining consecutive keyframes of every network. */
export function pathSegments(kf: Keyframes): Float32Array {
  let m = 0;
  for (let i = 0; i < kf.n; i++) m += Math.max(0, kf.start[i + 1] - kf.start[i] - 1);
  const out = new Float32Array(m * 6);
  let w = 0;
  for (let i = 0; i < kf.n; i++) {
    for (let k = kf.start[i]; k + 1 < kf.start[i + 1]; k++) {
      out.set(kf.pos.subarray(k * 3, k * 3 + 6), w);
      w += 6;
    }
  }
  return out;
}
