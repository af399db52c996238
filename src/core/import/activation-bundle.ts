// Activation bundles (docs/activation-bundle.md): populations trained elsewhere
// (PyTorch, JAX, Keras…) brought in as their probe activations. Input is a zip
// holding manifest.json + .npy files, or a manifest with inline arrays (plus,
// optionally, its .npy files passed separately, e.g. from a dropped folder).
// The result is an ordinary Population, checked by the bundle validator, so it
// flows through the same distance/PHATE pipeline. The manifest's structure is
// declared in manifest-schema.ts; this file loads its arrays and checks what
// depends on them (shapes, labels in range, ids). Every problem is a BundleError
// naming the manifest path and what is wrong.
import { BundleError, fail } from '../bundle/errors';
import { CUSTOM_DATASET_PLACEHOLDER, validatePopulationDocument } from '../bundle/validate';
import { populationToDocument } from '../bundle/codec';
import { DATASET_INFO, DatasetNotLoadedError, loadDataset } from '../datasets';
import { DEFAULT_VIEW_STATE } from '../viewstate/schema';
import type {
  CustomDatasetInfo,
  DatasetName,
  DatasetSpec,
  EpochMetrics,
  HyperParams,
  LayerActivations,
  NetworkRecord,
  Population,
  ProbeSet,
} from '../types';
import { NpyError, isNpy, parseNpy, type NpyArray } from './npy';
import { checkShippedProbe } from './shipped-dataset-check';
import {
  HP_ALIASES,
  HyperParamNotes,
  type HyperParamField,
  activationOf,
  initOf,
  isScheduleName,
  numberOf,
  optimizerOf,
  widthsOf,
} from './hyperparameter-names';
import { unzipChecked } from './zip';
import {
  describe,
  parseManifest,
  type ManifestDataset,
  type ManifestEpoch,
  type ManifestNetwork,
  type ManifestProbe,
} from './manifest-schema';

export { ACTIVATION_BUNDLE_FORMAT, ACTIVATION_BUNDLE_VERSION } from './manifest-schema';

/** Total uncompressed size accepted from a zip. */
export const MAX_UNZIPPED_BYTES = 1024 ** 3;

export interface ActivationImportOptions {
  /** Files beside the manifest (path relative to it → bytes), when not given as a zip. */
  files?: Record<string, Uint8Array>;
  /** Population id if the manifest has none (default: derived from the name). */
  id?: string;
}

export interface ActivationImportResult {
  population: Population;
  /** Things filled in or ignored, in words, aggregated over networks. */
  warnings: string[];
}

type Obj = Record<string, unknown>;
type Files = Map<string, Uint8Array>;

const SHIPPED = Object.keys(DATASET_INFO) as DatasetName[];

/** What `hp` holds where the bundle gives no usable value (never shown: see shownHyperParam). */
const HP_PLACEHOLDERS: Omit<HyperParams, 'architecture' | 'widths' | 'epochs'> = {
  activation: 'relu',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 32,
  dropout: 0,
  l2: 0,
  init: 'glorot_uniform',
  seed: 0,
};

/** First present key among spellings (snake_case and camelCase are both accepted). */
function pick(o: Obj, ...names: string[]): [string, unknown] | undefined {
  for (const n of names) if (Object.prototype.hasOwnProperty.call(o, n) && o[n] !== undefined && o[n] !== null) return [n, o[n]];
  return undefined;
}

// ---------------------------------------------------------------- input: zip, manifest, files

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5);

function normalisePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}

