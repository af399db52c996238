// The findings controller (src/app/findings.ts) built with its dependencies: a fresh store,
// a fake findings worker whose compute() the test settles by hand, and frames run by hand.
// schedule → ρ rows → p-value rows → done; a newer population supersedes a run in flight
// (the worker is terminated, its late rows dropped); a failure reads 'error' with its message.
import { describe, expect, it, vi } from 'vitest';
import { FindingsController } from '../../src/app/findings';
import { createAppStore } from '../../src/state/store';
import type { FindingRow } from '../../src/state/phate';
import type { FindingsWorkerApi } from '../../src/workers/findings.worker';
import { fakeHandle, stubNetworks, stubPopulation } from './fakes/controller-deps';

const N = 4;

const population = () =>
  stubPopulation(stubNetworks(N, { fullHp: true }), {
    embedding: { embedding: new Float32Array(N * 3), nComponents: 3, vne: [], t: 1, components: 1 },
  });

const rows = (tag: string) => [{ key: tag }] as unknown as FindingRow[];

function setup() {
  const store = createAppStore();
  const pending: { permutations: number; resolve(r: FindingRow[]): void; reject(e: Error): void }[] = [];
  const api = {
    compute: vi.fn(
      (...a: unknown[]) => new Promise<FindingRow[]>((resolve, reject) => pending.push({ permutations: a[6] as number, resolve, reject })),
    ),
  };
  const terminated = vi.fn();
  let onDead = () => {};
  const worker = vi.fn((dead: () => void) => {
    onDead = dead;
    return fakeHandle<FindingsWorkerApi>(api, () => {
      terminated();
      onDead();
    });
  });
  const frames: (() => void)[] = [];
  const frame = (f: () => void) => frames.push(f);
  const controller = new FindingsController({ store, worker, frame });
  const runFrames = () => frames.splice(0).forEach((f) => f());
  return { store, api, pending, worker, terminated, frames, runFrames, controller };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('FindingsController', () => {
  it('schedule → ρ rows, then rows with p-values → done; calls within a frame coalesce', async () => {
    const { store, api, pending, frames, runFrames, controller } = setup();
    store.getState().setPopulation(population());
    controller.schedule();
    controller.schedule();
    expect(frames).toHaveLength(1);
    runFrames();
    await flush();
    expect(store.getState().findingsJob).toMatchObject({ status: 'running', stage: 'rho' });
    expect(pending[0].permutations).toBe(0);
    pending[0].resolve(rows('rho'));
    await flush();
    expect(store.getState().findings).toEqual(rows('rho'));
    expect(store.getState().findingsJob).toMatchObject({ stage: 'p-values', done: 1, total: 2 });
    expect(pending[1].permutations).toBeGreaterThan(0);
    pending[1].resolve(rows('p'));
    await flush();
    expect(store.getState().findings).toEqual(rows('p'));
    expect(store.getState().findingsJob.status).toBe('done');
    expect(api.compute).toHaveBeenCalledTimes(2);
  });

  it('a newer population cancels the run in flight: the worker is terminated and its late rows dropped', async () => {
    const { store, pending, worker, terminated, runFrames, controller } = setup();
    store.getState().setPopulation(population());
    controller.schedule();
    runFrames();
    await flush();
    const second = population();
    store.getState().setPopulation(second);
    controller.schedule();
    runFrames();
    await flush();
    expect(terminated).toHaveBeenCalledTimes(1);
    // A new worker serves the newer population.
    expect(worker).toHaveBeenCalledTimes(2);
    pending[0].resolve(rows('stale'));
    await flush();
    expect(store.getState().findings).toBeNull();
    pending[1].resolve(rows('fresh'));
    await flush();
    expect(store.getState().findings).toEqual(rows('fresh'));
  });

  it('a failed compute reads error with its message and reaches the error banner', async () => {
    const { store, pending, runFrames, controller } = setup();
    store.getState().setPopulation(population());
    controller.schedule();
    runFrames();
    await flush();
    pending[0].reject(new Error('bad rows'));
    await flush();
    expect(store.getState().findingsJob).toMatchObject({ status: 'error', message: 'bad rows' });
    expect(store.getState().errors.map((e) => e.message)).toEqual(['Computing the findings failed: bad rows']);
  });
});
