// Every feature of one network (METHODS §4): performance, and the geometry of
// its probe activations at one layer, plus the per-layer depth profile.
// analyseRepresentation keeps the full results (dendrogram, diagrams,
// spectrum) for the inspector; computeNetworkFeatures flattens to scalars
// keyed by FEATURE_INFO ids.

import type { NetworkRecord, ProbeSet } from '../types';
import { allFinite, selectLayer } from '../distance/diffusion';
import { throwIfCancelled, type WorkHooks } from '../distance/hooks';
import { effectiveDimension, type EffectiveDimension } from './effdim';
import { pairwiseDistances } from './geometry';
import type { FeatureId } from './info';
import { averageLinkage, copheneticCorrelation, dendrogramPurity } from './linkage';
import {
  nonlinearityProfile,
  prepareNonlinearity,
  type NonlinearityOptions,
  type NonlinearityPrep,
  type NonlinearityProfile,
} from './nonlinearity';
import { phDimension, type PhDimOptions, type PhDimResult } from './phdim';
import { ripsPersistence, summariseRips, type RipsDiagrams, type RipsSummary } from './rips';
import { fisherRatio, silhouette, type FisherRatio, type Silhouette } from './separation';
import { DSE_TAUS, diffusionSpectralEntropy, diffusionSpectrum, type DiffusionSpectrum } from './spectral';
import type { FloatArray } from './types';

export interface FeatureOptions {
  /** Layer for the non-profile features: 'last' (default) or a 0-based index (clamped). */
  layer?: 'last' | number;
  /** Diffusion kernel bandwidth on median-scaled distances (default 0.5). */
  sigma?: number;
  /** Compute H1 persistence (default true; the costliest feature). */
  h1?: boolean;
  /** PH-dimension sizes and subsample seed (default seed 0). */
  phDim?: Omit<PhDimOptions, 'distances'>;
  /** Prepared nonlinearity cells (share one across a population), or options to prepare them. */
  nonlinearity?: NonlinearityPrep | NonlinearityOptions;
}

export interface RepresentationAnalysis {
  n: number;
  d: number;
  silhouette: Silhouette;
  fisher: FisherRatio;
  /** Average-linkage merge list, (n−1)×4 rows [idA, idB, height, size]. */
  linkage: Float64Array;
  dendrogramPurity: number;
  copheneticCorrelation: number;
  spectrum: DiffusionSpectrum;
  /** DSE (bits) for τ = 1, 2, 4, 8, 16. */
  dse: Float64Array;
  rips: RipsDiagrams;
  ripsSummary: RipsSummary;
  phDim: PhDimResult;
  effDim: EffectiveDimension;
  nonlinearity?: NonlinearityProfile;
}

const prepCache = new WeakMap<ProbeSet, NonlinearityPrep>();

function isPrep(x: NonlinearityPrep | NonlinearityOptions | undefined): x is NonlinearityPrep {
  return !!x && 'cells' in x;
}

/** The nonlinearity cells of a probe set, prepared once per probe object (or the given prep). */
export function nonlinearityPrepFor(probe: ProbeSet, opt?: NonlinearityPrep | NonlinearityOptions): NonlinearityPrep {
  if (isPrep(opt)) return opt;
  if (!opt) {
    const hit = prepCache.get(probe);
    if (hit) return hit;
  }
  const prep = prepareNonlinearity(probe.x, probe.n, probe.inputDim, opt);
  if (!opt) prepCache.set(probe, prep);
  return prep;
}

/** Every representation feature of n probe activations H (n×d) with their labels. */
export function analyseRepresentation(
  H: FloatArray,
  n: number,
  d: number,
  labels: Int32Array,
  opts: FeatureOptions & { nonlinearityPrep?: NonlinearityPrep } = {},
): RepresentationAnalysis {
  const D = pairwiseDistances(H, n, d);
  const linkage = averageLinkage(D, n);
  const spectrum = diffusionSpectrum(D, n, opts.sigma ?? 0.5);
  const dse = Float64Array.from(DSE_TAUS, (tau) => diffusionSpectralEntropy(spectrum.eigenvalues, tau));
  const rips = ripsPersistence(D, n, { maxDim: opts.h1 === false ? 0 : 1 });
  return {
    n,
    d,
    silhouette: silhouette(D, n, labels),
    fisher: fisherRatio(H, n, d, labels),
    linkage,
    dendrogramPurity: dendrogramPurity(linkage, labels),
    copheneticCorrelation: copheneticCorrelation(linkage, D, n),
    spectrum,
    dse,
    rips,
    ripsSummary: summariseRips(rips),
    phDim: phDimension(H, n, d, { ...opts.phDim, distances: D }),
    effDim: effectiveDimension(H, n, d),
    nonlinearity: opts.nonlinearityPrep ? nonlinearityProfile(opts.nonlinearityPrep, H, d) : undefined,
  };
}

type FeatureRecord = Partial<Record<FeatureId, number>>;

