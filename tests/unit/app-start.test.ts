// app/start.ts built with fakes (issue 12 item 1): startup runs each entry point once,
// the stored-run offer is checked on load, and the test hooks are installed once, without polling.
import { describe, expect, it, vi } from 'vitest';
import { buildApp, TestHooks, type HookHost, type StartDeps } from '../../src/app/start';
import { createAppStore } from '../../src/state/store';
import { FakeAddress, ManualTimers, fakeCamera } from './link-fakes';
import { getTraining } from '../../src/state/training';
import { makeFakes } from './fakes/training-deps';
import { storyFakes } from './fakes/story-deps';
import { StoryPlayer } from '../../src/app/story/player';
import { createTrajectoryStore } from '../../src/state/trajectory';
import { CameraPort } from '../../src/app/sharing/camera-port';
import { ImportWorker } from '../../src/app/sharing/import-worker';
import { PopulationStore } from '../../src/app/storage/population-store';
import { StoredOrigins } from '../../src/app/storage/origins';
import { createCancelFlag } from '../../src/app/jobs';
import type { WorkerHandle } from '../../src/app/workers';
import type { TrainWorkerApi } from '../../src/workers/train.worker';
import { useSharing } from '../../src/state/sharing';
import { useSearch } from '../../src/state/search';

const unused = (what: string) => () => {
  throw new Error(`no ${what} in this test`);
};

async function fakeDeps(host: HookHost | null = {}) {
  const calls: string[] = [];
  const address = new FakeAddress('https://app.example/');
  const sharingStore = createAppStore();
  const training = (await makeFakes()).deps;
  const phateStore = createAppStore();
  const featuresStore = createAppStore();
  const dynamicsStore = createAppStore();
  const appStore = createAppStore();
  // The training worker's backend pick records the start.
  const trainHandle = {
    api: {
      init: async () => {
        calls.push('backend');
        return { name: 'cpu', tried: [] };
      },
    },
    call: <R>(p: Promise<R>) => p,
    terminate: () => {},
  } as unknown as WorkerHandle<TrainWorkerApi>;
  const deps: StartDeps = {
    workers: {
      train: () => trainHandle,
      embed: unused('embedding worker'),
      import: new ImportWorker(unused('import worker')),
      features: unused('features worker'),
      featuresPool: 1,
    },
    camera: new CameraPort(),
    cancel: createCancelFlag(),
    backend: { store: appStore },
    populations: {
      store: appStore,
      sharing: useSharing,
      fetchSite: unused('site'),
      fetchBytes: unused('fetch'),
      budgetBytes: () => undefined,
      now: () => 0,
    },
    imports: {
      store: appStore,
      sharing: useSharing,
      datasetBytes: unused('dataset'),
      pageUrl: () => 'https://app.example/',
      download: unused('download'),
    },
    stored: {
      store: appStore,
      runs: { listRuns: async () => [], getNetworks: async () => [], runsJoining: async () => [] },
      imports: new PopulationStore('app-start-test'),
      origins: new StoredOrigins(),
      download: unused('download'),
    },
    search: {
      stores: { app: appStore.getState, training: getTraining, search: useSearch.getState },
      now: () => 0,
      seed: () => 1,
    },
    // The real PHATE controller over a fresh store; its subscription records the start.
    phate: {
      store: {
        ...phateStore,
        subscribe: (l) => {
          calls.push('phate');
          return phateStore.subscribe(l);
        },
      },
      worker: () => {
        throw new Error('no PHATE worker in this test');
      },
    },
    findings: {
      store: createAppStore(),
      worker: () => {
        throw new Error('no findings worker in this test');
      },
      frame: () => 1,
    },
    // The real features controller over a fresh store; its subscription records the start.
    features: {
      store: {
        ...featuresStore,
        subscribe: (l) => {
          calls.push('features');
          return featuresStore.subscribe(l);
        },
      },
      worker: () => {
        throw new Error('no features worker in this test');
      },
      pool: 1,
      after: () => {},
    },
    // The real trajectory controller over fresh stores (nothing computes trajectories at startup).
    trajectories: {
      store: createAppStore(),
      trajectory: createTrajectoryStore(),
      worker: () => {
        throw new Error('no trajectory worker in this test');
      },
      frames: { request: () => 1, cancel: () => {}, now: () => 0 },
    },
    // The real dynamics controller over a fresh store; its subscription records the start.
    dynamics: {
      store: {
        ...dynamicsStore,
        subscribe: (l) => {
          calls.push('dynamics');
          return dynamicsStore.subscribe(l);
        },
      },
      worker: () => {
        throw new Error('no features worker in this test');
      },
      pool: 1,
    },
    // The real link session over fakes: a page without a link loads the demo index.
    sharing: () => ({
      store: sharingStore,
      location: address,
      history: address,
      events: address,
      timers: new ManualTimers(),
      camera: fakeCamera(),
      loaders: {
        loadDemoIndex: async () => void calls.push('sharing'),
        loadDemo: async () => {},
        loadPopulationUrl: async () => false,
        addModelUrls: async () => false,
      },
    }),
    // The real story player over fakes, built with the app's link session.
    stories: (links) => {
      const player = new StoryPlayer(storyFakes(sharingStore, links, address).deps);
      const start = player.start.bind(player);
      player.start = () => {
        calls.push('stories');
        start();
      };
      return player;
    },
    hookHost: host,
    // The training controllers are built by buildApp; the fake run store records the restore check.
    training: () => ({
      ...training,
      runStore: {
        ...training.runStore,
        latestRestorableRun: async () => {
          calls.push('restore');
          return null;
        },
      },
    }),
  };
  return { deps, calls };
}

