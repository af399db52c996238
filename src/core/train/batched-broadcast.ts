// Per-network values broadcast over a network's slice, written as k = 1
// batched matmuls. tfjs-backend-cpu's binary ops take a slow per-element
// index path whenever an operand broadcasts along a non-leading axis
// ([G,1,1] against [G,r,c]); a matmul with a ones vector does not, and it is
// exact (x * 1 + 0 = x). On wasm/webgl/webgpu it costs about 1/in of a layer.
import type { Tensor, Tf } from './batched-tf';

/** t [G,1,1] -> [G, rows, cols]: t[g] in every entry of slice g. */
export function expandPerNetwork(tf: Tf, t: Tensor, rows: number, cols: number): Tensor {
  const G = t.shape[0] as number;
  return tf.reshape(tf.matMul(t, tf.ones([G, 1, rows * cols])), [G, rows, cols]);
}

/** b [G,1,cols] -> [G, rows, cols]: each network's row vector repeated over rows. */
export function repeatRows(tf: Tf, b: Tensor, rows: number): Tensor {
  const G = b.shape[0] as number;
  return tf.matMul(tf.ones([G, rows, 1]), b);
}

/** x (any shape, float32) -> [G, ...x.shape]: the same values for every network. */
export function repeatForNetworks(tf: Tf, x: Tensor, G: number): Tensor {
  return tf.reshape(tf.matMul(tf.ones([G, 1, 1]), tf.reshape(x, [1, 1, x.size])), [G, ...x.shape]);
}
