// Features controller: computes every feature of every network in a pool of
// workers (one core is always left to the page and the renderer), with
// progress and cancel, and caches the results into the population
// (net.features, net.layerProfile) so an exported bundle carries them.
import * as Comlink from 'comlink';
import type { NetworkRecord, Population, ProbeSet } from '../core/types';
import { isCancelled } from '../core/cancel';
import type { FeaturesWorkerApi, LayerEmbedding, NetworkAnalysis, NetworkFeatureResult } from '../workers/features.worker';
import { getState, useStore, type AppState } from '../state/store';
import { WorkerSlot, type WorkerHandle } from './workers';
import { derivedPopulations } from './phate';

// With every core busy the page starves (software WebGL renders on the CPU too):
// seen as 2 s frame gaps with 2 feature workers on a 2-core machine.
export const POOL = Math.max(1, Math.min(4, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1));

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** True when some network still lacks features or a depth profile. */
export function needsFeatures(pop: Population): boolean {
  return pop.networks.some((n) => !n.features || !('silhouette' in n.features) || !n.layerProfile);
}

/** One features worker as the controller uses it. */
export interface FeaturesWorkerPort {
  /** Rejects (CancelledError) after cancel(); onDone is called once per finished network. */
  compute(networks: NetworkRecord[], indices: number[], probe: ProbeSet, onDone: () => void): Promise<NetworkFeatureResult[]>;
  analyse(net: NetworkRecord, probe: ProbeSet): Promise<NetworkAnalysis | null>;
  embedLayer(net: NetworkRecord, probe: ProbeSet, layer: 'last' | number): Promise<LayerEmbedding | null>;
  /** Cancels the worker's compute, if the worker is running (starts none). */
  cancel(): void;
}

export interface FeaturesDeps {
  app(): AppState;
  subscribe(listener: (s: AppState, prev: AppState) => void): () => void;
  /** The pool: the population is split over them; the last also analyses single networks. */
  workers: FeaturesWorkerPort[];
  /** Populations the app derived from the one on screen (phate.ts derivedPopulations): not new ones. */
  derived: { has(p: Population): boolean; add(p: Population): void };
  now(): number;
  later(fn: () => void, ms: number): void;
}

/**
 * Computes every feature of every network in the worker pool, with progress
 * and cancel, and caches the results into the population (net.features,
 * net.layerProfile); start() follows the store: features for each new
 * population, stopped while training runs.
 */
export class FeaturesController {
  private run = 0;
  constructor(private readonly deps: FeaturesDeps) {}

  /** Computes the missing features of the population on screen (all of them with force). */
  async compute(force = false): Promise<void> {
    const { app, workers } = this.deps;
    const pop = app().population;
    if (!pop) return;
    const mine = ++this.run;
    // Networks without layer activations (e.g. the render benchmark's synthetic points) have nothing to measure.
    const todo = pop.networks
      .map((_, i) => i)
      .filter(
        (i) =>
          pop.networks[i].layers.length > 0 &&
          (force || !pop.networks[i].features || !('silhouette' in pop.networks[i].features!) || !pop.networks[i].layerProfile),
      );
    if (todo.length === 0) {
      app().setFeaturesJob({
        status: 'done',
        done: pop.networks.length,
        total: pop.networks.length,
        message: 'features loaded with the population',
      });
      return;
    }
    const t0 = this.deps.now();
    let done = 0;
    app().setFeaturesJob({ status: 'running', done: 0, total: todo.length, message: undefined, seconds: undefined });
    // Progress reaches the store at most every 150 ms: one store update per network re-rendered
    // every subscriber thousands of times for a big population.
    let shownAt = 0;
    const onDone = () => {
      done++;
      const now = this.deps.now();
      if (this.run === mine && (now - shownAt > 150 || done === todo.length)) {
        shownAt = now;
        app().setFeaturesJob({ done });
      }
    };
    const shares = workers.map((_, w) => todo.filter((_, q) => q % workers.length === w));
    let results: NetworkFeatureResult[][];
    try {
      results = await Promise.all(
        shares.map((idx, w) => {
          if (idx.length === 0) return Promise.resolve([]);
          // Without checkpoints: they are not needed and would only lengthen the main-thread clone.
          const nets = idx.map((i) => ({ ...pop.networks[i], checkpoints: undefined }));
          return workers[w].compute(nets, idx, pop.probe, onDone);
        }),
      );
    } catch (e) {
      if (this.run !== mine) return;
      const cancelled = isCancelled(e);
      app().setFeaturesJob({ status: cancelled ? 'cancelled' : 'error', message: cancelled ? 'cancelled' : errorText(e) });
      if (!cancelled) app().pushError(`Computing features failed: ${errorText(e)}`);
      return;
    }
    if (this.run !== mine) return;
    const cur = app().population;
    if (!cur || cur.id !== pop.id) return;
    const networks: NetworkRecord[] = cur.networks.slice();
    for (const share of results)
      for (const r of share)
        networks[r.index] = {
          ...networks[r.index],
          features: { ...networks[r.index].features, ...r.features },
          layerProfile: r.layerProfile,
        };
    const next: Population = { ...cur, networks };
    this.deps.derived.add(next);
    app().applyNetworks(next);
    app().setFeaturesJob({ status: 'done', done: todo.length, seconds: (this.deps.now() - t0) / 1000 });
  }

