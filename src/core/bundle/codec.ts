// Population <-> bundle bytes: a JSON document (docs/bundle-format.md),
// gzipped with fflate. Decoding accepts gzipped bytes, plain JSON bytes or a
// JSON string, and always goes through the full validator.

import { withArchitecture } from '../architecture';
import { gzipSync } from 'fflate';
import type { Checkpoint, EpochMetrics, LayerActivations, NetworkRecord, Population } from '../types';
import { BundleError } from './errors';
import { gunzipChecked, isGzip, type GunzipOptions } from './gzip';
import { encodeTensor } from './tensor';
import { BUNDLE_FORMAT, BUNDLE_VERSION, validatePopulationDocument } from './validate';

export interface EncodeOptions {
  /** Storage of probe activations: exact float32 (default) or half precision (half the size; see half.ts). */
  activations?: 'float32' | 'float16';
  /** gzip level 0–9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/** JSON has no NaN/Infinity: write them as the strings "NaN", "Infinity", "-Infinity". */
function nonFiniteAsString(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return value;
}

function metrics(m: EpochMetrics) {
  return { epoch: m.epoch, trainLoss: m.trainLoss, trainAcc: m.trainAcc, testLoss: m.testLoss, testAcc: m.testAcc };
}

function layers(ls: LayerActivations[], n: number, dtype: 'f32' | 'f16') {
  return ls.map((l) => ({ layer: l.layer, width: l.width, data: encodeTensor(l.data, [n, l.width], dtype) }));
}

function networkDoc(net: NetworkRecord, n: number, dtype: 'f32' | 'f16') {
  const d: Record<string, unknown> = {
    id: net.id,
    // Contract (issue 15): every written record names its family; records from before families are MLPs.
    hp: { ...withArchitecture(net.hp), widths: net.hp.widths.slice() },
    status: net.status,
    history: net.history.map(metrics),
    final: metrics(net.final),
    layers: layers(net.layers, n, dtype),
  };
  if (net.statusReason !== undefined) d.statusReason = net.statusReason;
  if (net.checkpoints) d.checkpoints = net.checkpoints.map((c: Checkpoint) => ({ epoch: c.epoch, layers: layers(c.layers, n, dtype) }));
  if (net.origin !== undefined) d.origin = net.origin;
  if (net.extraHyperParams) d.extraHyperParams = { ...net.extraHyperParams };
  if (net.trainSeconds !== undefined) d.trainSeconds = net.trainSeconds;
  if (net.features) d.features = { ...net.features };
  if (net.layerProfile) {
    const lp = net.layerProfile;
    d.layerProfile = {
      layers: lp.layers.slice(),
      features: Object.fromEntries(Object.entries(lp.features).map(([k, v]) => [k, Array.from(v)])),
    };
  }
  if (net.dynamics) {
    const dy = net.dynamics;
    d.dynamics = {
      epochs: dy.epochs.slice(),
      features: Object.fromEntries(Object.entries(dy.features).map(([k, v]) => [k, Array.from(v)])),
    };
  }
  return d;
}

/** The JSON document of a population (before stringify/gzip). */
export function populationToDocument(pop: Population, opts: EncodeOptions = {}): Record<string, unknown> {
  const dtype = opts.activations === 'float16' ? 'f16' : 'f32';
  const { probe } = pop;
  const N = pop.networks.length;
  const doc: Record<string, unknown> = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    id: pop.id,
    name: pop.name,
    provenance: pop.provenance,
    probe: {
      seed: probe.seed,
      n: probe.n,
      inputDim: probe.inputDim,
      indices: encodeTensor(probe.indices, [probe.n], 'i32'),
      x: encodeTensor(probe.x, [probe.n, probe.inputDim], 'f32'),
      labels: encodeTensor(probe.labels, [probe.n], 'i32'),
      ...(probe.inputsMissing ? { inputsMissing: true } : {}),
    },
    networks: pop.networks.map((net) => networkDoc(net, probe.n, dtype)),
  };
  if (pop.distances) doc.distances = encodeTensor(pop.distances, [N, N], 'f64');
  if (pop.embedding) {
    const e = pop.embedding;
    const ed: Record<string, unknown> = {
      embedding: encodeTensor(e.embedding, [N, e.nComponents], 'f64'),
      nComponents: e.nComponents,
      t: e.t,
      vne: encodeTensor(e.vne, [e.vne.length], 'f64'),
      components: e.components,
    };
    if (e.timings) ed.timings = { ...e.timings };
    doc.embedding = ed;
  }
  return doc;
}

/** Plain JSON text of a population's bundle. */
export function encodePopulationJson(pop: Population, opts: EncodeOptions = {}): string {
  return JSON.stringify(populationToDocument(pop, opts), nonFiniteAsString);
}

/** Gzipped JSON bundle bytes of a population. */
export function encodePopulation(pop: Population, opts: EncodeOptions = {}): Uint8Array {
  return gzipSync(new TextEncoder().encode(encodePopulationJson(pop, opts)), { level: opts.level ?? 6 });
}

export interface DecodeOptions {
  /** Decompressed-size cap of a gzipped bundle (default MAX_DECOMPRESSED_BYTES). */
  maxBytes?: GunzipOptions['maxBytes'];
}

/**
 * Decode a bundle: gzipped bytes (CRC-32 and length verified, size capped),
 * plain JSON bytes, or a JSON string. Throws BundleError on anything wrong.
 */
export function decodePopulation(input: Uint8Array | ArrayBuffer | string, opts: DecodeOptions = {}): Population {
  try {
    return decodeUnsafe(input, opts);
  } catch (e) {
    if (e instanceof BundleError) throw e;
    // e.g. a RangeError from a string too long for the engine: still said in words.
    throw new BundleError('', `not a readable bundle: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function decodeUnsafe(input: Uint8Array | ArrayBuffer | string, opts: DecodeOptions): Population {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    if (isGzip(bytes)) {
      bytes = gunzipChecked(bytes, { maxBytes: opts.maxBytes, what: 'the bundle' });
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new BundleError('', 'not a bundle: the file is neither gzip nor UTF-8 JSON text');
    }
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const head = text.slice(0, 40).replace(/\s+/g, ' ');
    throw new BundleError('', `not JSON (${e instanceof Error ? e.message : String(e)}); the file starts with "${head}"`);
  }
  return validatePopulationDocument(doc);
}