function unzip(bytes: Uint8Array): { manifest: Uint8Array; files: Files } {
  let total = 0;
  // CRC-32 and size of every entry verified (zip.ts).
  const entries = unzipChecked(bytes, (f) => {
    total += f.originalSize;
    if (total > MAX_UNZIPPED_BYTES) throw new BundleError('', `the zip unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 ** 2} MiB`);
    return !f.name.endsWith('/');
  });
  // manifest.json at the top, or in a single top folder (zips of a folder).
  const names = Object.keys(entries).map(normalisePath);
  const manifests = names
    .filter((n) => n === 'manifest.json' || n.endsWith('/manifest.json'))
    .sort((a, b) => a.split('/').length - b.split('/').length);
  if (manifests.length === 0)
    throw new BundleError('', `the zip has no manifest.json (it holds: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''})`);
  const dir = manifests[0].slice(0, manifests[0].length - 'manifest.json'.length);
  const files: Files = new Map();
  for (const [name, data] of Object.entries(entries)) {
    const n = normalisePath(name);
    if (n.startsWith(dir)) files.set(n.slice(dir.length), data);
  }
  return { manifest: files.get('manifest.json')!, files };
}

function parseManifestText(bytes: Uint8Array | string): unknown {
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BundleError('', 'manifest is not UTF-8 text');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BundleError(
      '',
      `manifest is not JSON (${e instanceof Error ? e.message : String(e)}); it starts with "${text.slice(0, 40).replace(/\s+/g, ' ')}"`,
    );
  }
}

// ---------------------------------------------------------------- arrays: inline JSON or .npy

interface Array2D {
  rows: number;
  cols: number;
  data: Float32Array | Float64Array | Int32Array;
}

/** A numeric array given inline (nested lists) or as a .npy file name; flattened to rows × (product of the rest). */
function loadArray(v: unknown, path: string, files: Files): Array2D {
  if (typeof v === 'string') {
    const name = normalisePath(v);
    if (name.split('/').includes('..')) fail(path, `file references may not leave the bundle folder ("${v}")`);
    const bytes = files.get(name);
    if (!bytes)
      fail(
        path,
        `file "${v}" is not in the bundle${files.size ? '' : ' (no files were given beside the manifest; import the zip or the whole folder)'}`,
      );
    if (!isNpy(bytes)) fail(path, `"${v}" is not a .npy file`);
    let a: NpyArray;
    try {
      a = parseNpy(bytes, v);
    } catch (e) {
      if (e instanceof NpyError) fail(path, e.message);
      throw e;
    }
    if (a.shape.length === 0) fail(path, `"${v}" holds a scalar, expected an array`);
    const rows = a.shape[0];
    return { rows, cols: rows === 0 ? 0 : a.data.length / rows, data: a.data };
  }
  if (!Array.isArray(v)) fail(path, `expected a .npy file name or an inline array, got ${describe(v)}`);
  const rows = v.length;
  if (rows === 0) return { rows: 0, cols: 0, data: new Float64Array(0) };
  const flat: number[] = [];
  let cols = -1;
  const flatten = (x: unknown, p: string): void => {
    if (Array.isArray(x)) for (let i = 0; i < x.length; i++) flatten(x[i], p);
    else if (typeof x === 'number') flat.push(x);
    else if (x === 'NaN') flat.push(NaN);
    else fail(p, `expected numbers, got ${describe(x)}`);
  };
  for (let r = 0; r < rows; r++) {
    const before = flat.length;
    flatten(v[r], `${path}[${r}]`);
    const c = flat.length - before;
    if (cols >= 0 && c !== cols) fail(`${path}[${r}]`, `row has ${c} values, row 0 has ${cols} (ragged array)`);
    cols = c;
  }
  return { rows, cols, data: Float64Array.from(flat) };
}

function toInt32(a: Array2D, path: string): Int32Array {
  if (a.data instanceof Int32Array) return a.data;
  const out = new Int32Array(a.data.length);
  for (let i = 0; i < out.length; i++) {
    const x = a.data[i];
    if (!Number.isInteger(x) || x < -2147483648 || x > 2147483647) fail(path, `entry ${i} is not an integer (${x})`);
    out[i] = x;
  }
  return out;
}

const toFloat32 = (a: Array2D) => (a.data instanceof Float32Array ? a.data : Float32Array.from(a.data));

