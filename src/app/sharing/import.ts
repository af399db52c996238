// Every way to bring networks in from files (picker or drop), and bundle export.
//   population bundle  .nmpop / .json.gz / .json (format netmanifold-population) → replaces the view
//   activation bundle  .zip, or manifest .json (format netmanifold-activations) + its .npy files → replaces the view
//   TF.js models       model.json (+ weight .bin files), one or several → added to the current population, re-embedded
// and TF.js models by URL (importTfjsUrls: ?model= links and "Add TF.js model by URL").
// Files are sniffed by content, not only by name. Failures are messages; the
// population on screen is replaced only by a valid result.
import * as Comlink from 'comlink';
import { getState, jobBusy, type LoadedFrom } from '../../state/store';
import { useSharing } from '../../state/sharing';
import { decodeInWorker, showPopulation } from '../controller';
import { grownPopulation, showGrownPopulation } from '../grow-population';
import { importWorker } from './import-worker';
import { createJob } from '../jobs';
import { isCancelled } from '../../core/cancel';
import type { TfjsImportReport } from '../../workers/import.worker';
import { rememberImport } from '../storage/stored-list';
import { datasetBytes } from '../dataset-files';
import type { DatasetName, Population } from '../../core/types';

/** The import worker asks for a file dataset's bytes (MNIST) through this when a bundle or population needs them. */
const datasetBytesProxy = Comlink.proxy((name: DatasetName) => datasetBytes(name));

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

/** Keeps whatever is on screen; only an empty view turns into the error view. */
function report(message: string): void {
  getState().pushError(message);
  settle();
}

/** A load that ended without a new population leaves the view as it was (or the error view when empty). */
function settle(): void {
  const s = getState();
  if (s.populationStatus === 'loading') s.setPopulationStatus(s.population ? 'ready' : 'error');
}

/**
 * The import job: status in useSharing's importJob, failures as messages
 * (report), cancel stops the import worker (its pending call rejects).
 */
const importJob = createJob({
  report: (p) => useSharing.getState().setImportJob(p),
  onError: (m) => report(m),
  onCancel: () => importWorker.stop(),
});

/** Cancels an import in flight; the population on screen stays. */
export function cancelImport(): void {
  importJob.cancel();
  useSharing.getState().setProgress(null);
  settle();
}

/** The error a failed import reports (`prefix: why`); a cancel stays a cancel. */
function failure(prefix: string, e: unknown): unknown {
  return isCancelled(e) ? e : new Error(`${prefix}: ${errorText(e)}`);
}

function isBusy(): boolean {
  return jobBusy(getState().job);
}

/** Imports what was picked or dropped. One kind per action; the first that applies wins. */
export async function importFiles(list: File[] | FileList): Promise<void> {
  const files = Array.from(list);
  if (files.length === 0) return;
  if (isBusy()) {
    getState().pushError('Wait for the current training or embedding to finish (or cancel it) before importing.');
    return;
  }
  const c = await classifyFiles(files);
  if (c.tfjs.length > 0) return importTfjsModels(c.tfjs, c.weights);
  if (c.activations.length > 0) return importActivationFiles(c.activations[0], c.npy);
  if (c.population.length > 0) return importPopulationFile(c.population[0]);
  if (c.npy.length > 0)
    return report("These are .npy arrays only: select the activation bundle's manifest.json together with its .npy files (or the zip).");
  if (c.weights.length > 0) return report('These are TF.js weight files only: select model.json together with its .bin files.');
  report(
    `Could not tell what ${files.map((f) => f.name).join(', ')} ${files.length > 1 ? 'are' : 'is'}: expected a population bundle (.nmpop), an activation bundle (.zip or manifest.json + .npy), or a TF.js model (model.json + .bin).`,
  );
}

export async function importPopulationFile(file: File): Promise<void> {
  const s = getState();
  useSharing.getState().setProgress({ label: `reading ${file.name}`, done: 0, total: file.size, unit: 'bytes' });
  s.setPopulationStatus('loading');
  await importJob.run(async (ctx) => {
    try {
      const bytes = await file.arrayBuffer();
      const kept = bytes.slice(0); // the decoder takes (transfers) its copy
      const pop = await decodeInWorker(bytes);
      ctx.throwIfCancelled();
      await showPopulation(pop);
      settle();
      // Issue 14: kept in this browser (Stored populations), so it opens again and runs joined to it restore with it.
      if (getState().population?.id === pop.id) await rememberImport(file.name, kept, pop.id, pop.name, pop.networks.length);
    } catch (e) {
      throw failure(`Could not open ${file.name}`, e);
    }
  });
  useSharing.getState().setProgress(null);
  settle();
}

export async function importActivationFiles(main: File, npy: File[]): Promise<void> {
  const s = getState();
  useSharing.getState().setProgress({ label: `importing activations from ${main.name}`, done: 0, total: null, unit: 'items' });
  s.setPopulationStatus('loading');
  await importJob.run(async (ctx) => {
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
      const r = await importWorker.call((api) => api.importActivations(Comlink.transfer(mainBytes, [mainBytes]), files, datasetBytesProxy));
      ctx.throwIfCancelled();
      await showPopulation(r.population);
      settle();
      if (r.warnings.length) getState().pushNotice(`Imported ${main.name} with notes: ${r.warnings.join('; ')}`);
    } catch (e) {
      throw failure(`Could not import ${main.name}`, e);
    }
  });
  useSharing.getState().setProgress(null);
  settle();
}

