// Features controller: computes every feature of every network in a pool of
// workers (one core is always left to the page and the renderer), with
// progress and cancel, and caches the results into the population
// (net.features, net.layerProfile) so an exported bundle carries them.
import * as Comlink from 'comlink';
import type { NetworkRecord, Population } from '../core/types';
import { isCancelled } from '../core/cancel';
import type { FeaturesWorkerApi, LayerEmbedding, NetworkAnalysis, NetworkFeatureResult } from '../workers/features.worker';
import { getState, useStore } from '../state/store';
import { WorkerSlot, type WorkerHandle } from './workers';
import { derivedPopulations } from './phate';

// With every core busy the page starves (software WebGL renders on the CPU too):
// seen as 2 s frame gaps with 2 feature workers on a 2-core machine.
const POOL = Math.max(1, Math.min(4, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1));
const slots = Array.from(
  { length: POOL },
  (_, i) =>
    new WorkerSlot<FeaturesWorkerApi>(
      () => new Worker(new URL('../workers/features.worker.ts', import.meta.url), { type: 'module', name: `netmanifold-features-${i}` }),
      'features',
    ),
);
const featuresWorker = (i: number): WorkerHandle<FeaturesWorkerApi> => slots[i].get();

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** True when some network still lacks features or a depth profile. */
export function needsFeatures(pop: Population): boolean {
  return pop.networks.some((n) => !n.features || !('silhouette' in n.features) || !n.layerProfile);
}

let run = 0;

/** Computes the missing features of the population on screen (all of them with force). */
export async function computeFeatures(force = false): Promise<void> {
  const pop = getState().population;
  if (!pop) return;
  const mine = ++run;
  // Networks without layer activations (e.g. the render benchmark's synthetic points) have nothing to measure.
  const todo = pop.networks
    .map((_, i) => i)
    .filter(
      (i) =>
        pop.networks[i].layers.length > 0 &&
        (force || !pop.networks[i].features || !('silhouette' in pop.networks[i].features!) || !pop.networks[i].layerProfile),
    );
  if (todo.length === 0) {
    getState().setFeaturesJob({
      status: 'done',
      done: pop.networks.length,
      total: pop.networks.length,
      message: 'features loaded with the population',
    });
    return;
  }
  const t0 = performance.now();
  let done = 0;
  getState().setFeaturesJob({ status: 'running', done: 0, total: todo.length, message: undefined, seconds: undefined });
  // Progress reaches the store at most every 150 ms: one store update per network re-rendered
  // every subscriber thousands of times for a big population.
  let shownAt = 0;
  const onDone = Comlink.proxy(() => {
    done++;
    const now = performance.now();
    if (run === mine && (now - shownAt > 150 || done === todo.length)) {
      shownAt = now;
      getState().setFeaturesJob({ done });
    }
  });
  const shares = Array.from({ length: POOL }, (_, w) => todo.filter((_, q) => q % POOL === w));
  let results: NetworkFeatureResult[][];
  try {
    results = await Promise.all(
      shares.map((idx, w) => {
        if (idx.length === 0) return Promise.resolve([]);
        const h = featuresWorker(w);
        // Without checkpoints: they are not needed and would only lengthen the main-thread clone.
        const nets = idx.map((i) => ({ ...pop.networks[i], checkpoints: undefined }));
        return h.call(h.api.compute(nets, idx, pop.probe, onDone));
      }),
    );
  } catch (e) {
    if (run !== mine) return;
    const cancelled = isCancelled(e);
    getState().setFeaturesJob({ status: cancelled ? 'cancelled' : 'error', message: cancelled ? 'cancelled' : errorText(e) });
    if (!cancelled) getState().pushError(`Computing features failed: ${errorText(e)}`);
    return;
  }
  if (run !== mine) return;
  const cur = getState().population;
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
  derivedPopulations.add(next);
  getState().applyNetworks(next);
  getState().setFeaturesJob({ status: 'done', done: todo.length, seconds: (performance.now() - t0) / 1000 });
}

export function cancelFeatures(): void {
  run++;
  for (const slot of slots) void slot.current?.api.cancel();
  if (getState().featuresJob.status === 'running') getState().setFeaturesJob({ status: 'cancelled', message: 'cancelled' });
}

/** Diagrams and dendrogram of one network, computed in a features worker (for the inspector). */
export async function analyseNetwork(net: NetworkRecord): Promise<NetworkAnalysis | null> {
  const pop = getState().population;
  if (!pop) return null;
  const h = featuresWorker(POOL - 1);
  return h.call(h.api.analyse(net, pop.probe));
}

/** 2-D PCA of one layer of one network's probe activations, in a features worker (inspector). */
export async function embedNetworkLayer(net: NetworkRecord, layer: 'last' | number): Promise<LayerEmbedding | null> {
  const pop = getState().population;
  if (!pop) return null;
  const h = featuresWorker(POOL - 1);
  // Only the final activations travel: checkpoints and history are not needed.
  return h.call(h.api.embedLayer({ ...net, checkpoints: undefined, history: [] }, pop.probe, layer));
}

/** Starts features for every new population (not for the ones this app derived). */
export function startFeaturesController(): () => void {
  return useStore.subscribe((s, prev) => {
    // Training needs both cores: stop (the trained population gets its features afterwards).
    if (s.job.stage === 'training' && prev.job.stage !== 'training') cancelFeatures();
    const pop = s.population;
    if (!pop || pop === prev.population || derivedPopulations.has(pop)) return;
    cancelFeatures();
    // Let the manifold draw first; then compute.
    setTimeout(() => {
      if (getState().population === pop && getState().job.stage !== 'training') void computeFeatures();
    }, 200);
  });
}
