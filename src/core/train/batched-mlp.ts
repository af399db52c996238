// G MLPs of one architecture held as one flat parameter variable whose
// slices are the stacked layer tensors: kernel l is [G, in, out], bias l is
// [G, 1, out]. One batched matmul per layer runs every network at once; slice
// g of every layer tensor belongs to network g only.
import type { ActivationName } from '../types';
import type { MlpWeights } from './batched-init';
import type { Tensor, Tf, Variable } from './batched-tf';
import { addRowVector } from './batched-broadcast';
import { stackedMatMul } from './batched-matmul';

export interface StackedForward {
  /** Post-activation (pre-dropout) output of each hidden layer, [G, rows, width]. */
  hidden: Tensor[];
  /** Output-layer logits, [G, rows, numClasses]. */
  logits: Tensor;
}

export function applyActivation(tf: Tf, name: ActivationName, x: Tensor): Tensor {
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'elu':
      return tf.elu(x);
    case 'gelu':
      // exact GELU, written as tfjs-layers' 'gelu' writes it
      return tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));
    case 'linear':
      return x;
    default: {
      const never: never = name;
      throw new Error(`unknown activation ${String(never)}`);
    }
  }
}

/**
 * G networks of one shape as the batched trainer drives them (StackedMlp,
 * StackedCnn in batched-cnn.ts): one flat parameter variable, its layer
 * tensors [kernel, bias, kernel, bias, …] and a forward pass over [G, rows, in]
 * or shared [rows, in] inputs.
 */
export interface StackedNet {
  readonly count: number;
  /** All parameters, [total]. */
  readonly params: Variable;
  /** Network index of every parameter, int32 [total]. */
  readonly owner: Tensor;
  /** Width of each hidden (probe) representation, in forward's hidden order. */
  readonly hiddenWidths: number[];
  /** Per-row width of each dropout mask ([G, rows, width]), in dropout-layer order. */
  readonly dropoutWidths: number[];
  /** About how many floats per row and per network the largest tensor of a forward pass holds (eval chunking). */
  readonly floatsPerRow: number;
  layerTensors(): Tensor[];
  flatGradient(grads: readonly Tensor[]): Tensor;
  /** The kernels (what L2 decays) of a layerTensors() list. */
  kernelsOf(layers: readonly Tensor[]): Tensor[];
  forward(x: Tensor, dropoutMasks?: readonly (Tensor | null)[], layers?: readonly Tensor[]): StackedForward;
  dispose(): void;
}

/** One layer tensor's place in the flat parameter vector: all G networks' copies, contiguous. */
interface ParamBlock {
  at: number;
  /** Entries per network. */
  size: number;
  shape: [number, number, number];
}

/**
 * G MLPs of one architecture in ONE flat variable. Its blocks, in order, are
 * kernel 0 [G, in, out], bias 0 [G, 1, out], kernel 1, …, each contiguous, so
 * a layer tensor is a contiguous slice (fast on every backend) and the
 * optimiser updates every parameter of every network with a dozen whole-vector
 * ops per step instead of a dozen per layer tensor: on GPU backends each op
 * costs a dispatch and host-side bookkeeping that outweigh these small products.
 */
export class StackedMlp implements StackedNet {
  readonly count: number;
  readonly sizes: number[];
  /** All parameters, [total]: the blocks one after another. */
  readonly params: Variable;
  /** Network index of every parameter, int32 [total]: per-network values gathered to the parameters' layout. */
  readonly owner: Tensor;
  private readonly blocks: ParamBlock[];

