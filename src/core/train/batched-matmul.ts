// The stacked matmul of the batched trainer: a [G, M, K] · b [G, K, N] -> [G, M, N],
// network g's slice times network g's slice.
//
// On wasm, tf.matMul with a batch dimension runs tfjs-backend-wasm's scalar
// "slow_batch_matmul" loop (~1 GFLOP/s); only 2-D products reach XNNPACK.
// The same product is a depthwise convolution, which XNNPACK runs as a
// grouped GEMM: channels = networks, a 1 x K window over the K axis, channel
// multiplier N. tfjs-backend-wasm has no depthwise backprop kernels, so the
// gradient is given explicitly, as two more stacked products
// (dA = dY · Bᵀ, dB = Aᵀ · dY). Other backends keep tf.matMul (and its
// autograd), which they run well.
import type { Tensor, Tf } from './batched-tf';

/**
 * a [G, M, K] · b [G, K, N] as one depthwise convolution (no gradient). With
 * transposeA a is given as [G, K, M], with transposeB b as [G, N, K]; the
 * layout change folds into the one transpose each operand needs anyway.
 */
function depthwiseMatMul(tf: Tf, a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  const G = a.shape[0] as number;
  const [M, K] = transposeA ? [a.shape[2] as number, a.shape[1] as number] : [a.shape[1] as number, a.shape[2] as number];
  const N = (transposeB ? b.shape[1] : b.shape[2]) as number;
  // NHWC input [1, M, K, G]: rows, the window axis, networks as channels
  const x = tf.reshape(tf.transpose(a, transposeA ? [2, 1, 0] : [1, 2, 0]), [1, M, K, G]);
  // filter [1, K, G, N]: window, channels, channel multiplier
  const f = tf.reshape(tf.transpose(b, transposeB ? [2, 0, 1] : [1, 0, 2]), [1, K, G, N]);
  const y = tf.depthwiseConv2d(x as import('@tensorflow/tfjs').Tensor4D, f as import('@tensorflow/tfjs').Tensor4D, 1, 'valid');
  return tf.transpose(tf.reshape(y, [M, G, N]), [1, 0, 2]);
}

/** True when stackedMatMul takes the depthwise-convolution route. */
export function usesDepthwiseMatMul(tf: Tf): boolean {
  return tf.getBackend() === 'wasm';
}

/**
 * a [G, M, K] · b [G, K, N] -> [G, M, N], differentiable, fastest form for the
 * backend. constantA: a is data (the input batch), so no gradient flows to
 * it; on wasm this skips computing one (tf.matMul's autograd skips it by itself).
 */
export function stackedMatMul(tf: Tf, a: Tensor, b: Tensor, constantA = false): Tensor {
  if (!usesDepthwiseMatMul(tf)) return tf.matMul(a, b);
  if (constantA) {
    // a is saved (not only closed over): it may be an intermediate of the
    // forward pass (a CNN's patches), which the gradient tape would dispose
    const opB = tf.customGrad(((w: Tensor, save: (t: Tensor[]) => void) => {
      save([a]);
      return {
        value: depthwiseMatMul(tf, a, w),
        gradFunc: (dy: Tensor, saved: Tensor[]) => [depthwiseMatMul(tf, saved[0], dy, true, false)],
      };
    }) as unknown as Parameters<Tf['customGrad']>[0]) as unknown as (w: Tensor) => Tensor;
    return opB(b);
  }
  const op = tf.customGrad(((x: Tensor, w: Tensor, save: (t: Tensor[]) => void) => {
    save([x, w]);
    return {
      value: depthwiseMatMul(tf, x, w),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [sx, sw] = saved;
        return [depthwiseMatMul(tf, dy, sw, false, true), depthwiseMatMul(tf, sx, dy, true, false)];
      },
    };
  }) as unknown as Parameters<Tf['customGrad']>[0]) as unknown as (x: Tensor, w: Tensor) => Tensor;
  return op(a, b);
}
