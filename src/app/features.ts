// Features controller: computes every feature of every network in a pool of
// workers (one core is always left to the page and the renderer), with
// progress and cancel, and caches the results into the population
// (net.features, net.layerProfile) so an exported bundle carries them.
// A FeaturesController is built once (src/app/start.ts) with its store and the
// pool's worker factory; unit tests build one with fake workers and a fresh store.
import * as Comlink from 'comlink';
import type { NetworkRecord, Population } from '../core/types';
import { CancelledError } from '../core/cancel';
import { createJob, type Job } from './jobs';
import type { FeaturesWorkerApi, LayerEmbedding, NetworkAnalysis, NetworkFeatureResult } from '../workers/features.worker';
import { useStore, type AppState } from '../state/store';
import type { StoreApi } from 'zustand';
import type { WorkerHandle } from './workers';
import type { SharedWorkers } from './browser-workers';
import { derivedPopulations } from './phate';

/** True when some network still lacks features or a depth profile. */
export function needsFeatures(pop: Population): boolean {
  return pop.networks.some((n) => !n.features || !('silhouette' in n.features) || !n.layerProfile);
}

const trainingNow = (s: AppState): boolean => s.job.status === 'running' && s.job.stage === 'training';

export interface FeaturesControllerDeps {
  store: StoreApi<AppState>;
  /** The features worker `w` of the pool (0 ≤ w < pool). */
  worker(w: number): WorkerHandle<FeaturesWorkerApi>;
  /** Workers in the pool. */
  pool: number;
  /** The wait after a new population before its features start (the manifold draws first). */
  after(ms: number, f: () => void): void;
}

export class FeaturesController {
  /** The features job: status in featuresJob, failures in the error banner, cancel reaches every pool worker. */
  private readonly job: Job;
  /** Pool workers this controller has computed on (a cancel reaches them, and starts none). */
  private readonly used = new Set<number>();

  constructor(private readonly deps: FeaturesControllerDeps) {
    this.job = createJob({
      report: (p) => this.state().setFeaturesJob(p),
      onError: (m) => this.state().pushError(`Computing features failed: ${m}`),
      onCancel: () => {
        for (const w of this.used) void this.deps.worker(w).api.cancel();
      },
      // One store update per network re-rendered every subscriber thousands of times for a big population.
      progressEveryMs: 150,
    });
  }

  private state(): AppState {
    return this.deps.store.getState();
  }

  /** Computes the missing features of the population on screen (all of them with force). */
  async computeFeatures(force = false): Promise<void> {
    const pop = this.state().population;
    if (!pop) return;
    // Networks without layer activations (e.g. the render benchmark's synthetic points) have nothing to measure.
    const todo = pop.networks
      .map((_, i) => i)
      .filter(
        (i) =>
          pop.networks[i].layers.length > 0 &&
          (force || !pop.networks[i].features || !('silhouette' in pop.networks[i].features!) || !pop.networks[i].layerProfile),
      );
    if (todo.length === 0) {
      // Nothing to run: the status says where the features came from.
      this.state().setFeaturesJob({
        status: 'done',
        stage: 'features',
        done: pop.networks.length,
        total: pop.networks.length,
        message: 'features loaded with the population',
        seconds: undefined,
      });
      return;
    }
    const pool = this.deps.pool;
    await this.job.run(async (ctx) => {
      let done = 0;
      ctx.progress({ stage: 'features', done: 0, total: todo.length });
      const onDone = Comlink.proxy(() => ctx.progress({ stage: 'features', done: ++done, total: todo.length }));
      const shares = Array.from({ length: pool }, (_, w) => todo.filter((_, q) => q % pool === w));
      const results = await Promise.all(
        shares.map((idx, w) => {
          if (idx.length === 0) return Promise.resolve([] as NetworkFeatureResult[]);
          const h = this.deps.worker(w);
          this.used.add(w);
          // Without checkpoints: they are not needed and would only lengthen the main-thread clone.
          const nets = idx.map((i) => ({ ...pop.networks[i], checkpoints: undefined }));
          return h.call(h.api.compute(nets, idx, pop.probe, onDone));
        }),
      );
      ctx.throwIfCancelled();
      const cur = this.state().population;
      if (!cur || cur.id !== pop.id) throw new CancelledError('the population changed');
      const networks: NetworkRecord[] = cur.networks.slice();
      for (const share of results)
        for (const r of share)
          networks[r.index] = {
            ...networks[r.index],
            features: { ...networks[r.index].features, ...r.features },
            layerProfile: r.layerProfile,
          };
      const next: Population = { ...cur, networks };
      derivedPopulations.add(next);
      this.state().applyNetworks(next);
    });
  }

  cancelFeatures(): void {
    this.job.cancel();
  }

  /** Diagrams and dendrogram of one network, computed in a features worker (for the inspector). */
  async analyseNetwork(net: NetworkRecord): Promise<NetworkAnalysis | null> {
    const pop = this.state().population;
    if (!pop) return null;
    const h = this.deps.worker(this.deps.pool - 1);
    return h.call(h.api.analyse(net, pop.probe));
  }

  /** 2-D PCA of one layer of one network's probe activations, in a features worker (inspector). */
  async embedNetworkLayer(net: NetworkRecord, layer: 'last' | number): Promise<LayerEmbedding | null> {
    const pop = this.state().population;
    if (!pop) return null;
    const h = this.deps.worker(this.deps.pool - 1);
    // Only the final activations travel: checkpoints and history are not needed.
    return h.call(h.api.embedLayer({ ...net, checkpoints: undefined, history: [] }, pop.probe, layer));
  }

  /** Starts features for every new population (not for the ones this app derived). */
  start(): () => void {
    return this.deps.store.subscribe((s, prev) => {
      // Training needs both cores: stop (the trained population gets its features afterwards).
      if (trainingNow(s) && !trainingNow(prev)) this.cancelFeatures();
      const pop = s.population;
      if (!pop || pop === prev.population || derivedPopulations.has(pop)) return;
      this.cancelFeatures();
      // Let the manifold draw first; then compute.
      this.deps.after(200, () => {
        if (this.state().population === pop && !trainingNow(this.state())) void this.computeFeatures();
      });
    });
  }
}

/** The browser's dependencies: the page's store, the features workers' pool (shared with dynamics), setTimeout. */
export function browserFeaturesDeps(
  workers: Pick<SharedWorkers, 'features' | 'featuresPool'>,
  store: StoreApi<AppState> = useStore,
): FeaturesControllerDeps {
  return { store, worker: workers.features, pool: workers.featuresPool, after: (ms, f) => void setTimeout(f, ms) };
}
