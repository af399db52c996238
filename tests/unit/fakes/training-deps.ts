// Fakes for the training controllers (src/app/training/ports.ts): a training
// worker that writes its networks to the run store as the real one does and
// emits progress and network events, an embedder that runs the real core
// pipeline in-process, frames the test flushes, population sources that record
// their calls. The run store is the real one over fake-indexeddb; the stores
// are the real zustand stores, reset per test.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { mulberry32 } from '../../../src/core/random';
import { loadDataset } from '../../../src/core/datasets';
import { makeProbeSet } from '../../../src/core/probe';
import { expandPopulation } from '../../../src/core/population/spec';
import { encodeStoredNetwork } from '../../../src/core/persist/stored-network';
import { embedPopulation } from '../../../src/core/pipeline';
import type { NetworkRecord, Population, ProbeSet } from '../../../src/core/types';
import { getState, useStore } from '../../../src/state/store';
import { getTraining, useTraining } from '../../../src/state/training';
import * as runStore from '../../../src/workers/run-store';
import type { RunEvent, RunOutcome } from '../../../src/workers/run-events';
import type { EmbedPort, PopulationSources, TrainingDeps, TrainPort, TrainRunRequest } from '../../../src/app/training/ports';
import type { StoredOrigin } from '../../../src/app/storage/origins';
import { createCancelFlag, type CancelFlag } from '../../../src/app/jobs';

/** A network record with random activations on `probe` (its content does not matter to the controllers). */
export function fakeNetwork(
  id: string,
  hp: NetworkRecord['hp'],
  probe: ProbeSet,
  seed: number,
  status: NetworkRecord['status'] = 'ok',
): NetworkRecord {
  const rng = mulberry32(seed);
  const width = 4;
  const data = new Float32Array(probe.n * width);
  for (let i = 0; i < data.length; i++) data[i] = rng();
  const acc = 0.5 + 0.4 * rng();
  const m = { epoch: 1, trainLoss: 1 - acc, trainAcc: acc, testLoss: 1 - acc, testAcc: acc };
  return { id, hp, status, history: [m], final: m, layers: [{ layer: 0, width, data }] };
}

/** Frames that run only when the test (or the fake worker) flushes them. */
export class FakeFrames {
  private next = 1;
  private readonly queued = new Map<number, () => void>();
  frame = (cb: () => void): number => {
    const id = this.next++;
    this.queued.set(id, cb);
    return id;
  };
  cancelFrame = (id: number): void => void this.queued.delete(id);
  flush(): void {
    const cbs = [...this.queued.values()];
    this.queued.clear();
    cbs.forEach((cb) => cb());
  }
  get pending(): number {
    return this.queued.size;
  }
}

export interface FakeTrainerOptions {
  /** After this many networks the worker waits until cancel() (or forever without one). */
  holdAfter?: number;
  /** Networks from this index on are not stored (as when the quota is full): handed back in outcome.unstored. */
  unstoredFrom?: number;
}

/** The training worker: trains nothing, but stores and reports networks the way train.worker.ts does. */
export class FakeTrainer implements TrainPort {
  readonly calls: string[] = [];
  readonly requests: TrainRunRequest[] = [];
  /** Progress messages the store showed while the run was going (read after each frame flush). */
  readonly shownMessages: string[] = [];
  private cancelled = false;
  private release: (() => void) | null = null;
  constructor(
    private readonly frames: FakeFrames,
    public options: FakeTrainerOptions = {},
  ) {}

  async trainRun(req: TrainRunRequest, onEvent: (e: RunEvent) => void): Promise<RunOutcome> {
    this.calls.push(`trainRun:${req.mode}`);
    this.requests.push(req);
    this.cancelled = false;
    let run = req.mode === 'new' ? undefined : ((await runStore.getRun(req.runId)) ?? req.memory?.run);
    if (!run) {
      if (!req.spec) throw new Error('a new run needs a spec');
      const ds = loadDataset(req.spec.dataset);
      const probe = req.probe ?? makeProbeSet(ds, req.spec.probe.n, req.spec.probe.seed);
      const now = new Date().toISOString();
      run = {
        runId: req.runId,
        spec: req.spec,
        dataset: ds.spec,
        datasetInfo: { inputDim: ds.inputDim, numClasses: ds.numClasses, classNames: ds.classNames },
        probe,
        total: expandPopulation(req.spec).length,
        state: 'running',
        backend: 'cpu',
        ...(req.addTo ? { addTo: req.addTo } : {}),
        createdAt: now,
        updatedAt: now,
      };
      await runStore.putRun(run);
    }
    const hps = expandPopulation(run.spec);
    const have = new Set([...(await runStore.storedIndices(run.runId)), ...(req.memory?.indices ?? [])]);
    const todo = hps.map((_, i) => i).filter((i) => !have.has(i));
    const unstored: RunOutcome['unstored'] = [];
    let trained = 0;
    for (const index of todo) {
      if (this.options.holdAfter !== undefined && trained >= this.options.holdAfter && !this.cancelled)
        await new Promise<void>((r) => (this.release = r));
      if (this.cancelled) break;
      const progress = {
        networksDone: have.size + trained,
        networksTotal: run.total,
        done: trained,
        total: todo.length,
        epoch: 1,
        epochs: 1,
        group: 1,
        groups: 1,
        loss: 0.5,
        networksPerMinute: NaN,
        etaSeconds: NaN,
        elapsedSeconds: 0,
      };
      onEvent({ type: 'progress', progress, paused: false });
      this.frames.flush(); // the page paints between worker messages
      this.shownMessages.push(getState().job.message ?? '');
      const rec = fakeNetwork(`net-${index}`, hps[index], run.probe, 100 + index);
      const stored = encodeStoredNetwork(rec, run.runId, index, run.probe.n);
      const ok = this.options.unstoredFrom === undefined || index < this.options.unstoredFrom;
      if (ok) await runStore.putNetwork(stored);
      else {
        if (unstored.length === 0) onEvent({ type: 'storage', reason: 'the quota is full (fake)' });
        unstored.push(stored);
      }
      onEvent({ type: 'network', index, id: rec.id, status: rec.status, testAcc: rec.final.testAcc, bytes: 100, stored: ok });
      trained++;
    }
    const stored = (await runStore.storedIndices(run.runId)).length;
    const complete = stored + unstored.length + (req.memory?.indices.length ?? 0) >= run.total;
    await runStore.setRunState(run.runId, complete ? 'complete' : 'cancelled');
    return {
      runId: run.runId,
      trained,
      stored,
      total: run.total,
      cancelled: this.cancelled,
      backend: 'cpu',
      bytesPerNetwork: 100,
      unstored,
      ...(unstored.length ? { storageFailure: 'the quota is full (fake)', run } : {}),
    };
  }
  pause(): void {
    this.calls.push('pause');
  }
  resume(): void {
    this.calls.push('resume');
  }
  cancel(): void {
    this.calls.push('cancel');
    this.cancelled = true;
    this.release?.();
    this.release = null;
  }
  async estimate(): Promise<never> {
    throw new Error('no estimate in the fake');
  }
  async tensorCount(): Promise<number> {
    return 0;
  }
}

