// One network of any family as the trainer drives it (ops.ts TrainableNet):
// the MLP through its tf.layers model (mlp.ts, unchanged, so MLP runs keep
// their bytes), CNN and attention through their own modules.
import type * as tfType from '@tensorflow/tfjs';
import type { HyperParams } from '../types';
import { architectureProblem } from '../architecture';
import { buildMlp, forward, kernels } from './mlp';
import { buildCnn } from './cnn';
import { buildAttention } from './attention';
import type { TrainableNet } from './ops';

type Tf = typeof tfType;

/** `inputShape` (Dataset.inputShape) is how CNN and attention read a flat row of `inputDim` values; MLPs read it flat. */
export function buildNetwork(tf: Tf, inputDim: number, inputShape: readonly number[], numClasses: number, hp: HyperParams): TrainableNet {
  if (inputShape.reduce((a, b) => a * b, 1) !== inputDim)
    throw new Error(`input shape [${inputShape.join(', ')}] does not hold ${inputDim} values`);
  const problem = architectureProblem(hp);
  if (problem) throw new Error(problem);
  if (hp.architecture === 'cnn') return buildCnn(tf, inputShape, numClasses, hp);
  if (hp.architecture === 'attention') return buildAttention(tf, inputShape, numClasses, hp);
  const model = buildMlp(tf, inputDim, numClasses, hp);
  return {
    vars: model.trainableWeights.map((w) => w.read() as tfType.Variable),
    kernels: kernels(model),
    forward: (x, opts) => forward(tf, model, x, opts),
    dispose: () => model.dispose(),
  };
}
