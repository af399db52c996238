// Per-network values broadcast over a network's slice. tfjs-backend-cpu's
// binary ops take a slow per-element index path whenever an operand
// broadcasts along a non-leading axis ([G,1,1] against [G,r,c]); there they
// are written as k = 1 batched matmuls with a ones operand, which are exact
// (x * 1 + 0 = x). Every other backend broadcasts natively and fast (on wasm
// a k = 1 matmul takes its scalar slow path and costs ~3x a broadcast
// multiply), so there a plain broadcasting op is used. Both give the same
// values; only the operation count differs.
import type { Tensor, Tf } from './batched-tf';

/** True where broadcasting binary ops are slow (tfjs-backend-cpu). */
export function broadcastIsSlow(tf: Tf): boolean {
  return tf.getBackend() === 'cpu';
}

/** t [G,1,1] -> [G, rows, cols]: t[g] in every entry of slice g. */
export function expandPerNetwork(tf: Tf, t: Tensor, rows: number, cols: number): Tensor {
  const G = t.shape[0] as number;
  if (!broadcastIsSlow(tf)) return tf.mul(t, tf.ones([1, rows, cols], t.dtype));
  return tf.reshape(tf.matMul(t, tf.ones([G, 1, rows * cols])), [G, rows, cols]);
}

/** z [G, rows, cols] + b [G,1,cols]: each network's row vector added to every row of its slice. */
export function addRowVector(tf: Tf, z: Tensor, b: Tensor): Tensor {
  if (!broadcastIsSlow(tf)) return tf.add(z, b);
  const G = b.shape[0] as number;
  return tf.add(z, tf.matMul(tf.ones([G, z.shape[1] as number, 1]), b));
}

/** x (any shape, float32) -> [G, ...x.shape]: the same values for every network. */
export function repeatForNetworks(tf: Tf, x: Tensor, G: number): Tensor {
  if (!broadcastIsSlow(tf)) return tf.mul(tf.ones([G, ...x.shape.map(() => 1)]), tf.expandDims(x, 0));
  return tf.reshape(tf.matMul(tf.ones([G, 1, 1]), tf.reshape(x, [1, 1, x.size])), [G, ...x.shape]);
}
