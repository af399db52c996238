// Validation of a parsed population document (docs/bundle-format.md): the
// valibot schema (population-schema.ts) checks every field's type, range and
// enum; what follows checks what depends on other fields (tensor shapes against
// the probe size n and layer widths, unique ids, labels against the dataset,
// N×N distances, N×k embedding) and decodes the tensors into the in-memory
// Population. Anything wrong throws a BundleError naming the path; nothing else
// is ever thrown for any JSON input.

import type { Checkpoint, DatasetSpec, LayerActivations, NetworkRecord, PhateResult, Population, ProbeSet, Provenance } from '../types';
import { DATASET_INFO } from '../datasets/info';
import { BundleError, fail } from './errors';
import { decodeTensor, describe } from './tensor';
import { integer, parseOrFail } from './schema';
import { PopulationDocumentSchema, type Encoded } from './population-schema';
import { hiddenLayerWidths } from '../architecture';

export const BUNDLE_FORMAT = 'netmanifold-population';
export const BUNDLE_VERSION = 1;

/** provenance.dataset of a population on a custom (not shipped) dataset; see Provenance.customDataset. */
export const CUSTOM_DATASET_PLACEHOLDER: Readonly<DatasetSpec> = Object.freeze({ name: 'digits', seed: -1 });

type Obj = Record<string, unknown>;

const has = (o: Obj, key: string) => Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;

// ---------------------------------------------------------------- checks across fields

function provenanceAgrees(prov: Provenance): void {
  const c = prov.customDataset;
  if (!c) return;
  if (c.classNames && c.classNames.length !== c.numClasses)
    fail('provenance.customDataset.classNames', `expected ${c.numClasses} names, got ${c.classNames.length}`);
  const d = prov.dataset;
  if (d.name !== CUSTOM_DATASET_PLACEHOLDER.name || d.seed !== CUSTOM_DATASET_PLACEHOLDER.seed) {
    fail('provenance.dataset', `must be the placeholder {"name": "digits", "seed": -1} when customDataset is set`);
  }
}

function probeSet(p: Encoded<ProbeSet>, path: string): ProbeSet {
  const { n, inputDim } = p;
  const indices = decodeTensor(p.indices, `${path}.indices`, [n], ['i32'], 'i32');
  for (let i = 0; i < n; i++) if (indices[i] < 0) fail(`${path}.indices`, `entry ${i} is negative (${indices[i]})`);
  const x = decodeTensor(p.x, `${path}.x`, [n, inputDim], ['f32', 'f64'], 'f32');
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) fail(`${path}.x`, `entry ${i} is not finite (${x[i]})`);
  const labels = decodeTensor(p.labels, `${path}.labels`, [n], ['i32'], 'i32');
  for (let i = 0; i < n; i++) if (labels[i] < 0) fail(`${path}.labels`, `entry ${i} is negative (${labels[i]})`);
  const probe: ProbeSet = { seed: p.seed, n, inputDim, indices, x, labels };
  if (p.inputsMissing) probe.inputsMissing = true;
  return probe;
}

/** Hidden layers exist in the network's family (hiddenLayerWidths), appear once, have its width, and hold n × width values. */
function layerList(ls: Encoded<LayerActivations>[], path: string, n: number, widths: number[], where: string): LayerActivations[] {
  const seen = new Set<number>();
  return ls.map((l, i) => {
    const p = `${path}[${i}]`;
    if (l.layer > widths.length - 1) fail(`${p}.layer`, `expected ≤ ${widths.length - 1}, got ${l.layer}`);
    if (seen.has(l.layer)) fail(`${p}.layer`, `hidden layer ${l.layer} appears twice`);
    seen.add(l.layer);
    if (l.width !== widths[l.layer]) fail(`${p}.width`, `hidden layer ${l.layer} has width ${widths[l.layer]} in ${where}, got ${l.width}`);
    const data = decodeTensor(l.data, `${p}.data`, [n, l.width], ['f32', 'f16'], 'f32');
    return { layer: l.layer, width: l.width, data };
  });
}

