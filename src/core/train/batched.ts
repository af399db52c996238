// Batched population training: networks that share an architecture and a
// step schedule (see batched-groups.ts) train as ONE stacked computation —
// [G, in, out] kernels, batched matmuls, per-network learning rates, L2,
// dropout, initialisation and batch order — so that a population costs a few
// large ops per step instead of many small ones per network.
//
// Contract (same NetworkRecord as the sequential trainer):
//  - history holds epoch 0 (untrained) and every completed epoch, measured on
//    the full train and test splits without dropout; losses are the mean data
//    cross-entropy (no L2 term).
//  - a network whose batch loss turns non-finite is marked diverged; from that
//    step on its updates are masked out and the others go on exactly as if it
//    were not there (its slice never mixes with theirs).
//  - cancellation is checked every step; unfinished networks end 'cancelled'.
//  - layers = probe activations of every hidden layer at the end of training;
//    checkpoints at hooks.checkpointEpochs (0 = before training).
//  - trainSeconds is the group's wall time divided by its size.
import type { Checkpoint, Dataset, EpochMetrics, HyperParams, LayerActivations, NetworkRecord, ProbeSet, Progress } from '../types';
import { groupForBatching } from './batched-groups';
import { initialMlpWeights } from './batched-init';
import { StackedMlp, perNetworkCrossEntropy, perNetworkL2 } from './batched-mlp';
import { makeStackedOptimizer } from './batched-optimizer';
import { DropoutMasks, epochOrder, stepIndices } from './batched-batches';
import type { Tensor, Tf } from './batched-tf';

export interface BatchedProgress extends Progress {
  epoch: number;
  group: number;
}

export interface BatchedHooks {
  onProgress?(p: BatchedProgress): void;
  onNetwork?(rec: NetworkRecord, index: number): void;
  isCancelled?(): boolean;
  checkpointEpochs?: number[];
}

export interface BatchedOptions {
  /** Largest number of networks stacked in one computation (memory bound). */
  maxGroupSize?: number;
  /** Network ids; default `net-<index>`. */
  ids?: string[];
}

/** Upper bound on G * rows * width floats per evaluation chunk. */
const EVAL_CHUNK_FLOATS = 1 << 22;

export async function trainPopulationBatched(
  tf: Tf,
  ds: Dataset,
  probe: ProbeSet,
  hps: HyperParams[],
  hooks: BatchedHooks = {},
  options: BatchedOptions = {},
): Promise<NetworkRecord[]> {
  const records: NetworkRecord[] = new Array(hps.length);
  const groups = groupForBatching(hps, options.maxGroupSize);
  const total = hps.reduce((s, hp) => s + hp.epochs, 0);
  const progress = { done: 0, total };
  const data = uploadData(tf, ds, probe);
  let cancelled = false;
  try {
    for (let gi = 0; gi < groups.length; gi++) {
      const indices = groups[gi].indices;
      const ids = indices.map((i) => options.ids?.[i] ?? `net-${i}`);
      if (cancelled || hooks.isCancelled?.()) {
        cancelled = true;
        indices.forEach((i, g) => {
          records[i] = untrainedCancelledRecord(ids[g], hps[i]);
          hooks.onNetwork?.(records[i], i);
        });
        continue;
      }
      const out = await trainGroup(tf, ds, data, indices.map((i) => hps[i]), ids, gi, hooks, progress);
      cancelled = out.cancelled;
      out.records.forEach((rec, g) => {
        records[indices[g]] = rec;
        hooks.onNetwork?.(rec, indices[g]);
      });
    }
  } finally {
    tf.dispose(Object.values(data));
  }
  return records;
}

interface DataTensors {
  xTrain: Tensor;
  yTrainOneHot: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
  xProbe: Tensor;
}

function uploadData(tf: Tf, ds: Dataset, probe: ProbeSet): DataTensors {
  const nTrain = ds.yTrain.length;
  const nTest = ds.yTest.length;
  return tf.tidy(() => {
    const yTrain = tf.tensor1d(ds.yTrain, 'int32');
    return {
      xTrain: tf.tensor2d(ds.xTrain, [nTrain, ds.inputDim]),
      yTrainOneHot: tf.oneHot(yTrain, ds.numClasses).toFloat(),
      yTrain,
      xTest: tf.tensor2d(ds.xTest, [nTest, ds.inputDim]),
      yTest: tf.tensor1d(ds.yTest, 'int32'),
      xProbe: tf.tensor2d(probe.x, [probe.n, probe.inputDim]),
    };
  });
}

function nanMetrics(epoch: number): EpochMetrics {
  return { epoch, trainLoss: NaN, trainAcc: NaN, testLoss: NaN, testAcc: NaN };
}

