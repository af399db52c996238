// An experiment for the families bench: is a stacked CNN step faster than G
// separate ones? One forward + backward (tf.grads, no optimizer update) of G
// CNNs of one shape (8×8×1 input, 2 × (3×3 conv 8 ch → relu → 2×2 max pool),
// dense 32, 10 classes, batch B) written as one computation — the first conv
// shares its input, so one im2col times the concatenated filters
// [9, G·8] is exact; the second conv is block-diagonal, a batched matMul
// [G, B·16, 72] × [G, 72, 8] — against G single-network steps of the same ops.
// Not wired into the trainer: it measures what stacking could gain.
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;

function patches(tf: Tf, x: tfType.Tensor, k: number): tfType.Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const p = (k - 1) / 2;
  const xp = tf.pad(x, [
    [0, 0],
    [p, p],
    [p, p],
    [0, 0],
  ]);
  const cols: tfType.Tensor[] = [];
  for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) cols.push(tf.slice(xp, [0, dy, dx, 0], [n, h, w, c]));
  return tf.concat(cols, 3); // [n, h, w, k·k·c], index (dy·k + dx)·c + channel
}

/** Loss of G stacked CNNs on one batch (x [B, 8, 8, 1], y [B, 10]). */
export function stackedLoss(tf: Tf, G: number, x: tfType.Tensor, y: tfType.Tensor, w: tfType.Tensor[]): tfType.Scalar {
  const [k1, k2, wd, wo] = w;
  const B = x.shape[0];
  const ch = 8;
  // conv 1: shared patches × concatenated filters
  let h = tf.reshape(tf.matMul(tf.reshape(patches(tf, x, 3), [B * 64, 9]) as tfType.Tensor2D, k1 as tfType.Tensor2D), [B, 8, 8, G * ch]);
  h = tf.maxPool(tf.relu(h) as tfType.Tensor4D, 2, 2, 'valid'); // [B, 4, 4, G·ch], pooling is per channel
  // conv 2: per-network patches, batched matMul
  const p2 = tf.reshape(patches(tf, h, 3), [B * 16, 9, G, ch]);
  const p2g = tf.reshape(tf.transpose(p2, [2, 0, 1, 3]), [G, B * 16, 9 * ch]);
  let h2 = tf.matMul(p2g as tfType.Tensor3D, k2 as tfType.Tensor3D); // [G, B·16, ch]
  h2 = tf.reshape(tf.transpose(tf.reshape(h2, [G, B, 4, 4, ch]), [1, 2, 3, 0, 4]), [B, 4, 4, G * ch]);
  h2 = tf.maxPool(tf.relu(h2) as tfType.Tensor4D, 2, 2, 'valid'); // [B, 2, 2, G·ch]
  const flat = tf.reshape(tf.transpose(tf.reshape(h2, [B, 4, G, ch]), [2, 0, 1, 3]), [G, B, 4 * ch]);
  const d = tf.relu(tf.matMul(flat as tfType.Tensor3D, wd as tfType.Tensor3D));
  const logits = tf.matMul(d as tfType.Tensor3D, wo as tfType.Tensor3D); // [G, B, 10]
  const ce = tf.neg(tf.sum(tf.mul(tf.expandDims(y, 0), tf.logSoftmax(logits)), -1));
  return tf.sum(tf.mean(ce, -1)) as tfType.Scalar;
}

export function weights(tf: Tf, G: number): tfType.Tensor[] {
  return [
    tf.randomNormal([9, G * 8], 0, 0.3),
    tf.randomNormal([G, 72, 8], 0, 0.1),
    tf.randomNormal([G, 32, 32], 0, 0.1),
    tf.randomNormal([G, 32, 10], 0, 0.1),
  ];
}

async function timeSteps(tf: Tf, G: number, B: number, steps: number): Promise<number> {
  const x = tf.randomNormal([B, 8, 8, 1]);
  const y = tf.oneHot(tf.randomUniform([B], 0, 10, 'int32') as tfType.Tensor1D, 10).toFloat();
  const w = weights(tf, G);
  const grad = tf.grads((...ws: tfType.Tensor[]) => stackedLoss(tf, G, x, y, ws));
  const once = async () => {
    const g = grad(w);
    await g[0].data();
    tf.dispose(g);
  };
  await once();
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) await once();
  const ms = (performance.now() - t0) / steps;
  tf.dispose([x, y, ...w]);
  return ms;
}

/** Milliseconds per step: G stacked vs G × one network, and the speed-up. */
export async function stackedCnnStep(
  tf: Tf,
  G: number,
  B: number,
  steps = 10,
): Promise<{ stackedMs: number; separateMs: number; speedup: number }> {
  const stackedMs = await timeSteps(tf, G, B, steps);
  const separateMs = (await timeSteps(tf, 1, B, steps)) * G;
  return { stackedMs, separateMs, speedup: separateMs / stackedMs };
}
