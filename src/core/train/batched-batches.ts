// Per-network seeded streams for batch order and dropout, drawn exactly as
// the sequential trainer (train-network.ts) draws them: one mulberry32 stream
// per network seeded by hashSeed('train', seed); each epoch takes a
// permutation of the training rows, then (with dropout) one dropout seed per
// step. What network g sees therefore depends only on its own hyperparameters.
import type { HyperParams } from '../types';
import { hashSeed, mulberry32, permutation, type Rng } from '../random';
import type { Tensor, Tf } from './batched-tf';
import { expandPerNetwork } from './batched-broadcast';

export class NetworkStream {
  private readonly rng: Rng;

  constructor(private readonly hp: HyperParams) {
    this.rng = mulberry32(hashSeed('train', hp.seed));
  }

  /** Visiting order of the n training rows for the next epoch. */
  epochOrder(n: number): Int32Array {
    return permutation(n, this.rng);
  }

  /** The next step's dropout seed, or undefined (and no draw) without dropout. */
  stepDropoutSeed(): number | undefined {
    return this.hp.dropout > 0 ? Math.floor(this.rng() * 2 ** 31) : undefined;
  }
}

/**
 * One step's batch for every network, gathered on the CPU (tfjs-cpu's gather
 * walks every element through index arithmetic; a row copy does not):
 * network g's rows are orders[g][start .. start + size). Returns the inputs
 * [G * size * dim] and one-hot targets [G * size * classes], row-major.
 */
export function gatherStepBatch(
  orders: readonly Int32Array[],
  start: number,
  size: number,
  x: Float32Array,
  dim: number,
  y: Int32Array,
  classes: number,
): { xb: Float32Array; yb: Float32Array } {
  const G = orders.length;
  const xb = new Float32Array(G * size * dim);
  const yb = new Float32Array(G * size * classes);
  for (let g = 0; g < G; g++) {
    const order = orders[g];
    for (let r = 0; r < size; r++) {
      const row = order[start + r];
      const at = g * size + r;
      xb.set(x.subarray(row * dim, (row + 1) * dim), at * dim);
      yb[at * classes + y[row]] = 1;
    }
  }
  return { xb, yb };
}

/**
 * Inverted-dropout multipliers of one hidden layer for a group, [G, rows, width]:
 * network g's slice is what tf.dropout(h, rate_g, undefined, hashSeed(seed_g, layer))
 * multiplies by (floor(u + keep) / keep, u seeded-uniform); ones without dropout.
 * keep is the [G,1,1] tensor of 1 - rate. Call inside a tidy.
 */
export function dropoutMultiplier(
  tf: Tf,
  seeds: readonly (number | undefined)[],
  keep: Tensor,
  layer: number,
  rows: number,
  width: number,
): Tensor {
  const u = seeds.map((s) =>
    s === undefined ? tf.zeros([rows, width]) : tf.randomUniform([rows, width], 0, 1, 'float32', hashSeed(s, layer)),
  );
  // with keep = 1 and u = 0 the multiplier is exactly 1
  const keepFull = expandPerNetwork(tf, keep, rows, width);
  return tf.div(tf.floor(tf.add(tf.stack(u), keepFull)), keepFull);
}
