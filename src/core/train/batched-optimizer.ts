// Per-network optimisers over the stacked networks' flat parameter vector.
// tf.train's optimisers hold one scalar learning rate; here every parameter
// carries its own network's rate.
// The update formulas, constants and operation order copy tfjs-core 4.22
// (sgd, momentum, adam, rmsprop with their defaults) so that one slice of a
// stacked update equals tf.train's update of that network in float32.
import type { OptimizerName } from '../types';
import type { Tensor, Tf, Variable } from './batched-tf';

export const MOMENTUM = 0.9;
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const RMSPROP_DECAY = 0.9;

export interface StackedOptimizer {
  /**
   * One update of the flat parameter vector from its gradient. keep, when
   * given, is a bool mask in the parameters' layout (keepMask): parameters
   * marked false keep their values (a NaN gradient cannot leak through a
   * select, unlike through a 0-multiply). Networks are independent slices, so
   * a network's NaN never reaches another's parameters; the mask only freezes
   * networks already known to have stopped.
   */
  step(params: Variable, grad: Tensor, keep: Tensor | null): void;
  /** alive (bool, one entry per network, any shape) spread to the parameters' layout. */
  keepMask(alive: Tensor): Tensor;
  dispose(): void;
}

/**
 * Optimiser state for G networks over one flat parameter vector; owner (int32,
 * the vector's length) names the network of every parameter, learningRates[g]
 * is network g's rate. One update is a dozen ops over the whole vector, for
 * every layer of every network.
 */
export function makeStackedOptimizer(tf: Tf, name: OptimizerName, learningRates: ArrayLike<number>, owner: Tensor): StackedOptimizer {
  const shape = owner.shape;
  // per-network values spread to the parameters' layout
  const spread = (perNetwork: Tensor): Tensor => tf.gather(perNetwork, owner);
  // per-parameter rates: no broadcasting in the update ops
  const [lr, negLr] = tf.tidy(() => {
    const full = spread(tf.tensor1d(Float32Array.from(learningRates)));
    return [full, tf.neg(full)];
  });
  // backend epsilon, as tf.train's adam and rmsprop use when epsilon is null
  const eps = tf.backend().epsilon();
  // tidy: a variable shares its initial tensor's data, which would otherwise stay counted
  const zeros = () => tf.tidy(() => tf.variable(tf.zeros(shape), false));
  const owned: Tensor[] = [lr, negLr];
  let update: (value: Tensor, g: Tensor) => Tensor;
  let afterStep = (): void => {};

  switch (name) {
    case 'sgd':
      update = (value, g) => tf.add(tf.mul(negLr, g), value);
      break;
    case 'momentum': {
      const acc = zeros();
      owned.push(acc);
      update = (value, g) => {
        const next = tf.add(tf.mul(MOMENTUM, acc), g);
        acc.assign(next);
        return tf.add(tf.mul(negLr, next), value);
      };
      break;
    }
    case 'adam': {
      const m = zeros();
      const v = zeros();
      const accBeta1 = tf.tidy(() => tf.variable(tf.scalar(ADAM_BETA1), false));
      const accBeta2 = tf.tidy(() => tf.variable(tf.scalar(ADAM_BETA2), false));
      owned.push(m, v, accBeta1, accBeta2);
      update = (value, g) => {
        const m1 = tf.add(tf.mul(m, ADAM_BETA1), tf.mul(g, 1 - ADAM_BETA1));
        const v1 = tf.add(tf.mul(v, ADAM_BETA2), tf.mul(tf.square(g), 1 - ADAM_BETA2));
        const mHat = tf.div(m1, tf.sub(1, accBeta1));
        const vHat = tf.div(v1, tf.sub(1, accBeta2));
        m.assign(m1);
        v.assign(v1);
        return tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), eps)), negLr), value);
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
      owned.push(ms);
      update = (value, g) => {
        const ms1 = tf.add(tf.mul(ms, RMSPROP_DECAY), tf.mul(tf.square(g), 1 - RMSPROP_DECAY));
        ms.assign(ms1);
        return tf.sub(value, tf.div(tf.mul(g, lr), tf.sqrt(tf.add(ms1, eps))));
      };
      break;
    }
    default: {
      const never: never = name;
      throw new Error(`unknown optimizer ${String(never)}`);
    }
  }

  return {
    step(params, grad, keep) {
      tf.tidy(() => {
        const next = update(params, grad);
        params.assign(keep ? tf.where(keep, next, params) : next);
        afterStep();
      });
    },
    keepMask(alive) {
      // a gather over every parameter: built when the set of stopped networks changes, not per step
      return tf.tidy(() => tf.cast(spread(tf.reshape(tf.cast(alive, 'float32'), [-1])), 'bool'));
    },
    dispose() {
      tf.dispose(owned);
    },
  };
}
