// A small attention encoder (issue 15): each input row read as a sequence
// (architecture.ts sequenceShape), a linear token embedding plus learned
// positions, `blocks` pre-norm blocks (x + MHA(LN x), then x + MLP(LN x), the
// MLP 2× wide with the network's activation), a final layer norm, mean over
// tokens, the dense head (hp.widths) and a linear output. Self-attention is
// written with tf ops (matMul, softmax) on seeded variables (ops.ts).
//
// Probe activations of a block are its output (the residual stream) averaged
// over tokens: n × embedDim, one value per model dimension, whatever the
// sequence length, so blocks compare with each other and with dense layers.
import type * as tfType from '@tensorflow/tfjs';
import type { HyperParams } from '../types';
import { sequenceShape } from '../architecture';
import { ParamSet, activate, dense, layerNorm, maybeDropout, type ForwardOptions, type TrainableNet } from './ops';

type Tf = typeof tfType;

interface BlockParams {
  ln1g: tfType.Variable;
  ln1b: tfType.Variable;
  wq: tfType.Variable;
  wk: tfType.Variable;
  wv: tfType.Variable;
  wo: tfType.Variable;
  bq: tfType.Variable;
  bk: tfType.Variable;
  bv: tfType.Variable;
  bo: tfType.Variable;
  ln2g: tfType.Variable;
  ln2b: tfType.Variable;
  w1: tfType.Variable;
  b1: tfType.Variable;
  w2: tfType.Variable;
  b2: tfType.Variable;
}

/** Multi-head self-attention of x [n, T, E] with `heads` heads. */
function selfAttention(tf: Tf, x: tfType.Tensor, p: BlockParams, heads: number): tfType.Tensor {
  const [n, T, E] = x.shape as [number, number, number];
  const dh = E / heads;
  // [n, T, E] → [n, heads, T, dh]
  const split = (t: tfType.Tensor) => tf.transpose(tf.reshape(t, [n, T, heads, dh]), [0, 2, 1, 3]);
  const q = split(dense(tf, x, p.wq, p.bq));
  const k = split(dense(tf, x, p.wk, p.bk));
  const v = split(dense(tf, x, p.wv, p.bv));
  const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh));
  const att = tf.matMul(tf.softmax(scores), v);
  const merged = tf.reshape(tf.transpose(att, [0, 2, 1, 3]), [n, T, E]);
  return dense(tf, merged, p.wo, p.bo);
}

export function buildAttention(tf: Tf, inputShape: readonly number[], numClasses: number, hp: HyperParams): TrainableNet {
  const a = hp.attention;
  if (!a) throw new Error("architecture 'attention' needs hp.attention");
  if (a.embedDim % a.heads !== 0) throw new Error(`attention.embedDim (${a.embedDim}) must be a multiple of attention.heads (${a.heads})`);
  const [T, D] = sequenceShape(inputShape);
  const E = a.embedDim;
  const p = new ParamSet(tf, hp);
  const embW = p.kernel('embed', [D, E]);
  const embB = p.zeros([E]);
  const pos = p.normal('pos', [1, T, E], 0.02);
  const blocks: BlockParams[] = [];
  for (let b = 0; b < a.blocks; b++) {
    blocks.push({
      ln1g: p.ones([E]),
      ln1b: p.zeros([E]),
      wq: p.kernel(`b${b}q`, [E, E]),
      wk: p.kernel(`b${b}k`, [E, E]),
      wv: p.kernel(`b${b}v`, [E, E]),
      wo: p.kernel(`b${b}o`, [E, E]),
      bq: p.zeros([E]),
      bk: p.zeros([E]),
      bv: p.zeros([E]),
      bo: p.zeros([E]),
      ln2g: p.ones([E]),
      ln2b: p.zeros([E]),
      w1: p.kernel(`b${b}mlp1`, [E, 2 * E]),
      b1: p.zeros([2 * E]),
      w2: p.kernel(`b${b}mlp2`, [2 * E, E]),
      b2: p.zeros([E]),
    });
  }
  const lnFg = p.ones([E]);
  const lnFb = p.zeros([E]);
  const sizes = [E, ...hp.widths];
  const denseW = hp.widths.map((u, i) => p.kernel(`dense${i}`, [sizes[i], u]));
  const denseB = hp.widths.map((u) => p.zeros([u]));
  const outW = p.kernel('out', [sizes[sizes.length - 1], numClasses], 'glorot_uniform');
  const outB = p.zeros([numClasses]);

  const forward = (x: tfType.Tensor2D, opts: ForwardOptions = {}) => {
    const n = x.shape[0];
    const hidden: tfType.Tensor2D[] = [];
    let h: tfType.Tensor = tf.add(dense(tf, tf.reshape(x, [n, T, D]), embW, embB), pos);
    blocks.forEach((bp, b) => {
      h = tf.add(h, selfAttention(tf, layerNorm(tf, h, bp.ln1g, bp.ln1b), bp, a.heads));
      const m = dense(tf, activate(tf, hp.activation, dense(tf, layerNorm(tf, h, bp.ln2g, bp.ln2b), bp.w1, bp.b1)), bp.w2, bp.b2);
      h = tf.add(h, m);
      if (opts.keepHidden) hidden.push(tf.mean(h, 1) as tfType.Tensor2D);
      h = maybeDropout(tf, h, opts, b);
    });
    let z: tfType.Tensor = tf.mean(layerNorm(tf, h, lnFg, lnFb), 1);
    hp.widths.forEach((_, j) => {
      z = activate(tf, hp.activation, dense(tf, z, denseW[j], denseB[j]));
      if (opts.keepHidden) hidden.push(z as tfType.Tensor2D);
      z = maybeDropout(tf, z, opts, a.blocks + j);
    });
    return { logits: dense(tf, z, outW, outB) as tfType.Tensor2D, hidden };
  };
  return { vars: p.vars, kernels: p.kernels, forward, dispose: () => p.dispose() };
}
