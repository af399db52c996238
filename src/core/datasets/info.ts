// What each dataset is (sizes, shape, classes, a one-line description), without its data:
// the UI, the validators and the CLI read this, so importing it never pulls in the digits
// table or asks for the MNIST file.
import type { DatasetName } from '../types';

/** Where a dataset's values come from. */
export type DatasetSource =
  /** Generated from the seed (the 2-D sets, modular addition). */
  | 'generated'
  /** Compiled into the code (the 8×8 digits). */
  | 'embedded'
  /** A binary file under public/ that must be provided before loading (see provided.ts). */
  | 'file';

export interface DatasetInfo {
  label: string;
  /** One line for the dataset menu: what it is and where it comes from. */
  description: string;
  inputDim: number;
  /** See Dataset.inputShape: [2] for the 2-D sets, [h, w, 1] for images, [tokens, tokenDim] for sequences. */
  inputShape: readonly number[];
  numClasses: number;
  /** Total points (train + test): for fixed sets their full size (a file set may be subsampled with `samples`). */
  defaultSamples: number;
  /** Default noise std for synthetic 2-D sets (0 for the others, which have none). */
  defaultNoise: number;
  source: DatasetSource;
  /** Whether `samples` and `noise` shape the set (the seeded 2-D sets). */
  synthetic: boolean;
  /** For source 'file': the path under public/ (prefix import.meta.env.BASE_URL in the browser). */
  file?: string;
  /** For source 'file': the compressed size in bytes, for the progress message. */
  fileBytes?: number;
}

/** Spiral arms: 3 (one class per arm), harder than 2 and still readable. */
export const SPIRAL_ARMS = 3;
/** Gaussian blobs (classes). */
export const BLOB_CLASSES = 4;
/** Modulus of the modular-addition task: classes are 0..P−1, inputs two one-hot tokens of P values. */
export const MODADD_P = 29;
export const MNIST_FILE = 'data/mnist-10k.bin.gz';
export const MNIST_IMAGES = 10_000;

const planar = (label: string, description: string, numClasses: number, defaultSamples: number, defaultNoise: number): DatasetInfo => ({
  label,
  description,
  inputDim: 2,
  inputShape: [2],
  numClasses,
  defaultSamples,
  defaultNoise,
  source: 'generated',
  synthetic: true,
});

export const DATASET_INFO: Record<DatasetName, DatasetInfo> = {
  moons: planar('Two moons', 'Two interleaved half circles in 2-D, generated from the seed.', 2, 1000, 0.1),
  circles: planar('Circles', 'A ring around a disc in 2-D, generated from the seed.', 2, 1000, 0.08),
  spirals: planar(
    `Spirals (${SPIRAL_ARMS} arms)`,
    `${SPIRAL_ARMS} interleaved spiral arms in 2-D, generated from the seed.`,
    SPIRAL_ARMS,
    1200,
    0.05,
  ),
  xor: planar('XOR', 'Four quadrants labelled by the sign of x·y, generated from the seed.', 2, 1000, 0.1),
  blobs: planar(
    `Gaussian blobs (${BLOB_CLASSES})`,
    `${BLOB_CLASSES} Gaussian clusters in 2-D, generated from the seed.`,
    BLOB_CLASSES,
    1000,
    1.0,
  ),
  digits: {
    label: 'Digits 8×8',
    description: '1,797 handwritten digits of 8×8 pixels (UCI optical digits, CC BY 4.0), built into the app.',
    inputDim: 64,
    inputShape: [8, 8, 1],
    numClasses: 10,
    defaultSamples: 1797,
    defaultNoise: 0,
    source: 'embedded',
    synthetic: false,
  },
  mnist: {
    label: 'MNIST 28×28',
    description: '10,000 MNIST handwritten digits of 28×28 pixels (LeCun, Cortes, Burges), a 1.7 MB download.',
    inputDim: 784,
    inputShape: [28, 28, 1],
    numClasses: 10,
    defaultSamples: MNIST_IMAGES,
    defaultNoise: 0,
    source: 'file',
    synthetic: false,
    file: MNIST_FILE,
    fileBytes: 1_658_925,
  },
  modadd: {
    label: `Modular addition (mod ${MODADD_P})`,
    description: `(a + b) mod ${MODADD_P} for all ${MODADD_P * MODADD_P} pairs, read as two one-hot tokens: a sequence task for attention and MLPs.`,
    inputDim: 2 * MODADD_P,
    inputShape: [2, MODADD_P],
    numClasses: MODADD_P,
    defaultSamples: MODADD_P * MODADD_P,
    defaultNoise: 0,
    source: 'generated',
    synthetic: false,
  },
};