// ---------------------------------------------------------------- manifest pieces

interface DatasetOfManifest {
  spec: DatasetSpec;
  custom?: CustomDatasetInfo;
  inputDim: number;
  numClasses: number;
  /** Custom sets: whether input_dim was given (else it is taken from the probe inputs). */
  inputDimStated: boolean;
}

function datasetOf(d: ManifestDataset, path: string): DatasetOfManifest {
  const { name, inputDim, numClasses } = d;
  if ((SHIPPED as string[]).includes(name)) {
    const info = DATASET_INFO[name as DatasetName];
    if (inputDim !== undefined && inputDim !== info.inputDim)
      fail(`${path}.${d.spelled.inputDim}`, `"${name}" has ${info.inputDim} inputs, the manifest says ${inputDim}`);
    if (numClasses !== undefined && numClasses !== info.numClasses)
      fail(`${path}.${d.spelled.numClasses}`, `"${name}" has ${info.numClasses} classes, the manifest says ${numClasses}`);
    const spec: DatasetSpec = { name: name as DatasetName, seed: d.seed ?? 0 };
    if (d.samples !== undefined) spec.samples = d.samples;
    if (d.noise !== undefined) spec.noise = d.noise;
    return { spec, inputDim: info.inputDim, numClasses: info.numClasses, inputDimStated: true };
  }
  if (numClasses === undefined)
    fail(`${path}.num_classes`, `missing; "${name}" is not a shipped dataset (${SHIPPED.join(', ')}), so give num_classes (and input_dim)`);
  const custom: CustomDatasetInfo = { name, inputDim: inputDim ?? 1, numClasses };
  if (d.classNames) {
    if (d.classNames.length !== numClasses)
      fail(`${path}.${d.spelled.classNames}`, `expected ${numClasses} names, got ${d.classNames.length}`);
    custom.classNames = d.classNames.slice();
  }
  return {
    spec: { ...CUSTOM_DATASET_PLACEHOLDER },
    custom,
    inputDim: custom.inputDim,
    numClasses: custom.numClasses,
    inputDimStated: inputDim !== undefined,
  };
}

function probeOf(p: ManifestProbe, path: string, files: Files, ds: DatasetOfManifest): ProbeSet {
  const lp = `${path}.${p.spelled.labels}`;
  const la = loadArray(p.labels, lp, files);
  if (la.cols !== 1 && la.rows > 0) fail(lp, `expected a 1-D array of class labels, got ${la.rows} × ${la.cols} (one-hot? save argmax)`);
  const n = la.rows;
  if (n < 2) fail(lp, `expected at least 2 probe points, got ${n}`);
  const labels = toInt32(la, lp);
  for (let i = 0; i < n; i++)
    if (labels[i] < 0 || labels[i] >= ds.numClasses) fail(lp, `label ${labels[i]} at ${i} is outside 0..${ds.numClasses - 1}`);

  let inputDim = ds.inputDim;
  let x: Float32Array;
  let inputsMissing = false;
  if (p.x !== undefined) {
    const xp = `${path}.${p.spelled.x}`;
    const xa = loadArray(p.x, xp, files);
    if (xa.rows !== n) fail(xp, `has ${xa.rows} rows but there are ${n} labels`);
    if (!ds.inputDimStated) inputDim = xa.cols;
    if (xa.cols !== inputDim) fail(xp, `has ${xa.cols} values per input, the dataset has ${inputDim}`);
    x = toFloat32(xa);
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) fail(xp, `entry ${i} is not finite`);
  } else {
    x = new Float32Array(n * inputDim);
    inputsMissing = true;
  }
  let indices: Int32Array;
  if (p.indices !== undefined) {
    const ia = loadArray(p.indices, `${path}.indices`, files);
    if (ia.rows !== n || (ia.cols !== 1 && n > 0)) fail(`${path}.indices`, `expected ${n} indices, got ${ia.rows} × ${ia.cols}`);
    indices = toInt32(ia, `${path}.indices`);
    for (let i = 0; i < n; i++) if (indices[i] < 0) fail(`${path}.indices`, `entry ${i} is negative`);
  } else {
    indices = Int32Array.from({ length: n }, (_, i) => i);
  }
  const probe: ProbeSet = {
    seed: p.seed ?? 0,
    n,
    inputDim,
    indices,
    x,
    labels,
  };
  if (inputsMissing) probe.inputsMissing = true;
  if (ds.custom) ds.custom.inputDim = inputDim;
  return probe;
}

