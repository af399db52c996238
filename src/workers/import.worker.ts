// Import/export worker (issue 7): activation bundles, TF.js models and bundle
// export, all off the UI thread. Thin comlink wrapper over src/core/import and
// src/core/bundle. TF.js runs on its cpu backend here: imported models are
// small classifiers evaluated once on the probe set and the dataset splits.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import {
  DownloadTooLargeError,
  MAX_TFJS_MODEL_BYTES,
  TfjsImportError,
  checkTfjsModelJson,
  importActivationBundle,
  importTfjsModel,
  loadTfjsLayersModel,
  parseTfjsModelJson,
  readCapped,
  tfjsArtifacts,
  tfjsLoadErrorText,
  tfjsWeightFileNames,
} from '../core/import/index';
import { encodePopulation } from '../core/bundle/index';
import { DatasetNotLoadedError, ensureDatasetBytes, loadDataset, type DatasetBytesSource } from '../core/datasets/index';
import type { DatasetSpec, NetworkRecord, Population, ProbeSet } from '../core/types';
import { transferables } from './transfer';

export interface TfjsModelFiles {
  /** model.json's file name (for messages and the default id). */
  name: string;
  json: File;
  /** Every weight file given along (a model takes the ones its manifest names). */
  weights: File[];
}

export interface TfjsModelUrl {
  /** What messages call it (the URL, maybe shortened). */
  name: string;
  /** Absolute URL of model.json; its weight files resolve relative to it. */
  url: string;
}

export interface TfjsImportReport {
  networks: NetworkRecord[];
  /** One line per model: what was added, or why not. */
  messages: string[];
  failed: number;
  /** Per model given, in order: the id it was added as, or null. */
  added: (string | null)[];
}

let backendReady: Promise<unknown> | null = null;

