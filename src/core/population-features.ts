// Adds every feature (METHODS §4) to every network of a population: scalar
// features on the last hidden layer into net.features and the per-layer depth
// profile into net.layerProfile, so a saved bundle carries them. The same
// computation the app's features workers run, for the CLI and tests.
import { computeLayerProfile, computeNetworkFeatures, nonlinearityPrepFor } from './features';
import { throwIfCancelled, type WorkHooks } from './distance/hooks';
import type { LayerProfileRecord, NetworkRecord, Population } from './types';

export function networkFeatureRecord(
  net: NetworkRecord,
  pop: Population,
): { features: Record<string, number>; layerProfile: LayerProfileRecord } {
  const prep = nonlinearityPrepFor(pop.probe);
  const features = computeNetworkFeatures(net, pop.probe, { nonlinearity: prep });
  const p = computeLayerProfile(net, pop.probe, { nonlinearity: prep });
  return {
    features,
    layerProfile: { layers: p.layers, features: Object.fromEntries(Object.entries(p.features).map(([k, v]) => [k, Array.from(v)])) },
  };
}

/** A copy of the population whose networks carry features and depth profiles. */
export function withFeatures(pop: Population, hooks?: WorkHooks): Population {
  const N = pop.networks.length;
  const networks = pop.networks.map((net, i) => {
    throwIfCancelled(hooks);
    const r = networkFeatureRecord(net, pop);
    hooks?.onProgress?.({ stage: 'features', done: i + 1, total: N, message: `features ${i + 1}/${N}` });
    return { ...net, features: { ...net.features, ...r.features }, layerProfile: r.layerProfile };
  });
  return { ...pop, networks };
}