/** Metrics the manifest gives (schema-checked); NaN where not given. */
function epochMetrics(m: Omit<ManifestEpoch, 'epoch' | 'spelled'> | undefined, epoch: number): EpochMetrics {
  return {
    epoch,
    trainLoss: m?.trainLoss ?? NaN,
    trainAcc: m?.trainAcc ?? NaN,
    testLoss: m?.testLoss ?? NaN,
    testAcc: m?.testAcc ?? NaN,
  };
}

/** One array per hidden layer (the schema saw a non-empty list), each n × width. */
function layersOf(v: unknown[], path: string, files: Files, n: number): LayerActivations[] {
  return v.map((a, l) => {
    const p = `${path}[${l}]`;
    const arr = loadArray(a, p, files);
    if (arr.rows !== n) fail(p, `has ${arr.rows} rows, expected one per probe point (${n})`);
    if (arr.cols < 1) fail(p, 'has no units');
    return { layer: l, width: arr.cols, data: toFloat32(arr) };
  });
}

/**
 * HyperParams of one network from its `hyperparameters` object, in the names
 * of core/import/hyperparameter-names (Keras, PyTorch, sklearn). A field with
 * no usable value keeps a placeholder in `hp`, is listed in extra.defaulted and
 * keeps what was written in `extra` (shown by shownHyperParam); `notes` counts
 * it per field.
 */
