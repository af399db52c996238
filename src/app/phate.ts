// PHATE panel controller: keeps the live PHATE worker's session in step with
// the population on screen, turns panel changes into (debounced) re-embeds,
// streams progress into the store, and applies results without dropping the
// user's hover, selection or brushes. PhateController is built with its
// dependencies (store, PHATE worker port, findings, clock); the exported
// functions call the page's one.
import * as Comlink from 'comlink';
import { effectiveKnn, findKnee } from '../core/phate';
import type { DistanceMetricName, NetworkRecord, PhateResult, Population, ProbeSet, Progress } from '../core/types';
import { isCancelled } from '../core/cancel';
import type { SessionResult } from '../core/embedding-session';
import type { PhateWorkerApi } from '../workers/phate.worker';
import { getState, useStore, type AppState } from '../state/store';
import { DEFAULT_PHATE_REQUEST, phateParamsOf, type PhateInfo, type PhateRequestState } from '../state/phate';
import { WorkerSlot } from './workers';
import { scheduleFindings } from './findings';

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

/** The PHATE worker as the controller uses it. */
export interface PhateWorkerPort {
  load(
    networks: NetworkRecord[],
    probe: ProbeSet,
    seed?: { metric: DistanceMetricName; layer: 'last' | number; distances: Float64Array; embedding?: PhateResult },
  ): Promise<void>;
  /** Rejects with a CancelledError when a later request (or cancel) overtakes it. */
  embed(req: Parameters<PhateWorkerApi['embed']>[0], onProgress: (p: Progress) => void): Promise<SessionResult>;
  /** Cancels the embed in flight, if the worker is running (starts none). */
  cancel(): void;
}

export interface PhateDeps {
  app(): AppState;
  setApp(fn: (s: AppState) => Partial<AppState>): void;
  subscribe(listener: (s: AppState, prev: AppState) => void): () => void;
  worker: PhateWorkerPort;
  derived: { has(p: Population): boolean; add(p: Population): void };
  scheduleFindings(): void;
  clock: {
    now(): number;
    frame(cb: () => void): number;
    cancelFrame(id: number): void;
    setTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout>;
    clearTimeout(id: ReturnType<typeof setTimeout>): void;
  };
}