/** Scalar features of an analysis, keyed by FEATURE_INFO ids. */
export function representationFeatures(a: RepresentationAnalysis, h1 = true): FeatureRecord {
  const s = a.ripsSummary;
  const out: FeatureRecord = {
    silhouette: a.silhouette.mean,
    fisherRatio: a.fisher.ratio,
    dendrogramPurity: a.dendrogramPurity,
    copheneticCorrelation: a.copheneticCorrelation,
    dse: a.dse[0],
    dseTau2: a.dse[1],
    dseTau4: a.dse[2],
    dseTau8: a.dse[3],
    dseTau16: a.dse[4],
    h0TotalPersistence: s.h0.total,
    h0Entropy: s.h0.entropy,
    phDim: a.phDim.phDim,
    phDimR2: a.phDim.r2,
    effDim: a.effDim.deff,
  };
  if (h1) {
    out.h1Count = s.h1.count;
    out.h1TotalPersistence = s.h1.total;
    out.h1Entropy = s.h1.entropy;
    out.h1LongBars = s.h1LongBars;
  }
  if (a.nonlinearity) {
    out.nonlinR1 = a.nonlinearity.r1;
    out.nonlinSlope = a.nonlinearity.slope;
  }
  return out;
}

/** Test/train accuracy, test loss and the generalisation gap (NaN where diverged). */
export function performanceFeatures(net: NetworkRecord): FeatureRecord {
  const f = net.final;
  return { testAcc: f.testAcc, testLoss: f.testLoss, trainAcc: f.trainAcc, genGap: f.trainAcc - f.testAcc };
}

const REPRESENTATION_IDS: FeatureId[] = [
  'silhouette',
  'fisherRatio',
  'dendrogramPurity',
  'copheneticCorrelation',
  'dse',
  'dseTau2',
  'dseTau4',
  'dseTau8',
  'dseTau16',
  'h0TotalPersistence',
  'h0Entropy',
  'h1Count',
  'h1TotalPersistence',
  'h1Entropy',
  'h1LongBars',
  'phDim',
  'phDimR2',
  'effDim',
  'nonlinR1',
  'nonlinSlope',
];

/**
 * All scalar features of one network at one layer (default: the last hidden
 * layer). A network without usable activations (missing, non-finite, or too
 * few probes) gets NaN for every representation feature.
 */
export function computeNetworkFeatures(net: NetworkRecord, probe: ProbeSet, opts: FeatureOptions = {}): Record<string, number> {
  const out: Record<string, number> = { ...performanceFeatures(net) };
  const L = selectLayer(net, opts.layer ?? 'last');
  if (!L || probe.n < 3 || L.data.length !== probe.n * L.width || !allFinite(L.data)) {
    for (const id of REPRESENTATION_IDS) out[id] = NaN;
    return out;
  }
  const prep = nonlinearityPrepFor(probe, opts.nonlinearity);
  const a = analyseRepresentation(L.data, probe.n, L.width, probe.labels, { ...opts, nonlinearityPrep: prep });
  Object.assign(out, representationFeatures(a, opts.h1 !== false));
  return out;
}

/**
 * computeNetworkFeatures for every network of a population (one thread; the
 * nonlinearity cells are prepared once). Reports progress per network and
 * polls cancellation between networks.
 */
export function computePopulationFeatures(
  networks: NetworkRecord[],
  probe: ProbeSet,
  opts: FeatureOptions = {},
  hooks?: WorkHooks,
): Record<string, number>[] {
  const shared = { ...opts, nonlinearity: nonlinearityPrepFor(probe, opts.nonlinearity) };
  return networks.map((net, i) => {
    throwIfCancelled(hooks);
    const f = computeNetworkFeatures(net, probe, shared);
    hooks?.onProgress?.({ stage: 'features', done: i + 1, total: networks.length, message: `features ${i + 1}/${networks.length}` });
    return f;
  });
}

export interface LayerProfile {
  /** Hidden layer indices, ascending. */
  layers: number[];
  widths: number[];
  /** Per-layer values (same order as layers) for each per-layer feature. */
  features: Record<'phDim' | 'phDimR2' | 'effDim' | 'nonlinR1' | 'nonlinSlope', Float64Array>;
}

/** Depth profile: PH dimension, effective dimension and nonlinearity of every hidden layer. */
export function computeLayerProfile(net: NetworkRecord, probe: ProbeSet, opts: FeatureOptions = {}): LayerProfile {
  const layers = [...net.layers].sort((a, b) => a.layer - b.layer);
  const m = layers.length;
  const features = {
    phDim: new Float64Array(m).fill(NaN),
    phDimR2: new Float64Array(m).fill(NaN),
    effDim: new Float64Array(m).fill(NaN),
    nonlinR1: new Float64Array(m).fill(NaN),
    nonlinSlope: new Float64Array(m).fill(NaN),
  };
  const n = probe.n;
  const prep = m > 0 ? nonlinearityPrepFor(probe, opts.nonlinearity) : undefined;
  layers.forEach((L, q) => {
    if (n < 3 || L.data.length !== n * L.width || !allFinite(L.data)) return;
    const D = pairwiseDistances(L.data, n, L.width);
    const ph = phDimension(L.data, n, L.width, { ...opts.phDim, distances: D });
    features.phDim[q] = ph.phDim;
    features.phDimR2[q] = ph.r2;
    features.effDim[q] = effectiveDimension(L.data, n, L.width).deff;
    const nl = nonlinearityProfile(prep!, L.data, L.width);
    features.nonlinR1[q] = nl.r1;
    features.nonlinSlope[q] = nl.slope;
  });
  return { layers: layers.map((l) => l.layer), widths: layers.map((l) => l.width), features };
}
