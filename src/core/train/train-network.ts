// Train one network with TF.js (METHODS §1): a custom loop (seeded shuffling,
// per-step dropout seeds, L2 on kernels), per-epoch train/test metrics
// including epoch 0, divergence and cancellation, and probe activations of
// every hidden layer at the end and at checkpoint epochs. Any family (MLP, CNN,
// attention: network.ts builds it) runs this same loop.
import type * as tfType from '@tensorflow/tfjs';
import type { Checkpoint, Dataset, EpochMetrics, HyperParams, LayerActivations, NetworkRecord, ProbeSet } from '../types';
import { hashSeed, mulberry32, permutation } from '../random';
import { networkId } from '../population/spec';
import { makeOptimizer } from './mlp';
import { buildNetwork } from './network';
import type { TrainableNet } from './ops';
import { epochDivergenceReason, finalDivergenceReason } from './divergence';

type Tf = typeof tfType;

export { DIVERGED_LOSS } from './divergence';

export interface TrainNetworkOptions {
  /** Epochs at which probe activations are kept (default: 0, 1, 2, 4, 8, …, last). */
  checkpointEpochs?: number[];
  isCancelled?(): boolean;
  /** Awaited before every step: a pause holds the trainer here (state is kept). */
  waitWhilePaused?(): Promise<void> | void;
  onEpoch?(m: EpochMetrics): void;
  /** Record id; default networkId(hp, index ?? 0). */
  id?: string;
  index?: number;
}

/** 0, 1, 2, 4, 8, … below `epochs`, then `epochs`. */
export function defaultCheckpointEpochs(epochs: number): number[] {
  const out = [0];
  for (let e = 1; e < epochs; e *= 2) out.push(e);
  if (epochs > 0) out.push(epochs);
  return out;
}

/** Yield to the event loop so that a worker can receive a cancel message. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface Split {
  x: tfType.Tensor2D;
  yOneHot: tfType.Tensor2D;
  y: tfType.Tensor1D;
}

function uploadSplit(tf: Tf, x: Float32Array, y: Int32Array, dim: number, numClasses: number): Split {
  return tf.tidy(() => {
    const yt = tf.tensor1d(y, 'int32');
    return { x: tf.tensor2d(x, [y.length, dim]), yOneHot: tf.oneHot(yt, numClasses).toFloat() as tfType.Tensor2D, y: yt };
  });
}

/** Mean cross-entropy and accuracy of the inference pass on a whole split. */
async function evaluate(tf: Tf, model: TrainableNet, s: Split): Promise<{ loss: number; acc: number }> {
  const [loss, acc] = tf.tidy(() => {
    const { logits } = model.forward(s.x);
    const l = tf.losses.softmaxCrossEntropy(s.yOneHot, logits);
    const a = tf.mean(tf.equal(tf.argMax(logits, 1), s.y).toFloat());
    return [l, a];
  });
  const [lv, av] = await Promise.all([loss.data(), acc.data()]);
  loss.dispose();
  acc.dispose();
  return { loss: lv[0], acc: av[0] };
}

async function probeActivations(tf: Tf, model: TrainableNet, probeX: tfType.Tensor2D): Promise<LayerActivations[]> {
  const hidden = tf.tidy(() => model.forward(probeX, { keepHidden: true }).hidden);
  const datas = await Promise.all(hidden.map((h) => h.data() as Promise<Float32Array>));
  const out = hidden.map((h, layer) => ({ layer, width: h.shape[1], data: Float32Array.from(datas[layer]) }));
  tf.dispose(hidden);
  return out;
}

function allFinite(layers: LayerActivations[]): boolean {
  return layers.every((l) => l.data.every(Number.isFinite));
}

const divergenceReason = epochDivergenceReason;