function hyperParamsOf(
  v: Obj | undefined,
  widths: number[],
  epochs: number,
  notes: HyperParamNotes,
): { hp: HyperParams; extra: Record<string, string | number | boolean | null> } {
  const o = v ?? {};
  const used = new Set<string>();
  const extra: Record<string, string | number | boolean | null> = {};
  const defaulted: string[] = [];
  const choose = <T>(k: HyperParamField, parse: (x: unknown) => T | undefined, placeholder: T, derived?: { value: T; how: string }): T => {
    // First spelling with a usable value; else the first one given, kept as written.
    let given: [string, unknown] | undefined;
    for (const key of HP_ALIASES[k]) {
      const f = pick(o, key);
      if (!f || isScheduleName(key, f[1])) continue;
      const val = parse(f[1]);
      if (val !== undefined) {
        used.add(key);
        return val;
      }
      given ??= f;
    }
    if (given) {
      used.add(given[0]);
      extra[given[0]] = typeof given[1] === 'object' ? JSON.stringify(given[1]) : (given[1] as string | number | boolean);
      notes.keptAsGiven(k, typeof given[1] === 'object' ? JSON.stringify(given[1]) : String(given[1]));
    } else if (derived) {
      notes.derivedFrom(k, derived.how);
      return derived.value;
    } else {
      notes.notGiven(k);
    }
    defaulted.push(k);
    return placeholder;
  };
  const num = (ok: (x: number) => boolean) => (x: unknown) => {
    const n = numberOf(x);
    return n !== undefined && Number.isFinite(n) && ok(n) ? n : undefined;
  };

  const givenWidths = pick(o, ...HP_ALIASES.widths);
  if (givenWidths) {
    used.add(givenWidths[0]);
    const w = widthsOf(givenWidths[1]);
    if (!(Array.isArray(w) && w.length === widths.length && w.every((x, i) => x === widths[i]))) {
      extra[givenWidths[0]] = JSON.stringify(givenWidths[1]);
      notes.add('hyperparameter widths differ from the activation widths; the activation widths are used');
    }
  }
  const hp: HyperParams = {
    // Imported activations are read as a stack of dense hidden layers of these widths.
    architecture: 'mlp',
    widths,
    activation: choose('activation', activationOf, HP_PLACEHOLDERS.activation),
    optimizer: choose('optimizer', (x) => optimizerOf(x, o), HP_PLACEHOLDERS.optimizer),
    learningRate: choose(
      'learningRate',
      num((x) => x > 0),
      HP_PLACEHOLDERS.learningRate,
    ),
    batchSize: choose(
      'batchSize',
      num((x) => Number.isInteger(x) && x >= 1),
      HP_PLACEHOLDERS.batchSize,
    ),
    epochs: choose(
      'epochs',
      num((x) => Number.isInteger(x) && x >= 0),
      0,
      epochs > 0 ? { value: epochs, how: 'taken from the last epoch of the metrics history' } : undefined,
    ),
    dropout: choose(
      'dropout',
      num((x) => x >= 0 && x < 1),
      HP_PLACEHOLDERS.dropout,
    ),
    l2: choose(
      'l2',
      num((x) => x >= 0),
      HP_PLACEHOLDERS.l2,
    ),
    init: choose('init', initOf, HP_PLACEHOLDERS.init),
    seed: choose(
      'seed',
      num((x) => Number.isInteger(x)),
      HP_PLACEHOLDERS.seed,
    ),
  };
  for (const [k, x] of Object.entries(o)) {
    if (used.has(k) || x === undefined) continue;
    extra[k] =
      x === null || typeof x === 'string' || typeof x === 'boolean'
        ? x
        : typeof x === 'number' && Number.isFinite(x)
          ? x
          : JSON.stringify(x);
  }
  if (defaulted.length) extra.defaulted = defaulted.join(',');
  return { hp, extra };
}

function networkOf(m: ManifestNetwork, path: string, files: Files, n: number, tally: HyperParamNotes): NetworkRecord {
  const id = String(m.id);
  const layers = layersOf(m.layers, `${path}.${m.spelled.layers}`, files, n);
  const widths = layers.map((l) => l.width);
  const history = (m.metrics?.history ?? []).map((e, i) => epochMetrics(e, e.epoch ?? i + 1));
  const lastEpoch = history.length ? history[history.length - 1].epoch : 0;
  const { hp, extra } = hyperParamsOf(m.hyperparameters, widths, lastEpoch, tally);
  let final = epochMetrics(m.metrics, hp.epochs);
  if (history.length && [final.trainLoss, final.trainAcc, final.testLoss, final.testAcc].every(Number.isNaN))
    final = { ...history[history.length - 1] };
  if (Number.isNaN(final.testAcc)) tally.add('test accuracy not given');

  const net: NetworkRecord = {
    id,
    hp,
    status: m.status ?? 'ok',
    history,
    final,
    layers,
    origin: 'imported-activations',
    extraHyperParams: extra,
  };
  if (m.statusReason !== undefined) net.statusReason = m.statusReason;
  if (m.checkpoints) {
    net.checkpoints = m.checkpoints.map((c, i) => {
      const p = `${path}.checkpoints[${i}]`;
      const ap = `${p}.${c.spelled.layers}`;
      const cl = layersOf(c.layers, ap, files, n);
      cl.forEach((l, j) => {
        if (l.width !== widths[j]) fail(`${ap}[${j}]`, `has width ${l.width}, the final activations have ${widths[j]}`);
      });
      if (cl.length !== widths.length) fail(ap, `has ${cl.length} layers, the final activations have ${widths.length}`);
      return { epoch: c.epoch, layers: cl };
    });
  }
  return net;
}

// ---------------------------------------------------------------- entry point

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 48) || 'imported'
  );
}

