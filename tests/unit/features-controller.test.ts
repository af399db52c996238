// The features controller (src/app/features.ts) built with its dependencies: a fresh store and a
// pool of fake features workers whose compute() the test settles by hand. compute → progress →
// done writes each network's features; a cancel reads 'cancelled', reaches the workers and drops
// the late result; a newer population drops the older run's result; a failure reads 'error'.
import { describe, expect, it, vi } from 'vitest';
import { FeaturesController } from '../../src/app/features';
import { createAppStore } from '../../src/state/store';
import type { Population } from '../../src/core/types';
import type { NetworkFeatureResult } from '../../src/workers/features.worker';
import { fakeSharePool, stubNetworks, stubPopulation, type PendingShare } from './fakes/controller-deps';

const N = 4;
const POOL = 2;

const population = () => stubPopulation(stubNetworks(N, { epoch: 2 }));

const fakePool = () => fakeSharePool(POOL, 'compute', () => ({ cancel: vi.fn() }));

/** The features a fake worker reports for network `index` (silhouette marks which). */
const result = (index: number) =>
  ({ index, features: { silhouette: 100 + index }, layerProfile: { marker: index } }) as unknown as NetworkFeatureResult;
const settle = (p: PendingShare) => p.resolve(p.idx.map(result));

function setup() {
  const store = createAppStore();
  const pool = fakePool();
  const delayed: (() => void)[] = [];
  const controller = new FeaturesController({ store, worker: pool.worker, pool: POOL, after: (_ms, f) => void delayed.push(f) });
  return { store, pool, controller, delayed };
}

const silhouettes = (pop: Population | null) => pop!.networks.map((n) => (n.features as { silhouette?: number } | undefined)?.silhouette);

describe('FeaturesController', () => {
  it('compute → progress → done: every network gets its features, split over the pool', async () => {
    const { store, pool, controller } = setup();
    store.getState().setPopulation(population());
    const run = controller.computeFeatures();
    await vi.waitFor(() => expect(pool.pending).toHaveLength(POOL));
    expect(store.getState().featuresJob).toMatchObject({ status: 'running', total: N });
    expect(pool.pending.map((p) => p.idx)).toEqual([
      [0, 2],
      [1, 3],
    ]);
    for (const p of pool.pending) for (let k = 0; k < p.idx.length; k++) p.onDone();
    expect(store.getState().featuresJob.done).toBe(N);
    pool.pending.forEach(settle);
    await run;
    expect(store.getState().featuresJob.status).toBe('done');
    expect(silhouettes(store.getState().population)).toEqual([100, 101, 102, 103]);
  });

  it("cancel → 'cancelled', reaches the workers, and the late result is dropped", async () => {
    const { store, pool, controller } = setup();
    const pop = population();
    store.getState().setPopulation(pop);
    const run = controller.computeFeatures();
    await vi.waitFor(() => expect(pool.pending).toHaveLength(POOL));
    controller.cancelFeatures();
    for (const api of pool.apis) expect(api.cancel).toHaveBeenCalledTimes(1);
    pool.pending.forEach(settle);
    await run;
    expect(store.getState().featuresJob.status).toBe('cancelled');
    expect(store.getState().population).toBe(pop);
    expect(store.getState().errors).toEqual([]);
  });

  it("a newer population cancels the run in flight; the old run's late result is dropped and the new one computes after the delay", async () => {
    const { store, pool, controller, delayed } = setup();
    controller.start();
    const first = population();
    store.getState().setPopulation(first);
    expect(delayed).toHaveLength(1);
    delayed.shift()!();
    await vi.waitFor(() => expect(pool.pending).toHaveLength(POOL));
    const second = population();
    store.getState().setPopulation(second);
    for (const api of pool.apis) expect(api.cancel).toHaveBeenCalledTimes(1);
    pool.pending.splice(0).forEach(settle);
    await vi.waitFor(() => expect(store.getState().featuresJob.status).toBe('cancelled'));
    expect(store.getState().population).toBe(second);
    delayed.shift()!();
    await vi.waitFor(() => expect(pool.pending).toHaveLength(POOL));
    pool.pending.forEach(settle);
    await vi.waitFor(() => expect(store.getState().featuresJob.status).toBe('done'));
    expect(store.getState().population!.id).toBe(second.id);
    expect(silhouettes(store.getState().population)).toEqual([100, 101, 102, 103]);
  });

  it('a failing worker reads error and reaches the error banner; the population is unchanged', async () => {
    const { store, pool, controller } = setup();
    const pop = population();
    store.getState().setPopulation(pop);
    const run = controller.computeFeatures();
    await vi.waitFor(() => expect(pool.pending).toHaveLength(POOL));
    pool.pending[0].reject(new Error('worker crashed'));
    await run;
    expect(store.getState().featuresJob.status).toBe('error');
    expect(store.getState().errors.map((e) => e.message)).toEqual(['Computing features failed: worker crashed']);
    expect(store.getState().population).toBe(pop);
  });
});
