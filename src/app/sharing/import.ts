// Every way to bring networks in from files (picker or drop), and bundle export.
//   population bundle  .nmpop / .json.gz / .json (format netmanifold-population) → replaces the view
//   activation bundle  .zip, or manifest .json (format netmanifold-activations) + its .npy files → replaces the view
//   TF.js models       model.json (+ weight .bin files), one or several → added to the current population, re-embedded
// and TF.js models by URL (Imports.tfjsUrls: ?model= links and "Add TF.js model by URL").
// Files are sniffed by content, not only by name. Failures are messages; the
// population on screen is replaced only by a valid result.
import * as Comlink from 'comlink';
import { jobBusy, type AppState, type LoadedFrom } from '../../state/store';
import type { SharingState } from '../../state/sharing';
import type { Populations } from '../populations';
import { grownPopulation } from '../grow-population';
import type { ImportWorker } from './import-worker';
import { createJob, type Job } from '../jobs';
import { isCancelled } from '../../core/cancel';
import type { TfjsImportReport } from '../../workers/import.worker';
import type { DatasetName, Population } from '../../core/types';
import { grownSource } from './population-source';

export type FileKind = 'population' | 'activations' | 'tfjs-model' | 'weights' | 'npy' | 'unknown';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** What a file is, from its first bytes and its name. */
export function sniffFile(name: string, head: Uint8Array): FileKind {
  const lower = name.toLowerCase();
  if (head[0] === 0x1f && head[1] === 0x8b) return 'population';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'activations';
  if (head[0] === 0x93 && String.fromCharCode(...head.subarray(1, 6)) === 'NUMPY') return 'npy';
  if (lower.endsWith('.bin')) return 'weights';
  const text = new TextDecoder().decode(head);
  if (/^\s*[{[]/.test(text)) {
    if (text.includes('"modelTopology"') || text.includes('"weightsManifest"')) return 'tfjs-model';
    if (text.includes('netmanifold-activations')) return 'activations';
    if (text.includes('netmanifold-population')) return 'population';
    if (lower.endsWith('.nmpop')) return 'population';
    return 'unknown';
  }
  if (lower.endsWith('.nmpop')) return 'population';
  return 'unknown';
}

const HEAD_BYTES = 4096;

async function headOf(f: File): Promise<Uint8Array> {
  return new Uint8Array(await f.slice(0, HEAD_BYTES).arrayBuffer());
}

export interface ClassifiedFiles {
  population: File[];
  activations: File[];
  tfjs: File[];
  weights: File[];
  npy: File[];
  unknown: File[];
}

export async function classifyFiles(files: File[]): Promise<ClassifiedFiles> {
  const out: ClassifiedFiles = { population: [], activations: [], tfjs: [], weights: [], npy: [], unknown: [] };
  for (const f of files) {
    const k = sniffFile(f.name, await headOf(f));
    if (k === 'tfjs-model') out.tfjs.push(f);
    else out[k === 'weights' ? 'weights' : k === 'unknown' ? 'unknown' : k].push(f);
  }
  return out;
}

export interface ImportsDeps {
  store: { getState(): AppState };
  /** The import job's status and the progress line (useSharing). */
  sharing: { getState(): SharingState };
  worker: ImportWorker;
  populations: Pick<Populations, 'decode' | 'show' | 'showGrown'>;
  /** Keeps an opened bundle in this browser (Stored populations). */
  remember(fileName: string, bytes: ArrayBuffer, populationId: string, name: string, networks: number): Promise<void>;
  /** A file dataset's bytes (MNIST), asked for by the import worker when a bundle or model needs them. */
  datasetBytes(name: DatasetName): Promise<Uint8Array>;
  /** The page's address (relative model URLs resolve against it). */
  pageUrl(): string;
  /** Saves a file (the browser's download). */
  download(blob: Blob, name: string): void;
}

type TfjsCall = (pop: Population, onProgress: (done: number, total: number) => void) => Promise<TfjsImportReport>;

export interface TfjsAddOptions {
  /** Where the grown population came from (stored with it: links to it carry its model URLs); asked just before it is shown. */
  sourceOf?(parent: Population, next: Population, report: TfjsImportReport): LoadedFrom | null;
}

/** The error a failed import reports (`prefix: why`); a cancel stays a cancel. */
function failure(prefix: string, e: unknown): unknown {
  return isCancelled(e) ? e : new Error(`${prefix}: ${errorText(e)}`);
}

const shortUrl = (u: string): string => (u.length > 90 ? `${u.slice(0, 40)}…${u.slice(-45)}` : u);

export class Imports {
  /** The import job: status in useSharing's importJob, failures as messages, cancel stops the import worker (its pending call rejects). */
  private readonly job: Job;
  private readonly datasetBytesProxy: (name: DatasetName) => Promise<Uint8Array>;

  constructor(private readonly deps: ImportsDeps) {
    this.job = createJob({
      report: (p) => deps.sharing.getState().setImportJob(p),
      onError: (m) => this.report(m),
      onCancel: () => deps.worker.stop(),
    });
    this.datasetBytesProxy = Comlink.proxy((name: DatasetName) => deps.datasetBytes(name));
  }

  private get s(): AppState {
    return this.deps.store.getState();
  }

  private progress(p: Parameters<SharingState['setProgress']>[0]): void {
    this.deps.sharing.getState().setProgress(p);
  }

  /** Keeps whatever is on screen; only an empty view turns into the error view. */
  private report(message: string): void {
    this.s.pushError(message);
    this.settle();
  }

  /** A load that ended without a new population leaves the view as it was (or the error view when empty). */
  private settle(): void {
    const s = this.s;
    if (s.populationStatus === 'loading') s.setPopulationStatus(s.population ? 'ready' : 'error');
  }

  private busy(): boolean {
    return jobBusy(this.s.job);
  }

  /** Cancels an import in flight; the population on screen stays. */
  cancel(): void {
    this.job.cancel();
    this.progress(null);
    this.settle();
  }

  /** Imports what was picked or dropped. One kind per action; the first that applies wins. */
  async files(list: File[] | FileList): Promise<void> {
    const files = Array.from(list);
    if (files.length === 0) return;
    if (this.busy()) {
      this.s.pushError('Wait for the current training or embedding to finish (or cancel it) before importing.');
      return;
    }
    const c = await classifyFiles(files);
    if (c.tfjs.length > 0) return this.tfjsModels(c.tfjs, c.weights);
    if (c.activations.length > 0) return this.activationFiles(c.activations[0], c.npy);
    if (c.population.length > 0) return this.populationFile(c.population[0]);
    if (c.npy.length > 0)
      return this.report(
        "These are .npy arrays only: select the activation bundle's manifest.json together with its .npy files (or the zip).",
      );
    if (c.weights.length > 0) return this.report('These are TF.js weight files only: select model.json together with its .bin files.');
    this.report(
      `Could not tell what ${files.map((f) => f.name).join(', ')} ${files.length > 1 ? 'are' : 'is'}: expected a population bundle (.nmpop), an activation bundle (.zip or manifest.json + .npy), or a TF.js model (model.json + .bin).`,
    );
  }

  async populationFile(file: File): Promise<void> {
    this.progress({ label: `reading ${file.name}`, done: 0, total: file.size, unit: 'bytes' });
    this.s.setPopulationStatus('loading');
    await this.job.run(async (ctx) => {
      try {
        const bytes = await file.arrayBuffer();
        const kept = bytes.slice(0); // the decoder takes (transfers) its copy
        const pop = await this.deps.populations.decode(bytes);
        ctx.throwIfCancelled();
        await this.deps.populations.show(pop);
        this.settle();
        // Issue 14: kept in this browser (Stored populations), so it opens again and runs joined to it restore with it.
        if (this.s.population?.id === pop.id) await this.deps.remember(file.name, kept, pop.id, pop.name, pop.networks.length);
      } catch (e) {
        throw failure(`Could not open ${file.name}`, e);
      }
    });
    this.progress(null);
    this.settle();
  }

  async activationFiles(main: File, npy: File[]): Promise<void> {
    this.progress({ label: `importing activations from ${main.name}`, done: 0, total: null, unit: 'items' });
    this.s.setPopulationStatus('loading');
    await this.job.run(async (ctx) => {
      try {
        const files: Record<string, ArrayBuffer> = {};
        for (const f of npy) {
          const b = await f.arrayBuffer();
          // A dropped folder gives paths like "run/acts/net0.npy"; the manifest names them relative to itself.
          const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
          files[rel.includes('/') ? rel.split('/').slice(1).join('/') : rel] = b;
          if (rel.includes('/')) files[f.name] = b.slice(0);
        }
        const mainBytes = await main.arrayBuffer();
        const r = await this.deps.worker.call((api) =>
          api.importActivations(Comlink.transfer(mainBytes, [mainBytes]), files, this.datasetBytesProxy),
        );
        ctx.throwIfCancelled();
        await this.deps.populations.show(r.population);
        this.settle();
        // Only an import that reached the screen has notes worth reading (a cancelled embed showed nothing).
        if (r.warnings.length && this.s.population?.id === r.population.id)
          this.s.pushNotice(`Imported ${main.name} with notes: ${r.warnings.join('; ')}`);
      } catch (e) {
        throw failure(`Could not import ${main.name}`, e);
      }
    });
    this.progress(null);
    this.settle();
  }

  /**
   * Adds TF.js models to the current population as points of their own kind
   * (origin 'imported-tfjs'), embeds the grown population once with the user's
   * PHATE settings and colours by origin. True when at least one model was added.
   */
  private async addTfjsModels(count: number, call: TfjsCall, opts: TfjsAddOptions = {}): Promise<boolean> {
    const models = `TF.js model${count > 1 ? 's' : ''}`;
    const pop = this.s.population;
    if (!pop) {
      this.report(`Load a population first: ${models} are added to the current population (they need its dataset and probe set).`);
      return false;
    }
    if (pop.provenance.customDataset) {
      this.report(`${models} can only be added to a population of a shipped dataset; this one uses its own dataset.`);
      return false;
    }
    this.progress({ label: `computing probe activations of ${count} ${models}`, done: 0, total: count, unit: 'items' });
    const added = await this.job.run(async (ctx) => {
      let r: TfjsImportReport;
      try {
        r = await call(
          pop,
          Comlink.proxy((done: number, total: number) =>
            this.progress({ label: 'computing probe activations of TF.js models', done, total, unit: 'items' }),
          ),
        );
      } catch (e) {
        throw failure(`Could not import the ${models}`, e);
      }
      ctx.throwIfCancelled();
      if (r.networks.length === 0) throw new Error(`No TF.js model was added.\n${r.messages.join('\n')}`);
      // Re-embedding or features filled in meanwhile keep the population (its id and networks); another population does not.
      const parent = this.s.population;
      if (!parent || parent.id !== pop.id || parent.networks.length !== pop.networks.length)
        throw new Error(`The population changed while the ${models} were being read; add them again.`);
      const next = grownPopulation(parent, r.networks, 'tfjs', `${r.networks.length} TF.js model${r.networks.length > 1 ? 's' : ''}`);
      this.progress(null);
      // Coloured by origin so the imported models stand out (legend: "imported-tfjs").
      if (!(await this.deps.populations.showGrown(next, opts.sourceOf?.(parent, next, r) ?? null))) return false;
      // Added models are scored on the app's split; an imported population's own networks were scored on theirs.
      const split = r.networks[0]?.extraHyperParams?.accuracySplit;
      if (typeof split === 'string' && parent.networks.some((n) => n.origin === 'imported-activations'))
        this.s.pushNotice(
          `Accuracy of the added ${models} is measured on ${split}; the imported networks report accuracy on the split they were scored on, so the two are not directly comparable.`,
        );
      if (r.failed > 0)
        this.s.pushError(`Some TF.js models were not added:\n${r.messages.filter((m) => m.includes('not added')).join('\n')}`);
      return true;
    });
    this.progress(null);
    return added ?? false;
  }

  /** Adds TF.js models from files (model.json + weight .bin files) to the current population, then re-embeds. */
  async tfjsModels(models: File[], weights: File[]): Promise<void> {
    await this.addTfjsModels(models.length, (pop, onProgress) =>
      this.deps.worker.call((api) =>
        api.importTfjs(
          models.map((m) => ({ name: m.name, json: m, weights })),
          pop.provenance.dataset,
          pop.probe,
          pop.networks.map((n) => n.id),
          onProgress,
          this.datasetBytesProxy,
        ),
      ),
    );
  }

  /**
   * Adds TF.js models by URL (model.json; weights resolve relative to it) to the
   * current population, then re-embeds. `urls` are checked already
   * (core/viewstate/query checkModelUrl); relative ones resolve against the page.
   */
  async tfjsUrls(urls: string[], opts: TfjsAddOptions = {}): Promise<boolean> {
    if (urls.length === 0) return false;
    if (this.busy()) {
      this.s.pushError('Wait for the current training or embedding to finish (or cancel it) before adding models.');
      return false;
    }
    return this.addTfjsModels(
      urls.length,
      (pop, onProgress) =>
        this.deps.worker.call((api) =>
          api.importTfjsUrls(
            urls.map((u) => ({ name: shortUrl(u), url: new URL(u, this.deps.pageUrl()).href })),
            pop.provenance.dataset,
            pop.probe,
            pop.networks.map((n) => n.id),
            onProgress,
            this.datasetBytesProxy,
          ),
        ),
      opts,
    );
  }

  /**
   * Adds TF.js models by URL to the population on screen (`?model=`, "Add TF.js
   * model by URL"; same flow as files); the grown population records them so
   * its links carry them. `urls` are checked (checkModelUrl).
   */
  addModelUrls(urls: string[]): Promise<boolean> {
    return this.tfjsUrls(urls, {
      sourceOf: (parent, next, r) =>
        grownSource(
          { ...this.s, population: parent },
          urls.filter((_, i) => r.added[i] !== null),
          next.networks.length,
        ),
    });
  }

  /** Downloads the current population as a gzipped bundle. */
  async exportCurrent(): Promise<void> {
    const pop = this.s.population;
    if (!pop) return;
    try {
      const bytes = await this.deps.worker.call((api) => api.encodeBundle(pop));
      this.deps.download(
        new Blob([bytes as BlobPart], { type: 'application/octet-stream' }),
        `${pop.id.replace(/[^A-Za-z0-9_.+-]+/g, '-')}.nmpop`,
      );
    } catch (e) {
      this.s.pushError(`Could not export the population: ${errorText(e)}`);
    }
  }
}