function network(d: Encoded<NetworkRecord>, path: string, n: number): NetworkRecord {
  const widths = hiddenLayerWidths(d.hp);
  const where = d.hp.architecture === 'mlp' ? 'hp.widths' : `hp (${d.hp.architecture})`;
  const net: NetworkRecord = {
    ...d,
    layers: layerList(d.layers, `${path}.layers`, n, widths, where),
    checkpoints: d.checkpoints?.map((c, i): Checkpoint => ({
      epoch: c.epoch,
      layers: layerList(c.layers, `${path}.checkpoints[${i}].layers`, n, widths, where),
    })),
  };
  if (!d.checkpoints) delete net.checkpoints;
  if (d.layerProfile) {
    const lp = `${path}.layerProfile`;
    const { layers, features } = d.layerProfile;
    for (const k of Object.keys(features)) {
      if (features[k].length !== layers.length)
        fail(`${lp}.features.${k}`, `expected ${layers.length} values (one per layer), got ${features[k].length}`);
    }
  }
  if (d.dynamics) {
    const dp = `${path}.dynamics`;
    const { epochs, features } = d.dynamics;
    for (let i = 1; i < epochs.length; i++)
      if (epochs[i] <= epochs[i - 1])
        fail(`${dp}.epochs[${i}]`, `expected epochs in increasing order, got ${epochs[i]} after ${epochs[i - 1]}`);
    for (const k of Object.keys(features)) {
      if (features[k].length !== epochs.length)
        fail(`${dp}.features.${k}`, `expected ${epochs.length} values (one per epoch), got ${features[k].length}`);
    }
  }
  return net;
}

/**
 * Whether a network may legitimately lack embedding coordinates (NaN row) and
 * distances: the pipeline excludes networks without activations or with
 * non-finite ones; a non-'ok' status is accepted as reason too.
 */
function mayBeExcluded(net: NetworkRecord): boolean {
  if (net.status !== 'ok' || net.layers.length === 0) return true;
  for (const l of net.layers) for (let i = 0; i < l.data.length; i++) if (!Number.isFinite(l.data[i])) return true;
  return false;
}

function distances(v: unknown, path: string, nets: NetworkRecord[]): Float64Array {
  const N = nets.length;
  const D = decodeTensor(v, path, [N, N], ['f64', 'f32'], 'f64');
  const excluded = nets.map(mayBeExcluded);
  for (let i = 0; i < N; i++) {
    if (D[i * N + i] !== 0) fail(path, `diagonal entry [${i}][${i}] must be 0, got ${D[i * N + i]}`);
    for (let j = i + 1; j < N; j++) {
      const a = D[i * N + j];
      const b = D[j * N + i];
      if (Number.isNaN(a) || Number.isNaN(b)) {
        if (!(Number.isNaN(a) && Number.isNaN(b))) fail(path, `not symmetric at [${i}][${j}] (${a} vs ${b})`);
        if (!excluded[i] && !excluded[j]) fail(path, `entry [${i}][${j}] is NaN but networks ${i} and ${j} both have finite activations`);
        continue;
      }
      if (!(a >= 0) || a === Infinity) fail(path, `entry [${i}][${j}] must be a finite distance ≥ 0, got ${a}`);
      if (a !== b) fail(path, `not symmetric at [${i}][${j}] (${a} vs ${b})`);
    }
  }
  return D;
}

function embedding(d: Encoded<PhateResult>, path: string, nets: NetworkRecord[]): PhateResult {
  const N = nets.length;
  const k = d.nComponents;
  const ep = `${path}.embedding`;
  const Y = decodeTensor(d.embedding, ep, [N, k], ['f64', 'f32'], 'f64');
  for (let i = 0; i < N; i++) {
    let nan = 0;
    for (let c = 0; c < k; c++) {
      const y = Y[i * k + c];
      if (Number.isNaN(y)) nan++;
      else if (!Number.isFinite(y)) fail(ep, `row ${i} has an infinite coordinate`);
    }
    if (nan > 0 && nan < k) fail(ep, `row ${i} is partly NaN; a row is either all finite or all NaN (network not embedded)`);
    if (nan === k && !mayBeExcluded(nets[i])) {
      fail(ep, `row ${i} is NaN but networks[${i}] is 'ok' with finite activations, so it should have been embedded`);
    }
  }
  const vneShape = d.vne.shape;
  if (vneShape.length !== 1) fail(`${path}.vne.shape`, `expected [length], got ${describe(vneShape)}`);
  const vne = decodeTensor(d.vne, `${path}.vne`, [vneShape[0]], ['f64', 'f32'], 'f64');
  const res: PhateResult = { embedding: Y, nComponents: k, t: d.t, vne, components: d.components };
  if (d.timings) res.timings = d.timings;
  return res;
}

