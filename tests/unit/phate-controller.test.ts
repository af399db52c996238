// The PHATE controller (src/app/phate.ts) built with its dependencies: a fresh store and a
// fake PHATE worker API whose embed() the test resolves or rejects by hand. A request reports
// progress then 'done' and applies the result; a cancel reads 'cancelled', reaches the worker
// and drops the late result; a failure reads 'error' with the worker's message.
import { describe, expect, it, vi } from 'vitest';
import { PhateController } from '../../src/app/phate';
import { createAppStore } from '../../src/state/store';
import type { SessionResult } from '../../src/core/embedding-session';
import type { Progress } from '../../src/core/types';
import type { PhateWorkerApi } from '../../src/workers/phate.worker';
import { fakeHandle, stubNetwork, stubPopulation } from './fakes/controller-deps';

const N = 4;

function embeddingOf(value: number) {
  return { embedding: new Float32Array(N * 3).fill(value), nComponents: 3, vne: [1, 0.5, 0.25], t: 4, components: 1 };
}

const population = () =>
  stubPopulation(
    Array.from({ length: N }, (_, i) => stubNetwork(i, { fullHp: true, testAcc: 0.5 + 0.1 * i })),
    {
      provenance: { metric: { name: 'diffusion', layer: 'last' }, phate: { knn: 3 }, createdAt: new Date(0).toISOString() },
      distances: new Float32Array(N * N),
      embedding: embeddingOf(0),
    },
  );

function result(value: number): SessionResult {
  return {
    distances: new Float32Array(N * N),
    embedding: embeddingOf(value),
    metric: 'cka',
    layer: 'last',
    phate: { knn: 3 },
    tAuto: 4,
    knnEffective: 3,
    included: [0, 1, 2, 3],
    timings: {},
    stageRuns: {},
    mdsIterations: 10,
    distancesReused: false,
  } as unknown as SessionResult;
}

/** A fake PHATE worker: each embed() waits until the test settles it. */
function fakeWorker() {
  const pending: { resolve(r: SessionResult): void; reject(e: Error): void; onProgress?: (p: Progress) => void }[] = [];
  const api = {
    load: vi.fn(async () => {}),
    embed: vi.fn(
      (_req: unknown, onProgress?: (p: Progress) => void) =>
        new Promise<SessionResult>((resolve, reject) => pending.push({ resolve, reject, onProgress })),
    ),
    cancel: vi.fn(async () => {}),
  };
  const handle = fakeHandle<PhateWorkerApi>(api);
  return { api, handle, pending };
}

const until = async (f: () => boolean, ms = 5_000) => {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
};

function setup() {
  const store = createAppStore();
  const w = fakeWorker();
  const findings = vi.fn();
  const controller = new PhateController({ store, worker: () => w.handle, scheduleFindings: findings });
  controller.start();
  const pop = population();
  store.getState().setPopulation(pop);
  return { store, w, findings, controller, pop };
}

describe('PhateController', () => {
  it('a new population resets the run and schedules the findings', () => {
    const { store, findings } = setup();
    expect(store.getState().phateRun.status).toBe('idle');
    expect(findings).toHaveBeenCalledTimes(1);
  });

  it('request → progress → done: the result is applied and the worker loaded once', async () => {
    const { store, w, controller, pop } = setup();
    controller.requestEmbed({ metric: 'cka' }, 0);
    await until(() => w.pending.length === 1);
    expect(store.getState().phateRun.status).toBe('running');
    w.pending[0].onProgress?.({ stage: 'kernel', done: 1, total: 3 });
    expect(store.getState().phateRun).toMatchObject({ status: 'running', stage: 'kernel', done: 1, total: 3 });
    w.pending[0].resolve(result(7));
    await until(() => store.getState().phateRun.status === 'done');
    const shown = store.getState().population!;
    expect(shown).not.toBe(pop);
    expect(shown.id).toBe(pop.id);
    expect(shown.embedding!.embedding[0]).toBe(7);
    expect(shown.provenance.metric.name).toBe('cka');
    expect(store.getState().phateInfo?.metric).toBe('cka');
    expect(w.api.load).toHaveBeenCalledTimes(1);
    expect(w.api.embed.mock.calls[0][0]).toMatchObject({ metric: 'cka', layer: 'last' });
  });

  it("cancel → 'cancelled', reaches the worker, and the late result is dropped", async () => {
    const { store, w, controller, pop } = setup();
    controller.requestEmbed({ knn: 5 }, 0);
    await until(() => w.pending.length === 1);
    controller.cancelEmbed();
    expect(store.getState().phateRun.status).toBe('cancelled');
    expect(w.api.cancel).toHaveBeenCalledTimes(1);
    w.pending[0].resolve(result(9));
    await new Promise((r) => setTimeout(r, 10));
    expect(store.getState().population).toBe(pop);
    expect(store.getState().phateRun.status).toBe('cancelled');
    expect(store.getState().errors).toEqual([]);
  });

  it('a failed embed reads error with its message and reaches the error banner', async () => {
    const { store, w, controller, pop } = setup();
    controller.requestEmbed({ knn: 6 }, 0);
    await until(() => w.pending.length === 1);
    w.pending[0].reject(new Error('out of memory'));
    await until(() => store.getState().phateRun.status === 'error');
    expect(store.getState().phateRun.message).toBe('out of memory');
    expect(store.getState().errors.map((e) => e.message)).toEqual(['Re-embedding failed: out of memory']);
    expect(store.getState().population).toBe(pop);
  });

  it('requests within the debounce coalesce into one embed with the last change', async () => {
    const { w, controller } = setup();
    controller.requestEmbed({ knn: 4 }, 20);
    controller.requestEmbed({ knn: 8 }, 20);
    await until(() => w.pending.length === 1);
    await new Promise((r) => setTimeout(r, 40));
    expect(w.api.embed).toHaveBeenCalledTimes(1);
    expect(w.api.embed.mock.calls[0][0]).toMatchObject({ phate: expect.objectContaining({ knn: 8 }) });
  });
});
