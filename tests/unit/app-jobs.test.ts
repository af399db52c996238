// The app's long jobs on the one job helper (app/jobs.ts createJob), run in Node with the
// workers' own APIs called in-process (app/workers.ts runWorkerInProcess): a cancel during
// each stage rejects with CancelledError and leaves the store's status 'cancelled' (not
// 'error'); a grown population is embedded once, with the user's PHATE settings.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPhateApi } from '../../src/workers/phate-api';
import { createEmbedApi } from '../../src/workers/embed-api';
import { createTrajectoryApi } from '../../src/workers/trajectory-api';
import { WorkerSlot, runWorkerInProcess } from '../../src/app/workers';
import { PhateController, browserPhateDeps } from '../../src/app/phate';
import { FindingsController, browserFindingsDeps } from '../../src/app/findings';
import { FeaturesController, browserFeaturesDeps } from '../../src/app/features';
import { TrajectoryController, browserTrajectoryDeps } from '../../src/app/trajectory';
import { useTrajectory } from '../../src/state/trajectory';
import { Populations } from '../../src/app/populations';
import { browserWorkers } from '../../src/app/browser-workers';
import { grownPopulation } from '../../src/app/grow-population';
import { createTraining } from '../../src/app/training/training';
import { browserTrainingDeps } from '../../src/app/training/browser-deps';
import { createCancelFlag } from '../../src/app/jobs';
import { PopulationStore } from '../../src/app/storage/population-store';
import { StoredOrigins } from '../../src/app/storage/origins';
import type { EmbedWorkerApi } from '../../src/workers/embed.worker';
import type { TrainWorkerApi } from '../../src/workers/train.worker';
import { getState, useStore } from '../../src/state/store';
import { useSharing } from '../../src/state/sharing';
import { embedPopulation } from '../../src/core/pipeline';
import { CancelledError } from '../../src/core/cancel';
import { mulberry32, randn, type Rng } from '../../src/core/random';
import type { NetworkRecord, Population, ProbeSet } from '../../src/core/types';

const n = 40;

function makeProbe(rng: Rng): ProbeSet {
  return {
    seed: 1,
    n,
    inputDim: 2,
    indices: Int32Array.from({ length: n }, (_, i) => i),
    x: Float32Array.from({ length: n * 2 }, () => randn(rng)),
    labels: Int32Array.from({ length: n }, (_, i) => i % 2),
  };
}

/** Three families of random maps of the probe plus noise (two hidden layers; checkpoints at epochs 1 and 2). */
function makeNetworks(rng: Rng, probe: ProbeSet, N: number, from = 0): NetworkRecord[] {
  const families = [0, 1, 2].map(() => Float32Array.from({ length: 16 }, () => randn(rng)));
  const layersOf = (i: number, noise: number) =>
    [6, 8].map((w, l) => {
      const data = new Float32Array(n * w);
      const A = families[i % 3];
      for (let p = 0; p < n; p++)
        for (let k = 0; k < w; k++) {
          const z = probe.x[p * 2] * A[k] + probe.x[p * 2 + 1] * A[8 + k] + noise * randn(rng);
          data[p * w + k] = l === 1 ? Math.max(0, z) : Math.tanh(z);
        }
      return { layer: l, width: w, data };
    });
  return Array.from({ length: N }, (_, q): NetworkRecord => {
    const i = from + q;
    const m = { epoch: 3, trainLoss: 0.3, trainAcc: 0.9, testLoss: 0.35, testAcc: 0.5 + 0.01 * i };
    return {
      id: `net-${i}`,
      hp: {
        architecture: 'mlp',
        widths: [6, 8],
        activation: 'relu',
        optimizer: 'adam',
        learningRate: 0.01,
        batchSize: 16,
        epochs: 3,
        dropout: 0,
        l2: 0,
        init: 'he_normal',
        seed: i,
      },
      status: 'ok',
      history: [m],
      final: m,
      layers: layersOf(i, 0.2 + 0.05 * (i % 5)),
      checkpoints: [1, 2].map((epoch) => ({ epoch, layers: layersOf(i, 1 / epoch) })),
    };
  });
}

let serial = 0;

/** A fresh population (new id: the PHATE worker loads it anew), embedded unless `bare`. */
async function population(N = 18, bare = false): Promise<Population> {
  const rng = mulberry32(11 + serial);
  const probe = makeProbe(rng);
  const networks = makeNetworks(rng, probe, N);
  const e = bare ? undefined : await embedPopulation(networks, probe);
  return {
    id: `pop-${++serial}`,
    name: `test ${serial}`,
    provenance: {
      dataset: { name: 'moons', seed: 1 },
      probe: { n, seed: 1 },
      metric: { name: 'diffusion', ...e?.metric },
      phate: e?.phate ?? {},
      generator: 'test',
      createdAt: new Date(0).toISOString(),
    },
    probe,
    networks,
    distances: e?.distances,
    embedding: e?.embedding,
  } as Population;
}