function untrainedCancelledRecord(id: string, hp: HyperParams): NetworkRecord {
  return {
    id,
    hp,
    status: 'cancelled',
    statusReason: 'cancelled before training started',
    history: [],
    final: nanMetrics(0),
    layers: [],
  };
}

/** Mean cross-entropy and accuracy of every network on (x, labels), chunked over rows. */
async function evaluate(tf: Tf, model: StackedMlp, x: Tensor, labels: Tensor, numClasses: number): Promise<{ loss: Float32Array; acc: Float32Array }> {
  const G = model.count;
  const n = x.shape[0];
  const maxWidth = Math.max(...model.sizes.slice(1));
  const chunk = Math.max(1, Math.floor(EVAL_CHUNK_FLOATS / (G * maxWidth)));
  let sums = tf.zeros([2, G]);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const next = tf.tidy(() => {
      const xc = tf.slice(x, [start, 0], [rows, -1]);
      const yc = tf.slice(labels, [start], [rows]);
      const { logits } = model.forward(xc);
      const oneHot = tf.expandDims(tf.oneHot(yc, numClasses).toFloat(), 0);
      const ceSum = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), [1, 2]));
      const correct = tf.sum(tf.equal(tf.argMax(logits, -1), tf.expandDims(yc, 0)).toFloat(), 1);
      return tf.add(sums, tf.stack([ceSum, correct]));
    });
    sums.dispose();
    sums = next;
  }
  const v = (await sums.data()) as Float32Array;
  sums.dispose();
  const loss = new Float32Array(G);
  const acc = new Float32Array(G);
  for (let g = 0; g < G; g++) {
    loss[g] = v[g] / n;
    acc[g] = v[G + g] / n;
  }
  return { loss, acc };
}

/** Probe activations of every hidden layer, split per network. */
async function probeActivations(tf: Tf, model: StackedMlp, xProbe: Tensor): Promise<LayerActivations[][]> {
  const G = model.count;
  const n = xProbe.shape[0];
  const hidden = tf.tidy(() => model.forward(xProbe).hidden);
  const perNet: LayerActivations[][] = Array.from({ length: G }, () => []);
  for (let l = 0; l < hidden.length; l++) {
    const width = model.sizes[l + 1];
    const all = (await hidden[l].data()) as Float32Array;
    for (let g = 0; g < G; g++) {
      perNet[g].push({ layer: l, width, data: all.slice(g * n * width, (g + 1) * n * width) });
    }
  }
  tf.dispose(hidden);
  return perNet;
}

interface GroupResult {
  records: NetworkRecord[];
  cancelled: boolean;
}

