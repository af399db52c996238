// Validation of a parsed population document (docs/bundle-format.md).
// Every field is checked for type, range and consistency (lengths against the
// probe size n and layer widths, unique ids, N×N distances, N×k embedding) and
// decoded into the in-memory Population. Anything wrong throws a BundleError
// naming the path; nothing else is ever thrown for any JSON input.

import {
  DISTANCE_METRIC_NAMES,
  DISTANCE_SCALES,
  NETWORK_ORIGINS,
  NETWORK_STATUSES,
  type CustomDatasetInfo,
  type Checkpoint,
  type DatasetSpec,
  type EpochMetrics,
  type HyperParams,
  type LayerActivations,
  type NetworkRecord,
  type PhateParams,
  type PhateResult,
  type Population,
  type ProbeSet,
  type Provenance,
} from '../types';
import { DATASET_INFO } from '../datasets';
import { BundleError, fail } from './errors';
import { decodeTensor, describe } from './tensor';
import { DatasetSpecSchema, HyperParamsSchema, parseOrFail } from './schema';
import { hiddenLayerWidths } from '../architecture';

export const BUNDLE_FORMAT = 'netmanifold-population';
export const BUNDLE_VERSION = 1;

const STATUSES = NETWORK_STATUSES;
const METRICS = DISTANCE_METRIC_NAMES;
const ORIGINS = NETWORK_ORIGINS;

/** provenance.dataset of a population on a custom (not shipped) dataset; see Provenance.customDataset. */
export const CUSTOM_DATASET_PLACEHOLDER: Readonly<DatasetSpec> = Object.freeze({ name: 'digits', seed: -1 });

type Obj = Record<string, unknown>;

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path || 'bundle', `expected an object, got ${describe(v)}`);
  return v as Obj;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${describe(v)}`);
  return v;
}

function req(o: Obj, key: string, path: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(o, key) || o[key] === undefined) fail(at(path, key), 'missing');
  return o[key];
}

const has = (o: Obj, key: string) => Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;

function str(v: unknown, path: string, nonEmpty = false): string {
  if (typeof v !== 'string') fail(path, `expected a string, got ${describe(v)}`);
  if (nonEmpty && v.length === 0) fail(path, 'expected a non-empty string');
  return v;
}

function oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    fail(path, `expected one of ${values.map((x) => `"${x}"`).join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

interface Range {
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Exclusive upper bound. */
  below?: number;
}

function checkRange(x: number, path: string, r: Range): void {
  if (r.min !== undefined && x < r.min) fail(path, `expected ≥ ${r.min}, got ${x}`);
  if (r.max !== undefined && x > r.max) fail(path, `expected ≤ ${r.max}, got ${x}`);
  if (r.above !== undefined && !(x > r.above)) fail(path, `expected > ${r.above}, got ${x}`);
  if (r.below !== undefined && !(x < r.below)) fail(path, `expected < ${r.below}, got ${x}`);
}

/** A finite number. */
function num(v: unknown, path: string, r: Range = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `expected a finite number, got ${describe(v)}`);
  checkRange(v, path, r);
  return v;
}

function int(v: unknown, path: string, r: Range = {}): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(path, `expected an integer, got ${describe(v)}`);
  checkRange(v, path, r);
  return v;
}

/**
 * A number that may legitimately be non-finite (metrics of diverged networks).
 * JSON has no NaN, so the encoder writes "NaN", "Infinity" and "-Infinity" as strings.
 */
function numOrNonFinite(v: unknown, path: string, r: Range = {}): number {
  let x: number;
  if (typeof v === 'number') x = v;
  else if (v === 'NaN') x = NaN;
  else if (v === 'Infinity') x = Infinity;
  else if (v === '-Infinity') x = -Infinity;
  else fail(path, `expected a number (or "NaN", "Infinity", "-Infinity"), got ${describe(v)}`);
  if (Number.isFinite(x)) checkRange(x, path, r);
  return x;
}

// ---------------------------------------------------------------- pieces

function datasetSpec(v: unknown, path: string): DatasetSpec {
  return parseOrFail(DatasetSpecSchema, v, path);
}

