// PHATE panel controller: keeps the live PHATE worker's session in step with
// the population on screen, turns panel changes into (debounced) re-embeds,
// streams progress into the store, and applies results without dropping the
// user's hover, selection or brushes. A PhateController is built once (by
// src/app/start.ts) with its store and worker factory; unit tests build one
// with a fake worker API and a fresh store.
import { embeddingBudgetBytes } from './embedding-budget';
import * as Comlink from 'comlink';
import { effectiveKnn, findKnee } from '../core/phate';
import { IDLE_JOB, type DistanceMetricName, type Population, type Progress } from '../core/types';
import { CancelledError } from '../core/cancel';
import { createJob } from './jobs';
import type { SessionResult } from '../core/embedding-session';
import type { PhateWorkerApi } from '../workers/phate.worker';
import type { StoreApi } from 'zustand';
import type { AppState } from '../state/store';
import { DEFAULT_PHATE_REQUEST, phateParamsOf, type PhateInfo, type PhateRequestState } from '../state/phate';
import { wrap, type WorkerHandle } from './workers';

/** Populations this module (or the features controller) derived from the one on screen: not new populations. */
export const derivedPopulations = new WeakSet<Population>();

/** True when the population's embedding places at least one diverged network. */
export function embedsDiverged(pop: Population): boolean {
  const e = pop.embedding;
  if (!e) return false;
  return pop.networks.some((n, i) => n.status === 'diverged' && Number.isFinite(e.embedding[i * e.nComponents]));
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function metricLayerOf(pop: Population): { metric: DistanceMetricName; layer: 'last' | number } {
  const m = pop.provenance.metric;
  return { metric: m?.name ?? 'diffusion', layer: m?.layer ?? 'last' };
}

/** The panel's request as the population's provenance says it was embedded. */
function requestFromProvenance(pop: Population): PhateRequestState {
  const p = pop.provenance.phate ?? {};
  const nc = pop.embedding?.nComponents ?? p.nComponents;
  return {
    ...DEFAULT_PHATE_REQUEST,
    ...metricLayerOf(pop),
    knn: p.knn ?? DEFAULT_PHATE_REQUEST.knn,
    decay: p.decay ?? DEFAULT_PHATE_REQUEST.decay,
    t: p.t ?? 'auto',
    gamma: p.gamma ?? 1,
    nComponents: nc === 2 ? 2 : 3,
    solver: p.solver === 'fast' ? 'fast' : 'smacof',
  };
}

function infoFromPopulation(pop: Population): PhateInfo | null {
  const e = pop.embedding;
  if (!e) return null;
  let embedded = 0;
  for (let i = 0; i < pop.networks.length; i++) if (Number.isFinite(e.embedding[i * e.nComponents])) embedded++;
  const req = requestFromProvenance(pop);
  return {
    vne: e.vne,
    t: e.t,
    tAuto: e.vne.length > 2 ? findKnee(e.vne) : e.t,
    components: e.components,
    knnEffective: effectiveKnn(req.knn, embedded),
    embedded,
    metric: req.metric,
    layer: req.layer,
  };
}

export interface PhateControllerDeps {
  store: StoreApi<AppState>;
  /** Makes the PHATE worker's handle; `onDead` is called when that worker dies (a later call makes a new one). */
  worker(onDead: () => void): WorkerHandle<PhateWorkerApi>;
  /** A population (new or re-embedded) is on screen: the findings follow it. */
  scheduleFindings(): void;
}

export class PhateController {
  private handle: WorkerHandle<PhateWorkerApi> | null = null;
  private loadedId: string | null = null;
  private loadedPop: Population | null = null;
  /** Whether the worker's copy of the networks has the diverged ones' activations (the include toggle). */
  private loadedWithDiverged = false;
  /** The user changed the include toggle since this population arrived (until then its own embedding decides). */
  private toggledSinceLoad = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The re-embed job: status in phateRun, failures in the error banner, cancel reaches the worker's session. */
  private readonly job = createJob({
    report: (p) => this.state().setPhateRun(p),
    onError: (m) => this.state().pushError(`Re-embedding failed: ${m}`),
    onCancel: () => {
      if (this.handle) void this.handle.api.cancel();
    },
    cancelMessage: 'cancelled — the previous embedding is kept',
    // Worker progress arrives every ~50 ms; a store update per message re-renders every subscriber.
    progressEveryMs: 50,
  });

  constructor(private readonly deps: PhateControllerDeps) {}

  private state(): AppState {
    return this.deps.store.getState();
  }

  private worker(): WorkerHandle<PhateWorkerApi> {
    this.handle ??= this.deps.worker(() => {
      this.handle = null;
      this.loadedId = null;
    });
    return this.handle;
  }

  /** Starts following the store; returns the unsubscribe function. */
  start(): () => void {
    return this.deps.store.subscribe((s, prev) => {
      const pop = s.population;
      if (pop === prev.population || !pop) return;
      if (derivedPopulations.has(pop)) {
        this.deps.scheduleFindings();
        return;
      }
      this.onNewPopulation(pop);
    });
  }

  /** Changes the request and re-embeds shortly after (slider drags coalesce). */
  requestEmbed(change: Partial<PhateRequestState>, delayMs = 120): void {
    this.state().setPhateRequest(change);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runEmbed();
    }, delayMs);
  }

  cancelEmbed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.job.cancel();
  }

  /** The include-diverged toggle: re-embeds the population on screen with the diverged networks in or out. */
  setIncludeDiverged(include: boolean): void {
    if (this.state().includeDiverged === include) return;
    this.toggledSinceLoad = true;
    this.state().setIncludeDiverged(include);
    const pop = this.state().population;
    if (pop?.networks.some((n) => n.status === 'diverged')) this.requestEmbed({}, 0);
  }

  /**
   * Whether re-embeds of `pop` include its diverged networks: the toggle once
   * touched; before that, as the population arrived (a shipped embedding that
   * places them keeps them, so its cached distances stay valid).
   */
  private includesDiverged(pop: Population): boolean {
    const flag = this.state().includeDiverged;
    return this.toggledSinceLoad ? flag : flag || embedsDiverged(pop);
  }

  /** A population arrived from outside (demo, bundle, training): load it into the PHATE worker. */
  private onNewPopulation(pop: Population): void {
    this.loadedPop = pop;
    this.loadedId = null;
    this.toggledSinceLoad = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A re-embed of the previous population is moot now.
    this.job.cancel();
    const s = this.state();
    s.setPhateRequest(requestFromProvenance(pop));
    s.setPhateRun(IDLE_JOB);
    this.deps.store.setState((st) => ({ phateInfo: infoFromPopulation(pop), embeddingVersion: st.embeddingVersion + 1 }));
    this.deps.scheduleFindings();
    // Copy the activations into the worker while the user is still looking, not on the first slider move.
    setTimeout(() => {
      if (this.loadedPop === pop)
        this.ensureLoaded(pop).catch((e) => this.state().pushError(`Could not start the PHATE worker: ${errorText(e)}`));
    }, 300);
  }

  private async ensureLoaded(pop: Population): Promise<void> {
    const include = this.includesDiverged(pop);
    const hasDiverged = pop.networks.some((n) => n.status === 'diverged');
    if (this.loadedId === pop.id && this.loadedPop === pop && (!hasDiverged || this.loadedWithDiverged === include)) return;
    const w = this.worker();
    const { metric, layer } = metricLayerOf(pop);
    // The distances on screen are reused only when they were computed with the diverged networks in or out as now asked.
    const seedFits = !hasDiverged || embedsDiverged(pop) === include;
    const seed =
      pop.distances && pop.embedding && seedFits ? { metric, layer, distances: pop.distances, embedding: pop.embedding } : undefined;
    // Checkpoints are not embedded here: leave them out of the (main-thread) structured clone.
    // Diverged networks left out of the embedding travel without activations (the session embeds what has them).
    const networks = pop.networks.map((n) =>
      !include && n.status === 'diverged'
        ? { ...n, layers: [], checkpoints: undefined }
        : n.checkpoints
          ? { ...n, checkpoints: undefined }
          : n,
    );
    await w.call(w.api.load(networks, pop.probe, seed, { includeDiverged: include, memoryBudgetBytes: embeddingBudgetBytes() }));
    this.loadedId = pop.id;
    this.loadedPop = pop;
    this.loadedWithDiverged = include;
  }

  private async runEmbed(): Promise<void> {
    const pop = this.state().population;
    const loaded = this.loadedPop;
    if (!pop || !loaded) return;
    const req = this.state().phateRequest;
    await this.job.run(async (ctx) => {
      ctx.progress({ stage: 'queued', done: 0, total: 0 });
      await this.ensureLoaded(this.loadedPop ?? loaded);
      const w = this.worker();
      const r = await w.call(
        w.api.embed(
          { metric: req.metric, layer: req.layer, phate: phateParamsOf(req) },
          Comlink.proxy((p: Progress) => ctx.progress(p)),
        ),
      );
      ctx.throwIfCancelled();
      const cur = this.state().population;
      // Another population arrived meanwhile (onNewPopulation cancelled this run).
      if (!cur || cur.id !== pop.id) throw new CancelledError('the population changed');
      this.applyResult(cur, r);
    });
  }

  private applyResult(cur: Population, r: SessionResult): void {
    const next: Population = {
      ...cur,
      distances: r.distances,
      embedding: r.embedding,
      provenance: {
        ...cur.provenance,
        metric:
          r.metric === 'diffusion' ? { ...cur.provenance.metric, name: r.metric, layer: r.layer } : { name: r.metric, layer: r.layer },
        phate: { ...r.phate },
      },
    };
    derivedPopulations.add(next);
    this.loadedPop = next;
    const info: PhateInfo = {
      vne: r.embedding.vne,
      t: r.embedding.t,
      tAuto: r.tAuto,
      components: r.embedding.components,
      knnEffective: r.knnEffective,
      embedded: r.included.length,
      metric: r.metric,
      layer: r.layer,
      timings: r.timings,
      stageRuns: r.stageRuns,
      mdsIterations: r.mdsIterations,
      distancesReused: r.distancesReused,
      constant: r.constant,
    };
    this.state().applyEmbedding(next, info);
  }
}

/** The browser's dependencies but the findings hook (start.ts wires it to the findings controller): the page's store, the PHATE web worker. */
export function browserPhateDeps(store: StoreApi<AppState>): Omit<PhateControllerDeps, 'scheduleFindings'> {
  return {
    store,
    worker: (onDead) =>
      wrap<PhateWorkerApi>(
        () => new Worker(new URL('../workers/phate.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-phate' }),
        'PHATE',
        onDead,
      ),
  };
}
