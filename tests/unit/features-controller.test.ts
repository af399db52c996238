// The features controller (src/app/features.ts) built with its dependencies: a fresh store and a
// pool of fake features workers whose compute() the test settles by hand. compute → progress →
// done writes each network's features; a cancel reads 'cancelled', reaches the workers and drops
// the late result; a newer population drops the older run's result; a failure reads 'error'.
import { describe, expect, it, vi } from 'vitest';
import { FeaturesController } from '../../src/app/features';
import { createAppStore } from '../../src/state/store';
import type { NetworkRecord, Population } from '../../src/core/types';
import type { FeaturesWorkerApi, NetworkFeatureResult } from '../../src/workers/features.worker';
import type { WorkerHandle } from '../../src/app/workers';

const N = 4;
const POOL = 2;

function network(i: number): NetworkRecord {
  const m = { epoch: 2, trainLoss: 0.3, trainAcc: 0.9, testLoss: 0.35, testAcc: 0.5 };
  return {
    id: `net-${i}`,
    hp: { architecture: 'mlp', widths: [1], seed: i },
    status: 'ok',
    history: [m],
    final: m,
    layers: [{ layer: 0, width: 1, data: new Float32Array(2) }],
  } as unknown as NetworkRecord;
}

let serial = 0;
function population(): Population {
  return {
    id: `pop-${++serial}`,
    name: 'test',
    provenance: { dataset: { name: 'moons', seed: 1 }, probe: { n: 2, seed: 1 }, generator: 'test', createdAt: '' },
    probe: { seed: 1, n: 2, inputDim: 2, indices: Int32Array.of(0, 1), x: new Float32Array(4), labels: Int32Array.of(0, 1) },
    networks: Array.from({ length: N }, (_, i) => network(i)),
  } as unknown as Population;
}

type Pending = { idx: number[]; onDone: () => void; resolve(r: unknown): void; reject(e: Error): void };

function fakePool() {
  const pending: Pending[] = [];
  const apis = Array.from({ length: POOL }, () => ({
    compute: vi.fn(
      (_nets: NetworkRecord[], idx: number[], _probe: unknown, onDone: () => void) =>
        new Promise((resolve, reject) => pending.push({ idx, onDone, resolve, reject })),
    ),
    cancel: vi.fn(),
  }));
  const handles = apis.map(
    (api) => ({ api, call: <R>(p: Promise<R>) => p, terminate: () => {} }) as unknown as WorkerHandle<FeaturesWorkerApi>,
  );
  return { apis, pending, worker: (w: number) => handles[w] };
}

/** The features a fake worker reports for network `index` (silhouette marks which). */
const result = (index: number) =>
  ({ index, features: { silhouette: 100 + index }, layerProfile: { marker: index } }) as unknown as NetworkFeatureResult;
const settle = (p: Pending) => p.resolve(p.idx.map(result));

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
