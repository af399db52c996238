// App-level glue: loads demos and bundles, runs training and embedding in the
// workers, and writes every outcome into the store. Failures become messages in
// the error banner and never drop the population the user already has.
import * as Comlink from 'comlink';
import type { DatasetName, NetworkRecord, Population, ProbeSet, Progress } from '../core/types';
import { getState, type BackendName, type BackendPreference, type DemoEntry, type JobStage } from '../state/store';
import { embedWorker, trainWorker } from './workers';
import { jobCancel } from './jobs';
import { DATASET_NAMES } from '../core/types';
import { DATASET_INFO } from '../core/datasets/info';

export const DATASETS: DatasetName[] = [...DATASET_NAMES];
/** Display names, from core/datasets/info (metadata only: the UI bundle does not carry the digits data). */
export const DATASET_LABELS = Object.fromEntries(DATASETS.map((d) => [d, DATASET_INFO[d].label])) as Record<DatasetName, string>;
export const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Runs fn at most once per animation frame with the latest argument (UI updates from worker progress). */
function frameThrottle<T>(fn: (v: T) => void): { push(v: T): void; cancel(): void } {
  let pending: T | undefined;
  let has = false;
  let id = 0;
  return {
    push(v) {
      pending = v;
      has = true;
      if (!id)
        id = requestAnimationFrame(() => {
          id = 0;
          if (has) fn(pending as T);
          has = false;
        });
    },
    cancel() {
      if (id) cancelAnimationFrame(id);
      id = 0;
      has = false;
    },
  };
}

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

/** Shows a population; one without an embedding is embedded in the worker first. */
export async function showPopulation(pop: Population): Promise<void> {
  if (!pop.embedding) {
    const r = await embed(pop.networks, pop.probe);
    if (!r) return;
    // The provenance says how THIS embedding was made (a grown population inherits its parent's otherwise).
    pop = {
      ...pop,
      provenance: { ...pop.provenance, metric: { name: 'diffusion', ...r.metric }, phate: r.phate },
      distances: r.distances,
      embedding: r.embedding,
    };
  }
  getState().setPopulation(pop);
}

// ------------------------------------------------------------------ backend

let backendInit: Promise<void> | null = null;

/** Starts the training worker and lets it pick a TF.js backend (preference first, then the usual order). */
export function initBackend(pref: BackendPreference = getState().backendPreference): Promise<void> {
  backendInit = selectBackendInWorker(pref);
  return backendInit;
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

function isBusy(stage: JobStage): boolean {
  return stage === 'training' || stage === 'distances' || stage === 'phate';
}

function finishCancelled(): void {
  getState().setJob({ stage: 'cancelled', message: 'cancelled — the previous manifold is kept' });
}

/** Distances + PHATE in the embedding worker. Returns null (after reporting) on failure or cancel. */
async function embed(networks: NetworkRecord[], probe: ProbeSet) {
  const s = getState();
  const keepJob = isBusy(s.job.stage);
  if (!keepJob) jobCancel.reset();
  if (!keepJob) s.setJob({ stage: 'distances', done: 0, total: 1, startedAt: performance.now(), message: 'computing distances…' });
  else s.setJob({ stage: 'distances', done: 0, total: 1, message: 'computing distances…' });
  const progress = frameThrottle((p: Progress) => {
    // The pipeline reports 'distance:*' stages, then PHATE's own (kernel, tSelection, …, mds).
    const stage: JobStage = p.stage.startsWith('distance') ? 'distances' : 'phate';
    if (!isBusy(getState().job.stage)) return;
    getState().setJob({ stage, done: p.done, total: p.total, message: p.message ?? p.stage });
  });
  try {
    const w = embedWorker();
    const r = await w.call(
      w.api.embed(
        networks,
        probe,
        { includeDiverged: getState().includeDiverged },
        Comlink.proxy((p: Progress) => progress.push(p)),
      ),
    );
    progress.cancel();
    if (jobCancel.requested) {
      finishCancelled();
      return null;
    }
    if (!keepJob) getState().setJob({ stage: 'done', done: 1, total: 1, message: undefined });
    return r;
  } catch (e) {
    progress.cancel();
    if (jobCancel.requested) {
      finishCancelled();
      return null;
    }
    getState().setJob({ stage: 'error', message: errorText(e) });
    getState().pushError(`Embedding failed: ${errorText(e)}`);
    return null;
  }
}
