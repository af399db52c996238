// PHATE panel controller: keeps the live PHATE worker's session in step with
// the population on screen, turns panel changes into (debounced) re-embeds,
// streams progress into the store, and applies results without dropping the
// user's hover, selection or brushes.
import { embeddingBudgetBytes } from './embedding-budget';
import * as Comlink from 'comlink';
import { effectiveKnn, findKnee } from '../core/phate';
import { IDLE_JOB, type DistanceMetricName, type Population, type Progress } from '../core/types';
import { CancelledError } from '../core/cancel';
import { createJob } from './jobs';
import type { SessionResult } from '../core/embedding-session';
import type { PhateWorkerApi } from '../workers/phate.worker';
import { getState, useStore } from '../state/store';
import { DEFAULT_PHATE_REQUEST, phateParamsOf, type PhateInfo, type PhateRequestState } from '../state/phate';
import { wrap, type WorkerHandle } from './workers';
import { scheduleFindings } from './findings';

let handle: WorkerHandle<PhateWorkerApi> | null = null;

function phateWorker(): WorkerHandle<PhateWorkerApi> {
  if (!handle) {
    handle = wrap<PhateWorkerApi>(
      () => new Worker(new URL('../workers/phate.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-phate' }),
      'PHATE',
      () => {
        handle = null;
        loadedId = null;
      },
    );
  }
  return handle;
}

/** Populations this module (or the features controller) derived from the one on screen: not new populations. */
export const derivedPopulations = new WeakSet<Population>();
let loadedId: string | null = null;
let loadedPop: Population | null = null;
/** Whether the worker's copy of the networks has the diverged ones' activations (the include toggle). */
let loadedWithDiverged = false;
/** The user changed the include toggle since this population arrived (until then its own embedding decides). */
let toggledSinceLoad = false;

/**
 * Whether re-embeds of `pop` include its diverged networks: the toggle once
 * touched; before that, as the population arrived (a shipped embedding that
 * places them keeps them, so its cached distances stay valid).
 */
function includesDiverged(pop: Population): boolean {
  const flag = getState().includeDiverged;
  return toggledSinceLoad ? flag : flag || embedsDiverged(pop);
}

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

/** A population arrived from outside (demo, bundle, training): load it into the PHATE worker. */
function onNewPopulation(pop: Population): void {
  loadedPop = pop;
  loadedId = null;
  toggledSinceLoad = false;
  if (timer) clearTimeout(timer);
  timer = null;
  // A re-embed of the previous population is moot now.
  phateJob.cancel();
  const s = getState();
  s.setPhateRequest(requestFromProvenance(pop));
  s.setPhateRun(IDLE_JOB);
  useStore.setState((st) => ({ phateInfo: infoFromPopulation(pop), embeddingVersion: st.embeddingVersion + 1 }));
  scheduleFindings();
  // Copy the activations into the worker while the user is still looking, not on the first slider move.
  setTimeout(() => {
    if (loadedPop === pop) ensureLoaded(pop).catch((e) => getState().pushError(`Could not start the PHATE worker: ${errorText(e)}`));
  }, 300);
}

async function ensureLoaded(pop: Population): Promise<void> {
  const include = includesDiverged(pop);
  const hasDiverged = pop.networks.some((n) => n.status === 'diverged');
  if (loadedId === pop.id && loadedPop === pop && (!hasDiverged || loadedWithDiverged === include)) return;
  const w = phateWorker();
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
  loadedId = pop.id;
  loadedPop = pop;
  loadedWithDiverged = include;
}

/** The include-diverged toggle: re-embeds the population on screen with the diverged networks in or out. */
export function setIncludeDiverged(include: boolean): void {
  if (getState().includeDiverged === include) return;
  toggledSinceLoad = true;
  getState().setIncludeDiverged(include);
  const pop = getState().population;
  if (pop?.networks.some((n) => n.status === 'diverged')) requestEmbed({}, 0);
}

/** Starts following the store; returns the unsubscribe function. */
export function startPhateController(): () => void {
  return useStore.subscribe((s, prev) => {
    const pop = s.population;
    if (pop === prev.population || !pop) return;
    if (derivedPopulations.has(pop)) {
      scheduleFindings();
      return;
    }
    onNewPopulation(pop);
  });
}

let timer: ReturnType<typeof setTimeout> | null = null;

/** Changes the request and re-embeds shortly after (slider drags coalesce). */
export function requestEmbed(change: Partial<PhateRequestState>, delayMs = 120): void {
  getState().setPhateRequest(change);
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void runEmbed();
  }, delayMs);
}

/** The re-embed job: status in phateRun, failures in the error banner, cancel reaches the worker's session. */
const phateJob = createJob({
  report: (p) => getState().setPhateRun(p),
  onError: (m) => getState().pushError(`Re-embedding failed: ${m}`),
  onCancel: () => {
    if (handle) void handle.api.cancel();
  },
  cancelMessage: 'cancelled — the previous embedding is kept',
  // Worker progress arrives every ~50 ms; a store update per message re-renders every subscriber.
  progressEveryMs: 50,
});

export function cancelEmbed(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  phateJob.cancel();
}

async function runEmbed(): Promise<void> {
  const pop = getState().population;
  if (!pop || !loadedPop) return;
  const req = getState().phateRequest;
  await phateJob.run(async (ctx) => {
    ctx.progress({ stage: 'queued', done: 0, total: 0 });
    await ensureLoaded(loadedPop!);
    const w = phateWorker();
    const r = await w.call(
      w.api.embed(
        { metric: req.metric, layer: req.layer, phate: phateParamsOf(req) },
        Comlink.proxy((p: Progress) => ctx.progress(p)),
      ),
    );
    ctx.throwIfCancelled();
    const cur = getState().population;
    // Another population arrived meanwhile (onNewPopulation cancelled this run).
    if (!cur || cur.id !== pop.id) throw new CancelledError('the population changed');
    applyResult(cur, r);
  });
}

function applyResult(cur: Population, r: SessionResult): void {
  const next: Population = {
    ...cur,
    distances: r.distances,
    embedding: r.embedding,
    provenance: {
      ...cur.provenance,
      metric: r.metric === 'diffusion' ? { ...cur.provenance.metric, name: r.metric, layer: r.layer } : { name: r.metric, layer: r.layer },
      phate: { ...r.phate },
    },
  };
  derivedPopulations.add(next);
  loadedPop = next;
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
  getState().applyEmbedding(next, info);
}
