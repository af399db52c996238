// app/findings.ts FindingsScheduler with a fake findings worker and frames the test flushes
// (issue 12 item 1): calls in one frame coalesce, ρ then p-values reach the store, a newer
// population stops the run in flight and its stale rows are never shown, failures are messages.
import { describe, expect, it } from 'vitest';
import { FindingsScheduler, type FindingsWorkerPort } from '../../src/app/findings';
import { syntheticPopulation } from '../../src/app/synthetic';
import { permutationsFor } from '../../src/core/explore/neighbour-permutation';
import type { FindingRow } from '../../src/state/phate';
import { getState, useStore } from '../../src/state/store';

const initial = useStore.getState();

function setup() {
  useStore.setState(initial, true);
  const frames: (() => void)[] = [];
  const calls: { n: number; permutations: number; resolve(rows: FindingRow[]): void; reject(e: Error): void }[] = [];
  const stops: number[] = [];
  const worker: FindingsWorkerPort = {
    compute: (_s, _c, _d, _dist, n, _k, permutations) =>
      new Promise<FindingRow[]>((resolve, reject) => calls.push({ n, permutations, resolve, reject })),
    stop: () => void stops.push(calls.length),
  };
  const scheduler = new FindingsScheduler({ app: getState, worker, frame: (cb) => frames.push(cb) });
  const flush = () => frames.splice(0).forEach((f) => f());
  return { scheduler, calls, stops, frames, flush };
}

const rows = (tag: string) => [{ key: tag } as unknown as FindingRow];
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('FindingsScheduler', () => {
  it('coalesces calls within a frame; ρ first, then the rows with p-values', async () => {
    const f = setup();
    const pop = syntheticPopulation(30, 1);
    getState().setPopulation(pop);
    f.scheduler.schedule();
    f.scheduler.schedule();
    expect(f.frames).toHaveLength(1);
    f.flush();
    expect(f.calls.map((c) => [c.n, c.permutations])).toEqual([[30, 0]]);
    f.calls[0].resolve(rows('quick'));
    await tick();
    expect(getState().findings).toEqual(rows('quick'));
    expect(f.calls[1].permutations).toBe(permutationsFor(30));
    f.calls[1].resolve(rows('full'));
    await tick();
    expect(getState().findings).toEqual(rows('full'));
    expect(f.stops).toEqual([]);
  });

  it('a newer population stops the run in flight; the old rows are never shown', async () => {
    const f = setup();
    getState().setPopulation(syntheticPopulation(30, 1));
    f.scheduler.schedule();
    f.flush();
    const b = syntheticPopulation(40, 2);
    getState().setPopulation(b);
    f.scheduler.schedule();
    f.flush();
    expect(f.stops).toEqual([1]); // stopped while the first call was in flight
    expect(getState().findings).toBeNull(); // rows of another population are cleared
    f.calls[0].resolve(rows('stale'));
    f.calls[1].resolve(rows('b-quick'));
    await tick();
    expect(getState().findings).toEqual(rows('b-quick'));
    expect(f.calls.map((c) => c.n)).toEqual([30, 40, 40]);
  });

  it('a failing worker is an error message; no population clears the findings', async () => {
    const f = setup();
    getState().setPopulation(syntheticPopulation(30, 1));
    f.scheduler.schedule();
    f.flush();
    f.calls[0].reject(new Error('findings worker failed: out of memory'));
    await tick();
    expect(getState().errors.map((e) => e.message)).toEqual(['Computing the findings failed: findings worker failed: out of memory']);
    useStore.setState({ population: null });
    f.scheduler.schedule();
    f.flush();
    expect(getState().findings).toBeNull();
  });
});
