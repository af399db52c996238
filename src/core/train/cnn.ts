// A small CNN (issue 15): convDepth × (conv k×k 'same' → activation → optional
// 2×2 pool), flatten, the dense head (hp.widths), a linear output layer. Written
// with tf ops on seeded variables (ops.ts) so the trainer's loop (seeded
// batches, per-step dropout seeds, L2 on kernels) is the MLP's.
//
// Probe activations of a conv layer are global-average-pooled per channel
// (n × channels): a channel is the conv layer's analogue of a unit, the width
// stays small and independent of the image size (28×28×8 flattened would be
// 6,272 columns, and the distances would be dominated by where in the image a
// feature fires rather than whether it does).
import type * as tfType from '@tensorflow/tfjs';
import type { CnnParams, HyperParams } from '../types';
import { imageShape } from '../architecture';
import { ParamSet, activate, dense, maybeDropout, type ForwardOptions, type TrainableNet } from './ops';

type Tf = typeof tfType;

/**
 * The k×k 'same'-padded patches of x [n, h, w, c] -> [n, h, w, k·k·c], patch
 * index (dy·k + dx)·c + channel: the row-major order of a [k, k, c, out] kernel.
 *
 * Computed as a convolution with a constant 0/1 filter (each output channel
 * copies one input channel at one offset): every finite value comes out exact
 * (x·1 plus zeros), and its gradient is Conv2DBackpropInput, which every
 * backend has. The same patches as k² strided slices and a concat (what this
 * was before) cost 1.4–60× more on wasm and cpu, forward or with the gradient
 * (docs/architectures.md has the timing). (A non-finite input also turns its window's
 * other entries NaN — within one example of one network, which has diverged.)
 */
export function patchesSame(tf: Tf, x: tfType.Tensor, k: number): tfType.Tensor {
  if (k === 1) return x;
  const c = x.shape[3] as number;
  const taps = k * k * c;
  const eye = new Float32Array(taps * taps);
  for (let t = 0; t < taps; t++) eye[t * taps + t] = 1; // filter [k, k, c, taps]: entry (tap t) → output channel t
  return tf.conv2d(x as tfType.Tensor4D, tf.tensor4d(eye, [k, k, c, taps]), 1, 'same');
}

/**
 * A 'same'-padded stride-1 convolution as patches × kernel (im2col): the
 * gradient then needs only pad, slice, concat and matMul, which every backend
 * has (the wasm backend has no Conv2DBackpropFilter), and the patches of a
 * shared input can feed many networks' kernels at once (batched-cnn.ts).
 */
export function conv2dSame(tf: Tf, x: tfType.Tensor, kernel: tfType.Tensor): tfType.Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [k, , , out] = kernel.shape as [number, number, number, number];
  const patches = patchesSame(tf, x, k);
  const y = tf.matMul(
    tf.reshape(patches, [n * h * w, k * k * c]) as tfType.Tensor2D,
    tf.reshape(kernel, [k * k * c, out]) as tfType.Tensor2D,
  );
  return tf.reshape(y, [n, h, w, out]);
}

/** Pool window of one layer: 2 along each spatial axis longer than 1 (a 1×d "image" pools along d only). */
export function poolWindow(h: number, w: number): [number, number] {
  return [h > 1 ? 2 : 1, w > 1 ? 2 : 1];
}

/** Spatial size after each conv block, and the flattened size the head reads. */
export function cnnShapes(inputShape: readonly number[], cnn: CnnParams): { spatial: [number, number][]; flat: number } {
  let [h, w] = imageShape(inputShape);
  const spatial: [number, number][] = [];
  for (let i = 0; i < cnn.convDepth; i++) {
    if (cnn.pooling !== 'none') {
      const [ph, pw] = poolWindow(h, w);
      h = Math.floor(h / ph);
      w = Math.floor(w / pw);
    }
    spatial.push([h, w]);
  }
  return { spatial, flat: h * w * cnn.channels };
}

export function buildCnn(tf: Tf, inputShape: readonly number[], numClasses: number, hp: HyperParams): TrainableNet {
  const cnn = hp.cnn;
  if (!cnn) throw new Error("architecture 'cnn' needs hp.cnn");
  const [H, W, C] = imageShape(inputShape);
  const p = new ParamSet(tf, hp);
  const convK: tfType.Variable[] = [];
  const convB: tfType.Variable[] = [];
  for (let i = 0; i < cnn.convDepth; i++) {
    convK.push(p.kernel(`conv${i}`, [cnn.kernel, cnn.kernel, i === 0 ? C : cnn.channels, cnn.channels]));
    convB.push(p.zeros([cnn.channels]));
  }
  const { flat } = cnnShapes(inputShape, cnn);
  if (flat === 0) throw new Error(`the input ${H}×${W} is too small for ${cnn.convDepth} pooled conv layers`);
  const sizes = [flat, ...hp.widths];
  const denseW = hp.widths.map((u, i) => p.kernel(`dense${i}`, [sizes[i], u]));
  const denseB = hp.widths.map((u) => p.zeros([u]));
  const outW = p.kernel('out', [sizes[sizes.length - 1], numClasses], 'glorot_uniform');
  const outB = p.zeros([numClasses]);

  const forward = (x: tfType.Tensor2D, opts: ForwardOptions = {}) => {
    const hidden: tfType.Tensor2D[] = [];
    let h: tfType.Tensor = tf.reshape(x, [x.shape[0], H, W, C]);
    for (let i = 0; i < cnn.convDepth; i++) {
      h = activate(tf, hp.activation, tf.add(conv2dSame(tf, h, convK[i]), convB[i]));
      if (cnn.pooling !== 'none') {
        const [ph, pw] = poolWindow(h.shape[1]!, h.shape[2]!);
        if (ph > 1 || pw > 1)
          h =
            cnn.pooling === 'max'
              ? tf.maxPool(h as tfType.Tensor4D, [ph, pw], [ph, pw], 'valid')
              : tf.avgPool(h as tfType.Tensor4D, [ph, pw], [ph, pw], 'valid');
      }
      if (opts.keepHidden) hidden.push(tf.mean(h, [1, 2]) as tfType.Tensor2D);
      h = maybeDropout(tf, h, opts, i);
    }
    h = tf.reshape(h, [x.shape[0], -1]);
    hp.widths.forEach((_, j) => {
      h = activate(tf, hp.activation, dense(tf, h, denseW[j], denseB[j]));
      if (opts.keepHidden) hidden.push(h as tfType.Tensor2D);
      h = maybeDropout(tf, h, opts, cnn.convDepth + j);
    });
    return { logits: dense(tf, h, outW, outB) as tfType.Tensor2D, hidden };
  };
  return { vars: p.vars, kernels: p.kernels, forward, dispose: () => p.dispose() };
}