function phateParams(v: unknown, path: string): PhateParams {
  const o = obj(v, path);
  const tRaw = req(o, 't', path);
  const p: PhateParams = {
    knn: int(req(o, 'knn', path), at(path, 'knn'), { min: 1 }),
    decay: num(req(o, 'decay', path), at(path, 'decay'), { above: 0 }),
    t: tRaw === 'auto' ? 'auto' : int(tRaw, at(path, 't'), { min: 1 }),
    gamma: num(req(o, 'gamma', path), at(path, 'gamma')),
    nComponents: int(req(o, 'nComponents', path), at(path, 'nComponents'), { min: 1 }),
    solver: str(req(o, 'solver', path), at(path, 'solver'), true),
    seed: int(req(o, 'seed', path), at(path, 'seed')),
  };
  if (has(o, 'tMax')) p.tMax = int(o.tMax, at(path, 'tMax'), { min: 1 });
  return p;
}

function provenance(v: unknown, path: string): Provenance {
  const o = obj(v, path);
  const probe = obj(req(o, 'probe', path), at(path, 'probe'));
  const mp = at(path, 'metric');
  const m = obj(req(o, 'metric', path), mp);
  const metric: Provenance['metric'] = { name: oneOf(req(m, 'name', mp), at(mp, 'name'), METRICS) };
  if (has(m, 'layer')) metric.layer = m.layer === 'last' ? 'last' : int(m.layer, at(mp, 'layer'), { min: 0 });
  if (has(m, 'sigma')) metric.sigma = num(m.sigma, at(mp, 'sigma'), { above: 0 });
  if (has(m, 'scale')) metric.scale = oneOf(m.scale, at(mp, 'scale'), DISTANCE_SCALES);
  if (has(m, 'tau')) metric.tau = int(m.tau, at(mp, 'tau'), { min: 1 });
  const createdAt = str(req(o, 'createdAt', path), at(path, 'createdAt'));
  if (Number.isNaN(Date.parse(createdAt))) fail(at(path, 'createdAt'), `expected an ISO date, got ${describe(createdAt)}`);
  const prov: Provenance = {
    dataset: datasetSpec(req(o, 'dataset', path), at(path, 'dataset')),
    probe: {
      n: int(req(probe, 'n', at(path, 'probe')), at(path, 'probe.n'), { min: 1 }),
      seed: int(req(probe, 'seed', at(path, 'probe')), at(path, 'probe.seed')),
    },
    metric,
    phate: phateParams(req(o, 'phate', path), at(path, 'phate')),
    generator: str(req(o, 'generator', path), at(path, 'generator')),
    createdAt,
  };
  if (has(o, 'customDataset')) {
    prov.customDataset = customDataset(o.customDataset, at(path, 'customDataset'));
    const d = prov.dataset;
    if (d.name !== CUSTOM_DATASET_PLACEHOLDER.name || d.seed !== CUSTOM_DATASET_PLACEHOLDER.seed) {
      fail(at(path, 'dataset'), `must be the placeholder {"name": "digits", "seed": -1} when customDataset is set`);
    }
  }
  return prov;
}

function customDataset(v: unknown, path: string): CustomDatasetInfo {
  const o = obj(v, path);
  const c: CustomDatasetInfo = {
    name: str(req(o, 'name', path), at(path, 'name'), true),
    inputDim: int(req(o, 'inputDim', path), at(path, 'inputDim'), { min: 1 }),
    numClasses: int(req(o, 'numClasses', path), at(path, 'numClasses'), { min: 1 }),
  };
  if (has(o, 'classNames')) {
    const cp = at(path, 'classNames');
    c.classNames = arr(o.classNames, cp).map((x, i) => str(x, `${cp}[${i}]`));
    if (c.classNames.length !== c.numClasses) fail(cp, `expected ${c.numClasses} names, got ${c.classNames.length}`);
  }
  return c;
}

function probeSet(v: unknown, path: string): ProbeSet {
  const o = obj(v, path);
  const n = int(req(o, 'n', path), at(path, 'n'), { min: 1 });
  const inputDim = int(req(o, 'inputDim', path), at(path, 'inputDim'), { min: 1 });
  const indices = decodeTensor(req(o, 'indices', path), at(path, 'indices'), [n], ['i32'], 'i32');
  for (let i = 0; i < n; i++) if (indices[i] < 0) fail(at(path, 'indices'), `entry ${i} is negative (${indices[i]})`);
  const x = decodeTensor(req(o, 'x', path), at(path, 'x'), [n, inputDim], ['f32', 'f64'], 'f32');
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) fail(at(path, 'x'), `entry ${i} is not finite (${x[i]})`);
  const labels = decodeTensor(req(o, 'labels', path), at(path, 'labels'), [n], ['i32'], 'i32');
  for (let i = 0; i < n; i++) if (labels[i] < 0) fail(at(path, 'labels'), `entry ${i} is negative (${labels[i]})`);
  const probe: ProbeSet = { seed: int(req(o, 'seed', path), at(path, 'seed')), n, inputDim, indices, x, labels };
  if (has(o, 'inputsMissing')) {
    if (typeof o.inputsMissing !== 'boolean') fail(at(path, 'inputsMissing'), `expected true or false, got ${describe(o.inputsMissing)}`);
    if (o.inputsMissing) probe.inputsMissing = true;
  }
  return probe;
}

