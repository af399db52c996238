// G MLPs of one architecture held as stacked variables: kernel l is
// [G, in, out], bias l is [G, 1, out]. One batched matmul per layer runs
// every network at once; slice g of every tensor belongs to network g only.
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

export class StackedMlp {
  readonly count: number;
  readonly sizes: number[];
  readonly kernels: Variable[];
  readonly biases: Variable[];

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
    this.kernels = [];
    this.biases = [];
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const fanIn = this.sizes[l];
      const fanOut = this.sizes[l + 1];
      const k = new Float32Array(G * fanIn * fanOut);
      const b = new Float32Array(G * fanOut);
      weights.forEach((w, g) => {
        k.set(w.kernels[l], g * fanIn * fanOut);
        b.set(w.biases[l], g * fanOut);
      });
      // tidy: a variable shares its initial tensor's data, which would otherwise stay counted
      this.kernels.push(tf.tidy(() => tf.variable(tf.tensor3d(k, [G, fanIn, fanOut]), true, `batched_k${l}_${uid()}`)));
      this.biases.push(tf.tidy(() => tf.variable(tf.tensor3d(b, [G, 1, fanOut]), true, `batched_b${l}_${uid()}`)));
    }
  }

  get variables(): Variable[] {
    const out: Variable[] = [];
    this.kernels.forEach((k, l) => out.push(k, this.biases[l]));
    return out;
  }

  get depth(): number {
    return this.sizes.length - 2;
  }

  /**
   * Forward pass. x is [G, rows, in] (each network its own rows) or
   * [rows, in] (the same rows for every network: one 2-D matmul). x is data:
   * no gradient is taken with respect to it.
   * dropoutMasks[l], when given, multiplies hidden layer l's output
   * ([G, rows, width], already scaled by 1/(1 - rate)).
   */
  forward(x: Tensor, dropoutMasks?: readonly (Tensor | null)[]): StackedForward {
    const tf = this.tf;
    let h = x;
    const hidden: Tensor[] = [];
    const last = this.kernels.length - 1;
    for (let l = 0; l <= last; l++) {
      const xw = h.rank === 2 ? sharedRowsMatMul(tf, h, this.kernels[l]) : stackedMatMul(tf, h, this.kernels[l], l === 0);
      const z = addRowVector(tf, xw, this.biases[l]);
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
    const kernels: Float32Array[] = [];
    const biases: Float32Array[] = [];
    for (let l = 0; l < this.kernels.length; l++) {
      const fanIn = this.sizes[l];
      const fanOut = this.sizes[l + 1];
      const k = (await this.kernels[l].data()) as Float32Array;
      const b = (await this.biases[l].data()) as Float32Array;
      kernels.push(k.slice(g * fanIn * fanOut, (g + 1) * fanIn * fanOut));
      biases.push(b.slice(g * fanOut, (g + 1) * fanOut));
    }
    return { sizes: this.sizes.slice(), kernels, biases };
  }

  dispose(): void {
    this.tf.dispose([...this.kernels, ...this.biases]);
  }
}

/**
 * x [rows, in] times every network's kernel [G, in, out] -> [G, rows, out], as
 * ONE 2-D matmul x · [in, G*out]: a broadcast batched matmul takes wasm's
 * scalar slow path (about 10x slower than its XNNPACK 2-D path), and each
 * output entry is the same dot product either way.
 */
function sharedRowsMatMul(tf: Tf, x: Tensor, kernels: Tensor): Tensor {
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