describe('buildApp (startup)', () => {
  it('runs every entry point once, in order, even when start is called twice', async () => {
    const { deps, calls } = await fakeDeps();
    const app = buildApp(deps);
    const a = app.start();
    const b = app.start();
    expect(b).toBe(a);
    await a;
    expect(calls).toEqual(['phate', 'features', 'dynamics', 'sharing', 'stories', 'backend', 'restore']);
  });

  it('checks for a restorable run on load: a failing run store is a warning, not a failed startup, and offers nothing', async () => {
    const { deps } = await fakeDeps();
    const restore = vi.fn(async () => {
      throw new Error('no IndexedDB');
    });
    const warnings: string[] = [];
    const app = buildApp({
      ...deps,
      training: (ports) => {
        const t = deps.training(ports);
        return { ...t, runStore: { ...t.runStore, latestRestorableRun: restore }, warn: (m) => void warnings.push(m) };
      },
    });
    await expect(app.start()).resolves.toBeUndefined();
    expect(restore).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual(['stored runs unavailable: no IndexedDB']);
    expect(getTraining().restoreOffer).toBeNull();
  });

  it('hands every controller the same shared ports: one camera port, one cancel flag for the long job', async () => {
    const { deps } = await fakeDeps();
    const app = buildApp(deps);
    expect(app.camera).toBe(deps.camera);
    // The search's Cancel raises the app's one flag (the one the progress panel's Cancel and every embed read).
    useSearch.getState().update({ status: 'running' });
    let stopped = 0;
    const stop = { api: { cancel: async () => void stopped++ }, call: <R>(p: Promise<R>) => p, terminate: () => {} };
    const withWorkers = buildApp({
      ...deps,
      workers: { ...deps.workers, train: () => stop as never, embed: () => stop as never },
    });
    withWorkers.search.cancel();
    expect(deps.cancel.requested).toBe(true);
    expect(stopped).toBe(2);
    useSearch.getState().update({ status: 'idle' });
  });

  it('builds the training controllers once and publishes their test hooks', async () => {
    const host: HookHost = {};
    const { deps } = await fakeDeps(host);
    const app = buildApp(deps);
    expect(app.training).toBe(app.training);
    app.testHooks.attachView({ getState: () => 1 });
    const hooks = host.__netmanifold as Record<string, () => Promise<unknown>>;
    expect(await hooks.trainWorkerTensorCount()).toBe(0);
    expect(await hooks.storedRuns()).toEqual([]);
  });
});

describe('TestHooks', () => {
  it('merges the app hooks into the view hooks and removes them when the view detaches', async () => {
    const host: HookHost = {};
    const hooks = new TestHooks(host, () => ({ storedRuns: async () => ['r1'] }));
    const detach = hooks.attachView({ getState: () => 1 });
    const o = host.__netmanifold as Record<string, () => unknown>;
    expect(o.getState()).toBe(1);
    expect(await o.storedRuns()).toEqual(['r1']);
    detach();
    expect('__netmanifold' in host).toBe(false);
  });

  it('a stale view detaching does not remove a newer view’s hooks (StrictMode remount)', () => {
    const host: HookHost = {};
    const hooks = new TestHooks(host, () => ({ a: 1 }));
    const first = hooks.attachView({ view: 1 });
    hooks.attachView({ view: 2 });
    first();
    expect(host.__netmanifold).toEqual({ view: 2, a: 1 });
  });

  it('installs no timer (the old code re-installed every 200 ms)', async () => {
    const { deps } = await fakeDeps();
    vi.useFakeTimers();
    try {
      buildApp(deps).testHooks.attachView({});
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('works without a host (no window)', () => {
    const hooks = new TestHooks(null, () => ({}));
    expect(() => hooks.attachView({})()).not.toThrow();
  });
});
