// PHATE panel controller: keeps the live PHATE worker's session in step with
// the population on screen, turns panel changes into (debounced) re-embeds,
// streams progress into the store, and applies results without dropping the
// user's hover, selection or brushes.
import * as Comlink from 'comlink';
import { effectiveKnn, findKnee } from '../core/phate';
import type { DistanceMetricName, Population, Progress } from '../core/types';
import { isCancelled } from '../core/cancel';
import type { SessionResult } from '../core/embedding-session';
import type { PhateWorkerApi } from '../workers/phate.worker';
import { getState, useStore } from '../state/store';
import { DEFAULT_PHATE_REQUEST, phateParamsOf, type PhateInfo, type PhateRequestState } from '../state/phate';
import { WorkerSlot, type WorkerHandle } from './workers';
import { scheduleFindings } from './findings';

const phateSlot = new WorkerSlot<PhateWorkerApi>(
  () => new Worker(new URL('../workers/phate.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-phate' }),
  'PHATE',
  () => {
    loadedId = null;
  },
);
const phateWorker = (): WorkerHandle<PhateWorkerApi> => phateSlot.get();

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
  const s = getState();
  s.setPhateRequest(requestFromProvenance(pop));
  s.setPhateRun({ status: 'idle', stage: '', done: 0, total: 0, message: undefined });
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
  await w.call(w.api.load(networks, pop.probe, seed));
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

/**
 * After a grown population (sampled or imported networks added) was embedded
 * with the defaults, re-embeds it with the settings the user had chosen on
 * the population it grew from, if they differ.
 */
export function keepPhateSettings(previous: PhateRequestState): void {
  const now = getState().phateRequest;
  const keys = Object.keys(previous) as (keyof PhateRequestState)[];
  if (keys.every((k) => previous[k] === now[k])) return;
  requestEmbed(previous, 0);
}

export function cancelEmbed(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  void phateSlot.current?.api.cancel();
  if (getState().phateRun.status === 'running')
    getState().setPhateRun({ status: 'cancelled', message: 'cancelled — the previous embedding is kept' });
}

async function runEmbed(): Promise<void> {
  const pop = getState().population;
  if (!pop || !loadedPop) return;
  const req = getState().phateRequest;
  const t0 = performance.now();
  getState().setPhateRun({ status: 'running', stage: 'queued', done: 0, total: 0, message: undefined, startedAt: t0 });
  let pending: Progress | null = null;
  let raf = 0;
  const onProgress = (p: Progress) => {
    pending = p;
    if (!raf)
      raf = requestAnimationFrame(() => {
        raf = 0;
        if (pending && getState().phateRun.startedAt === t0)
          getState().setPhateRun({ stage: pending.stage, done: pending.done, total: pending.total, message: pending.message });
      });
  };
  let r: SessionResult;
  try {
    await ensureLoaded(loadedPop);
    const w = phateWorker();
    r = await w.call(w.api.embed({ metric: req.metric, layer: req.layer, phate: phateParamsOf(req) }, Comlink.proxy(onProgress)));
  } catch (e) {
    if (raf) cancelAnimationFrame(raf);
    // A newer request took over (it owns the status now), or the user cancelled.
    if (isCancelled(e)) return;
    if (getState().phateRun.startedAt !== t0) return;
    getState().setPhateRun({ status: 'error', message: errorText(e) });
    getState().pushError(`Re-embedding failed: ${errorText(e)}`);
    return;
  }
  if (raf) cancelAnimationFrame(raf);
  const cur = getState().population;
  if (!cur || cur.id !== pop.id || getState().phateRun.startedAt !== t0) return;
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
  getState().setPhateRun({ status: 'done', stage: 'done', seconds: (performance.now() - t0) / 1000, message: undefined });
}
