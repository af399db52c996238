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
import { createTrajectoryStore } from '../../src/app/trajectory';

async function fakeDeps(host: HookHost | null = {}) {
  const calls: string[] = [];
  const address = new FakeAddress('https://app.example/');
  const sharingStore = createAppStore();
  const training = (await makeFakes()).deps;
  const phateStore = createAppStore();
  const featuresStore = createAppStore();
  const dynamicsStore = createAppStore();
  const deps: StartDeps = {
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
      camera: { reframeWithNextPaths: () => {} },
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
    sharing: {
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
    },
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
    initBackend: async () => void calls.push('backend'),
    hookHost: host,
    // The training controllers are built by buildApp; the fake run store records the restore check.
    training: {
      ...training,
      runStore: {
        ...training.runStore,
        latestRestorableRun: async () => {
          calls.push('restore');
          return null;
        },
      },
    },
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
      training: {
        ...deps.training,
        runStore: { ...deps.training.runStore, latestRestorableRun: restore },
        warn: (m) => void warnings.push(m),
      },
    });
    await expect(app.start()).resolves.toBeUndefined();
    expect(restore).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual(['stored runs unavailable: no IndexedDB']);
    expect(getTraining().restoreOffer).toBeNull();
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
