// Diffusion distances under a memory budget (src/core/distance/diffusion.ts):
// with a budget too small for every P_i the Gram products run over block pairs
// with operators rebuilt per pair; the result must be identical to the
// all-resident computation, progress must count up to its total, and cancel
// must stop it.
import { describe, expect, it } from 'vitest';
import { diffusionDistanceMatrix, diffusionDistancesInto, operatorBlocks } from '../../src/core/distance';
import { mulberry32 } from '../../src/core/random';
import type { Progress } from '../../src/core/types';

const n = 24;
const opBytes = n * n * 4;
function nets(N: number, seed: number) {
  const rng = mulberry32(seed);
  return Array.from({ length: N }, (_, i) => {
    const d = 3 + (i % 4);
    return { data: Float32Array.from({ length: n * d }, () => rng() * 2 - 1), width: d };
  });
}

describe('diffusion distances under an operator memory budget', () => {
  it('block layout: resident when all operators fit, else two blocks of floor(budget / 2 / n²·4)', () => {
    expect(operatorBlocks(10, n, 10 * opBytes)).toEqual({ rows: 10, resident: true });
    expect(operatorBlocks(10, n, 9 * opBytes)).toEqual({ rows: 4, resident: false });
    expect(operatorBlocks(10, n, 1)).toEqual({ rows: 1, resident: false });
    // the Gram panel of one block pair stays bounded even when every operator fits
    expect(operatorBlocks(20000, 4, 2 ** 30).rows).toBe(4096);
  });

  for (const budget of [1, 2 * opBytes, 5 * opBytes, 6 * opBytes]) {
    it(`budget ${budget} bytes: the same distances as all operators resident (N = 11)`, () => {
      const L = nets(11, 3);
      const ref = diffusionDistanceMatrix(L, n);
      const got = diffusionDistanceMatrix(L, n, {}, undefined, { operatorBudgetBytes: budget });
      expect(Array.from(got)).toEqual(Array.from(ref));
    });
  }

  it('writes into a Float32Array when asked (half the memory of the N×N result)', () => {
    const L = nets(9, 5);
    const ref = diffusionDistanceMatrix(L, n);
    const out = new Float32Array(81);
    expect(diffusionDistancesInto(L, n, {}, undefined, { out, operatorBudgetBytes: 3 * opBytes })).toBe(out);
    for (let i = 0; i < 81; i++) expect(out[i]).toBe(Math.fround(ref[i]));
  });

  it('progress counts operator builds and block pairs up to their totals', () => {
    const L = nets(10, 7);
    const seen: Progress[] = [];
    diffusionDistanceMatrix(L, n, {}, { onProgress: (p) => seen.push(p) }, { operatorBudgetBytes: 4 * opBytes });
    const ops = seen.filter((p) => p.stage === 'distance:operators');
    const gram = seen.filter((p) => p.stage === 'distance:gram');
    expect(ops.length).toBeGreaterThan(0);
    // blocks of 2 over 10 networks: 5 blocks, 15 block pairs
    expect(gram.at(-1)).toMatchObject({ done: 15, total: 15 });
    for (let i = 1; i < gram.length; i++) expect(gram[i].done).toBeGreaterThan(gram[i - 1].done);
    const last = ops.at(-1)!;
    expect(last.done).toBeLessThanOrEqual(last.total);
  });

  it('cancel during the blocked computation throws CancelledError', () => {
    const L = nets(10, 9);
    let calls = 0;
    expect(() => diffusionDistanceMatrix(L, n, {}, { isCancelled: () => ++calls > 25 }, { operatorBudgetBytes: 2 * opBytes })).toThrow(
      expect.objectContaining({ name: 'CancelledError' }),
    );
  });

  it('rejects an output of the wrong size', () => {
    expect(() => diffusionDistancesInto(nets(4, 1), n, {}, undefined, { out: new Float32Array(15) })).toThrow(/4×4/);
  });
});
