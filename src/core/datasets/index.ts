// Datasets (METHODS §1): seeded synthetic 2-D sets and the 8x8 digits, split
// into train/test by a seeded stratified draw. Same spec → identical arrays.
import type { Dataset, DatasetName, DatasetSpec, SyntheticDatasetName } from '../types';
import { hashSeed, mulberry32 } from '../random';
import { BLOB_CLASSES, SPIRAL_ARMS, SYNTHETIC_GENERATORS } from './synthetic';
import { DIGITS_INPUT_DIM, loadDigitsRaw } from './digits';
import { standardise, stratifiedSplit, takeLabels, takeRows } from './split';
import { DATASET_NAMES as ALL_DATASET_NAMES } from '../types';

export interface DatasetInfo {
  label: string;
  inputDim: number;
  /** See Dataset.inputShape: [2] for the 2-D sets, [8, 8, 1] for the digits. */
  inputShape: readonly number[];
  numClasses: number;
  /** Total points (train + test); for digits, the fixed size of the set. */
  defaultSamples: number;
  /** Default noise std for synthetic sets (0 for digits, which has none). */
  defaultNoise: number;
}

export const DEFAULT_TEST_FRACTION = 0.25;

export const DATASET_INFO: Record<DatasetName, DatasetInfo> = {
  moons: { label: 'Two moons', inputDim: 2, inputShape: [2], numClasses: 2, defaultSamples: 1000, defaultNoise: 0.1 },
  circles: { label: 'Circles', inputDim: 2, inputShape: [2], numClasses: 2, defaultSamples: 1000, defaultNoise: 0.08 },
  spirals: {
    label: `Spirals (${SPIRAL_ARMS} arms)`,
    inputDim: 2,
    inputShape: [2],
    numClasses: SPIRAL_ARMS,
    defaultSamples: 1200,
    defaultNoise: 0.05,
  },
  xor: { label: 'XOR', inputDim: 2, inputShape: [2], numClasses: 2, defaultSamples: 1000, defaultNoise: 0.1 },
  blobs: {
    label: `Gaussian blobs (${BLOB_CLASSES})`,
    inputDim: 2,
    inputShape: [2],
    numClasses: BLOB_CLASSES,
    defaultSamples: 1000,
    defaultNoise: 1.0,
  },
  digits: { label: 'Digits 8×8', inputDim: DIGITS_INPUT_DIM, inputShape: [8, 8, 1], numClasses: 10, defaultSamples: 1797, defaultNoise: 0 },
};

export const DATASET_NAMES: DatasetName[] = [...ALL_DATASET_NAMES];

export function isSynthetic(name: DatasetName): name is SyntheticDatasetName {
  return name !== 'digits';
}

/** The spec with every default filled in, so provenance records exactly what was generated. */
export function resolveDatasetSpec(spec: DatasetSpec): DatasetSpec {
  const info = DATASET_INFO[spec.name];
  if (!info) throw new Error(`unknown dataset '${spec.name}'`);
  const testFraction = spec.testFraction ?? DEFAULT_TEST_FRACTION;
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`testFraction must be in (0,1), got ${testFraction}`);
  if (!isSynthetic(spec.name)) return { name: spec.name, seed: spec.seed, testFraction };
  const samples = spec.samples ?? info.defaultSamples;
  if (!(Number.isInteger(samples) && samples >= 4 * info.numClasses))
    throw new Error(`samples must be an integer ≥ ${4 * info.numClasses}`);
  return { name: spec.name, seed: spec.seed, samples, noise: spec.noise ?? info.defaultNoise, testFraction };
}

export function loadDataset(specIn: DatasetSpec): Dataset {
  const spec = resolveDatasetSpec(specIn);
  const info = DATASET_INFO[spec.name];
  const dim = info.inputDim;
  let x: ArrayLike<number>;
  let y: Int32Array;
  if (isSynthetic(spec.name)) {
    const raw = SYNTHETIC_GENERATORS[spec.name](spec.samples!, spec.noise!, mulberry32(hashSeed('dataset', spec.name, spec.seed)));
    x = raw.x;
    y = raw.y;
  } else {
    ({ x, y } = loadDigitsRaw());
  }
  const { train, test } = stratifiedSplit(y, info.numClasses, spec.testFraction!, mulberry32(hashSeed('split', spec.name, spec.seed)));
  const xTrain = takeRows(x, dim, train);
  const xTest = takeRows(x, dim, test);
  // Synthetic features are standardised; digits keep the [0,1] pixel scale.
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
