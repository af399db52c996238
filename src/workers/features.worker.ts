// Features worker (METHODS §4): every scalar feature of each network on the
// last hidden layer plus its per-layer depth profile, one network at a time,
// yielding between networks so cancel messages get through. The app runs two
// of these on disjoint halves of the population (2 cores). Also analyses one
// network on demand for the inspector (H0/H1 diagrams and the dendrogram).
import * as Comlink from 'comlink';
import { analyseRepresentation, networkDynamics, nonlinearityPrepFor } from '../core/features';
import { networkFeatureRecord, type NetworkFeatureRecord } from '../core/population-features';
import { allFinite, selectLayer } from '../core/distance';
import type { DynamicsRecord, NetworkRecord, ProbeSet } from '../core/types';
import { CancelledError } from '../core/cancel';
import { pca } from '../core/explore/pca';

export interface NetworkFeatureResult extends NetworkFeatureRecord {
  /** Index into the population's networks. */
  index: number;
}

export interface NetworkAnalysis {
  /** Finite H0 deaths, ascending. */
  h0: Float64Array;
  /** H1 [birth, death] pairs, stride 2. */
  h1: Float64Array;
  /** Average-linkage merge list, (n−1)×4 rows [idA, idB, height, size]. */
  linkage: Float64Array;
  labels: Int32Array;
  layer: number;
  n: number;
}

/** One layer's probe activations projected on their top two principal components (inspector). */
export interface LayerEmbedding {
  /** n × 2 row-major PCA scores. */
  coords: Float32Array;
  /** Fraction of the layer's variance on PC1 and PC2. */
  explained: [number, number];
  labels: Int32Array;
  layer: number;
  width: number;
  n: number;
}

let generation = 0;
// Its own counter: a dynamics request must not cancel a running features job, nor the reverse.
let dynamicsGeneration = 0;

const api = {
  /** Features of networks[q] for each q; `indices[q]` is its index in the population. Rejects when cancelled. */
  async compute(
    networks: NetworkRecord[],
    indices: number[],
    probe: ProbeSet,
    onDone?: (index: number) => void,
  ): Promise<NetworkFeatureResult[]> {
    const mine = ++generation;
    const prep = nonlinearityPrepFor(probe);
    const out: NetworkFeatureResult[] = [];
    for (let q = 0; q < networks.length; q++) {
      await new Promise((r) => setTimeout(r, 0));
      if (mine !== generation) throw new CancelledError('features cancelled');
      out.push({ index: indices[q], ...networkFeatureRecord(networks[q], probe, prep) });
      void onDone?.(indices[q]);
    }
    return out;
  },

  /** Diagrams and dendrogram of one network's last hidden layer (null without usable activations). */
  analyse(net: NetworkRecord, probe: ProbeSet): NetworkAnalysis | null {
    const L = selectLayer(net, 'last');
    if (!L || L.data.length !== probe.n * L.width || !allFinite(L.data) || probe.n < 3) return null;
    const a = analyseRepresentation(L.data, probe.n, L.width, probe.labels, {});
    const r: NetworkAnalysis = {
      h0: a.rips.h0,
      h1: a.rips.h1,
      linkage: a.linkage,
      labels: probe.labels.slice(),
      layer: L.layer,
      n: probe.n,
    };
    return Comlink.transfer(r, [r.h0.buffer, r.h1.buffer, r.linkage.buffer, r.labels.buffer] as ArrayBuffer[]);
  },

  /** 2-D PCA of one layer ('last' or a 0-based index) of one network; null without usable activations. */
  embedLayer(net: NetworkRecord, probe: ProbeSet, layer: 'last' | number): LayerEmbedding | null {
    const L = selectLayer(net, layer);
    if (!L || L.data.length !== probe.n * L.width || !allFinite(L.data) || probe.n < 2) return null;
    const p = pca(L.data, probe.n, L.width, 2);
    const r: LayerEmbedding = {
      coords: Float32Array.from(p.coords),
      explained: [p.explained[0], p.explained[1]],
      labels: probe.labels.slice(),
      layer: L.layer,
      width: L.width,
      n: probe.n,
    };
    return Comlink.transfer(r, [r.coords.buffer, r.labels.buffer] as ArrayBuffer[]);
  },

  /** Training dynamics of networks[q] (null with fewer than two stored epochs); same cancel as compute. */
  async dynamics(
    networks: NetworkRecord[],
    indices: number[],
    probe: ProbeSet,
    onDone?: (index: number) => void,
  ): Promise<{ index: number; dynamics: DynamicsRecord | null }[]> {
    const mine = ++dynamicsGeneration;
    const prep = nonlinearityPrepFor(probe);
    const out: { index: number; dynamics: DynamicsRecord | null }[] = [];
    for (let q = 0; q < networks.length; q++) {
      await new Promise((r) => setTimeout(r, 0));
      if (mine !== dynamicsGeneration) throw new CancelledError('dynamics cancelled');
      out.push({ index: indices[q], dynamics: networkDynamics(networks[q], probe, { nonlinearity: prep }) ?? null });
      void onDone?.(indices[q]);
    }
    return out;
  },

  /** Training dynamics of one network now (the inspector; not cancellable, not counted against a population run). */
  networkDynamics(net: NetworkRecord, probe: ProbeSet): DynamicsRecord | null {
    return networkDynamics(net, probe, { nonlinearity: nonlinearityPrepFor(probe) }) ?? null;
  },

  cancel(): void {
    generation++;
  },

  cancelDynamics(): void {
    dynamicsGeneration++;
  },
};

export type FeaturesWorkerApi = typeof api;
Comlink.expose(api);
