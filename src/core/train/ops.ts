// Small tensor building blocks shared by the CNN and attention models: seeded
// parameters (each network's weights come from its own seed, as in mlp.ts),
// activations by name, dense and layer-norm ops.
import type * as tfType from '@tensorflow/tfjs';
import type { ActivationName, HyperParams, InitName } from '../types';
import { hashSeed } from '../random';

type Tf = typeof tfType;

export function initializer(tf: Tf, name: InitName, seed: number) {
  switch (name) {
    case 'glorot_uniform':
      return tf.initializers.glorotUniform({ seed });
    case 'he_normal':
      return tf.initializers.heNormal({ seed });
    case 'lecun_normal':
      return tf.initializers.leCunNormal({ seed });
    case 'random_normal':
      return tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed });
    default:
      throw new Error(`unknown initialiser '${name as string}'`);
  }
}

/** The trainable variables of one network, created from its seed; `kernels` are the weights L2 applies to. */
export class ParamSet {
  readonly vars: tfType.Variable[] = [];
  readonly kernels: tfType.Variable[] = [];

  constructor(
    private readonly tf: Tf,
    private readonly hp: HyperParams,
  ) {}

  private add(t: tfType.Tensor, kernel: boolean): tfType.Variable {
    const v = this.tf.variable(t, true);
    t.dispose();
    this.vars.push(v);
    if (kernel) this.kernels.push(v);
    return v;
  }

  /** A weight tensor with the network's initialiser (or `init`), seeded by name: the same seed gives the same bytes. */
  kernel(name: string, shape: number[], init: InitName = this.hp.init): tfType.Variable {
    const t = initializer(this.tf, init, hashSeed('init', this.hp.seed, name)).apply(shape, 'float32');
    return this.add(t, true);
  }

  /** Learned positions etc.: small normal values, seeded, not decayed by L2. */
  normal(name: string, shape: number[], stddev: number): tfType.Variable {
    return this.add(this.tf.randomNormal(shape, 0, stddev, 'float32', hashSeed('init', this.hp.seed, name)), false);
  }

  zeros(shape: number[]): tfType.Variable {
    return this.add(this.tf.zeros(shape), false);
  }

  ones(shape: number[]): tfType.Variable {
    return this.add(this.tf.ones(shape), false);
  }

  dispose(): void {
    this.tf.dispose(this.vars);
  }
}

/** The activation by name, as tfjs-layers computes it (GELU: x·Φ(x) with erf). */
export function activate(tf: Tf, name: ActivationName, x: tfType.Tensor): tfType.Tensor {
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
      return tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));
    case 'linear':
      return x;
    default:
      throw new Error(`unknown activation '${name as string}'`);
  }
}

/** x [..., in] · W [in, out] + b, for any leading shape. */
export function dense(tf: Tf, x: tfType.Tensor, w: tfType.Tensor, b: tfType.Tensor): tfType.Tensor {
  const [inDim, outDim] = w.shape;
  const lead = x.shape.slice(0, -1);
  const y = tf.add(tf.matMul(tf.reshape(x, [-1, inDim]) as tfType.Tensor2D, w as tfType.Tensor2D), b);
  return lead.length === 1 ? y : tf.reshape(y, [...lead, outDim]);
}

/** Layer normalisation over the last axis. */
export function layerNorm(tf: Tf, x: tfType.Tensor, gamma: tfType.Tensor, beta: tfType.Tensor): tfType.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta);
}

export interface ForwardOptions {
  /** Inverted dropout rate after each hidden representation (training only, with dropoutSeed). */
  dropout?: number;
  dropoutSeed?: number;
  keepHidden?: boolean;
}

/** One network as the trainer drives it, whatever its family. */
export interface TrainableNet {
  vars: tfType.Variable[];
  /** Weights the L2 penalty sums over (kernels and projections; not biases, norms or positions). */
  kernels: tfType.Variable[];
  /** Logits, and with keepHidden each hidden layer's probe representation (n × width, see architecture.ts). */
  forward(x: tfType.Tensor2D, opts?: ForwardOptions): { logits: tfType.Tensor2D; hidden: tfType.Tensor2D[] };
  dispose(): void;
}

/** Dropout on a hidden representation, seeded per step and per layer as in mlp.ts. */
export function maybeDropout(tf: Tf, h: tfType.Tensor, opts: ForwardOptions, layer: number): tfType.Tensor {
  if (opts.dropout && opts.dropout > 0 && opts.dropoutSeed !== undefined)
    return tf.dropout(h, opts.dropout, undefined, hashSeed(opts.dropoutSeed, layer));
  return h;
}