/** The embedding worker's job, run in-process with the real pipeline. */
export class InProcessEmbedder implements EmbedPort {
  readonly calls: string[] = [];
  async embed(
    networks: NetworkRecord[],
    probe: ProbeSet,
    opts: { includeDiverged: boolean },
    onProgress: (p: import('../../../src/core/types').Progress) => void,
  ) {
    this.calls.push(`embed:${networks.length}`);
    // The session's result is the worker's (the worker returns exactly this), typed more loosely.
    return (await embedPopulation(networks, probe, { ...opts, onProgress })) as unknown as Awaited<ReturnType<EmbedPort['embed']>>;
  }
  stop(): void {
    this.calls.push('stop');
  }
}

export class FakeSources implements PopulationSources {
  readonly origins = new Map<string, StoredOrigin>();
  readonly fetched: string[] = [];
  /** Populations a URL source fetches (keyed by population id = url). */
  constructor(readonly byUrl: Map<string, Population> = new Map()) {}
  fetchableSource(s: ReturnType<typeof getState>) {
    const p = s.population;
    return p && this.byUrl.has(p.id) ? ({ kind: 'url', url: p.id } as const) : null;
  }
  async fetch(src: { kind: string; url?: string; id?: string }): Promise<Population> {
    const key = src.url ?? src.id ?? '';
    this.fetched.push(key);
    const p = this.byUrl.get(key);
    if (!p) throw new Error(`HTTP 404 (${key})`);
    return p;
  }
  async storedImport(): Promise<Population | null> {
    return null;
  }
  originOf(id: string): StoredOrigin | null {
    return this.origins.get(id) ?? null;
  }
  setOrigin(id: string, o: StoredOrigin): void {
    this.origins.set(id, o);
  }
  /** As grow-population.showGrownPopulation, without the PHATE-settings step: embeds and shows. */
  async showGrown(next: Population): Promise<boolean> {
    const r = await embedPopulation(next.networks, next.probe, {});
    getState().setPopulation({ ...next, distances: r.distances, embedding: r.embedding });
    return true;
  }
}

export interface Fakes {
  deps: TrainingDeps;
  frames: FakeFrames;
  trainer: FakeTrainer;
  embedder: InProcessEmbedder;
  sources: FakeSources;
  cancel: CancelFlag;
  warnings: string[];
  backendInits: number;
}

const initialApp = useStore.getState();
const initialTraining = useTraining.getState();

/** Fresh stores and a fresh, empty run store; every dependency a fake. */
export async function makeFakes(trainerOptions: FakeTrainerOptions = {}, opts: { keepRunStore?: boolean } = {}): Promise<Fakes> {
  useStore.setState(initialApp, true);
  useTraining.setState(initialTraining, true);
  await runStore.closeRunDb();
  // keepRunStore: the next visit of the same browser (what an earlier makeFakes wrote is still there).
  if (!opts.keepRunStore) globalThis.indexedDB = new IDBFactory();
  const frames = new FakeFrames();
  const trainer = new FakeTrainer(frames, trainerOptions);
  const embedder = new InProcessEmbedder();
  const sources = new FakeSources();
  const cancel = createCancelFlag();
  const warnings: string[] = [];
  let run = 0;
  const fakes: Fakes = {
    frames,
    trainer,
    embedder,
    sources,
    cancel,
    warnings,
    backendInits: 0,
    deps: {
      stores: { app: getState, training: getTraining },
      trainer,
      embedder,
      runStore,
      sources,
      initBackend: async () => {
        fakes.backendInits++;
        getState().setBackend('cpu', []);
      },
      cancel,
      clock: { now: () => 0, frame: frames.frame, cancelFrame: frames.cancelFrame, newRunId: () => `run-test-${++run}` },
      warn: (m) => void warnings.push(m),
    },
  };
  return fakes;
}
