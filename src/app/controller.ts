// App-level glue: loads demos and bundles, runs training and embedding in the
// workers, and writes every outcome into the store. Failures become messages in
// the error banner and never drop the population the user already has.
import { embeddingBudgetBytes } from './embedding-budget';
import * as Comlink from 'comlink';
import type { DatasetName, NetworkRecord, Population, ProbeSet, Progress } from '../core/types';
import { getState, type BackendName, type BackendPreference, type DemoEntry, type LoadedFrom, jobBusy } from '../state/store';
import { embedWorker, trainWorker } from './workers';
import { createJob, jobCancel } from './jobs';
import { CancelledError } from '../core/cancel';
import type { EmbedRequest } from '../core/embedding-session';
import { DATASET_NAMES } from '../core/types';
import { DATASET_INFO } from '../core/datasets/info';

export const DATASETS: DatasetName[] = [...DATASET_NAMES];
/** Display names, from core/datasets/info (metadata only: the UI bundle does not carry the digits data). */
export const DATASET_LABELS = Object.fromEntries(DATASETS.map((d) => [d, DATASET_INFO[d].label])) as Record<DatasetName, string>;
export const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

// ------------------------------------------------------------------ demos and bundles

function isDemoEntry(x: unknown): x is DemoEntry {
  const o = x as DemoEntry;
  return !!o && typeof o.id === 'string' && typeof o.file === 'string' && typeof o.name === 'string';
}

/**
 * Loads public/demo/index.json and then its first population, or the one
 * `choose` picks (null: load none — a link names another population).
 */
export async function loadDemoIndex(choose?: (list: DemoEntry[]) => DemoEntry | null): Promise<void> {
  const s = getState();
  try {
    const res = await fetch(import.meta.env.BASE_URL + 'demo/index.json');
    if (!res.ok) throw new Error(`demo/index.json: HTTP ${res.status}`);
    const body: unknown = await res.json();
    const list = Array.isArray(body) ? body : (body as { demos?: unknown[] })?.demos;
    if (!Array.isArray(list) || !list.every(isDemoEntry) || list.length === 0) {
      throw new Error('demo/index.json does not list any demo populations');
    }
    s.setDemos(list);
    const pick = choose ? choose(list) : list[0];
    if (pick) await loadDemo(pick);
  } catch (e) {
    failLoad(`could not load the demo population: ${errorText(e)}`);
  }
}

/** Fetches and decodes a shipped demo population (not shown). */
export async function fetchDemo(entry: DemoEntry): Promise<Population> {
  const res = await fetch(import.meta.env.BASE_URL + 'demo/' + entry.file);
  if (!res.ok) throw new Error(`${entry.file}: HTTP ${res.status}`);
  return decodeInWorker(await res.arrayBuffer());
}

export async function loadDemo(entry: DemoEntry): Promise<void> {
  const s = getState();
  s.setPopulationStatus('loading');
  try {
    await showPopulation(await fetchDemo(entry));
  } catch (e) {
    failLoad(`could not load the demo population: ${errorText(e)}`);
  }
}

/** Opens a bundle file chosen by the user. */
export async function openBundleFile(file: File): Promise<void> {
  const had = getState().population;
  getState().setPopulationStatus('loading');
  try {
    const pop = await decodeInWorker(await file.arrayBuffer());
    await showPopulation(pop);
  } catch (e) {
    failLoad(`could not open ${file.name}: ${errorText(e)}`);
    if (had) getState().setPopulationStatus('ready');
  }
}

/** Decoding takes hundreds of milliseconds on a real bundle: keep it off the UI thread. */
export async function decodeInWorker(bytes: ArrayBuffer): Promise<Population> {
  const w = embedWorker();
  return w.call(w.api.decodeBundle(Comlink.transfer(bytes, [bytes])));
}

function failLoad(message: string): void {
  const s = getState();
  s.pushError(message);
  // Keep whatever is already on screen; only an empty view becomes an error view.
  s.setPopulationStatus(s.population ? 'ready' : 'error');
}

/**
 * Shows a population; one without an embedding is embedded in the worker first,
 * with `request` (metric, layer, PHATE settings; default: diffusion on the last
 * layer with PHATE's defaults). The provenance records how it was embedded, so
 * the PHATE panel starts from those settings and does not embed it again.
 * `source`: where it came from (links name it).
 */