  constructor(
    private readonly tf: Tf,
    weights: readonly MlpWeights[],
    readonly activation: ActivationName,
  ) {
    if (weights.length === 0) throw new Error('StackedMlp needs at least one network');
    this.count = weights.length;
    this.sizes = weights[0].sizes.slice();
    for (const w of weights) {
      if (w.sizes.join() !== this.sizes.join()) throw new Error(`layer sizes differ: ${w.sizes} vs ${this.sizes}`);
    }
    const G = this.count;
    this.blocks = [];
    let at = 0;
    const addBlock = (shape: [number, number, number]): void => {
      const size = shape[1] * shape[2];
      this.blocks.push({ at, size, shape });
      at += G * size;
    };
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      addBlock([G, this.sizes[l], this.sizes[l + 1]]);
      addBlock([G, 1, this.sizes[l + 1]]);
    }
    const flat = new Float32Array(at);
    const owner = new Int32Array(at);
    weights.forEach((w, g) => {
      this.blocks.forEach((b, i) => {
        const l = i >> 1;
        flat.set(i % 2 === 0 ? w.kernels[l] : w.biases[l], b.at + g * b.size);
        owner.fill(g, b.at + g * b.size, b.at + (g + 1) * b.size);
      });
    });
    // tidy: a variable shares its initial tensor's data, which would otherwise stay counted
    this.params = tf.tidy(() => tf.variable(tf.tensor1d(flat), true, `batched_params_${uid()}`));
    this.owner = tf.tensor1d(owner, 'int32');
  }

  /**
   * The layer tensors [kernel 0, bias 0, kernel 1, …] as slices of the
   * parameters (new tensors: call inside a tidy). To train, take gradients with
   * respect to these and concatenate them (flatGradient): slicing inside the
   * gradient would pad every layer's gradient to the full vector.
   */
  layerTensors(): Tensor[] {
    return this.blocks.map((b) => this.tf.reshape(this.tf.slice(this.params, [b.at], [b.shape[0] * b.size]), b.shape));
  }

  /** Gradients with respect to layerTensors(), in the parameters' layout, [total]. */
  flatGradient(grads: readonly Tensor[]): Tensor {
    return this.tf.concat(grads.map((g) => this.tf.reshape(g, [-1])));
  }

  /** Kernels of a layerTensors() list. */
  static kernelsOf(layers: readonly Tensor[]): Tensor[] {
    return layers.filter((_, i) => i % 2 === 0);
  }

  kernelsOf(layers: readonly Tensor[]): Tensor[] {
    return StackedMlp.kernelsOf(layers);
  }

  get hiddenWidths(): number[] {
    return this.sizes.slice(1, -1);
  }

  get dropoutWidths(): number[] {
    return this.sizes.slice(1, -1);
  }

  get floatsPerRow(): number {
    return Math.max(...this.sizes.slice(1));
  }

  get depth(): number {
    return this.sizes.length - 2;
  }

  /**
   * Forward pass. x is [G, rows, in] (each network its own rows) or
   * [rows, in] (the same rows for every network: one 2-D matmul). x is data:
   * no gradient is taken with respect to it. layers: the layer tensors to use
   * (default: sliced from the parameters now).
   * dropoutMasks[l], when given, multiplies hidden layer l's output
   * ([G, rows, width], already scaled by 1/(1 - rate)).
   */
  forward(x: Tensor, dropoutMasks?: readonly (Tensor | null)[], layers: readonly Tensor[] = this.layerTensors()): StackedForward {
    const tf = this.tf;
    let h = x;
    const hidden: Tensor[] = [];
    const last = layers.length / 2 - 1;
    for (let l = 0; l <= last; l++) {
      const kernel = layers[2 * l];
      const xw = h.rank === 2 ? sharedRowsMatMul(tf, h, kernel) : stackedMatMul(tf, h, kernel, l === 0);
      const z = addRowVector(tf, xw, layers[2 * l + 1]);
      if (l === last) return { hidden, logits: z };
      const a = applyActivation(tf, this.activation, z);
      hidden.push(a);
      const mask = dropoutMasks?.[l];
      h = mask ? tf.mul(a, mask) : a;
    }
    throw new Error('unreachable');
  }

  /** Copy of network g's weights (for tests and export). */
  async weightsOf(g: number): Promise<MlpWeights> {
    const all = (await this.params.data()) as Float32Array;
    const part = (i: number): Float32Array => {
      const b = this.blocks[i];
      return all.slice(b.at + g * b.size, b.at + (g + 1) * b.size);
    };
    const depth = this.blocks.length / 2;
    return {
      sizes: this.sizes.slice(),
      kernels: Array.from({ length: depth }, (_, l) => part(2 * l)),
      biases: Array.from({ length: depth }, (_, l) => part(2 * l + 1)),
    };
  }

  dispose(): void {
    this.tf.dispose([this.params, this.owner]);
  }
}

/**
 * x [rows, in] times every network's kernel [G, in, out] -> [G, rows, out], as
 * ONE 2-D matmul x · [in, G*out]: a broadcast batched matmul takes wasm's
 * scalar slow path (about 10x slower than its XNNPACK 2-D path), and each
 * output entry is the same dot product either way.
 */
export function sharedRowsMatMul(tf: Tf, x: Tensor, kernels: Tensor): Tensor {
  const [G, fanIn, fanOut] = kernels.shape as [number, number, number];
  const rows = x.shape[0] as number;
  const wide = tf.reshape(tf.transpose(kernels, [1, 0, 2]), [fanIn, G * fanOut]);
  return tf.transpose(tf.reshape(tf.matMul(x, wide), [rows, G, fanOut]), [1, 0, 2]);
}

let nextUid = 0;
function uid(): number {
  return nextUid++;
}

/**
 * Per-example softmax cross-entropy, logits and one-hot [G, rows, C] -> [G, rows],
 * by tf.losses.softmaxCrossEntropy (its stable log-sum-exp form and custom gradient).
 */
export function perExampleCrossEntropy(tf: Tf, oneHot: Tensor, logits: Tensor): Tensor {
  return tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, 0, tf.Reduction.NONE);
}

/**
 * Mean cross-entropy per network -> [G]: sum over the batch, then divide by its
 * size, as tf.losses' default reduction does for one network.
 */
export function perNetworkCrossEntropy(tf: Tf, oneHot: Tensor, logits: Tensor): Tensor {
  const rows = logits.shape[1] as number;
  return tf.div(tf.sum(perExampleCrossEntropy(tf, oneHot, logits), -1), tf.scalar(rows));
}

/**
 * L2 penalty per network -> [G]: l2[g] * sum over kernels of ||W_g||² (kernels
 * only, biases free), in the sequential trainer's operation order. l2 is [G].
 */
export function perNetworkL2(tf: Tf, kernels: readonly Tensor[], l2: Tensor): Tensor {
  if (kernels.length === 0) throw new Error('perNetworkL2 needs at least one kernel');
  return tf.mul(l2, tf.addN(kernels.map((k) => tf.sum(tf.square(k), [1, 2]))));
}
