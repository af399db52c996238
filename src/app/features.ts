// Features controller: computes every feature of every network in a pool of
// workers (one core is always left to the page and the renderer), with
// progress and cancel, and caches the results into the population
// (net.features, net.layerProfile) so an exported bundle carries them.
import * as Comlink from 'comlink';
import type { NetworkRecord, Population } from '../core/types';
import { CancelledError } from '../core/cancel';
import { createJob } from './jobs';
import type { FeaturesWorkerApi, LayerEmbedding, NetworkAnalysis, NetworkFeatureResult } from '../workers/features.worker';
import { getState, useStore, type AppState } from '../state/store';
import { wrap, type WorkerHandle } from './workers';
import { derivedPopulations } from './phate';

// With every core busy the page starves (software WebGL renders on the CPU too):
// seen as 2 s frame gaps with 2 feature workers on a 2-core machine.
export const POOL = Math.max(1, Math.min(4, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1));
const handles: (WorkerHandle<FeaturesWorkerApi> | null)[] = Array(POOL).fill(null);

export function featuresWorker(i: number): WorkerHandle<FeaturesWorkerApi> {
  let h = handles[i];
  if (!h) {
    h = wrap<FeaturesWorkerApi>(
      () => new Worker(new URL('../workers/features.worker.ts', import.meta.url), { type: 'module', name: `netmanifold-features-${i}` }),
      'features',
      () => {
        handles[i] = null;
      },
    );
    handles[i] = h;
  }
  return h;
}

/** True when some network still lacks features or a depth profile. */
export function needsFeatures(pop: Population): boolean {
  return pop.networks.some((n) => !n.features || !('silhouette' in n.features) || !n.layerProfile);
}

/** The features job: status in featuresJob, failures in the error banner, cancel reaches every pool worker. */
const featuresJob = createJob({
  report: (p) => getState().setFeaturesJob(p),
  onError: (m) => getState().pushError(`Computing features failed: ${m}`),
  onCancel: () => {
    for (const h of handles) if (h) void h.api.cancel();
  },
  // One store update per network re-rendered every subscriber thousands of times for a big population.
  progressEveryMs: 150,
});

/** Computes the missing features of the population on screen (all of them with force). */
export async function computeFeatures(force = false): Promise<void> {
  const pop = getState().population;
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
    getState().setFeaturesJob({
      status: 'done',
      stage: 'features',
      done: pop.networks.length,
      total: pop.networks.length,
      message: 'features loaded with the population',
      seconds: undefined,
    });
    return;
  }
  await featuresJob.run(async (ctx) => {
    let done = 0;
    ctx.progress({ stage: 'features', done: 0, total: todo.length });
    const onDone = Comlink.proxy(() => ctx.progress({ stage: 'features', done: ++done, total: todo.length }));
    const shares = Array.from({ length: POOL }, (_, w) => todo.filter((_, q) => q % POOL === w));
    const results = await Promise.all(
      shares.map((idx, w) => {
        if (idx.length === 0) return Promise.resolve([] as NetworkFeatureResult[]);
        const h = featuresWorker(w);
        // Without checkpoints: they are not needed and would only lengthen the main-thread clone.
        const nets = idx.map((i) => ({ ...pop.networks[i], checkpoints: undefined }));
        return h.call(h.api.compute(nets, idx, pop.probe, onDone));
      }),
    );
    ctx.throwIfCancelled();
    const cur = getState().population;
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
    getState().applyNetworks(next);
  });
}

export function cancelFeatures(): void {
  featuresJob.cancel();
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

const trainingNow = (s: AppState): boolean => s.job.status === 'running' && s.job.stage === 'training';

/** Starts features for every new population (not for the ones this app derived). */
export function startFeaturesController(): () => void {
  return useStore.subscribe((s, prev) => {
    // Training needs both cores: stop (the trained population gets its features afterwards).
    if (trainingNow(s) && !trainingNow(prev)) cancelFeatures();
    const pop = s.population;
    if (!pop || pop === prev.population || derivedPopulations.has(pop)) return;
    cancelFeatures();
    // Let the manifold draw first; then compute.
    setTimeout(() => {
      if (getState().population === pop && !trainingNow(getState())) void computeFeatures();
    }, 200);
  });
}
