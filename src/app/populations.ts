// Bringing a population onto the screen: the shipped demos, a bundle by URL or
// from a demo/URL source, a grown population; a population without an
// embedding is embedded in the embedding worker first (distances + PHATE, the
// app's shared job). Failures become messages in the error banner and never
// drop the population the user already has.
import * as Comlink from 'comlink';
import type { NetworkRecord, Population, ProbeSet, Progress } from '../core/types';
import { IDLE_JOB } from '../core/types';
import type { PopulationSource } from '../core/viewstate';
import { CancelledError } from '../core/cancel';
import type { EmbedRequest } from '../core/embedding-session';
import type { AppState, DemoEntry, LoadedFrom } from '../state/store';
import { jobBusy } from '../state/store';
import type { SharingState } from '../state/sharing';
import { phateParamsOf } from '../state/phate';
import type { EmbedWorkerApi } from '../workers/embed.worker';
import { createJob, type CancelFlag, type Job } from './jobs';
import type { WorkerHandle } from './workers';
import type { FetchOptions } from './sharing/fetch-population';

export interface PopulationsDeps {
  store: { getState(): AppState };
  /** Download progress of a linked population (the sharing store's progress line). */
  sharing: { getState(): SharingState };
  embedWorker(): WorkerHandle<EmbedWorkerApi>;
  /** A file of the site (demo/index.json, demo/<file>), relative to its base. */
  fetchSite(path: string): Promise<Response>;
  /** A population bundle by URL, size-checked, with progress (sharing/fetch-population). */
  fetchBytes(url: string, opts?: FetchOptions): Promise<Uint8Array>;
  /** The memory budget of one embedding (embedding-budget.ts); undefined: the default. */
  budgetBytes(): number | undefined;
  /** The app's one cancel flag for the long job (the progress panel's Cancel). */
  cancel: CancelFlag;
  now(): number;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function isDemoEntry(x: unknown): x is DemoEntry {
  const o = x as DemoEntry;
  return !!o && typeof o.id === 'string' && typeof o.file === 'string' && typeof o.name === 'string';
}

export class Populations {
  private readonly embedder: PopulationEmbedder;

  constructor(private readonly deps: PopulationsDeps) {
    this.embedder = new PopulationEmbedder(deps);
  }

  private get s(): AppState {
    return this.deps.store.getState();
  }

  /**
   * Loads demo/index.json and then its first population, or the one
   * `choose` picks (null: load none — a link names another population).
   */
  async loadDemoIndex(choose?: (list: DemoEntry[]) => DemoEntry | null): Promise<void> {
    try {
      const res = await this.deps.fetchSite('demo/index.json');
      if (!res.ok) throw new Error(`demo/index.json: HTTP ${res.status}`);
      const body: unknown = await res.json();
      const list = Array.isArray(body) ? body : (body as { demos?: unknown[] })?.demos;
      if (!Array.isArray(list) || !list.every(isDemoEntry) || list.length === 0) {
        throw new Error('demo/index.json does not list any demo populations');
      }
      this.s.setDemos(list);
      const pick = choose ? choose(list) : list[0];
      if (pick) await this.loadDemo(pick);
    } catch (e) {
      this.failLoad(`could not load the demo population: ${errorText(e)}`);
    }
  }

  /** Fetches and decodes a shipped demo population (not shown). */
  async fetchDemo(entry: DemoEntry): Promise<Population> {
    const res = await this.deps.fetchSite('demo/' + entry.file);
    if (!res.ok) throw new Error(`${entry.file}: HTTP ${res.status}`);
    return this.decode(await res.arrayBuffer());
  }

  async loadDemo(entry: DemoEntry): Promise<void> {
    this.s.setPopulationStatus('loading');
    try {
      await this.show(await this.fetchDemo(entry));
    } catch (e) {
      this.failLoad(`could not load the demo population: ${errorText(e)}`);
    }
  }

  /** Decoding takes hundreds of milliseconds on a real bundle: keep it off the UI thread. */
  async decode(bytes: ArrayBuffer): Promise<Population> {
    const w = this.deps.embedWorker();
    return w.call(w.api.decodeBundle(Comlink.transfer(bytes, [bytes])));
  }

  /**
   * The population a demo or URL source names, fetched and decoded but not
   * shown. A local source cannot be fetched: it throws.
   */
  async fetchSource(src: PopulationSource): Promise<Population> {
    if (src.kind === 'demo') {
      const entry = this.s.demos.find((d) => d.id === src.id);
      if (!entry) throw new Error(`this site has no demo population "${src.id}" any more`);
      return this.fetchDemo(entry);
    }
    if (src.kind === 'url') return this.decode((await this.deps.fetchBytes(src.url)).slice().buffer as ArrayBuffer);
    throw new Error(`"${src.id}" was opened from a file or trained in this browser`);
  }

  /** Downloads, validates (bundle decoder in the worker) and shows a population (`?population=`); false on failure (told through `report`). */
  async loadUrl(url: string, report: (message: string) => void): Promise<boolean> {
    const progress = (p: Parameters<SharingState['setProgress']>[0]) => this.deps.sharing.getState().setProgress(p);
    const label = `population from ${url.length > 80 ? url.slice(0, 77) + '…' : url}`;
    this.s.setPopulationStatus('loading');
    progress({ label, done: 0, total: null, unit: 'bytes' });
    try {
      const bytes = await this.deps.fetchBytes(url, { onProgress: (done, total) => progress({ label, done, total, unit: 'bytes' }) });
      progress({ label: `checking ${label}`, done: bytes.length, total: bytes.length, unit: 'bytes' });
      const pop = await this.decode(bytes.buffer as ArrayBuffer);
      await this.show(pop, { kind: 'url', url });
      return this.s.population?.id === pop.id;
    } catch (e) {
      report(`Could not load the linked population: ${errorText(e)}`);
      this.s.setPopulationStatus(this.s.population ? 'ready' : 'error');
      return false;
    } finally {
      progress(null);
    }
  }

