// Datasets (METHODS §1): seeded synthetic 2-D sets, the 8x8 digits, MNIST (from a file whose bytes
// are provided first, see provided.ts) and modular addition, split into train/test by a seeded
// stratified draw. Same spec (and, for MNIST, the same checked file) → identical arrays.
import type { Dataset, DatasetName, DatasetSpec, SyntheticDatasetName } from '../types';
import { hashSeed, mulberry32 } from '../random';
import { SYNTHETIC_GENERATORS } from './synthetic';
import { loadDigitsRaw } from './digits';
import { modaddRaw } from './modadd';
import { mnistRaw } from './provided';
import { standardise, stratifiedSplit, stratifiedSubset, takeLabels, takeRows, takeScaledRows } from './split';
import { DATASET_INFO } from './info';
import { DATASET_NAMES as ALL_DATASET_NAMES } from '../types';

export { DATASET_INFO, MODADD_P, MNIST_FILE, MNIST_IMAGES, type DatasetInfo, type DatasetSource } from './info';
export {
  provideDatasetBytes,
  hasDatasetBytes,
  needsDatasetBytes,
  ensureDatasetBytes,
  DatasetNotLoadedError,
  type DatasetBytesSource,
} from './provided';
export { DatasetFileError } from './mnist';

export const DEFAULT_TEST_FRACTION = 0.25;

export const DATASET_NAMES: DatasetName[] = [...ALL_DATASET_NAMES];

export function isSynthetic(name: DatasetName): name is SyntheticDatasetName {
  return DATASET_INFO[name]?.synthetic === true;
}

/** The spec with every default filled in, so provenance records exactly what was generated. */
export function resolveDatasetSpec(spec: DatasetSpec): DatasetSpec {
  const info = DATASET_INFO[spec.name];
  if (!info) throw new Error(`unknown dataset '${spec.name}'`);
  const testFraction = spec.testFraction ?? DEFAULT_TEST_FRACTION;
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`testFraction must be in (0,1), got ${testFraction}`);
  const samples = spec.samples ?? info.defaultSamples;
  const checkSamples = (max: number) => {
    if (!(Number.isInteger(samples) && samples >= 4 * info.numClasses && samples <= max))
      throw new Error(`samples must be an integer from ${4 * info.numClasses} to ${max}, got ${samples}`);
  };
  if (info.source === 'file') {
    // A file set may be subsampled (a stratified draw of `samples` of its images).
    checkSamples(info.defaultSamples);
    return { name: spec.name, seed: spec.seed, samples, testFraction };
  }
  if (!isSynthetic(spec.name)) return { name: spec.name, seed: spec.seed, testFraction };
  checkSamples(Number.MAX_SAFE_INTEGER);
  return { name: spec.name, seed: spec.seed, samples, noise: spec.noise ?? info.defaultNoise, testFraction };
}

/** A dataset's labels and a way to take its rows (as float32) by index, before the split. */
interface RawSet {
  y: Int32Array;
  take(idx: Int32Array): Float32Array;
}

function rawSet(spec: DatasetSpec): RawSet {
  const dim = DATASET_INFO[spec.name].inputDim;
  if (isSynthetic(spec.name)) {
    const raw = SYNTHETIC_GENERATORS[spec.name](spec.samples!, spec.noise!, mulberry32(hashSeed('dataset', spec.name, spec.seed)));
    return { y: raw.y, take: (idx) => takeRows(raw.x, dim, idx) };
  }
  if (spec.name === 'mnist') {
    const m = mnistRaw();
    const subset =
      spec.samples! < m.count
        ? stratifiedSubset(m.labels, 10, spec.samples!, mulberry32(hashSeed('subset', spec.name, spec.seed)))
        : Int32Array.from({ length: m.count }, (_, i) => i);
    return {
      y: takeLabels(m.labels, subset),
      take: (idx) =>
        takeScaledRows(
          m.pixels,
          dim,
          idx.map((i) => subset[i]),
          1 / 255,
        ),
    };
  }
  const { x, y } = spec.name === 'modadd' ? modaddRaw() : loadDigitsRaw();
  return { y, take: (idx) => takeRows(x, dim, idx) };
}

export function loadDataset(specIn: DatasetSpec): Dataset {
  const spec = resolveDatasetSpec(specIn);
  const info = DATASET_INFO[spec.name];
  const dim = info.inputDim;
  const { y, take } = rawSet(spec);
  const { train, test } = stratifiedSplit(y, info.numClasses, spec.testFraction!, mulberry32(hashSeed('split', spec.name, spec.seed)));
  const xTrain = take(train);
  const xTest = take(test);
  // Synthetic features are standardised; images keep the [0,1] pixel scale, modadd its one-hot tokens.
  if (isSynthetic(spec.name)) standardise(xTrain, xTest, dim);
  return {
    spec,
    inputDim: dim,
    inputShape: info.inputShape,
    numClasses: info.numClasses,
    classNames: Array.from({ length: info.numClasses }, (_, c) => String(c)),
    xTrain,
    yTrain: takeLabels(y, train),
    xTest,
    yTest: takeLabels(y, test),
  };
}