export class PhateController {
  private loadedId: string | null = null;
  private loadedPop: Population | null = null;
  /** Whether the worker's copy of the networks has the diverged ones' activations (the include toggle). */
  private loadedWithDiverged = false;
  /** The user changed the include toggle since this population arrived (until then its own embedding decides). */
  private toggledSinceLoad = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: PhateDeps) {}

  /** The worker died: its session is gone, the next embed loads the population again. */
  workerDied(): void {
    this.loadedId = null;
  }

  /**
   * Whether re-embeds of `pop` include its diverged networks: the toggle once
   * touched; before that, as the population arrived (a shipped embedding that
   * places them keeps them, so its cached distances stay valid).
   */
  private includesDiverged(pop: Population): boolean {
    const flag = this.deps.app().includeDiverged;
    return this.toggledSinceLoad ? flag : flag || embedsDiverged(pop);
  }

  /** A population arrived from outside (demo, bundle, training): load it into the PHATE worker. */
  private onNewPopulation(pop: Population): void {
    const { app, clock } = this.deps;
    this.loadedPop = pop;
    this.loadedId = null;
    this.toggledSinceLoad = false;
    if (this.timer) clock.clearTimeout(this.timer);
    this.timer = null;
    const s = app();
    s.setPhateRequest(requestFromProvenance(pop));
    s.setPhateRun({ status: 'idle', stage: '', done: 0, total: 0, message: undefined });
    this.deps.setApp((st) => ({ phateInfo: infoFromPopulation(pop), embeddingVersion: st.embeddingVersion + 1 }));
    this.deps.scheduleFindings();
    // Copy the activations into the worker while the user is still looking, not on the first slider move.
    clock.setTimeout(() => {
      if (this.loadedPop === pop) this.ensureLoaded(pop).catch((e) => app().pushError(`Could not start the PHATE worker: ${errorText(e)}`));
    }, 300);
  }

  private async ensureLoaded(pop: Population): Promise<void> {
    const include = this.includesDiverged(pop);
    const hasDiverged = pop.networks.some((n) => n.status === 'diverged');
    if (this.loadedId === pop.id && this.loadedPop === pop && (!hasDiverged || this.loadedWithDiverged === include)) return;
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
    await this.deps.worker.load(networks, pop.probe, seed);
    this.loadedId = pop.id;
    this.loadedPop = pop;
    this.loadedWithDiverged = include;
  }

  /** The include-diverged toggle: re-embeds the population on screen with the diverged networks in or out. */
  setIncludeDiverged(include: boolean): void {
    const { app } = this.deps;
    if (app().includeDiverged === include) return;
    this.toggledSinceLoad = true;
    app().setIncludeDiverged(include);
    const pop = app().population;
    if (pop?.networks.some((n) => n.status === 'diverged')) this.requestEmbed({}, 0);
  }

  /** Starts following the store; returns the unsubscribe function. */
  start(): () => void {
    return this.deps.subscribe((s, prev) => {
      const pop = s.population;
      if (pop === prev.population || !pop) return;
      if (this.deps.derived.has(pop)) {
        this.deps.scheduleFindings();
        return;
      }
      this.onNewPopulation(pop);
    });
  }

  /** Changes the request and re-embeds shortly after (slider drags coalesce). */
  requestEmbed(change: Partial<PhateRequestState>, delayMs = 120): void {
    const { app, clock } = this.deps;
    app().setPhateRequest(change);
    if (this.timer) clock.clearTimeout(this.timer);
    this.timer = clock.setTimeout(() => {
      this.timer = null;
      void this.runEmbed();
    }, delayMs);
  }

  /**
   * After a grown population (sampled or imported networks added) was embedded
   * with the defaults, re-embeds it with the settings the user had chosen on
   * the population it grew from, if they differ.
   */
  keepSettings(previous: PhateRequestState): void {
    const now = this.deps.app().phateRequest;
    const keys = Object.keys(previous) as (keyof PhateRequestState)[];
    if (keys.every((k) => previous[k] === now[k])) return;
    this.requestEmbed(previous, 0);
  }

  cancel(): void {
    const { app, clock } = this.deps;
    if (this.timer) clock.clearTimeout(this.timer);
    this.timer = null;
    this.deps.worker.cancel();
    if (app().phateRun.status === 'running')
      app().setPhateRun({ status: 'cancelled', message: 'cancelled — the previous embedding is kept' });
  }

  private async runEmbed(): Promise<void> {
    const { app, clock } = this.deps;
    const pop = app().population;
    if (!pop || !this.loadedPop) return;
    const req = app().phateRequest;
    const t0 = clock.now();
    app().setPhateRun({ status: 'running', stage: 'queued', done: 0, total: 0, message: undefined, startedAt: t0 });
    let pending: Progress | null = null;
    let raf = 0;
    const onProgress = (p: Progress) => {
      pending = p;
      if (!raf)
        raf = clock.frame(() => {
          raf = 0;
          if (pending && app().phateRun.startedAt === t0)
            app().setPhateRun({ stage: pending.stage, done: pending.done, total: pending.total, message: pending.message });
        });
    };
    let r: SessionResult;
    try {
      await this.ensureLoaded(this.loadedPop);
      r = await this.deps.worker.embed({ metric: req.metric, layer: req.layer, phate: phateParamsOf(req) }, onProgress);
    } catch (e) {
      if (raf) clock.cancelFrame(raf);
      // A newer request took over (it owns the status now), or the user cancelled.
      if (isCancelled(e)) return;
      if (app().phateRun.startedAt !== t0) return;
      app().setPhateRun({ status: 'error', message: errorText(e) });
      app().pushError(`Re-embedding failed: ${errorText(e)}`);
      return;
    }
    if (raf) clock.cancelFrame(raf);
    const cur = app().population;
    if (!cur || cur.id !== pop.id || app().phateRun.startedAt !== t0) return;
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
    this.deps.derived.add(next);
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
    app().applyEmbedding(next, info);
    app().setPhateRun({ status: 'done', stage: 'done', seconds: (clock.now() - t0) / 1000, message: undefined });
  }
}

const phateSlot = new WorkerSlot<PhateWorkerApi>(
  () => new Worker(new URL('../workers/phate.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-phate' }),
  'PHATE',
  () => pagePhate.workerDied(),
);

// The page's controller.
const pagePhate: PhateController = new PhateController({
  app: getState,
  setApp: (fn) => useStore.setState(fn),
  subscribe: (l) => useStore.subscribe(l),
  worker: {
    load: async (networks, probe, seed) => {
      const w = phateSlot.get();
      await w.call(w.api.load(networks, probe, seed));
    },
    embed: (req, onProgress) => {
      const w = phateSlot.get();
      return w.call(w.api.embed(req, Comlink.proxy(onProgress)));
    },
    cancel: () => void phateSlot.current?.api.cancel(),
  },
  derived: derivedPopulations,
  scheduleFindings,
  clock: {
    now: () => performance.now(),
    frame: (cb) => requestAnimationFrame(cb),
    cancelFrame: (id) => cancelAnimationFrame(id),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
  },
});

/** The include-diverged toggle: re-embeds the population on screen with the diverged networks in or out. */
export const setIncludeDiverged = (include: boolean): void => pagePhate.setIncludeDiverged(include);
/** Starts following the store; returns the unsubscribe function. */
export const startPhateController = (): (() => void) => pagePhate.start();
/** Changes the request and re-embeds shortly after (slider drags coalesce). */
export const requestEmbed = (change: Partial<PhateRequestState>, delayMs = 120): void => pagePhate.requestEmbed(change, delayMs);
/** Re-embeds a grown population with the settings the user had chosen on the one it grew from, if they differ. */
export const keepPhateSettings = (previous: PhateRequestState): void => pagePhate.keepSettings(previous);
export const cancelEmbed = (): void => pagePhate.cancel();
