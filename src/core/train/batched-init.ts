// Initial weights of one network, taken from the sequential trainer's own
// model builder (mlp.ts: seeded initialisers per layer, zero biases), so a
// network starts from the same bytes whichever trainer runs it.
import type { HyperParams } from '../types';
import { buildMlp } from './mlp';
import type { Tf } from './batched-tf';

export interface MlpWeights {
  /** Layer sizes including input and output: [inputDim, ...widths, numClasses]. */
  sizes: number[];
  /** kernels[l] is sizes[l] x sizes[l+1], row-major. */
  kernels: Float32Array[];
  biases: Float32Array[];
}

/** Async read: on WebGPU a synchronous read needs an OffscreenCanvas (absent in Node) and stalls the queue. */
export async function initialMlpWeights(tf: Tf, hp: HyperParams, inputDim: number, numClasses: number): Promise<MlpWeights> {
  const sizes = [inputDim, ...hp.widths, numClasses];
  const model = buildMlp(tf, inputDim, numClasses, hp);
  try {
    // getWeights() order: kernel, bias per dense layer
    const values = await Promise.all(model.getWeights().map(async (w) => Float32Array.from((await w.data()) as Float32Array)));
    const kernels: Float32Array[] = [];
    const biases: Float32Array[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      kernels.push(values[2 * l]);
      biases.push(values[2 * l + 1]);
      if (kernels[l].length !== sizes[l] * sizes[l + 1]) throw new Error(`unexpected kernel size in layer ${l}`);
    }
    return { sizes, kernels, biases };
  } finally {
    model.dispose();
  }
}