  cancel(): void {
    this.run++;
    for (const w of this.deps.workers) w.cancel();
    if (this.deps.app().featuresJob.status === 'running') this.deps.app().setFeaturesJob({ status: 'cancelled', message: 'cancelled' });
  }

  /** Diagrams and dendrogram of one network, computed in a features worker (for the inspector). */
  async analyse(net: NetworkRecord): Promise<NetworkAnalysis | null> {
    const pop = this.deps.app().population;
    if (!pop) return null;
    return this.deps.workers[this.deps.workers.length - 1].analyse(net, pop.probe);
  }

  /** 2-D PCA of one layer of one network's probe activations, in a features worker (inspector). */
  async embedLayer(net: NetworkRecord, layer: 'last' | number): Promise<LayerEmbedding | null> {
    const pop = this.deps.app().population;
    if (!pop) return null;
    // Only the final activations travel: checkpoints and history are not needed.
    return this.deps.workers[this.deps.workers.length - 1].embedLayer({ ...net, checkpoints: undefined, history: [] }, pop.probe, layer);
  }

  /** Starts features for every new population (not for the ones this app derived); returns the unsubscribe. */
  start(): () => void {
    const { app, derived } = this.deps;
    return this.deps.subscribe((s, prev) => {
      // Training needs both cores: stop (the trained population gets its features afterwards).
      if (s.job.stage === 'training' && prev.job.stage !== 'training') this.cancel();
      const pop = s.population;
      if (!pop || pop === prev.population || derived.has(pop)) return;
      this.cancel();
      // Let the manifold draw first; then compute.
      this.deps.later(() => {
        if (app().population === pop && app().job.stage !== 'training') void this.compute();
      }, 200);
    });
  }
}

// The page's pool of features workers (each started on first use, restarted after a crash).
const slots = Array.from(
  { length: POOL },
  (_, i) =>
    new WorkerSlot<FeaturesWorkerApi>(
      () => new Worker(new URL('../workers/features.worker.ts', import.meta.url), { type: 'module', name: `netmanifold-features-${i}` }),
      'features',
    ),
);

/** Worker i of the page's pool (also for other controllers that share the pool). */
export const featuresWorker = (i: number): WorkerHandle<FeaturesWorkerApi> => slots[i].get();

/** Worker i of the pool behind the controller's port. */
function featuresPort(i: number): FeaturesWorkerPort {
  const slot = slots[i];
  const handle = (): WorkerHandle<FeaturesWorkerApi> => slot.get();
  return {
    compute: (nets, idx, probe, onDone) => {
      const h = handle();
      return h.call(h.api.compute(nets, idx, probe, Comlink.proxy(onDone)));
    },
    analyse: (net, probe) => {
      const h = handle();
      return h.call(h.api.analyse(net, probe));
    },
    embedLayer: (net, probe, layer) => {
      const h = handle();
      return h.call(h.api.embedLayer(net, probe, layer));
    },
    cancel: () => void slot.current?.api.cancel(),
  };
}

// The page's controller (workers start lazily, on the first features to compute).
const pageFeatures = new FeaturesController({
  app: getState,
  subscribe: (l) => useStore.subscribe(l),
  workers: Array.from({ length: POOL }, (_, i) => featuresPort(i)),
  derived: derivedPopulations,
  now: () => performance.now(),
  later: (fn, ms) => void setTimeout(fn, ms),
});

/** Computes the missing features of the population on screen (all of them with force). */
export const computeFeatures = (force = false): Promise<void> => pageFeatures.compute(force);
export const cancelFeatures = (): void => pageFeatures.cancel();
/** Diagrams and dendrogram of one network, computed in a features worker (for the inspector). */
export const analyseNetwork = (net: NetworkRecord): Promise<NetworkAnalysis | null> => pageFeatures.analyse(net);
/** 2-D PCA of one layer of one network's probe activations, in a features worker (inspector). */
export const embedNetworkLayer = (net: NetworkRecord, layer: 'last' | number): Promise<LayerEmbedding | null> =>
  pageFeatures.embedLayer(net, layer);
/** Starts features for every new population (not for the ones this app derived). */
export const startFeaturesController = (): (() => void) => pageFeatures.start();
