// Import/export worker (issue 7): activation bundles, TF.js models and bundle
// export, all off the UI thread. Thin comlink wrapper over src/core/import and
// src/core/bundle. TF.js runs on its cpu backend here: imported models are
// small classifiers evaluated once on the probe set and the dataset splits.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { importActivationBundle, importTfjsModel } from '../core/import/index';
import { encodePopulation } from '../core/bundle/index';
import { loadDataset } from '../core/datasets/index';
import type { DatasetSpec, NetworkRecord, Population, ProbeSet } from '../core/types';
import { transferables } from './transfer';

export interface TfjsModelFiles {
  /** model.json's file name (for messages and the default id). */
  name: string;
  json: File;
  /** Every weight file given along (a model takes the ones its manifest names). */
  weights: File[];
}

export interface TfjsImportReport {
  networks: NetworkRecord[];
  /** One line per model: what was added, or why not. */
  messages: string[];
  failed: number;
}

let backendReady: Promise<unknown> | null = null;

function manifestPaths(json: unknown): string[] {
  const m = (json as { weightsManifest?: { paths?: unknown }[] })?.weightsManifest;
  if (!Array.isArray(m)) return [];
  return m.flatMap((g) => (Array.isArray(g?.paths) ? (g.paths as unknown[]).filter((p): p is string => typeof p === 'string') : []));
}

const baseName = (p: string): string => p.split('/').pop() ?? p;

const api = {
  importActivations(main: ArrayBuffer, files: Record<string, ArrayBuffer>) {
    const f: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(files)) f[k] = new Uint8Array(v);
    const r = importActivationBundle(new Uint8Array(main), { files: f });
    return Comlink.transfer(r, transferables(r.population));
  },

  async importTfjs(models: TfjsModelFiles[], dataset: DatasetSpec, probe: ProbeSet, takenIds: string[], onProgress?: (done: number, total: number) => void): Promise<TfjsImportReport> {
    if (!backendReady) backendReady = tf.setBackend('cpu');
    await backendReady;
    const data = loadDataset(dataset);
    const taken = new Set(takenIds);
    const networks: NetworkRecord[] = [];
    const messages: string[] = [];
    let failed = 0;
    for (let i = 0; i < models.length; i++) {
      const m = models[i];
      let model: tf.LayersModel | null = null;
      try {
        const text = await m.json.text();
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new Error('it is not valid JSON');
        }
        const need = manifestPaths(parsed).map(baseName);
        const byName = new Map(m.weights.map((w) => [w.name, w]));
        const missing = need.filter((n) => !byName.has(n));
        if (missing.length) throw new Error(`its weight file${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'were' : 'was'} not given; select model.json together with its .bin files`);
        model = await tf.loadLayersModel(tf.io.browserFiles([m.json, ...need.map((n) => byName.get(n)!)]));
        const stem = m.name.replace(/\.json$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '-');
        let id = `tfjs-${stem === 'model' ? model.name : stem}`;
        for (let k = 2; taken.has(id); k++) id = `tfjs-${stem}-${k}`;
        taken.add(id);
        const r = await importTfjsModel(tf, model, data, probe, { id });
        networks.push(r.network);
        const acc = r.network.final.testAcc;
        messages.push(`${m.name}: added as ${id} (${r.plan.architecture}; test accuracy ${Number.isFinite(acc) ? (acc * 100).toFixed(1) + '%' : 'n/a'})${r.warnings.length ? ` — ${r.warnings.join('; ')}` : ''}`);
      } catch (e) {
        failed++;
        messages.push(`${m.name}: not added — ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        model?.dispose();
      }
      onProgress?.(i + 1, models.length);
    }
    return Comlink.transfer({ networks, messages, failed }, transferables(networks));
  },

  /** Gzipped population bundle (.nmpop) of `pop`. */
  encodeBundle(pop: Population): Uint8Array {
    const bytes = encodePopulation(pop);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
};

export type ImportWorkerApi = typeof api;
Comlink.expose(api);
