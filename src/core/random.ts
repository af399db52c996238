// Seeded randomness shared by every module: all stochastic code takes a PRNG
// (or a seed) so that the same spec always gives the same bytes.

/** A PRNG returning uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast 32-bit PRNG; good enough for sampling and shuffling. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw by Box–Muller (one of the pair; simplicity over speed). */
export function randn(rng: Rng): number {
  let u = rng();
  while (u <= 0) u = rng(); // log(0) guard
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Uniform integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** In-place Fisher–Yates shuffle; returns its argument. */
export function shuffle<T extends { length: number; [i: number]: any }>(arr: T, rng: Rng): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
  return arr;
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffle(p, rng);
}

/**
 * Derive a 32-bit seed from several parts (numbers or strings), so that
 * sub-streams (e.g. "split" vs "noise") of one user seed are independent.
 * FNV-1a over the parts' string forms, then a murmur3 finaliser.
 */
export function hashSeed(...parts: (number | string)[]): number {
  let h = 0x811c9dc5;
  const s = parts.map(String).join('\u0000');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