  /**
   * Shows a population; one without an embedding is embedded in the worker first,
   * with `request` (metric, layer, PHATE settings; default: diffusion on the last
   * layer with PHATE's defaults). The provenance records how it was embedded, so
   * the PHATE panel starts from those settings and does not embed it again.
   * `source`: where it came from (links name it).
   */
  async show(pop: Population, source: LoadedFrom | null = null, request?: EmbedRequest): Promise<void> {
    if (!pop.embedding) {
      const r = await this.embedder.embed(pop.networks, pop.probe, request);
      if (!r) return;
      // The provenance says how THIS embedding was made (a grown population inherits its parent's otherwise).
      pop = {
        ...pop,
        provenance: { ...pop.provenance, metric: { name: 'diffusion', ...r.metric }, phate: r.phate },
        distances: r.distances,
        embedding: r.embedding,
      };
    }
    this.s.setPopulation(pop, source);
  }

  /**
   * Embeds `next` (a grownPopulation) ONCE with the metric, layer and PHATE
   * settings in use, shows it and colours by origin so the new networks stand
   * out. False when it did not replace the view (embedding failed — reported —
   * or was cancelled). `source`: where it came from, for links (null: grown here).
   */
  async showGrown(next: Population, source: LoadedFrom | null = null): Promise<boolean> {
    const req = this.s.phateRequest;
    const t0 = this.deps.now();
    await this.show(next, source, { metric: req.metric, layer: req.layer, phate: phateParamsOf(req) });
    if (this.s.population?.id !== next.id) return false;
    // The PHATE panel's settings are the ones this embedding used (its provenance): say it ran.
    this.s.setPhateRun({ ...IDLE_JOB, status: 'done', stage: 'done', seconds: (this.deps.now() - t0) / 1000 });
    if (this.s.table?.byId.has('origin')) this.s.setColorColumn('origin');
    return true;
  }

  private failLoad(message: string): void {
    this.s.pushError(message);
    // Keep whatever is already on screen; only an empty view becomes an error view.
    this.s.setPopulationStatus(this.s.population ? 'ready' : 'error');
  }
}

/**
 * Distances + PHATE of a population shown without an embedding. Its status is
 * the app's shared `job` (the progress panel: stage distances → phate); the
 * progress panel's Cancel (cancelRun) reaches the worker's session, which
 * rejects with CancelledError at its next step.
 */
class PopulationEmbedder {
  /** The embed continues a job already in progress (training → embedding): that job keeps its start and writes its own end. */
  private continuesJob = false;

  private readonly job: Job;

  constructor(private readonly deps: PopulationsDeps) {
    const s = () => deps.store.getState();
    this.job = createJob({
      report: (p) => {
        const continues = this.continuesJob;
        if (p.status === 'running') {
          const start = { status: 'running' as const, stage: 'distances', done: 0, total: 1, message: 'computing distances…' };
          s().setJob(continues ? start : { ...start, startedAt: deps.now() });
        } else if (p.status === 'done') {
          if (!continues) s().setJob({ status: 'done', done: 1, total: 1, message: undefined });
        } else if (p.status === 'cancelled') {
          s().setJob({ status: 'cancelled', message: 'cancelled — the previous manifold is kept' });
        } else if (p.status === 'error') {
          s().setJob({ status: 'error', message: p.message });
        } else if (p.stage !== undefined && jobBusy(s().job)) {
          // The session reports 'distance:*' stages, then PHATE's own (kernel, tSelection, …, mds).
          s().setJob({
            stage: p.stage.startsWith('distance') ? 'distances' : 'phate',
            done: p.done,
            total: p.total,
            message: p.message ?? p.stage,
          });
        }
      },
      onError: (m) => s().pushError(`Embedding failed: ${m}`),
      onCancel: () => void deps.embedWorker().api.cancel(),
      progressEveryMs: 50,
    });
  }

  /** Distances + PHATE in the embedding worker. Returns null (after reporting) on failure or cancel. */
  embed(networks: NetworkRecord[], probe: ProbeSet, request?: EmbedRequest) {
    const { store, cancel } = this.deps;
    this.continuesJob = jobBusy(store.getState().job);
    if (!this.continuesJob) cancel.reset();
    return this.job.run(async (ctx) => {
      const w = this.deps.embedWorker();
      try {
        const r = await w.call(
          w.api.embed(
            networks,
            probe,
            { includeDiverged: store.getState().includeDiverged, memoryBudgetBytes: this.deps.budgetBytes(), request },
            Comlink.proxy((p: Progress) => ctx.progress(p)),
          ),
        );
        // The progress panel's Cancel arrived after the worker's last step.
        if (cancel.requested) throw new CancelledError();
        return r;
      } catch (e) {
        // Cancelled from the progress panel (run-controller's cancelRun), however the worker answered.
        throw cancel.requested ? new CancelledError() : e;
      }
    });
  }
}
