// A TF.js layers model as files (model.json + its .bin weight files), checked
// before TF.js sees it: model.json must be a layers model whose weightsManifest
// names files that were given, and each weight group's bytes must add up to what
// its specs declare (the only integrity check the format carries). The result
// is the ModelArtifacts object tf.io.fromMemory takes. Every problem is a
// TfjsImportError in words, never a TypeError/RangeError from inside TF.js.
import type * as tfType from '@tensorflow/tfjs';
import { TfjsImportError } from './tfjs-model';

type Tf = typeof tfType;
type Obj = Record<string, unknown>;

/** Largest model (model.json plus weights) fetched or read, in bytes: imported models are small classifiers. */
export const MAX_TFJS_MODEL_BYTES = 128 * 1024 * 1024;

/** Bytes per element of each weight dtype (after quantization, when quantized). */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
const QUANT_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const baseName = (p: string): string => p.split('/').pop() ?? p;

export interface TfjsWeightGroup {
  paths: string[];
  /** Bytes the group's specs need (sum over its weights). */
  bytes: number;
}

export interface CheckedModelJson {
  json: Obj;
  weightSpecs: tfType.io.WeightsManifestEntry[];
  groups: TfjsWeightGroup[];
}

/** Why model.json is not a usable layers model, or its checked manifest. Throws TfjsImportError. */
export function checkTfjsModelJson(json: unknown): CheckedModelJson {
  if (!isObj(json))
    throw new TfjsImportError('it is not a TF.js model.json (expected a JSON object with modelTopology and weightsManifest)');
  const topo = json.modelTopology;
  if (json.format === 'graph-model' || (isObj(topo) && 'node' in topo))
    throw new TfjsImportError(
      'it is a TF.js graph model (converted from a SavedModel or frozen graph), not a layers model; convert the Keras model with tensorflowjs_converter --output_format tfjs_layers_model',
    );
  if (!isObj(topo)) throw new TfjsImportError('it is not a TF.js layers model: model.json has no modelTopology');
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0)
    throw new TfjsImportError('its weights are missing: model.json lists no weight files (weightsManifest is empty or absent)');
  const weightSpecs: tfType.io.WeightsManifestEntry[] = [];
  const groups: TfjsWeightGroup[] = [];
  manifest.forEach((g, gi) => {
    const where = `weightsManifest[${gi}]`;
    if (!isObj(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights))
      throw new TfjsImportError(`model.json is damaged: ${where} needs "paths" and "weights" lists`);
    if (g.paths.length === 0 && g.weights.length > 0)
      throw new TfjsImportError(`model.json is damaged: ${where} lists weights but no weight files`);
    if (!g.paths.every((p) => typeof p === 'string' && p.length > 0))
      throw new TfjsImportError(`model.json is damaged: ${where}.paths must be file names`);
    let bytes = 0;
    g.weights.forEach((w, wi) => {
      const at = `${where}.weights[${wi}]`;
      if (!isObj(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || typeof w.dtype !== 'string')
        throw new TfjsImportError(`model.json is damaged: ${at} needs a name, a shape and a dtype`);
      if (!w.shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0))
        throw new TfjsImportError(
          `model.json is damaged: ${at} (${w.name}) has shape ${JSON.stringify(w.shape).slice(0, 60)}, not a list of sizes`,
        );
      let per = DTYPE_BYTES[w.dtype];
      if (per === undefined)
        throw new TfjsImportError(
          `${at} (${w.name}) has dtype "${String(w.dtype).slice(0, 20)}"; supported: ${Object.keys(DTYPE_BYTES).join(', ')}`,
        );
      if (w.quantization !== undefined) {
        const q = w.quantization;
        if (!isObj(q) || typeof q.dtype !== 'string' || QUANT_BYTES[q.dtype] === undefined)
          throw new TfjsImportError(`model.json is damaged: ${at} (${w.name}) has an unknown quantization`);
        per = QUANT_BYTES[q.dtype];
      }
      const count = (w.shape as number[]).reduce((a, b) => a * b, 1);
      if (!(count * per <= MAX_TFJS_MODEL_BYTES))
        throw new TfjsImportError(
          `${at} (${w.name}) would take ${count * per} bytes; at most ${MAX_TFJS_MODEL_BYTES / 1024 ** 2} MB is accepted for a model`,
        );
      bytes += count * per;
      weightSpecs.push(w as unknown as tfType.io.WeightsManifestEntry);
    });
    groups.push({ paths: g.paths as string[], bytes });
  });
  return { json, weightSpecs, groups };
}