/**
 * Import an activation bundle: zip bytes (manifest.json + .npy files), manifest
 * JSON bytes/text, or a parsed manifest object (with `opts.files` for its .npy
 * references). Throws BundleError (with the manifest path) on anything wrong.
 */
export function importActivationBundle(
  input: Uint8Array | ArrayBuffer | string | object,
  opts: ActivationImportOptions = {},
): ActivationImportResult {
  try {
    return importUnsafe(input, opts);
  } catch (e) {
    // A declared file dataset (MNIST) not provided yet: the caller provides its bytes and retries.
    if (e instanceof BundleError || e instanceof DatasetNotLoadedError) throw e;
    throw new BundleError('', `invalid activation bundle: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function importUnsafe(input: Uint8Array | ArrayBuffer | string | object, opts: ActivationImportOptions): ActivationImportResult {
  let doc: unknown;
  let files: Files = new Map(Object.entries(opts.files ?? {}).map(([k, v]) => [normalisePath(k), v]));
  if (input instanceof ArrayBuffer || input instanceof Uint8Array) {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    if (isZip(bytes)) {
      const z = unzip(bytes);
      doc = parseManifestText(z.manifest);
      for (const [k, v] of files) if (!z.files.has(k)) z.files.set(k, v);
      files = z.files;
    } else if (isNpy(bytes)) {
      throw new BundleError(
        '',
        'this is a single .npy file; import the zip (or manifest.json with its .npy files) of an activation bundle',
      );
    } else {
      doc = parseManifestText(bytes);
    }
  } else if (typeof input === 'string') {
    doc = parseManifestText(input);
  } else {
    doc = input;
  }

  const m = parseManifest(doc);
  const ds = datasetOf(m.dataset, 'dataset');
  const probe = probeOf(m.probe, 'probe', files, ds);
  const shipped = ds.custom ? {} : checkShippedProbe(probe, loadDataset(ds.spec), m.probe.indices !== undefined);
  if (shipped.refuse) fail('probe', `declared as the shipped "${ds.spec.name}" dataset, but ${shipped.refuse}`);

  const tally = new HyperParamNotes();
  const networks = m.networks.map((v, i) => networkOf(v, `networks[${i}]`, files, probe.n, tally.network(i)));
  const seen = new Map<string, number>();
  networks.forEach((net, i) => {
    const prev = seen.get(net.id);
    if (prev !== undefined) fail(`networks[${i}].${m.networks[i].spelled.id}`, `duplicate id "${net.id}" (also networks[${prev}])`);
    seen.set(net.id, i);
  });

  const name = m.name || `Imported ${ds.custom?.name ?? ds.spec.name} population`;
  const createdAt = m.createdAt !== undefined && !Number.isNaN(Date.parse(m.createdAt)) ? m.createdAt : new Date().toISOString();
  const generator = m.generator || 'activation bundle';
  const { seed: _s, ...phate } = DEFAULT_VIEW_STATE.phate;
  const pop: Population = {
    id: m.id || (opts.id ?? `import-${slug(name)}`),
    name,
    provenance: {
      dataset: ds.spec,
      probe: { n: probe.n, seed: probe.seed },
      metric: { name: 'diffusion' },
      phate: { ...phate, seed: DEFAULT_VIEW_STATE.phate.seed },
      generator: `${generator} (imported activation bundle v${m.version})`,
      createdAt,
      ...(ds.custom ? { customDataset: ds.custom } : {}),
    },
    probe,
    networks,
  };
  const warnings = tally.lines(networks.length);
  if (probe.inputsMissing) warnings.unshift('the bundle has no probe inputs; views that show inputs are unavailable');
  if (shipped.warn) warnings.unshift(`declared as the shipped "${ds.spec.name}" dataset, but ${shipped.warn}`);
  // The same validator as population bundles: what comes out is a valid Population.
  return { population: validatePopulationDocument(populationToDocument(pop)), warnings };
}
