// Per-network optimisers over stacked variables ([G, ...] weights). tf.train's
// optimisers hold one scalar learning rate; here the rate is a [G,1,1] tensor.
// The update formulas, constants and operation order copy tfjs-core 4.22
// (sgd, momentum, adam, rmsprop with their defaults) so that one slice of a
// stacked update equals tf.train's update of that network in float32.
import type { OptimizerName } from '../types';
import type { Tensor, Tf, Variable } from './batched-tf';
import { expandPerNetwork } from './batched-broadcast';

export const MOMENTUM = 0.9;
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const RMSPROP_DECAY = 0.9;

export interface StackedOptimizer {
  /**
   * One update of every variable from its gradient. alive is a bool [G,1,1]
   * tensor: networks marked false keep their values (a NaN gradient cannot
   * leak through a select, unlike through a 0-multiply).
   */
  step(vars: readonly Variable[], grads: readonly Tensor[], alive: Tensor): void;
  dispose(): void;
}

/** Optimiser state for G networks; learningRates[g] is network g's rate. */
export function makeStackedOptimizer(
  tf: Tf,
  name: OptimizerName,
  learningRates: ArrayLike<number>,
  varShapes: readonly number[][],
): StackedOptimizer {
  const G = learningRates.length;
  // per-variable full-shape rates: no broadcasting in the update ops
  const [lr, negLr] = tf.tidy(() => {
    const r = tf.tensor3d(Float32Array.from(learningRates), [G, 1, 1]);
    const full = varShapes.map((s) => expandPerNetwork(tf, r, s[1], s[2]));
    return [full, full.map((t) => tf.neg(t))];
  });
  // backend epsilon, as tf.train's adam and rmsprop use when epsilon is null
  const eps = tf.backend().epsilon();
  // tidy: a variable shares its initial tensor's data, which would otherwise stay counted
  const zeros = () => varShapes.map((s) => tf.tidy(() => tf.variable(tf.zeros(s), false)));
  const owned: Tensor[] = [...lr, ...negLr];
  let update: (i: number, value: Tensor, g: Tensor) => Tensor;
  let afterStep = (): void => {};

  switch (name) {
    case 'sgd':
      update = (i, value, g) => tf.add(tf.mul(negLr[i], g), value);
      break;
    case 'momentum': {
      const acc = zeros();
      owned.push(...acc);
      update = (i, value, g) => {
        const next = tf.add(tf.mul(MOMENTUM, acc[i]), g);
        acc[i].assign(next);
        return tf.add(tf.mul(negLr[i], next), value);
      };
      break;
    }
    case 'adam': {
      const m = zeros();
      const v = zeros();
      const accBeta1 = tf.tidy(() => tf.variable(tf.scalar(ADAM_BETA1), false));
      const accBeta2 = tf.tidy(() => tf.variable(tf.scalar(ADAM_BETA2), false));
      owned.push(...m, ...v, accBeta1, accBeta2);
      update = (i, value, g) => {
        const m1 = tf.add(tf.mul(m[i], ADAM_BETA1), tf.mul(g, 1 - ADAM_BETA1));
        const v1 = tf.add(tf.mul(v[i], ADAM_BETA2), tf.mul(tf.square(g), 1 - ADAM_BETA2));
        const mHat = tf.div(m1, tf.sub(1, accBeta1));
        const vHat = tf.div(v1, tf.sub(1, accBeta2));
        m[i].assign(m1);
        v[i].assign(v1);
        return tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), eps)), negLr[i]), value);
      };
      afterStep = () => {
        accBeta1.assign(tf.mul(accBeta1, ADAM_BETA1));
        accBeta2.assign(tf.mul(accBeta2, ADAM_BETA2));
      };
      break;
    }
    case 'rmsprop': {
      // tf.train.rmsprop(lr) defaults: decay 0.9, momentum 0, not centred;
      // with momentum 0 its moment buffer is exactly the step, so it is skipped.
      const ms = zeros();
      owned.push(...ms);
      update = (i, value, g) => {
        const ms1 = tf.add(tf.mul(ms[i], RMSPROP_DECAY), tf.mul(tf.square(g), 1 - RMSPROP_DECAY));
        ms[i].assign(ms1);
        return tf.sub(value, tf.div(tf.mul(g, lr[i]), tf.sqrt(tf.add(ms1, eps))));
      };
      break;
    }
    default: {
      const never: never = name;
      throw new Error(`unknown optimizer ${String(never)}`);
    }
  }

  return {
    step(vars, grads, alive) {
      tf.tidy(() => {
        const aliveF = tf.cast(alive, 'float32');
        vars.forEach((value, i) => {
          const keep = tf.cast(expandPerNetwork(tf, aliveF, value.shape[1] as number, value.shape[2] as number), 'bool');
          value.assign(tf.where(keep, update(i, value, grads[i]), value));
        });
        afterStep();
      });
    },
    dispose() {
      tf.dispose(owned);
    },
  };
}
