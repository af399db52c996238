// The training-dynamics controller (src/app/dynamics.ts) built with its dependencies: a fresh
// store and a pool of fake features workers whose dynamics() the test settles by hand.
// compute → progress → done stores each network's dynamics; a cancel reads 'cancelled',
// reaches every worker and drops the late result; a failure reads 'error' with its message.
import { describe, expect, it, vi } from 'vitest';
import { DynamicsController } from '../../src/app/dynamics';
import { createAppStore } from '../../src/state/store';
import type { DynamicsRecord, NetworkRecord } from '../../src/core/types';
import { fakeSharePool, stubNetworks, stubPopulation, type PendingShare } from './fakes/controller-deps';

const N = 4;
const POOL = 2;

const population = () => stubPopulation(stubNetworks(N, { epoch: 2, checkpoint: true }));

const record = (i: number) => ({ marker: i }) as unknown as DynamicsRecord;

function fakePool() {
  return fakeSharePool(POOL, 'dynamics', () => ({
    networkDynamics: vi.fn(async (net: NetworkRecord) => record(Number(net.id.slice(4)))),
    cancelDynamics: vi.fn(),
  }));
}

/** Resolves a pending share with one record per network it was given. */
const settle = (p: PendingShare) => p.resolve(p.idx.map((index) => ({ index, dynamics: record(index) })));

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