const baseName = (p: string): string => p.split('/').pop() ?? p;
const safeStem = (s: string): string =>
  s
    .replace(/\.json$/i, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** The id stem a model.json URL suggests: ".../moons-dense-16/model.json" → "moons-dense-16", ".../cnn.json" → "cnn"; "" if it names none. */
export function stemFromUrl(url: string): string {
  let parts: string[];
  try {
    parts = new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    parts = url.split(/[?#]/)[0].split('/').filter(Boolean);
  }
  const dec = (p: string) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  };
  let stem = safeStem(dec(parts.pop() ?? ''));
  if (/^model$/i.test(stem)) stem = parts.length ? safeStem(dec(parts[parts.length - 1])) : '';
  return stem;
}

/** Loads failures as sentences: thrown by the fetch wrapper so tf.io.http passes them on untouched. */
class UrlLoadError extends Error {}

/**
 * fetch for tf.io.http: clear errors for network/CORS failures and HTTP errors,
 * model.json checked before any weights are fetched, and the whole model
 * (model.json + weights) capped at MAX_TFJS_MODEL_BYTES.
 */
function checkedFetch(modelUrl: string): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  let fetched = 0;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const isModel = url === modelUrl;
    const what = isModel ? url : `its weight file ${url}`;
    let res: Response;
    try {
      res = await fetch(input, { ...init, mode: 'cors', credentials: 'omit' });
    } catch {
      throw new UrlLoadError(
        `could not fetch ${what} — the host must allow cross-origin requests (Access-Control-Allow-Origin), or it could not be reached`,
      );
    }
    if (!res.ok) {
      const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
      if (isModel)
        throw new UrlLoadError(
          `could not fetch ${url}: the server answered ${status}${res.status === 404 ? ' (no model.json at this address)' : ''}`,
        );
      throw new UrlLoadError(
        res.status === 404
          ? `its weights are missing: ${baseName(new URL(url).pathname)}, named in model.json, is not next to it (HTTP 404 at ${url})`
          : `could not fetch ${what}: the server answered ${status}`,
      );
    }
    let body: Uint8Array;
    try {
      body = await readCapped(res, MAX_TFJS_MODEL_BYTES - fetched, what);
    } catch (e) {
      if (e instanceof DownloadTooLargeError)
        throw new UrlLoadError(
          `it is too large: model.json and its weight files together exceed ${MAX_TFJS_MODEL_BYTES / 1024 ** 2} MB, more than this app downloads for one model`,
        );
      throw new UrlLoadError(`could not download ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
    fetched += body.length;
    if (isModel) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder().decode(body));
      } catch {
        throw new UrlLoadError(`it is not a TF.js model.json: ${url} did not answer with JSON`);
      }
      try {
        checkTfjsModelJson(parsed);
      } catch (e) {
        throw new UrlLoadError(e instanceof Error ? e.message : String(e));
      }
    }
    return new Response(body as BufferSource, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** TF.js's own errors for things the checks above did not catch, in the user's words. */
function loadErrorText(e: unknown): string {
  if (e instanceof UrlLoadError || e instanceof TfjsImportError) return e.message;
  return tfjsLoadErrorText(e);
}

type Loaded = { label: string; stem: string; load: () => Promise<tf.LayersModel> };

async function importLoaded(
  items: Loaded[],
  dataset: DatasetSpec,
  probe: ProbeSet,
  takenIds: string[],
  onProgress?: (done: number, total: number) => void,
  bytes?: DatasetBytesSource,
): Promise<TfjsImportReport> {
  if (!backendReady) backendReady = tf.setBackend('cpu');
  await backendReady;
  await ensureDatasetBytes(dataset.name, bytes);
  const data = loadDataset(dataset);
  const taken = new Set(takenIds);
  const networks: NetworkRecord[] = [];
  const messages: string[] = [];
  const added: (string | null)[] = [];
  let failed = 0;
  for (let i = 0; i < items.length; i++) {
    const m = items[i];
    let model: tf.LayersModel | null = null;
    try {
      model = await m.load();
      const base = `tfjs-${m.stem && !/^model$/i.test(m.stem) ? m.stem : safeStem(model.name) || 'model'}`;
      let id = base;
      for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
      taken.add(id);
      const r = await importTfjsModel(tf, model, data, probe, { id });
      networks.push(r.network);
      added.push(id);
      const acc = r.network.final.testAcc;
      messages.push(
        `${m.label}: added as ${id} (${r.plan.architecture}; test accuracy ${Number.isFinite(acc) ? (acc * 100).toFixed(1) + '%' : 'n/a'})${r.warnings.length ? ` — ${r.warnings.join('; ')}` : ''}`,
      );
    } catch (e) {
      failed++;
      added.push(null);
      messages.push(`${m.label}: not added — ${loadErrorText(e)}`);
    } finally {
      model?.dispose();
    }
    onProgress?.(i + 1, items.length);
  }
  return Comlink.transfer({ networks, messages, failed, added }, transferables(networks));
}

const api = {
  /** `bytes`: the page's download of a file dataset (MNIST), asked for when the bundle declares one this worker lacks. */
  async importActivations(main: ArrayBuffer, files: Record<string, ArrayBuffer>, bytes?: DatasetBytesSource) {
    const f: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(files)) f[k] = new Uint8Array(v);
    const run = () => importActivationBundle(new Uint8Array(main), { files: f });
    let r: ReturnType<typeof run>;
    try {
      r = run();
    } catch (e) {
      if (!(e instanceof DatasetNotLoadedError)) throw e;
      await ensureDatasetBytes(e.dataset, bytes);
      r = run();
    }
    return Comlink.transfer(r, transferables(r.population));
  },

  /** TF.js models from files (model.json + the weight files given along). */
  importTfjs(
    models: TfjsModelFiles[],
    dataset: DatasetSpec,
    probe: ProbeSet,
    takenIds: string[],
    onProgress?: (done: number, total: number) => void,
    bytes?: DatasetBytesSource,
  ): Promise<TfjsImportReport> {
    const items: Loaded[] = models.map((m) => ({
      label: m.name,
      stem: safeStem(m.name),
      load: async () => {
        // Checked in core (manifest, weight byte counts) before TF.js sees it.
        if (m.json.size > MAX_TFJS_MODEL_BYTES)
          throw new TfjsImportError(`its model.json is larger than ${MAX_TFJS_MODEL_BYTES / 1024 ** 2} MB`);
        const checked = parseTfjsModelJson(new Uint8Array(await m.json.arrayBuffer()));
        const byName = new Map(m.weights.map((w) => [w.name, w]));
        const weights: Record<string, Uint8Array> = {};
        for (const n of tfjsWeightFileNames(checked)) {
          const f = byName.get(n);
          if (f && f.size <= MAX_TFJS_MODEL_BYTES) weights[n] = new Uint8Array(await f.arrayBuffer());
          else if (f) throw new TfjsImportError(`its weight file ${n} is larger than ${MAX_TFJS_MODEL_BYTES / 1024 ** 2} MB`);
        }
        return loadTfjsLayersModel(tf, tfjsArtifacts(checked, weights));
      },
    }));
    return importLoaded(items, dataset, probe, takenIds, onProgress, bytes);
  },

  /** TF.js models by URL: tf.loadLayersModel(url), weights relative to model.json. */
  importTfjsUrls(
    models: TfjsModelUrl[],
    dataset: DatasetSpec,
    probe: ProbeSet,
    takenIds: string[],
    onProgress?: (done: number, total: number) => void,
    bytes?: DatasetBytesSource,
  ): Promise<TfjsImportReport> {
    const items: Loaded[] = models.map((m) => ({
      label: m.name,
      stem: stemFromUrl(m.url),
      load: () => tf.loadLayersModel(m.url, { fetchFunc: checkedFetch(m.url) }),
    }));
    return importLoaded(items, dataset, probe, takenIds, onProgress, bytes);
  },

  /** Gzipped population bundle (.nmpop) of `pop`. */
  encodeBundle(pop: Population): Uint8Array {
    const bytes = encodePopulation(pop);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
};

export type ImportWorkerApi = typeof api;
Comlink.expose(api);
