// The training-dynamics controller (src/app/dynamics.ts) built with its dependencies: a fresh
// store and a pool of fake features workers whose dynamics() the test settles by hand.
// compute → progress → done stores each network's dynamics; a cancel reads 'cancelled',
// reaches every worker and drops the late result; a failure reads 'error' with its message.
import { describe, expect, it, vi } from 'vitest';
import { DynamicsController } from '../../src/app/dynamics';
import { createAppStore } from '../../src/state/store';
import type { DynamicsRecord, NetworkRecord, Population } from '../../src/core/types';
import type { FeaturesWorkerApi } from '../../src/workers/features.worker';
import type { WorkerHandle } from '../../src/app/workers';

const N = 4;
const POOL = 2;

function network(i: number): NetworkRecord {
  const m = { epoch: 2, trainLoss: 0.3, trainAcc: 0.9, testLoss: 0.35, testAcc: 0.5 };
  const layers = [{ layer: 0, width: 1, data: new Float32Array(2) }];
  return {
    id: `net-${i}`,
    hp: { architecture: 'mlp', widths: [1], seed: i },
    status: 'ok',
    history: [m],
    final: m,
    layers,
    checkpoints: [{ epoch: 1, layers }],
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

const record = (i: number) => ({ marker: i }) as unknown as DynamicsRecord;

type Pending = { idx: number[]; onDone: () => void; resolve(r: unknown): void; reject(e: Error): void };

function fakePool() {
  const pending: Pending[] = [];
  const apis = Array.from({ length: POOL }, () => ({
    dynamics: vi.fn(
      (_nets: NetworkRecord[], idx: number[], _probe: unknown, onDone: () => void) =>
        new Promise((resolve, reject) => pending.push({ idx, onDone, resolve, reject })),
    ),
    networkDynamics: vi.fn(async (net: NetworkRecord) => record(Number(net.id.slice(4)))),
    cancelDynamics: vi.fn(),
  }));
  const handles = apis.map(
    (api) => ({ api, call: <R>(p: Promise<R>) => p, terminate: () => {} }) as unknown as WorkerHandle<FeaturesWorkerApi>,
  );
  return { apis, pending, worker: (w: number) => handles[w] };
}

/** Resolves a pending share with one record per network it was given. */
const settle = (p: Pending) => p.resolve(p.idx.map((index) => ({ index, dynamics: record(index) })));

function setup() {
  const store = createAppStore();
  const pool = fakePool();
  const controller = new DynamicsController({ store, worker: pool.worker, pool: POOL });
  controller.start();
  const pop = population();
  store.getState().setPopulation(pop);
  return { store, pool, controller, pop };
}

describe('DynamicsController', () => {
  it('compute → progress → done: every network gets its dynamics, split over the pool', async () => {
    const { store, pool, controller } = setup();
    const run = controller.computeDynamics();
    expect(store.getState().dynamicsJob).toMatchObject({ status: 'running', done: 0, total: N });
    expect(pool.pending.map((p) => p.idx)).toEqual([
      [0, 2],
      [1, 3],
    ]);
    for (const p of pool.pending) for (let k = 0; k < p.idx.length; k++) p.onDone();
    expect(store.getState().dynamicsJob.done).toBe(N);
    pool.pending.forEach(settle);
    await run;
    expect(store.getState().dynamicsJob.status).toBe('done');
    expect(store.getState().population!.networks.map((n) => n.dynamics)).toEqual([0, 1, 2, 3].map(record));
  });

  it("cancel → 'cancelled', reaches every worker, and the late result is dropped", async () => {
    const { store, pool, controller, pop } = setup();
    const run = controller.computeDynamics();
    controller.cancelDynamics();
    expect(store.getState().dynamicsJob).toMatchObject({ status: 'cancelled', message: 'cancelled' });
    for (const api of pool.apis) expect(api.cancelDynamics).toHaveBeenCalledTimes(1);
    pool.pending.forEach(settle);
    await run;
    expect(store.getState().population).toBe(pop);
    expect(store.getState().dynamicsJob.status).toBe('cancelled');
  });

  it('a failing worker reads error with its message and reaches the error banner', async () => {
    const { store, pool, controller, pop } = setup();
    const run = controller.computeDynamics();
    pool.pending[0].reject(new Error('worker crashed'));
    await run;
    expect(store.getState().dynamicsJob).toMatchObject({ status: 'error', message: 'worker crashed' });
    expect(store.getState().errors.map((e) => e.message)).toEqual(['Computing training dynamics failed: worker crashed']);
    expect(store.getState().population).toBe(pop);
  });

  it("one network's dynamics are computed once, on the pool's last worker, and stored", async () => {
    const { store, pool, controller, pop } = setup();
    const net = pop.networks[2];
    const [a, b] = [controller.dynamicsOf(net), controller.dynamicsOf(net)];
    expect(await a).toEqual(record(2));
    expect(await b).toEqual(record(2));
    expect(pool.apis[POOL - 1].networkDynamics).toHaveBeenCalledTimes(1);
    expect(store.getState().population!.networks[2].dynamics).toEqual(record(2));
  });

  it('a new population cancels a running job and starts idle', () => {
    const { store, pool, controller } = setup();
    void controller.computeDynamics();
    store.getState().setPopulation(population());
    expect(store.getState().dynamicsJob.status).toBe('idle');
    expect(pool.apis[0].cancelDynamics).toHaveBeenCalledTimes(1);
  });
});
