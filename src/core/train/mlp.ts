// The MLP of one network (METHODS §1) as TF.js layers, and its forward pass.
// Dropout is applied in the forward pass, not as a layer: tfjs-layers' Dropout
// with a fixed seed draws the same mask at every step, so each step here gets
// its own seed from the network's PRNG instead.
import type * as tfType from '@tensorflow/tfjs';
import type { HyperParams } from '../types';
import { hashSeed } from '../random';
import { initializer } from './ops';

type Tf = typeof tfType;

/**
 * Dense hidden layers (activation, seeded init, zero bias) and a linear output
 * layer producing logits; softmax is applied by the loss and by evaluation
 * (softmax cross-entropy on logits is the numerically stable form).
 */
export function buildMlp(tf: Tf, inputDim: number, numClasses: number, hp: HyperParams): tfType.Sequential {
  const model = tf.sequential();
  hp.widths.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: hp.activation,
        kernelInitializer: initializer(tf, hp.init, hashSeed('init', hp.seed, i)),
        biasInitializer: 'zeros',
        ...(i === 0 ? { inputShape: [inputDim] } : {}),
      }),
    );
  });
  model.add(
    tf.layers.dense({
      units: numClasses,
      activation: 'linear',
      kernelInitializer: initializer(tf, 'glorot_uniform', hashSeed('init', hp.seed, 'out')),
      biasInitializer: 'zeros',
      ...(hp.widths.length === 0 ? { inputShape: [inputDim] } : {}),
    }),
  );
  return model;
}

/** Kernels of every dense layer (for the L2 penalty). */
export function kernels(model: tfType.Sequential): tfType.Variable[] {
  return model.layers.map((l) => (l as unknown as { kernel: { read(): tfType.Variable } }).kernel.read());
}

/**
 * Forward pass. With `dropoutSeed` set, applies inverted dropout after each
 * hidden layer (training); without, the plain inference pass.
 * Returns the logits and, if asked, each hidden layer's output (post-activation).
 */
export function forward(
  tf: Tf,
  model: tfType.Sequential,
  x: tfType.Tensor,
  opts: { dropout?: number; dropoutSeed?: number; keepHidden?: boolean } = {},
): { logits: tfType.Tensor2D; hidden: tfType.Tensor2D[] } {
  const hidden: tfType.Tensor2D[] = [];
  let h = x;
  const last = model.layers.length - 1;
  model.layers.forEach((layer, i) => {
    h = layer.apply(h) as tfType.Tensor;
    if (i < last) {
      if (opts.keepHidden) hidden.push(h as tfType.Tensor2D);
      if (opts.dropout && opts.dropout > 0 && opts.dropoutSeed !== undefined) {
        h = tf.dropout(h, opts.dropout, undefined, hashSeed(opts.dropoutSeed, i));
      }
    }
  });
  return { logits: h as tfType.Tensor2D, hidden };
}

export function makeOptimizer(tf: Tf, hp: HyperParams): tfType.Optimizer {
  switch (hp.optimizer) {
    case 'sgd':
      return tf.train.sgd(hp.learningRate);
    case 'momentum':
      return tf.train.momentum(hp.learningRate, 0.9);
    case 'adam':
      return tf.train.adam(hp.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(hp.learningRate);
    default:
      throw new Error(`unknown optimizer '${hp.optimizer as string}'`);
  }
}
