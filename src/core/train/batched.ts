// Batched population training: networks that share an architecture and a
// step schedule (see batched-groups.ts) train as ONE stacked computation
// (MLPs: batched-mlp.ts; CNNs, groups of two or more: batched-cnn.ts;
// attention networks train one at a time through trainNetwork) —
// [G, in, out] kernels, batched matmuls, per-network learning rates, L2,
// dropout, initialisation and batch order — so that a population costs a few
// large ops per step instead of many small ones per network.
//
// It mirrors the sequential trainer (train-network.ts) step for step: same
// initial weights (its model builder), same seeded batch order and dropout
// seeds, same loss and L2 ops, tf.train's update formulas per network, the
// same per-epoch metrics, divergence rule, checkpoints and "last good"
// activations. Differences, by design:
//  - a network whose batch loss turns non-finite is frozen from that step on
//    (its updates masked out); the others go on exactly as without it, since
//    slice g of every tensor belongs to network g only;
//  - cancellation is checked every step (not only between epochs);
//  - trainSeconds is the group's wall time divided by its size.
import type { Checkpoint, Dataset, EpochMetrics, HyperParams, LayerActivations, NetworkRecord, ProbeSet, Progress } from '../types';
import { networkId } from '../population/spec';
import { defaultCheckpointEpochs, trainNetwork } from './train-network';
import { epochDivergenceReason, finalDivergenceReason } from './divergence';
import { groupForBatching } from './batched-groups';
import { initialMlpWeights } from './batched-init';
import { StackedMlp, perExampleCrossEntropy, perNetworkCrossEntropy, perNetworkL2, type StackedNet } from './batched-mlp';
import { StackedCnn } from './batched-cnn';
import { makeStackedOptimizer } from './batched-optimizer';
import { NetworkStream, dropoutMultiplier, gatherStepBatch } from './batched-batches';
import type { Tensor, Tf } from './batched-tf';
import { repeatForNetworks } from './batched-broadcast';

export interface BatchedProgress extends Progress {
  epoch: number;
  group: number;
  /** Mean training loss at this epoch over the group's networks still training (NaN if none). */
  loss?: number;
}

export interface BatchedHooks {
  onProgress?(p: BatchedProgress): void;
  onNetwork?(rec: NetworkRecord, index: number): void;
  isCancelled?(): boolean;
  /** Awaited before every step: a pause holds the trainer here until it resolves (state is kept). */
  waitWhilePaused?(): Promise<void> | void;
  /** Epochs whose probe activations are kept (default: the sequential trainer's 0, 1, 2, 4, …, last). */
  checkpointEpochs?: number[];
}

export interface BatchedOptions {
  /** Largest number of networks stacked in one computation (memory bound). */
  maxGroupSize?: number;
}

/** Upper bound on G * rows * width floats of one evaluation pass (larger splits go in chunks). */
const EVAL_CHUNK_FLOATS = 1 << 23;

/** Yield to the event loop so that a worker can receive a cancel message. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Train every network of hps, stacking those that share batchGroupKey.
 * Returns one record per network, in input order; onNetwork fires as each
 * group finishes. On cancellation, unfinished networks come back 'cancelled'
 * (with the epochs they completed) and later groups untrained.
 */