/** The probe's labels and input size must fit the dataset the provenance declares. */
function probeAgreesWithDataset(probe: ProbeSet, prov: Provenance): void {
  const c = prov.customDataset;
  const name = c ? `custom dataset "${c.name}"` : `"${prov.dataset.name}"`;
  const { inputDim, numClasses } = c ?? DATASET_INFO[prov.dataset.name];
  if (probe.inputDim !== inputDim) fail('probe.inputDim', `${name} has ${inputDim} inputs per example, the probe says ${probe.inputDim}`);
  for (let i = 0; i < probe.n; i++) {
    if (probe.labels[i] >= numClasses)
      fail(
        'probe.labels',
        `label ${probe.labels[i]} at entry ${i} is out of range: ${name} has ${numClasses} classes (0..${numClasses - 1})`,
      );
  }
}

// ---------------------------------------------------------------- document

/** Check the format tag and version; exported so tools can sniff a file cheaply. */
export function checkHeader(doc: unknown): Obj {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail('bundle', `expected an object, got ${describe(doc)}`);
  const o = doc as Obj;
  if (!has(o, 'format')) fail('format', `missing; this is not a Netmanifold population bundle (expected "format": "${BUNDLE_FORMAT}")`);
  if (o.format !== BUNDLE_FORMAT)
    fail('format', `expected "${BUNDLE_FORMAT}", got ${describe(o.format)}; this is not a Netmanifold population bundle`);
  const version = parseOrFail(integer({ min: 1 }), o.version, 'version');
  if (version > BUNDLE_VERSION) {
    throw new BundleError('version', `bundle version ${version} is newer than this app supports (${BUNDLE_VERSION}); update Netmanifold`);
  }
  return o;
}

/** Validate a parsed bundle document and decode it into a Population. Throws BundleError only. */
export function validatePopulationDocument(doc: unknown): Population {
  try {
    return validateUnsafe(doc);
  } catch (e) {
    if (e instanceof BundleError) throw e;
    // A bug of ours, or an exotic input (e.g. an array too large to allocate): still a BundleError.
    throw new BundleError('', `invalid bundle: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function validateUnsafe(doc: unknown): Population {
  const d = parseOrFail(PopulationDocumentSchema, checkHeader(doc), '');
  const probe = probeSet(d.probe, 'probe');
  const prov = d.provenance;
  provenanceAgrees(prov);
  // provenance.probe is the request; the drawn probe can be smaller (capped by a small test split), never larger.
  if (prov.probe.n < probe.n) fail('provenance.probe.n', `requested ${prov.probe.n} probe points but probe.n = ${probe.n} were stored`);
  probeAgreesWithDataset(probe, prov);
  if (d.networks.length === 0) fail('networks', 'the bundle has no networks (an empty population cannot be shown)');
  const networks = d.networks.map((net, i) => network(net, `networks[${i}]`, probe.n));
  const ids = new Map<string, number>();
  networks.forEach((net, i) => {
    const prev = ids.get(net.id);
    if (prev !== undefined) fail(`networks[${i}].id`, `duplicate id "${net.id}" (also networks[${prev}].id)`);
    ids.set(net.id, i);
  });
  const pop: Population = { id: d.id, name: d.name, provenance: prov, probe, networks };
  if (d.distances) pop.distances = distances(d.distances, 'distances', networks);
  if (d.embedding) pop.embedding = embedding(d.embedding, 'embedding', networks);
  return pop;
}
