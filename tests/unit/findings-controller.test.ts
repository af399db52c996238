// The findings controller (src/app/findings.ts) built with its dependencies: a fresh store,
// a fake findings worker whose compute() the test settles by hand, and frames run by hand.
// schedule → ρ rows → p-value rows → done; a newer population supersedes a run in flight
// (the worker is terminated, its late rows dropped); a failure reads 'error' with its message.
import { describe, expect, it, vi } from 'vitest';
import { FindingsController } from '../../src/app/findings';
import { createAppStore } from '../../src/state/store';
import type { FindingRow } from '../../src/state/phate';
import type { NetworkRecord, Population } from '../../src/core/types';
import type { FindingsWorkerApi } from '../../src/workers/findings.worker';
import type { WorkerHandle } from '../../src/app/workers';

const N = 4;

let serial = 0;
function population(): Population {
  const m = { epoch: 1, trainLoss: 0.3, trainAcc: 0.9, testLoss: 0.35, testAcc: 0.5 };
  return {
    id: `pop-${++serial}`,
    name: 'test',
    provenance: { dataset: { name: 'moons', seed: 1 }, probe: { n: 2, seed: 1 }, generator: 'test', createdAt: '' },
    probe: { seed: 1, n: 2, inputDim: 2, indices: Int32Array.of(0, 1), x: new Float32Array(4), labels: Int32Array.of(0, 1) },
    networks: Array.from(
      { length: N },
      (_, i) =>
        ({
          id: `net-${i}`,
          hp: {
            architecture: 'mlp',
            widths: [4],
            activation: 'relu',
            optimizer: 'adam',
            learningRate: 0.01,
            batchSize: 16,
            epochs: 1,
            dropout: 0,
            l2: 0,
            init: 'he_normal',
            seed: i,
          },
          status: 'ok',
          history: [m],
          final: m,
          layers: [],
        }) as unknown as NetworkRecord,
    ),
    embedding: { embedding: new Float32Array(N * 3), nComponents: 3, vne: [], t: 1, components: 1 },
  } as unknown as Population;
}

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
    return {
      api,
      call: <R>(p: Promise<R>) => p,
      terminate: () => {
        terminated();
        onDead();
      },
    } as unknown as WorkerHandle<FindingsWorkerApi>;
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
