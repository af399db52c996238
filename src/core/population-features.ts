// Adds every feature (METHODS §4) to every network of a population: scalar
// features on the last hidden layer into net.features, the per-layer depth
// profile into net.layerProfile and the features at every checkpoint into
// net.dynamics, so a saved bundle carries them. The one computation the app's
// features workers and the CLI run.
import { computeLayerProfile, computeNetworkFeatures, networkDynamics, nonlinearityPrepFor, type NonlinearityPrep } from './features';
import { throwIfCancelled, type WorkHooks } from './distance/hooks';
import type { DynamicsRecord, LayerProfileRecord, NetworkRecord, Population, ProbeSet } from './types';

export interface NetworkFeatureRecord {
  features: Record<string, number>;
  layerProfile: LayerProfileRecord;
  /** Absent when the network stored fewer than two epochs of activations. */
  dynamics?: DynamicsRecord;
}

/** Features, depth profile and dynamics of one network (`prep`: the probe set's shared nonlinearity cells). */
export function networkFeatureRecord(
  net: NetworkRecord,
  probe: ProbeSet,
  prep: NonlinearityPrep = nonlinearityPrepFor(probe),
): NetworkFeatureRecord {
  const features = computeNetworkFeatures(net, probe, { nonlinearity: prep });
  const p = computeLayerProfile(net, probe, { nonlinearity: prep });
  const dynamics = networkDynamics(net, probe, { nonlinearity: prep });
  return {
    features,
    layerProfile: { layers: p.layers, features: Object.fromEntries(Object.entries(p.features).map(([k, v]) => [k, Array.from(v)])) },
    ...(dynamics ? { dynamics } : {}),
  };
}

/** The network with its computed record merged in (features added to any it had; profile and dynamics replaced). */
export function withFeatureRecord(net: NetworkRecord, r: NetworkFeatureRecord): NetworkRecord {
  const out: NetworkRecord = { ...net, features: { ...net.features, ...r.features }, layerProfile: r.layerProfile };
  if (r.dynamics) out.dynamics = r.dynamics;
  return out;
}

/** A copy of the population whose networks carry features, depth profiles and dynamics. */
export function withFeatures(pop: Population, hooks?: WorkHooks): Population {
  const N = pop.networks.length;
  const prep = nonlinearityPrepFor(pop.probe);
  const networks = pop.networks.map((net, i) => {
    throwIfCancelled(hooks);
    const r = networkFeatureRecord(net, pop.probe, prep);
    hooks?.onProgress?.({ stage: 'features', done: i + 1, total: N, message: `features ${i + 1}/${N}` });
    return withFeatureRecord(net, r);
  });
  return { ...pop, networks };
}
