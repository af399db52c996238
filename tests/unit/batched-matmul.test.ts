// stackedMatMul on wasm (depthwise-convolution route, explicit gradient)
// against tf.matMul and its autograd on the same backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { stackedMatMul, usesDepthwiseMatMul } from '../../src/core/train/batched-matmul';
import { mulberry32, randn } from '../../src/core/random';

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rng = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => randn(rng)),
    shape,
  );
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

beforeAll(async () => {
  setWasmPaths(path.resolve(__dirname, '../../node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('stackedMatMul (wasm)', () => {
  it('takes the depthwise route and equals tf.matMul, value and both gradients', () => {
    expect(usesDepthwiseMatMul(tf)).toBe(true);
    const before = tf.memory().numTensors;
    const [G, M, K, N] = [5, 7, 6, 3];
    const a = randomTensor([G, M, K], 1);
    const b = randomTensor([G, K, N], 2);
    const dy = randomTensor([G, M, N], 3);
    const loss = (f: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(f(x, w), dy));
    const ours = tf.grads(loss((x, w) => stackedMatMul(tf, x, w)));
    const ref = tf.grads(loss((x, w) => tf.matMul(x, w)));
    const [da, db] = ours([a, b]);
    const [ra, rb] = ref([a, b]);
    const y = stackedMatMul(tf, a, b);
    const ry = tf.matMul(a, b);
    expect(maxAbsDiff(y, ry)).toBeLessThan(1e-5);
    expect(maxAbsDiff(da, ra)).toBeLessThan(1e-5);
    expect(maxAbsDiff(db, rb)).toBeLessThan(1e-5);
    // with a constant left operand: the same value and weight gradient
    const [dbConst] = tf.grads((w: tf.Tensor) => tf.sum(tf.mul(stackedMatMul(tf, a, w, true), dy)))([b]);
    expect(maxAbsDiff(dbConst, rb)).toBeLessThan(1e-5);
    dbConst.dispose();
    // and it is not trivially zero
    expect(tf.tidy(() => tf.max(tf.abs(db)).dataSync()[0])).toBeGreaterThan(0.1);
    tf.dispose([a, b, dy, da, db, ra, rb, y, ry]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
