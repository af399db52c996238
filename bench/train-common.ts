// What the Node and the headless-Chromium training benchmarks share: the
// benchmark population and the matmul-peak measurement, so both halves of the
// table time the same networks against the same yardstick.
import type * as tfType from '@tensorflow/tfjs';
import type { HyperParams, InitName, OptimizerName } from '../src/core/types';

export interface PopulationArgs {
  count: number;
  epochs: number;
  batch: number;
  widths: number[];
  /** Four optimizers (four groups) instead of adam alone. */
  mixed?: boolean;
}

/** One architecture; rates (1x … ~56x the optimizer's base), L2, init and seed varied. */
export function benchPopulation(a: PopulationArgs): HyperParams[] {
  const inits: InitName[] = ['glorot_uniform', 'he_normal', 'lecun_normal', 'random_normal'];
  const opts: OptimizerName[] = ['adam', 'sgd', 'momentum', 'rmsprop'];
  return Array.from({ length: a.count }, (_, i) => {
    const optimizer = a.mixed ? opts[i % 4] : 'adam';
    const base = optimizer === 'adam' || optimizer === 'rmsprop' ? 1e-3 : 1e-2;
    return {
      architecture: 'mlp',
      widths: a.widths,
      activation: 'relu',
      optimizer,
      learningRate: base * 10 ** ((i % 8) / 4),
      batchSize: a.batch,
      epochs: a.epochs,
      dropout: 0,
      l2: i % 3 === 0 ? 1e-4 : 0,
      init: inits[i % inits.length],
      seed: 1000 + i,
    };
  });
}

/**
 * Best GFLOP/s of tf.matMul over a 2-D 512³ product and the stacked shape of
 * the trainer's first layer ([G] x B x inDim x width), each timed for 1.5 s.
 * Each product is read back (asynchronously: WebGPU has no cheap sync read),
 * so GPU backends are timed to completion, not to submission.
 */
export async function matmulPeak(
  tf: typeof tfType,
  G: number,
  B: number,
  inDim: number,
  width: number,
): Promise<{ gflops: number; shape: string }> {
  const shapes = [
    { name: '512x512x512', a: [512, 512], b: [512, 512], flops: 2 * 512 ** 3 },
    { name: `[${G}]x${B}x${inDim}x${width}`, a: [G, B, inDim], b: [G, inDim, width], flops: 2 * G * B * inDim * width },
  ];
  let best = { gflops: 0, shape: '' };
  for (const s of shapes) {
    const x = tf.randomNormal(s.a);
    const y = tf.randomNormal(s.b);
    const once = async (): Promise<void> => {
      const out = tf.matMul(x as tfType.Tensor3D, y as tfType.Tensor3D);
      await out.data();
      out.dispose();
    };
    await once(); // warm-up (shader compile)
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 1500) {
      await once();
      n++;
    }
    const gflops = (s.flops * n) / ((performance.now() - t0) / 1000) / 1e9;
    if (gflops > best.gflops) best = { gflops, shape: s.name };
    tf.dispose([x, y]);
  }
  return best;
}