/** Records every promise a worker API method returns (to see how its calls ended). */
function spied<T extends object>(api: T, ...names: (keyof T)[]) {
  const calls: Record<string, Promise<unknown>[]> = {};
  const out = { ...api } as Record<string, unknown>;
  for (const k of names) {
    const f = (api as Record<string, (...a: unknown[]) => Promise<unknown>>)[k as string];
    calls[k as string] = [];
    out[k as string] = vi.fn((...a: unknown[]) => {
      const p = Promise.resolve(f(...a));
      calls[k as string].push(p);
      p.catch(() => undefined);
      return p;
    });
  }
  return { api: out as T, calls };
}

/** Calls `act` (once) the first time the store's `stageOf` starts with `prefix`. */
function onStage(
  stageOf: () => string,
  prefix: string,
  act: () => void,
  subscribe: (listener: () => void) => () => void = useStore.subscribe,
): () => void {
  let fired = false;
  const unsub = subscribe(() => {
    if (!fired && stageOf().startsWith(prefix)) {
      fired = true;
      act();
    }
  });
  return unsub;
}

const until = async (f: () => boolean, ms = 20_000) => {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

// One in-process API per worker for the whole file (the controllers keep their handle, as they keep a worker).
const phate = spied(createPhateApi(), 'embed');
const embedder = spied(createEmbedApi(), 'embed');
const trajectories = spied(createTrajectoryApi(), 'embedTrajectories');
/** The promise of the latest call of a spied method. */
const lastCall = (calls: Promise<unknown>[]) => calls[calls.length - 1];
/** The PHATE controller as the page builds it (its worker in-process). */
const findingsController = new FindingsController(browserFindingsDeps(useStore));
const trajectoryController = new TrajectoryController({ ...browserTrajectoryDeps(useStore), camera: { reframeWithNextPaths: () => {} } });
/** The shared workers and cancel flag as start.ts hands them out (the embedding worker in-process). */
const noWorker = () => {
  throw new Error('no such worker in this test');
};
const embedSlot = new WorkerSlot<EmbedWorkerApi>(noWorker, 'embedding');
const trainSlot = new WorkerSlot<TrainWorkerApi>(noWorker, 'training');
const cancel = createCancelFlag();
const populations = new Populations({
  store: useStore,
  sharing: useSharing,
  embedWorker: () => embedSlot.get(),
  fetchSite: async () => noWorker(),
  fetchBytes: async () => noWorker(),
  budgetBytes: () => undefined,
  cancel,
  now: () => performance.now(),
});
const trainingPorts = {
  trainWorker: () => trainSlot.get(),
  embedWorker: () => embedSlot.get(),
  populations,
  imports: new PopulationStore('app-jobs-test'),
  origins: new StoredOrigins(),
  backend: { init: async () => {} },
  cancel,
};
const phateController = new PhateController({ ...browserPhateDeps(useStore), scheduleFindings: () => findingsController.schedule() });

beforeAll(() => {
  runWorkerInProcess('PHATE', phate.api);
  runWorkerInProcess('embedding', embedder.api);
  runWorkerInProcess('trajectory', trajectories.api);
  // scheduleFindings waits a frame; the findings worker answers no rows (not under test here).
  vi.stubGlobal('requestAnimationFrame', (cb: (t: number) => void) => setTimeout(() => cb(performance.now()), 0) as unknown as number);
  vi.stubGlobal('cancelAnimationFrame', (id: number) => clearTimeout(id));
  runWorkerInProcess('findings', { compute: async () => [] });
  phateController.start();
});

afterEach(() => {
  useStore.setState({ errors: [] });
});

describe('PHATE re-embed job (app/phate.ts)', () => {
  for (const stage of ['distance:', 'kernel', 'tSelection', 'mds']) {
    it(`a cancel during ${stage} rejects the worker's run with CancelledError and leaves phateRun 'cancelled'`, async () => {
      getState().setPopulation(await population());
      const before = phate.calls.embed.length;
      const unsub = onStage(
        () => getState().phateRun.stage,
        stage,
        () => phateController.cancelEmbed(),
      );
      phateController.requestEmbed({ metric: 'cka' }, 0);
      await until(() => phate.calls.embed.length === before + 1);
      await expect(lastCall(phate.calls.embed)).rejects.toBeInstanceOf(CancelledError);
      unsub();
      expect(getState().phateRun.status).toBe('cancelled');
      expect(getState().errors).toEqual([]);
      // The session survives: the next request completes.
      phateController.requestEmbed({ metric: 'cka', knn: 4 }, 0);
      await until(() => getState().phateRun.status === 'done');
      await expect(lastCall(phate.calls.embed)).resolves.toBeTruthy();
      expect(getState().population!.provenance.metric.name).toBe('cka');
    });
  }
});

describe('population embedding job (app/populations.ts) and grown populations', () => {
  it('a cancel from the progress panel during distances or PHATE leaves job cancelled, not error', async () => {
    // The worker's own progress: its first distance message, then PHATE's stages.
    for (const [what, prefix] of [
      ['message', 'diffusion distances'],
      ['stage', 'phate'],
    ] as const) {
      const before = getState().population;
      const calls = embedder.calls.embed.length;
      const unsub = onStage(
        () => getState().job[what] ?? '',
        prefix,
        () => createTraining(browserTrainingDeps(trainingPorts)).runs.cancel(),
      );
      await populations.show(await population(18, true));
      unsub();
      expect(embedder.calls.embed).toHaveLength(calls + 1);
      await expect(lastCall(embedder.calls.embed)).rejects.toMatchObject({ name: 'CancelledError' });
      expect(getState().job.status).toBe('cancelled');
      expect(getState().population).toBe(before);
      expect(getState().errors).toEqual([]);
    }
  });

  it('a grown population is embedded once, with the PHATE settings the user had chosen', async () => {
    const parent = await population(15);
    getState().setPopulation(parent);
    phateController.requestEmbed({ solver: 'fast', knn: 4, nComponents: 2 }, 0);
    await until(() => getState().phateRun.status === 'done');
    const phateCalls = phate.calls.embed.length;
    const embedCalls = embedder.calls.embed.length;

    const added = makeNetworks(mulberry32(99), parent.probe, 3, 100).map((n) => ({ ...n, origin: 'sampled' as const }));
    const next = grownPopulation(getState().population!, added, 'sampled', '3 sampled');
    expect(await populations.showGrown(next)).toBe(true);
    // Past the PHATE controller's load delay (300 ms) and any re-embed it might schedule.
    await new Promise((r) => setTimeout(r, 600));
    expect(embedder.calls.embed).toHaveLength(embedCalls + 1);
    expect(phate.calls.embed).toHaveLength(phateCalls); // no second embedding of the grown population
    const shown = getState().population!;
    expect(shown.id).toBe(next.id);
    expect(shown.networks).toHaveLength(18);
    expect(shown.provenance.phate).toMatchObject({ solver: 'fast', knn: 4 });
    expect(shown.embedding!.nComponents).toBe(2);
    expect(getState().phateRequest).toMatchObject({ solver: 'fast', knn: 4, nComponents: 2 });
    expect(getState().phateRun.status).toBe('done');
  });
});

describe('features and trajectory jobs', () => {
  it('cancelling features rejects the workers with CancelledError and leaves featuresJob cancelled', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let generation = 0;
    const fake = {
      async compute() {
        const mine = ++generation;
        await gate;
        if (mine !== generation) throw Object.assign(new Error('features cancelled'), { name: 'CancelledError' });
        return [];
      },
      cancel() {
        generation++;
      },
    };
    const { api, calls } = spied(fake, 'compute');
    for (let i = 0; i < 4; i++) runWorkerInProcess('features', api);
    getState().setPopulation(await population(6));
    const features = new FeaturesController(browserFeaturesDeps(browserWorkers(), useStore));
    const run = features.computeFeatures(true);
    await until(() => getState().featuresJob.status === 'running' && calls.compute.length > 0);
    features.cancelFeatures();
    release();
    await run;
    await expect(calls.compute[0]).rejects.toMatchObject({ name: 'CancelledError' });
    expect(getState().featuresJob.status).toBe('cancelled');
    expect(getState().errors).toEqual([]);
  });

  it('cancelling the checkpoint embedding during its distances leaves the trajectory job cancelled', async () => {
    getState().setPopulation(await population(12));
    const unsub = onStage(
      () => useTrajectory.getState().stage,
      'distance:',
      () => trajectoryController.cancelTrajectories(),
      useTrajectory.subscribe,
    );
    await trajectoryController.computeTrajectories();
    unsub();
    await expect(lastCall(trajectories.calls.embedTrajectories)).rejects.toBeInstanceOf(CancelledError);
    expect(useTrajectory.getState().status).toBe('cancelled');
    expect(useTrajectory.getState().keyframes).toBeNull();
  });
});

describe('an aborted download is a cancel (app/sharing/fetch-population.ts)', () => {
  it('rejects with CancelledError, not a renamed error', async () => {
    const { fetchPopulationBytes, PopulationFetchError } = await import('../../src/app/sharing/fetch-population');
    const aborted = async () => Promise.reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }));
    const err = await fetchPopulationBytes('https://example.org/p.nmpop', { fetchImpl: aborted as typeof fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    const refused = async () => Promise.reject(new TypeError('Failed to fetch'));
    const err2 = await fetchPopulationBytes('https://example.org/p.nmpop', { fetchImpl: refused as typeof fetch }).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(PopulationFetchError);
  });
});
