// Per-network seeded streams for batch order and dropout, drawn on the CPU so
// that what network g sees depends only on its own seed — never on which
// other networks share its group.
import { hashSeed, mulberry32, permutation, type Rng } from '../random';

/** Network (seed)'s visiting order of the n training rows in a 1-based epoch. */
export function epochOrder(seed: number, epoch: number, n: number): Int32Array {
  return permutation(n, mulberry32(hashSeed(seed, 'batch-order', epoch)));
}

/**
 * Row indices of one step for every network, concatenated: network g's rows
 * are orders[g][start .. start + size). Gathering them gives [G, size, in].
 */
export function stepIndices(orders: readonly Int32Array[], start: number, size: number, out?: Int32Array): Int32Array {
  const idx = out && out.length === orders.length * size ? out : new Int32Array(orders.length * size);
  orders.forEach((order, g) => idx.set(order.subarray(start, start + size), g * size));
  return idx;
}

/**
 * Inverted-dropout masks for a group: one stream per network, advanced only
 * by that network (networks with rate 0 draw nothing and get all ones).
 */
export class DropoutMasks {
  private readonly rngs: (Rng | null)[];
  readonly active: boolean;

  constructor(
    seeds: readonly number[],
    private readonly rates: readonly number[],
  ) {
    rates.forEach((r) => {
      if (!(r >= 0 && r < 1)) throw new Error(`dropout rate must be in [0, 1), got ${r}`);
    });
    this.rngs = seeds.map((s, g) => (rates[g] > 0 ? mulberry32(hashSeed(s, 'dropout')) : null));
    this.active = rates.some((r) => r > 0);
  }

  /** Mask values for one layer of one step: G x rows x width, kept units scaled by 1/(1 - rate). */
  next(rows: number, width: number): Float32Array {
    const per = rows * width;
    const out = new Float32Array(this.rates.length * per);
    this.rngs.forEach((rng, g) => {
      const base = g * per;
      if (!rng) {
        out.fill(1, base, base + per);
        return;
      }
      const rate = this.rates[g];
      const scale = 1 / (1 - rate);
      for (let i = 0; i < per; i++) out[base + i] = rng() >= rate ? scale : 0;
    });
    return out;
  }
}
