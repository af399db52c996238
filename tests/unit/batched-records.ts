// What the batched-trainer tests (batched-train.test.ts, batched-cnn.test.ts) compare: a network
// trained in a stacked group against the same network from the sequential trainer. They compute
// the same sums in another grouping, so float32 results agree to rounding: 1e-5 relative on
// losses, 2e-5 absolute on activations (final and at each checkpoint).
import { expect } from 'vitest';
import type { NetworkRecord } from '../../src/core/types';

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export interface SameAsAloneOptions {
  /**
   * A sequential loss above this (or not finite) counts as blown up: rounding differences grow
   * with it, so only the stacked loss's being blown up too is compared. Infinity unless given.
   */
  blownUpAbove?: number;
}

/** `rec` (stacked) matches `seq` (sequential) epoch by epoch, layer by layer, checkpoint by checkpoint. */
export function expectSameAsAlone(rec: NetworkRecord, seq: NetworkRecord, o: SameAsAloneOptions = {}): void {
  const limit = o.blownUpAbove ?? Infinity;
  const blownUp = (v: number) => !Number.isFinite(v) || v > limit;
  expect(rec.id).toBe(seq.id);
  expect(rec.status).toBe(seq.status);
  expect(rec.statusReason).toBe(seq.statusReason);
  expect(rec.history.map((m) => m.epoch)).toEqual(seq.history.map((m) => m.epoch));
  rec.history.forEach((m, e) => {
    const r = seq.history[e];
    if (blownUp(r.trainLoss)) return expect(blownUp(m.trainLoss)).toBe(true);
    expect(Math.abs(m.trainLoss - r.trainLoss)).toBeLessThan(1e-5 * Math.max(1, Math.abs(r.trainLoss)));
    expect(Math.abs(m.testLoss - r.testLoss)).toBeLessThan(1e-5 * Math.max(1, Math.abs(r.testLoss)));
    expect(m.testAcc).toBeCloseTo(r.testAcc, 6);
    expect(m.trainAcc).toBeCloseTo(r.trainAcc, 6);
  });
  expect(rec.layers.map((l) => l.width)).toEqual(seq.layers.map((l) => l.width));
  rec.layers.forEach((l, i) => expect(maxAbsDiff(l.data, seq.layers[i].data)).toBeLessThan(2e-5));
  const [rc, sc] = [rec.checkpoints ?? [], seq.checkpoints ?? []];
  expect(rc.map((c) => c.epoch)).toEqual(sc.map((c) => c.epoch));
  expect(rc.length).toBeGreaterThan(0);
  rc.forEach((c, k) => c.layers.forEach((l, i) => expect(maxAbsDiff(l.data, sc[k].layers[i].data)).toBeLessThan(2e-5)));
}