/** Parse model.json text or bytes; throws TfjsImportError. */
export function parseTfjsModelJson(input: string | Uint8Array): CheckedModelJson {
  let text: string;
  try {
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new TfjsImportError('it is not a TF.js model.json: the file is not UTF-8 text');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TfjsImportError('it is not valid JSON (a TF.js model.json is a JSON file)');
  }
  return checkTfjsModelJson(json);
}

/** Base names of the weight files model.json needs, in manifest order. */
export function tfjsWeightFileNames(m: CheckedModelJson): string[] {
  return m.groups.flatMap((g) => g.paths.map(baseName));
}

/**
 * ModelArtifacts for tf.io.fromMemory from model.json and its weight files
 * (keyed by base name). Each group's files must hold exactly the bytes its
 * specs declare. Throws TfjsImportError.
 */
export function tfjsArtifacts(
  modelJson: string | Uint8Array | CheckedModelJson,
  weights: Record<string, Uint8Array>,
): tfType.io.ModelArtifacts {
  const m = typeof modelJson === 'string' || modelJson instanceof Uint8Array ? parseTfjsModelJson(modelJson) : modelJson;
  const missing = tfjsWeightFileNames(m).filter((n) => !Object.prototype.hasOwnProperty.call(weights, n));
  if (missing.length)
    throw new TfjsImportError(
      `its weight file${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'were' : 'was'} not given; select model.json together with its .bin files`,
    );
  let total = 0;
  for (const g of m.groups) for (const p of g.paths) total += weights[baseName(p)].length;
  if (total > MAX_TFJS_MODEL_BYTES)
    throw new TfjsImportError(
      `its weight files hold ${total} bytes; at most ${MAX_TFJS_MODEL_BYTES / 1024 ** 2} MB is accepted for a model`,
    );
  const data = new Uint8Array(total);
  let o = 0;
  for (const g of m.groups) {
    let got = 0;
    for (const p of g.paths) {
      const b = weights[baseName(p)];
      data.set(b, o);
      o += b.length;
      got += b.length;
    }
    if (got !== g.bytes) {
      throw new TfjsImportError(
        `its weight files do not match model.json: ${g.paths.map(baseName).join(', ')} hold${g.paths.length === 1 ? 's' : ''} ${got} bytes, model.json declares ${g.bytes} (truncated, or from another model?)`,
      );
    }
  }
  const j = m.json;
  const artifacts: tfType.io.ModelArtifacts = {
    modelTopology: j.modelTopology as tfType.io.ModelArtifacts['modelTopology'],
    weightSpecs: m.weightSpecs,
    weightData: data.buffer,
  };
  if (typeof j.format === 'string') artifacts.format = j.format;
  if (typeof j.generatedBy === 'string') artifacts.generatedBy = j.generatedBy;
  if (typeof j.convertedBy === 'string') artifacts.convertedBy = j.convertedBy;
  if (isObj(j.trainingConfig)) artifacts.trainingConfig = j.trainingConfig as unknown as tfType.io.TrainingConfig;
  return artifacts;
}

/** TF.js's own load errors, in the user's words. */
export function tfjsLoadErrorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (/Unknown layer|Improper config format|Unknown (?:initializer|activation|regularizer|constraint)/i.test(m))
    return `it is not a layers model TF.js can read here (${m})`;
  if (/values but has|should have \d+ values|Based on the provided shape/i.test(m))
    return `its weight files do not match model.json (${m})`;
  return `TF.js cannot build a model from it (${m.slice(0, 300)})`;
}

/** tf.loadLayersModel from checked artifacts; any failure becomes a TfjsImportError. */
export async function loadTfjsLayersModel(tf: Tf, artifacts: tfType.io.ModelArtifacts): Promise<tfType.LayersModel> {
  // A load that fails half-way leaves what it built behind: the tensors it
  // decoded (freed by the scope) and the variables of layers built so far
  // (variables are not scoped: the ones new since the start are disposed).
  const vars = tf.engine().registeredVariables;
  const before = new Set(Object.keys(vars));
  tf.engine().startScope();
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (e) {
    for (const name of Object.keys(vars)) if (!before.has(name)) vars[name].dispose();
    if (e instanceof TfjsImportError) throw e;
    throw new TfjsImportError(tfjsLoadErrorText(e));
  } finally {
    tf.engine().endScope();
  }
}