async function trainGroup(
  tf: Tf,
  ds: Dataset,
  data: DataTensors,
  hps: HyperParams[],
  ids: string[],
  groupIndex: number,
  hooks: BatchedHooks,
  progress: { done: number; total: number },
): Promise<GroupResult> {
  const t0 = performanceNow();
  const G = hps.length;
  const { batchSize: B, epochs: E, activation, optimizer } = hps[0];
  const C = ds.numClasses;
  const nTrain = ds.yTrain.length;
  const inDim = ds.inputDim;
  const checkpointEpochs = new Set(hooks.checkpointEpochs ?? []);

  const model = new StackedMlp(tf, hps.map((hp) => initialMlpWeights(hp, inDim, C)), activation);
  const variables = model.variables;
  const opt = makeStackedOptimizer(tf, optimizer, hps.map((hp) => hp.learningRate), variables.map((v) => v.shape));
  const anyL2 = hps.some((hp) => hp.l2 > 0);
  const l2 = tf.tensor3d(Float32Array.from(hps, (hp) => hp.l2), [G, 1, 1]);
  const dropout = new DropoutMasks(hps.map((hp) => hp.seed), hps.map((hp) => hp.dropout));
  let alive: Tensor = tf.fill([G, 1, 1], 1, 'bool');

  const status: ('ok' | 'diverged')[] = hps.map(() => 'ok');
  const reasons: (string | undefined)[] = hps.map(() => undefined);
  const histories: EpochMetrics[][] = hps.map(() => []);
  const checkpoints: Checkpoint[][] = hps.map(() => []);
  let cancelled = false;
  let lastEpoch = 0;

  // Record one epoch's metrics; a network whose metrics are non-finite diverges here.
  const recordEpoch = async (epoch: number, trainLostFinite: boolean[] | null): Promise<void> => {
    const tr = await evaluate(tf, model, data.xTrain, data.yTrain, C);
    const te = await evaluate(tf, model, data.xTest, data.yTest, C);
    let newlyDead = false;
    for (let g = 0; g < G; g++) {
      if (status[g] !== 'ok') continue;
      const m: EpochMetrics = { epoch, trainLoss: tr.loss[g], trainAcc: tr.acc[g], testLoss: te.loss[g], testAcc: te.acc[g] };
      histories[g].push(m);
      const batchBad = trainLostFinite !== null && !trainLostFinite[g];
      if (batchBad || !Number.isFinite(m.trainLoss) || !Number.isFinite(m.testLoss)) {
        status[g] = 'diverged';
        reasons[g] = batchBad ? `training loss became NaN or infinite in epoch ${epoch}` : `loss became NaN or infinite at epoch ${epoch}`;
        newlyDead = true;
      }
    }
    if (newlyDead) {
      // keep the device mask in step with evaluation-detected divergence
      alive.dispose();
      alive = tf.tensor3d(Uint8Array.from(status, (s) => (s === 'ok' ? 1 : 0)), [G, 1, 1], 'bool');
    }
    if (checkpointEpochs.has(epoch)) {
      const acts = await probeActivations(tf, model, data.xProbe);
      for (let g = 0; g < G; g++) if (status[g] === 'ok') checkpoints[g].push({ epoch, layers: acts[g] });
    }
  };

  try {
    await recordEpoch(0, null);
    const idxBuf = new Int32Array(G * B);
    for (let epoch = 1; epoch <= E && !cancelled; epoch++) {
      const orders = hps.map((hp) => epochOrder(hp.seed, epoch, nTrain));
      for (let start = 0; start < nTrain; start += B) {
        if (hooks.isCancelled?.()) {
          cancelled = true;
          break;
        }
        const b = Math.min(B, nTrain - start);
        const idx = stepIndices(orders, start, b, b === B ? idxBuf : undefined);
        const next = tf.tidy(() => {
          const idxT = tf.tensor1d(idx, 'int32');
          const xb = tf.reshape(tf.gather(data.xTrain, idxT), [G, b, inDim]);
          const yb = tf.reshape(tf.gather(data.yTrainOneHot, idxT), [G, b, C]);
          const masks = dropout.active
            ? model.sizes.slice(1, -1).map((w) => tf.tensor3d(dropout.next(b, w), [G, b, w]))
            : undefined;
          let lossVec: Tensor | null = null;
          const { grads } = tf.variableGrads(() => {
            const { logits } = model.forward(xb, masks);
            let loss = perNetworkCrossEntropy(tf, logits, yb);
            if (anyL2) loss = tf.add(loss, perNetworkL2(tf, model.kernels, l2));
            lossVec = tf.keep(loss); // the forward scope would dispose it
            return tf.sum(loss) as import('@tensorflow/tfjs-core').Scalar;
          }, variables);
          const kept = lossVec as unknown as Tensor;
          const finite = tf.reshape(tf.isFinite(kept), [G, 1, 1]);
          kept.dispose();
          const nextAlive = tf.logicalAnd(alive, finite);
          opt.step(variables, variables.map((v) => grads[v.name]), nextAlive);
          return nextAlive;
        });
        alive.dispose();
        alive = next;
      }
      if (cancelled) break;
      lastEpoch = epoch;
      const aliveNow = Array.from((await alive.data()) as Uint8Array, (a) => a !== 0);
      await recordEpoch(epoch, aliveNow);
      progress.done += G;
      hooks.onProgress?.({
        stage: 'train',
        done: progress.done,
        total: progress.total,
        epoch,
        group: groupIndex,
        message: `group ${groupIndex + 1} (${G} networks): epoch ${epoch}/${E}`,
      });
    }

    const finalActs = await probeActivations(tf, model, data.xProbe);
    const seconds = (performanceNow() - t0) / 1000;
    const records = hps.map((hp, g): NetworkRecord => {
      const history = histories[g];
      const last = history[history.length - 1];
      const st = status[g] === 'ok' && cancelled ? 'cancelled' : status[g];
      const rec: NetworkRecord = {
        id: ids[g],
        hp,
        status: st,
        history,
        final: st === 'diverged' ? nanMetrics(last.epoch) : { ...last },
        layers: finalActs[g],
        trainSeconds: seconds / G,
      };
      if (st === 'diverged') rec.statusReason = reasons[g];
      if (st === 'cancelled') rec.statusReason = `cancelled after epoch ${lastEpoch} of ${E}`;
      if (checkpointEpochs.size > 0) rec.checkpoints = checkpoints[g];
      return rec;
    });
    return { records, cancelled };
  } finally {
    alive.dispose();
    l2.dispose();
    opt.dispose();
    model.dispose();
  }
}

function performanceNow(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