export async function trainNetwork(
  tf: Tf,
  ds: Dataset,
  probe: ProbeSet,
  hp: HyperParams,
  opts: TrainNetworkOptions = {},
): Promise<NetworkRecord> {
  const t0 = performance.now();
  const dim = ds.inputDim;
  const nTrain = ds.yTrain.length;
  if (probe.inputDim !== dim) throw new Error(`probe inputDim ${probe.inputDim} ≠ dataset inputDim ${dim}`);
  const checkpointAt = new Set(opts.checkpointEpochs ?? defaultCheckpointEpochs(hp.epochs));
  const rng = mulberry32(hashSeed('train', hp.seed));

  const model = buildNetwork(tf, dim, ds.inputShape ?? [dim], ds.numClasses, hp);
  const optimizer = makeOptimizer(tf, hp);
  const train = uploadSplit(tf, ds.xTrain, ds.yTrain, dim, ds.numClasses);
  const test = uploadSplit(tf, ds.xTest, ds.yTest, dim, ds.numClasses);
  const probeX = tf.tensor2d(probe.x, [probe.n, dim]);
  const vars = model.vars;
  const kernelVars = model.kernels;
  const batchSize = Math.max(1, Math.min(hp.batchSize, nTrain));

  const history: EpochMetrics[] = [];
  const checkpoints: Checkpoint[] = [];
  let status: NetworkRecord['status'] = 'ok';
  let statusReason: string | undefined;
  // Activations of the last epoch whose loss was sane: a diverged network keeps
  // a usable representation (its state just before it blew up).
  let lastGood: { epoch: number; layers: LayerActivations[] } | null = null;

  const record = async (epoch: number): Promise<EpochMetrics> => {
    const tr = await evaluate(tf, model, train);
    const te = await evaluate(tf, model, test);
    const m: EpochMetrics = { epoch, trainLoss: tr.loss, trainAcc: tr.acc, testLoss: te.loss, testAcc: te.acc };
    history.push(m);
    opts.onEpoch?.(m);
    const reason = divergenceReason(m);
    if (!reason) {
      const layers = await probeActivations(tf, model, probeX);
      if (allFinite(layers)) lastGood = { epoch, layers };
      if (checkpointAt.has(epoch)) checkpoints.push({ epoch, layers });
    }
    return m;
  };

  try {
    await record(0);
    for (let epoch = 1; epoch <= hp.epochs; epoch++) {
      if (opts.isCancelled?.()) {
        status = 'cancelled';
        statusReason = `cancelled before epoch ${epoch}`;
        break;
      }
      const perm = tf.tensor1d(permutation(nTrain, rng), 'int32');
      for (let start = 0; start < nTrain; start += batchSize) {
        if (opts.waitWhilePaused) await opts.waitWhilePaused();
        const size = Math.min(batchSize, nTrain - start);
        const dropoutSeed = hp.dropout > 0 ? Math.floor(rng() * 2 ** 31) : undefined;
        optimizer.minimize(
          () => {
            const idx = perm.slice(start, size);
            const xb = tf.gather(train.x, idx);
            const yb = tf.gather(train.yOneHot, idx);
            const { logits } = model.forward(xb, { dropout: hp.dropout, dropoutSeed });
            let loss = tf.losses.softmaxCrossEntropy(yb, logits) as tfType.Scalar;
            if (hp.l2 > 0) loss = tf.add(loss, tf.mul(hp.l2, tf.addN(kernelVars.map((k) => tf.sum(tf.square(k)))))) as tfType.Scalar;
            return loss;
          },
          false,
          vars,
        );
      }
      perm.dispose();
      const m = await record(epoch);
      const reason = divergenceReason(m);
      if (reason) {
        status = 'diverged';
        statusReason = reason;
        break;
      }
      await yieldToEventLoop();
    }
  } finally {
    tf.dispose([train.x, train.yOneHot, train.y, test.x, test.yOneHot, test.y, probeX]);
    optimizer.dispose();
    model.dispose();
  }

  // Trained to the end: judged on the whole history (loss blow-up, collapse to chance).
  if (status === 'ok') {
    const reason = finalDivergenceReason(history, ds.numClasses);
    if (reason) ((status = 'diverged'), (statusReason = reason));
  }
  const good = lastGood as { epoch: number; layers: LayerActivations[] } | null;
  if (status === 'diverged' && good) statusReason += `; activations are from epoch ${good.epoch}`;
  const final = history[history.length - 1];
  return {
    id: opts.id ?? networkId(hp, opts.index ?? 0),
    hp,
    status,
    ...(statusReason ? { statusReason } : {}),
    history,
    final,
    layers: good?.layers ?? [],
    checkpoints,
    trainSeconds: (performance.now() - t0) / 1000,
  };
}