export async function showPopulation(pop: Population, source: LoadedFrom | null = null, request?: EmbedRequest): Promise<void> {
  if (!pop.embedding) {
    const r = await embed(pop.networks, pop.probe, request);
    if (!r) return;
    // The provenance says how THIS embedding was made (a grown population inherits its parent's otherwise).
    pop = {
      ...pop,
      provenance: { ...pop.provenance, metric: { name: 'diffusion', ...r.metric }, phate: r.phate },
      distances: r.distances,
      embedding: r.embedding,
    };
  }
  getState().setPopulation(pop, source);
}

// ------------------------------------------------------------------ backend

/** Starts the training worker and lets it pick a TF.js backend (preference first, then the usual order). */
export function initBackend(pref: BackendPreference = getState().backendPreference): Promise<void> {
  return selectBackendInWorker(pref);
}

async function selectBackendInWorker(pref: BackendPreference): Promise<void> {
  const s = getState();
  s.setBackendPreference(pref);
  const order = pref === 'auto' ? BACKEND_ORDER : [pref, ...BACKEND_ORDER.filter((b) => b !== pref)];
  try {
    const w = trainWorker();
    const r = await w.call(w.api.init(order, { skipSoftware: pref === 'auto' }));
    getState().setBackend(r.name, r.tried);
    if (pref !== 'auto' && r.name !== pref) {
      const why = r.tried.find((t) => t.name === pref)?.reason;
      getState().pushError(`The ${pref} backend is not available here${why ? ` (${why})` : ''}; using ${r.name}.`);
    }
  } catch (e) {
    getState().setBackend('none');
    getState().pushError(`Could not start TensorFlow.js: ${errorText(e)}`);
  }
}

// ------------------------------------------------------------------ embedding

const isBusy = jobBusy;

/**
 * Distances + PHATE of a population shown without an embedding. Its status is
 * the app's shared `job` (the progress panel: stage distances → phate); the
 * progress panel's Cancel (cancelRun) reaches the worker's session, which
 * rejects with CancelledError at its next step.
 */
class PopulationEmbedder {
  /** The embed continues a job already in progress (training → embedding): that job keeps its start and writes its own end. */
  private continuesJob = false;

  private readonly job = createJob({
    report: (p) => {
      const s = getState();
      const continues = this.continuesJob;
      if (p.status === 'running') {
        const start = { status: 'running' as const, stage: 'distances', done: 0, total: 1, message: 'computing distances…' };
        s.setJob(continues ? start : { ...start, startedAt: performance.now() });
      } else if (p.status === 'done') {
        if (!continues) s.setJob({ status: 'done', done: 1, total: 1, message: undefined });
      } else if (p.status === 'cancelled') {
        s.setJob({ status: 'cancelled', message: 'cancelled — the previous manifold is kept' });
      } else if (p.status === 'error') {
        s.setJob({ status: 'error', message: p.message });
      } else if (p.stage !== undefined && isBusy(s.job)) {
        // The session reports 'distance:*' stages, then PHATE's own (kernel, tSelection, …, mds).
        s.setJob({
          stage: p.stage.startsWith('distance') ? 'distances' : 'phate',
          done: p.done,
          total: p.total,
          message: p.message ?? p.stage,
        });
      }
    },
    onError: (m) => getState().pushError(`Embedding failed: ${m}`),
    onCancel: () => void embedWorker().api.cancel(),
    progressEveryMs: 50,
  });

  /** Distances + PHATE in the embedding worker. Returns null (after reporting) on failure or cancel. */
  embed(networks: NetworkRecord[], probe: ProbeSet, request?: EmbedRequest) {
    this.continuesJob = isBusy(getState().job);
    if (!this.continuesJob) jobCancel.reset();
    return this.job.run(async (ctx) => {
      const w = embedWorker();
      try {
        const r = await w.call(
          w.api.embed(
            networks,
            probe,
            { includeDiverged: getState().includeDiverged, memoryBudgetBytes: embeddingBudgetBytes(), request },
            Comlink.proxy((p: Progress) => ctx.progress(p)),
          ),
        );
        // The progress panel's Cancel arrived after the worker's last step.
        if (jobCancel.requested) throw new CancelledError();
        return r;
      } catch (e) {
        // Cancelled from the progress panel (run-controller's cancelRun), however the worker answered.
        throw jobCancel.requested ? new CancelledError() : e;
      }
    });
  }
}

const embedder = new PopulationEmbedder();

function embed(networks: NetworkRecord[], probe: ProbeSet, request?: EmbedRequest) {
  return embedder.embed(networks, probe, request);
}