function hyperParams(v: unknown, path: string): HyperParams {
  return parseOrFail(HyperParamsSchema, v, path);
}

function epochMetrics(v: unknown, path: string): EpochMetrics {
  const o = obj(v, path);
  const loss = (k: string) => numOrNonFinite(req(o, k, path), at(path, k), { min: 0 });
  const acc = (k: string) => numOrNonFinite(req(o, k, path), at(path, k), { min: 0, max: 1 });
  return {
    epoch: int(req(o, 'epoch', path), at(path, 'epoch'), { min: 0 }),
    trainLoss: loss('trainLoss'),
    trainAcc: acc('trainAcc'),
    testLoss: loss('testLoss'),
    testAcc: acc('testAcc'),
  };
}

function layerList(v: unknown, path: string, n: number, hp: HyperParams): LayerActivations[] {
  const widths = hiddenLayerWidths(hp);
  const where = hp.architecture === 'mlp' ? 'hp.widths' : `hp (${hp.architecture})`;
  const seen = new Set<number>();
  return arr(v, path).map((lv, i) => {
    const p = `${path}[${i}]`;
    const o = obj(lv, p);
    const layer = int(req(o, 'layer', p), at(p, 'layer'), { min: 0, max: widths.length - 1 });
    if (seen.has(layer)) fail(at(p, 'layer'), `hidden layer ${layer} appears twice`);
    seen.add(layer);
    const width = int(req(o, 'width', p), at(p, 'width'), { min: 1 });
    if (width !== widths[layer]) fail(at(p, 'width'), `hidden layer ${layer} has width ${widths[layer]} in ${where}, got ${width}`);
    const data = decodeTensor(req(o, 'data', p), at(p, 'data'), [n, width], ['f32', 'f16'], 'f32');
    return { layer, width, data };
  });
}