export async function trainPopulationBatched(
  tf: Tf,
  ds: Dataset,
  probe: ProbeSet,
  hps: HyperParams[],
  hooks: BatchedHooks = {},
  options: BatchedOptions = {},
): Promise<NetworkRecord[]> {
  if (probe.inputDim !== ds.inputDim) throw new Error(`probe inputDim ${probe.inputDim} ≠ dataset inputDim ${ds.inputDim}`);
  const records: NetworkRecord[] = new Array(hps.length);
  const groups = groupForBatching(hps, options.maxGroupSize);
  const progress = { done: 0, total: hps.reduce((s, hp) => s + hp.epochs, 0) };
  const data = uploadData(tf, ds, probe);
  let cancelled = false;
  try {
    for (let gi = 0; gi < groups.length; gi++) {
      const indices = groups[gi].indices;
      if (cancelled || hooks.isCancelled?.()) {
        cancelled = true;
        for (const i of indices) {
          records[i] = untrainedCancelledRecord(networkId(hps[i], i), hps[i]);
          hooks.onNetwork?.(records[i], i);
        }
        continue;
      }
      const out = trainsStacked(
        tf,
        indices.map((i) => hps[i]),
      )
        ? await trainGroup(tf, ds, data, indices, hps, gi, hooks, progress)
        : await trainOneAtATime(tf, ds, probe, indices, hps, gi, hooks, progress);
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
  yTestOneHot: Tensor;
  yTest: Tensor;
  xProbe: Tensor;
}

function uploadData(tf: Tf, ds: Dataset, probe: ProbeSet): DataTensors {
  return tf.tidy(() => {
    const yTrain = tf.tensor1d(ds.yTrain, 'int32');
    const yTest = tf.tensor1d(ds.yTest, 'int32');
    return {
      xTrain: tf.tensor2d(ds.xTrain, [ds.yTrain.length, ds.inputDim]),
      yTrainOneHot: tf.oneHot(yTrain, ds.numClasses).toFloat(),
      yTrain,
      xTest: tf.tensor2d(ds.xTest, [ds.yTest.length, ds.inputDim]),
      yTestOneHot: tf.oneHot(yTest, ds.numClasses).toFloat(),
      yTest,
      xProbe: tf.tensor2d(probe.x, [probe.n, probe.inputDim]),
    };
  });
}

function untrainedCancelledRecord(id: string, hp: HyperParams): NetworkRecord {
  return {
    id,
    hp,
    status: 'cancelled',
    statusReason: 'cancelled before training started',
    history: [],
    final: { epoch: 0, trainLoss: NaN, trainAcc: NaN, testLoss: NaN, testAcc: NaN },
    layers: [],
    checkpoints: [],
  };
}

/**
 * Whether CNN groups of two or more train stacked (StackedCnn) on this
 * backend; otherwise they train one at a time. Stacked on every backend: the
 * families bench measured it 1.6× on cpu and 1.0–1.9× on wasm (loaded
 * machine, docs/architectures.md); WebGPU and WebGL are not measured. The
 * place to route by backend if one turns out slower.
 */
export function stacksCnns(tf: Tf): boolean {
  void tf;
  return true;
}

/** Whether a group (networks of one batchGroupKey) trains as one stacked computation here, or one network at a time. */
export function trainsStacked(tf: Tf, group: readonly HyperParams[]): boolean {
  const arch = group[0]?.architecture;
  return arch === 'mlp' || (arch === 'cnn' && group.length > 1 && stacksCnns(tf));
}

/**
 * Attention networks (and CNN groups of one): the sequential trainer, network
 * by network, with the same hooks (progress per epoch, pause, cancel).
 */
async function trainOneAtATime(
  tf: Tf,
  ds: Dataset,
  probe: ProbeSet,
  indices: number[],
  allHps: HyperParams[],
  groupIndex: number,
  hooks: BatchedHooks,
  progress: { done: number; total: number },
): Promise<GroupResult> {
  const records: NetworkRecord[] = [];
  let cancelled = false;
  for (const i of indices) {
    const hp = allHps[i];
    if (cancelled || hooks.isCancelled?.()) {
      cancelled = true;
      records.push(untrainedCancelledRecord(networkId(hp, i), hp));
      continue;
    }
    const rec = await trainNetwork(tf, ds, probe, hp, {
      index: i,
      checkpointEpochs: hooks.checkpointEpochs,
      isCancelled: hooks.isCancelled,
      waitWhilePaused: hooks.waitWhilePaused,
      onEpoch: (m) => {
        if (m.epoch === 0) return;
        progress.done += 1;
        hooks.onProgress?.({
          stage: 'train',
          done: progress.done,
          total: progress.total,
          epoch: m.epoch,
          group: groupIndex,
          loss: m.trainLoss,
          message: `group ${groupIndex + 1} (${indices.length} ${hp.architecture} networks, one at a time): epoch ${m.epoch}/${hp.epochs}`,
        });
      },
    });
    if (rec.status === 'cancelled') cancelled = true;
    records.push(rec);
  }
  return { records, cancelled };
}

/** The sequential trainer's divergence rule, on one epoch's metrics. */
const divergenceReason = epochDivergenceReason;

/** Mean cross-entropy and accuracy of every network's inference pass on a split. */
async function evaluate(
  tf: Tf,
  model: StackedNet,
  x: Tensor,
  oneHot: Tensor,
  labels: Tensor,
): Promise<{ loss: Float32Array; acc: Float32Array }> {
  const G = model.count;
  const n = x.shape[0];
  const chunk = Math.max(1, Math.floor(EVAL_CHUNK_FLOATS / (G * model.floatsPerRow)));
  let result: Tensor;
  if (chunk >= n) {
    // one pass, in the sequential trainer's operation order
    result = tf.tidy(() => {
      const { logits } = model.forward(x);
      const loss = perNetworkCrossEntropy(tf, repeatForNetworks(tf, oneHot, G), logits);
      const acc = tf.mean(tf.equal(tf.argMax(logits, -1).toFloat(), repeatForNetworks(tf, labels.toFloat(), G)).toFloat(), -1);
      return tf.stack([loss, acc]);
    });
  } else {
    let sums = tf.zeros([2, G]);
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const next = tf.tidy(() => {
        const { logits } = model.forward(tf.slice(x, [start, 0], [rows, -1]));
        const yc = tf.slice(labels, [start], [rows]);
        const ce = tf.sum(perExampleCrossEntropy(tf, repeatForNetworks(tf, tf.slice(oneHot, [start, 0], [rows, -1]), G), logits), -1);
        const correct = tf.sum(tf.equal(tf.argMax(logits, -1).toFloat(), repeatForNetworks(tf, yc.toFloat(), G)).toFloat(), -1);
        return tf.add(sums, tf.stack([ce, correct]));
      });
      sums.dispose();
      sums = next;
    }
    result = tf.tidy(() => tf.div(sums, n));
    sums.dispose();
  }
  const v = (await result.data()) as Float32Array;
  result.dispose();
  return { loss: v.slice(0, G), acc: v.slice(G, 2 * G) };
}

/** Probe activations of every hidden layer for the whole group: one [G * n * width] array per layer. */
async function probeActivations(tf: Tf, model: StackedNet, xProbe: Tensor): Promise<Float32Array[]> {
  const hidden = tf.tidy(() => model.forward(xProbe).hidden);
  try {
    return await Promise.all(hidden.map((h) => h.data() as Promise<Float32Array>));
  } finally {
    tf.dispose(hidden);
  }
}

/** Network g's layers as views into the group arrays (copy before keeping). */
function layersOf(all: Float32Array[], widths: readonly number[], g: number, n: number): LayerActivations[] {
  return all.map((a, l) => {
    const width = widths[l];
    return { layer: l, width, data: a.subarray(g * n * width, (g + 1) * n * width) };
  });
}

function copyLayers(layers: LayerActivations[]): LayerActivations[] {
  return layers.map((l) => ({ layer: l.layer, width: l.width, data: l.data.slice() }));
}

function allFinite(layers: LayerActivations[]): boolean {
  return layers.every((l) => l.data.every(Number.isFinite));
}

interface GroupResult {
  records: NetworkRecord[];
  cancelled: boolean;
}

async function trainGroup(
  tf: Tf,
  ds: Dataset,
  data: DataTensors,
  indices: number[],
  allHps: HyperParams[],
  groupIndex: number,
  hooks: BatchedHooks,
  progress: { done: number; total: number },
): Promise<GroupResult> {
  const t0 = performance.now();
  const hps = indices.map((i) => allHps[i]);
  const G = hps.length;
  const { epochs: E, activation, optimizer } = hps[0];
  const C = ds.numClasses;
  const nTrain = ds.yTrain.length;
  const nProbe = data.xProbe.shape[0];
  const inDim = ds.inputDim;
  const B = Math.max(1, Math.min(hps[0].batchSize, nTrain));
  const checkpointAt = new Set(hooks.checkpointEpochs ?? defaultCheckpointEpochs(E));

  const model: StackedNet =
    hps[0].architecture === 'cnn'
      ? await StackedCnn.create(tf, hps, ds.inputShape ?? [inDim], C)
      : new StackedMlp(tf, await Promise.all(hps.map((hp) => initialMlpWeights(tf, hp, inDim, C))), activation);
  const opt = makeStackedOptimizer(
    tf,
    optimizer,
    hps.map((hp) => hp.learningRate),
    model.owner,
  );
  const anyL2 = hps.some((hp) => hp.l2 > 0);
  const anyDropout = hps.some((hp) => hp.dropout > 0);
  const l2 = tf.tensor1d(Float32Array.from(hps, (hp) => hp.l2));
  const keep = tf.tensor3d(
    Float32Array.from(hps, (hp) => 1 - hp.dropout),
    [G, 1, 1],
  );
  const streams = hps.map((hp) => new NetworkStream(hp));
  let alive: Tensor = tf.fill([G, 1, 1], 1, 'bool');

  const status: NetworkRecord['status'][] = hps.map(() => 'ok');
  const reasons: (string | undefined)[] = hps.map(() => undefined);
  const histories: EpochMetrics[][] = hps.map(() => []);
  const checkpoints: Checkpoint[][] = hps.map(() => []);
  // Activations of the last epoch whose loss was sane, as in the sequential trainer.
  const lastGood: ({ epoch: number; layers: LayerActivations[] } | null)[] = hps.map(() => null);
  let cancelled = false;
  let meanLoss = NaN;

  // Parameters of networks that stopped (diverged) are frozen by a mask built
  // only when that set changes; null while every network trains.
  let keepParams: Tensor | null = null;
  const setAliveFromStatus = (): void => {
    alive.dispose();
    alive = tf.tensor3d(
      Uint8Array.from(status, (s) => (s === 'ok' ? 1 : 0)),
      [G, 1, 1],
      'bool',
    );
    keepParams?.dispose();
    keepParams = status.every((s) => s === 'ok') ? null : opt.keepMask(alive);
  };

  // One epoch's metrics for every still-training network; divergence is decided here.
  const record = async (epoch: number, batchFinite: boolean[] | null): Promise<void> => {
    const tr = await evaluate(tf, model, data.xTrain, data.yTrainOneHot, data.yTrain);
    const te = await evaluate(tf, model, data.xTest, data.yTestOneHot, data.yTest);
    const acts = await probeActivations(tf, model, data.xProbe);
    let newlyDiverged = false;
    let lossSum = 0;
    let lossCount = 0;
    for (let g = 0; g < G; g++) {
      if (status[g] !== 'ok') continue;
      if (Number.isFinite(tr.loss[g])) {
        lossSum += tr.loss[g];
        lossCount++;
      }
      const m: EpochMetrics = { epoch, trainLoss: tr.loss[g], trainAcc: tr.acc[g], testLoss: te.loss[g], testAcc: te.acc[g] };
      histories[g].push(m);
      let reason = divergenceReason(m);
      if (!reason) {
        const layers = layersOf(acts, model.hiddenWidths, g, nProbe);
        if (allFinite(layers)) lastGood[g] = { epoch, layers };
        if (checkpointAt.has(epoch)) checkpoints[g].push({ epoch, layers: copyLayers(layers) });
      }
      if (!reason && batchFinite && !batchFinite[g]) reason = `a training batch loss became NaN or infinite in epoch ${epoch}`;
      if (reason && epoch > 0) {
        status[g] = 'diverged';
        reasons[g] = reason;
        newlyDiverged = true;
      }
    }
    meanLoss = lossCount > 0 ? lossSum / lossCount : NaN;
    if (newlyDiverged) setAliveFromStatus();
  };

  try {
    await record(0, null);
    for (let epoch = 1; epoch <= E && !cancelled; epoch++) {
      const orders = streams.map((s, g) => (status[g] === 'ok' ? s.epochOrder(nTrain) : new Int32Array(nTrain)));
      for (let start = 0; start < nTrain; start += B) {
        if (hooks.waitWhilePaused) await hooks.waitWhilePaused();
        if (hooks.isCancelled?.()) {
          cancelled = true;
          for (let g = 0; g < G; g++) {
            if (status[g] !== 'ok') continue;
            status[g] = 'cancelled';
            reasons[g] = start === 0 ? `cancelled before epoch ${epoch}` : `cancelled during epoch ${epoch}`;
          }
          break;
        }
        const b = Math.min(B, nTrain - start);
        const batch = gatherStepBatch(orders, start, b, ds.xTrain, inDim, ds.yTrain, C);
        const dropoutSeeds = anyDropout ? streams.map((s, g) => (status[g] === 'ok' ? s.stepDropoutSeed() : undefined)) : null;
        const next = tf.tidy(() => {
          const xb = tf.tensor3d(batch.xb, [G, b, inDim]);
          const yb = tf.tensor3d(batch.yb, [G, b, C]);
          const masks = dropoutSeeds ? model.dropoutWidths.map((w, l) => dropoutMultiplier(tf, dropoutSeeds, keep, l, b, w)) : undefined;
          let lossVec: Tensor | null = null;
          // gradients with respect to the layer tensors, gathered into the parameters' layout
          const { grads } = tf.valueAndGrads((...layers: Tensor[]) => {
            const { logits } = model.forward(xb, masks, layers);
            let loss = perNetworkCrossEntropy(tf, yb, logits);
            if (anyL2) loss = tf.add(loss, perNetworkL2(tf, model.kernelsOf(layers), l2));
            lossVec = tf.keep(loss); // the forward scope would dispose it
            return tf.sum(loss) as import('@tensorflow/tfjs').Scalar;
          })(model.layerTensors());
          const kept = lossVec as unknown as Tensor;
          const finite = tf.reshape(tf.isFinite(kept), [G, 1, 1]);
          kept.dispose();
          const nextAlive = tf.logicalAnd(alive, finite);
          opt.step(model.params, model.flatGradient(grads), keepParams);
          return nextAlive;
        });
        alive.dispose();
        alive = next;
      }
      if (cancelled) break;
      const batchFinite = Array.from((await alive.data()) as Uint8Array, (a) => a !== 0);
      await record(epoch, batchFinite);
      progress.done += G;
      hooks.onProgress?.({
        stage: 'train',
        done: progress.done,
        total: progress.total,
        epoch,
        group: groupIndex,
        loss: meanLoss,
        message: `group ${groupIndex + 1} (${G} networks): epoch ${epoch}/${E}`,
      });
      await yieldToEventLoop();
    }

    const seconds = (performance.now() - t0) / 1000;
    // Networks trained to the end are judged on their whole history (loss blow-up, collapse to chance).
    if (!cancelled)
      for (let g = 0; g < G; g++) {
        if (status[g] !== 'ok') continue;
        const r = finalDivergenceReason(histories[g], C);
        if (r) ((status[g] = 'diverged'), (reasons[g] = r));
      }
    const records = hps.map((hp, g): NetworkRecord => {
      const history = histories[g];
      const good = lastGood[g];
      let reason = reasons[g];
      if (status[g] === 'diverged' && good) reason += `; activations are from epoch ${good.epoch}`;
      return {
        id: networkId(hp, indices[g]),
        hp,
        status: status[g],
        ...(reason ? { statusReason: reason } : {}),
        history,
        final: history[history.length - 1],
        layers: good ? copyLayers(good.layers) : [],
        checkpoints: checkpoints[g],
        trainSeconds: seconds / G,
      };
    });
    return { records, cancelled };
  } finally {
    alive.dispose();
    (keepParams as Tensor | null)?.dispose(); // assigned in a closure: TypeScript narrows it to null here
    l2.dispose();
    keep.dispose();
    opt.dispose();
    model.dispose();
  }
}
