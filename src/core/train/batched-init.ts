// Seeded initial weights of one MLP, computed on the CPU so that a network's
// start depends only on its own hyperparameters (never on its group).
// Conventions follow tfjs-layers: kernels [fanIn, fanOut] row-major, biases 0;
// variance-scaling normals are truncated at 2σ without a correction factor.
import type { HyperParams, InitName } from '../types';
import { hashSeed, mulberry32, randn, type Rng } from '../random';

export interface MlpWeights {
  /** Layer sizes including input and output: [inputDim, ...widths, numClasses]. */
  sizes: number[];
  /** kernels[l] is sizes[l] x sizes[l+1], row-major. */
  kernels: Float32Array[];
  biases: Float32Array[];
}

function truncatedNormal(rng: Rng, stddev: number): number {
  for (;;) {
    const z = randn(rng);
    if (Math.abs(z) <= 2) return z * stddev;
  }
}

/** Fill a fanIn x fanOut kernel by the named initialiser. */
export function initKernel(init: InitName, fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const out = new Float32Array(fanIn * fanOut);
  switch (init) {
    case 'glorot_uniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < out.length; i++) out[i] = (2 * rng() - 1) * limit;
      break;
    }
    case 'he_normal': {
      const sd = Math.sqrt(2 / fanIn);
      for (let i = 0; i < out.length; i++) out[i] = truncatedNormal(rng, sd);
      break;
    }
    case 'lecun_normal': {
      const sd = Math.sqrt(1 / fanIn);
      for (let i = 0; i < out.length; i++) out[i] = truncatedNormal(rng, sd);
      break;
    }
    case 'random_normal': {
      // Keras RandomNormal default: mean 0, stddev 0.05.
      for (let i = 0; i < out.length; i++) out[i] = 0.05 * randn(rng);
      break;
    }
    default: {
      const never: never = init;
      throw new Error(`unknown initialiser ${String(never)}`);
    }
  }
  return out;
}

/** Initial weights of the network hp on inputDim -> numClasses; layer l draws from hashSeed(seed, 'init', l). */
export function initialMlpWeights(hp: HyperParams, inputDim: number, numClasses: number): MlpWeights {
  const sizes = [inputDim, ...hp.widths, numClasses];
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    kernels.push(initKernel(hp.init, sizes[l], sizes[l + 1], mulberry32(hashSeed(hp.seed, 'init', l))));
    biases.push(new Float32Array(sizes[l + 1]));
  }
  return { sizes, kernels, biases };
}