function network(v: unknown, path: string, n: number): NetworkRecord {
  const o = obj(v, path);
  const hp = hyperParams(req(o, 'hp', path), at(path, 'hp'));
  const hpath = at(path, 'history');
  const net: NetworkRecord = {
    id: str(req(o, 'id', path), at(path, 'id'), true),
    hp,
    status: oneOf(req(o, 'status', path), at(path, 'status'), STATUSES),
    history: arr(req(o, 'history', path), hpath).map((e, i) => epochMetrics(e, `${hpath}[${i}]`)),
    final: epochMetrics(req(o, 'final', path), at(path, 'final')),
    layers: layerList(req(o, 'layers', path), at(path, 'layers'), n, hp),
  };
  if (has(o, 'statusReason')) net.statusReason = str(o.statusReason, at(path, 'statusReason'));
  if (has(o, 'checkpoints')) {
    const cp = at(path, 'checkpoints');
    net.checkpoints = arr(o.checkpoints, cp).map((c, i): Checkpoint => {
      const p = `${cp}[${i}]`;
      const co = obj(c, p);
      return {
        epoch: int(req(co, 'epoch', p), at(p, 'epoch'), { min: 0 }),
        layers: layerList(req(co, 'layers', p), at(p, 'layers'), n, hp),
      };
    });
  }
  if (has(o, 'origin')) net.origin = oneOf(o.origin, at(path, 'origin'), ORIGINS);
  if (has(o, 'extraHyperParams')) {
    const xp = at(path, 'extraHyperParams');
    const xo = obj(o.extraHyperParams, xp);
    const extra: Record<string, string | number | boolean | null> = {};
    for (const k of Object.keys(xo)) {
      const x = xo[k];
      if (!(x === null || typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)))) {
        fail(`${xp}.${k}`, `expected a string, finite number, boolean or null, got ${describe(x)}`);
      }
      extra[k] = x as string | number | boolean | null;
    }
    net.extraHyperParams = extra;
  }
  if (has(o, 'trainSeconds')) net.trainSeconds = num(o.trainSeconds, at(path, 'trainSeconds'), { min: 0 });
  if (has(o, 'features')) {
    const fp = at(path, 'features');
    const fo = obj(o.features, fp);
    const features: Record<string, number> = {};
    for (const k of Object.keys(fo)) features[k] = numOrNonFinite(fo[k], `${fp}.${k}`);
    net.features = features;
  }
  if (has(o, 'layerProfile')) {
    const lp = at(path, 'layerProfile');
    const lo = obj(o.layerProfile, lp);
    const layers = arr(req(lo, 'layers', lp), at(lp, 'layers')).map((v, i) => int(v, `${lp}.layers[${i}]`, { min: 0 }));
    const fo = obj(req(lo, 'features', lp), at(lp, 'features'));
    const features: Record<string, number[]> = {};
    for (const k of Object.keys(fo)) {
      const vp = `${lp}.features.${k}`;
      const vs = arr(fo[k], vp);
      if (vs.length !== layers.length) fail(vp, `expected ${layers.length} values (one per layer), got ${vs.length}`);
      features[k] = vs.map((v, i) => numOrNonFinite(v, `${vp}[${i}]`));
    }
    net.layerProfile = { layers, features };
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

function embedding(v: unknown, path: string, nets: NetworkRecord[]): PhateResult {
  const o = obj(v, path);
  const N = nets.length;
  const k = int(req(o, 'nComponents', path), at(path, 'nComponents'), { min: 1 });
  const ep = at(path, 'embedding');
  const Y = decodeTensor(req(o, 'embedding', path), ep, [N, k], ['f64', 'f32'], 'f64');
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
  const vneRaw = obj(req(o, 'vne', path), at(path, 'vne'));
  const vneLen =
    Array.isArray(vneRaw.shape) && vneRaw.shape.length === 1 && Number.isInteger(vneRaw.shape[0]) && (vneRaw.shape[0] as number) >= 0
      ? (vneRaw.shape[0] as number)
      : fail(at(path, 'vne.shape'), `expected [length], got ${describe(vneRaw.shape)}`);
  const vne = decodeTensor(vneRaw, at(path, 'vne'), [vneLen], ['f64', 'f32'], 'f64');
  const res: PhateResult = {
    embedding: Y,
    nComponents: k,
    t: num(req(o, 't', path), at(path, 't'), { min: 0 }),
    vne,
    components: int(req(o, 'components', path), at(path, 'components'), { min: 0 }),
  };
  if (has(o, 'timings')) {
    const tp = at(path, 'timings');
    const to = obj(o.timings, tp);
    const timings: Record<string, number> = {};
    for (const key of Object.keys(to)) timings[key] = num(to[key], `${tp}.${key}`, { min: 0 });
    res.timings = timings;
  }
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
  const o = obj(doc, '');
  if (!has(o, 'format')) fail('format', `missing; this is not a Netmanifold population bundle (expected "format": "${BUNDLE_FORMAT}")`);
  if (o.format !== BUNDLE_FORMAT)
    fail('format', `expected "${BUNDLE_FORMAT}", got ${describe(o.format)}; this is not a Netmanifold population bundle`);
  const version = int(req(o, 'version', ''), 'version', { min: 1 });
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
  const o = checkHeader(doc);
  const probe = probeSet(req(o, 'probe', ''), 'probe');
  const prov = provenance(req(o, 'provenance', ''), 'provenance');
  // provenance.probe is the request; the drawn probe can be smaller (capped by a small test split), never larger.
  if (prov.probe.n < probe.n) fail('provenance.probe.n', `requested ${prov.probe.n} probe points but probe.n = ${probe.n} were stored`);
  probeAgreesWithDataset(probe, prov);
  const netsIn = arr(req(o, 'networks', ''), 'networks');
  if (netsIn.length === 0) fail('networks', 'the bundle has no networks (an empty population cannot be shown)');
  const networks = netsIn.map((v, i) => network(v, `networks[${i}]`, probe.n));
  const ids = new Map<string, number>();
  networks.forEach((net, i) => {
    const prev = ids.get(net.id);
    if (prev !== undefined) fail(`networks[${i}].id`, `duplicate id "${net.id}" (also networks[${prev}].id)`);
    ids.set(net.id, i);
  });
  const pop: Population = {
    id: str(req(o, 'id', ''), 'id', true),
    name: str(req(o, 'name', ''), 'name'),
    provenance: prov,
    probe,
    networks,
  };
  if (has(o, 'distances')) pop.distances = distances(o.distances, 'distances', networks);
  if (has(o, 'embedding')) pop.embedding = embedding(o.embedding, 'embedding', networks);
  return pop;
}
