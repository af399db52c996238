// Which networks can train together as one stacked computation (MLPs and
// CNNs; attention groups share shapes but train one network at a time).
//
// Shared within a group (they fix the shapes and the step schedule):
//   widths (layer shapes), activation (one op per layer), optimizer (one
//   update rule), batchSize and epochs (same number of steps, same [G, B, in]
//   batch tensor).
// Free per network (carried as [G,1,1] tensors or per-network CPU state):
//   learningRate, l2, dropout, init, seed (initial weights, batch order and
//   dropout masks each come from the network's own seeded stream).
import type { HyperParams } from '../types';

export interface BatchedGroup {
  /** The shared part of the hyperparameters, as a readable key. */
  key: string;
  /** Indices into the population's hyperparameter list, in input order. */
  indices: number[];
}

/** The hyperparameters that must be equal for two networks to share a group. */
export function batchGroupKey(hp: HyperParams): string {
  // CNN and attention networks group by their whole shape too (CNNs train stacked, attention one at a time: batched.ts).
  const family =
    hp.architecture === 'cnn' && hp.cnn
      ? `cnn=${hp.cnn.convDepth}x${hp.cnn.channels}k${hp.cnn.kernel}${hp.cnn.pooling}|`
      : hp.architecture === 'attention' && hp.attention
        ? `att=${hp.attention.blocks}x${hp.attention.embedDim}h${hp.attention.heads}|`
        : '';
  return `${family}w=${hp.widths.join('x')}|act=${hp.activation}|opt=${hp.optimizer}|bs=${hp.batchSize}|ep=${hp.epochs}`;
}

/**
 * Partition networks into groups by batchGroupKey, keeping first-appearance
 * order, and split groups larger than maxGroupSize (memory bound: every
 * tensor of a step is G times larger than for one network).
 */
export function groupForBatching(hps: readonly HyperParams[], maxGroupSize = 256): BatchedGroup[] {
  if (!(maxGroupSize >= 1)) throw new Error(`maxGroupSize must be >= 1, got ${maxGroupSize}`);
  const byKey = new Map<string, number[]>();
  hps.forEach((hp, i) => {
    const key = batchGroupKey(hp);
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  });
  const groups: BatchedGroup[] = [];
  for (const [key, indices] of byKey) {
    for (let s = 0; s < indices.length; s += maxGroupSize) {
      groups.push({ key, indices: indices.slice(s, s + maxGroupSize) });
    }
  }
  return groups;
}