type TfjsCall = (pop: Population, onProgress: (done: number, total: number) => void) => Promise<TfjsImportReport>;

export interface TfjsAddOptions {
  /** Where the grown population came from (stored with it: links to it carry its model URLs); asked just before it is shown. */
  sourceOf?(parent: Population, next: Population, report: TfjsImportReport): LoadedFrom | null;
}

/**
 * Adds TF.js models to the current population as points of their own kind
 * (origin 'imported-tfjs'), embeds the grown population once with the user's
 * PHATE settings and colours by origin. True when at least one model was added.
 */
async function addTfjsModels(count: number, call: TfjsCall, opts: TfjsAddOptions = {}): Promise<boolean> {
  const models = `TF.js model${count > 1 ? 's' : ''}`;
  const pop = getState().population;
  if (!pop) {
    report(`Load a population first: ${models} are added to the current population (they need its dataset and probe set).`);
    return false;
  }
  if (pop.provenance.customDataset) {
    report(`${models} can only be added to a population of a shipped dataset; this one uses its own dataset.`);
    return false;
  }
  const sharing = useSharing.getState();
  sharing.setProgress({ label: `computing probe activations of ${count} ${models}`, done: 0, total: count, unit: 'items' });
  const added = await importJob.run(async (ctx) => {
    let r: TfjsImportReport;
    try {
      r = await call(
        pop,
        Comlink.proxy((done: number, total: number) =>
          useSharing.getState().setProgress({ label: 'computing probe activations of TF.js models', done, total, unit: 'items' }),
        ),
      );
    } catch (e) {
      throw failure(`Could not import the ${models}`, e);
    }
    ctx.throwIfCancelled();
    if (r.networks.length === 0) throw new Error(`No TF.js model was added.\n${r.messages.join('\n')}`);
    // Re-embedding or features filled in meanwhile keep the population (its id and networks); another population does not.
    const parent = getState().population;
    if (!parent || parent.id !== pop.id || parent.networks.length !== pop.networks.length)
      throw new Error(`The population changed while the ${models} were being read; add them again.`);
    const next = grownPopulation(parent, r.networks, 'tfjs', `${r.networks.length} TF.js model${r.networks.length > 1 ? 's' : ''}`);
    sharing.setProgress(null);
    // Coloured by origin so the imported models stand out (legend: "imported-tfjs").
    if (!(await showGrownPopulation(next, opts.sourceOf?.(parent, next, r) ?? null))) return false;
    // Added models are scored on the app's split; an imported population's own networks were scored on theirs.
    const split = r.networks[0]?.extraHyperParams?.accuracySplit;
    if (typeof split === 'string' && parent.networks.some((n) => n.origin === 'imported-activations'))
      getState().pushNotice(
        `Accuracy of the added ${models} is measured on ${split}; the imported networks report accuracy on the split they were scored on, so the two are not directly comparable.`,
      );
    if (r.failed > 0)
      getState().pushError(`Some TF.js models were not added:\n${r.messages.filter((m) => m.includes('not added')).join('\n')}`);
    return true;
  });
  useSharing.getState().setProgress(null);
  return added ?? false;
}

/** Adds TF.js models from files (model.json + weight .bin files) to the current population, then re-embeds. */
export async function importTfjsModels(models: File[], weights: File[]): Promise<void> {
  await addTfjsModels(models.length, (pop, onProgress) =>
    importWorker.call((api) =>
      api.importTfjs(
        models.map((m) => ({ name: m.name, json: m, weights })),
        pop.provenance.dataset,
        pop.probe,
        pop.networks.map((n) => n.id),
        onProgress,
        datasetBytesProxy,
      ),
    ),
  );
}

const shortUrl = (u: string): string => (u.length > 90 ? `${u.slice(0, 40)}…${u.slice(-45)}` : u);

/**
 * Adds TF.js models by URL (model.json; weights resolve relative to it) to the
 * current population, then re-embeds. `urls` are checked already
 * (core/viewstate/query checkModelUrl); relative ones resolve against the page.
 */
export async function importTfjsUrls(urls: string[], opts: TfjsAddOptions = {}): Promise<boolean> {
  if (urls.length === 0) return false;
  if (isBusy()) {
    getState().pushError('Wait for the current training or embedding to finish (or cancel it) before adding models.');
    return false;
  }
  return addTfjsModels(
    urls.length,
    (pop, onProgress) =>
      importWorker.call((api) =>
        api.importTfjsUrls(
          urls.map((u) => ({ name: shortUrl(u), url: new URL(u, location.href).href })),
          pop.provenance.dataset,
          pop.probe,
          pop.networks.map((n) => n.id),
          onProgress,
          datasetBytesProxy,
        ),
      ),
    opts,
  );
}

/** Downloads the current population as a gzipped bundle. */
export async function exportCurrentPopulation(): Promise<void> {
  const pop = getState().population;
  if (!pop) return;
  try {
    const bytes = await importWorker.call((api) => api.encodeBundle(pop));
    const blob = new Blob([bytes as BlobPart], { type: 'application/octet-stream' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${pop.id.replace(/[^A-Za-z0-9_.+-]+/g, '-')}.nmpop`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  } catch (e) {
    getState().pushError(`Could not export the population: ${errorText(e)}`);
  }
}
