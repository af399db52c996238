// TF.js models as points of their own kind: a loaded tf.LayersModel (the
// caller loads it with tf.loadLayersModel from files or a URL) is checked to be
// a small dense or convolutional classifier for a shipped dataset, its hidden
// layers' probe activations are computed (post-activation, flattened per
// probe point), its accuracy/loss measured on the dataset's splits, and the
// result returned as a NetworkRecord with origin 'imported-tfjs'.
import type * as tfType from '@tensorflow/tfjs';
import type {
  ActivationName,
  Dataset,
  EpochMetrics,
  HyperParams,
  InitName,
  LayerActivations,
  NetworkRecord,
  OptimizerName,
  ProbeSet,
} from '../types';
import { ACTIVATION_NAMES } from '../types';

type Tf = typeof tfType;
type Layer = tfType.layers.Layer;

export class TfjsImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TfjsImportError';
  }
}

/** Layers with weights: each one (but the output layer) starts a hidden block. */
const WEIGHTED = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv2DTranspose', 'Conv3D', 'DepthwiseConv2D', 'SeparableConv2D']);
/** Element-wise or normalising layers that finish a block: the block's representation is taken after them. */
const BLOCK_TAIL = new Set([
  'Activation',
  'ReLU',
  'LeakyReLU',
  'PReLU',
  'ELU',
  'ThresholdedReLU',
  'Softmax',
  'BatchNormalization',
  'LayerNormalization',
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
]);
/** Shape-only layers that are fine between blocks. */
const STRUCTURAL = new Set([
  'InputLayer',
  'Flatten',
  'Reshape',
  'Permute',
  'MaxPooling1D',
  'MaxPooling2D',
  'AveragePooling1D',
  'AveragePooling2D',
  'GlobalAveragePooling1D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'ZeroPadding2D',
  'Cropping2D',
  'UpSampling2D',
]);
const RECURRENT = new Set([
  'LSTM',
  'GRU',
  'SimpleRNN',
  'RNN',
  'Bidirectional',
  'TimeDistributed',
  'ConvLSTM2D',
  'LSTMCell',
  'GRUCell',
  'SimpleRNNCell',
  'Embedding',
]);

const ACTIVATIONS: readonly ActivationName[] = ACTIVATION_NAMES;
const INIT_NAMES: Record<string, InitName> = {
  GlorotUniform: 'glorot_uniform',
  HeNormal: 'he_normal',
  LeCunNormal: 'lecun_normal',
  RandomNormal: 'random_normal',
};
const OPTIMIZER_NAMES: Record<string, OptimizerName> = {
  SGD: 'sgd',
  SGDOptimizer: 'sgd',
  Momentum: 'momentum',
  MomentumOptimizer: 'momentum',
  Adam: 'adam',
  AdamOptimizer: 'adam',
  RMSProp: 'rmsprop',
  RMSPropOptimizer: 'rmsprop',
};

export interface TfjsModelPlan {
  /** Input shape without the batch axis, e.g. [64] or [8, 8, 1]. */
  inputShape: number[];
  /** Layer whose output is each hidden representation. */
  hidden: Layer[];
  /** Weighted layer that starts each hidden block (for hyperparameters). */
  blocks: Layer[];
  /** Whether the model outputs probabilities (softmax) rather than logits. */
  outputsProbabilities: boolean;
  /** Human-readable architecture, e.g. "Dense(64, relu) → Dense(10, softmax)". */
  architecture: string;
}

const cls = (l: Layer) => l.getClassName();
const cfg = (l: Layer) => l.getConfig() as Record<string, unknown>;

function activationOf(l: Layer): string {
  const c = cfg(l);
  if (cls(l) === 'ReLU') return 'relu';
  if (cls(l) === 'ELU') return 'elu';
  if (cls(l) === 'Softmax') return 'softmax';
  return typeof c.activation === 'string' ? c.activation : 'linear';
}

function describeLayer(l: Layer): string {
  const c = cfg(l);
  const name = cls(l);
  if (name === 'Dense') return `Dense(${c.units}, ${activationOf(l)})`;
  if (name.startsWith('Conv') || name.includes('Conv'))
    return `${name}(${c.filters ?? ''}${Array.isArray(c.kernelSize) ? `, ${c.kernelSize.join('×')}` : ''}, ${activationOf(l)})`;
  if (name === 'Activation') return `Activation(${activationOf(l)})`;
  if (name === 'Dropout') return `Dropout(${c.rate})`;
  return name;
}

/** Check that a model is a supported classifier for `dataset`; throws TfjsImportError saying why not. */
export function planTfjsModel(model: tfType.LayersModel, dataset: Pick<Dataset, 'inputDim' | 'numClasses' | 'spec'>): TfjsModelPlan {
  if (model.inputs.length !== 1)
    throw new TfjsImportError(`the model has ${model.inputs.length} inputs; only single-input classifiers are supported`);
  if (model.outputs.length !== 1)
    throw new TfjsImportError(`the model has ${model.outputs.length} outputs; only single-output classifiers are supported`);
  const inShape = model.inputs[0].shape.slice(1);
  if (inShape.some((d) => d === null))
    throw new TfjsImportError(`the model's input shape [${inShape.join(', ')}] has unknown dimensions; a fixed-size input is needed`);
  const inputShape = inShape as number[];
  const inSize = inputShape.reduce((a, b) => a * b, 1);
  if (inSize !== dataset.inputDim) {
    throw new TfjsImportError(
      `the model takes inputs of shape [${inputShape.join(', ')}] (${inSize} values) but "${dataset.spec.name}" has ${dataset.inputDim} inputs per example`,
    );
  }
  const outShape = model.outputs[0].shape;
  const outUnits = outShape[outShape.length - 1];
  if (outShape.length !== 2 || outUnits !== dataset.numClasses) {
    throw new TfjsImportError(
      `the model's output shape is [${outShape.map(String).join(', ')}]; a classifier for "${dataset.spec.name}" must output [batch, ${dataset.numClasses}]` +
        (outUnits === 1 ? ' (single-unit sigmoid outputs are not supported; use one unit per class)' : ''),
    );
  }
  const layers = model.layers;
  for (const l of layers) {
    const name = cls(l);
    if (RECURRENT.has(name))
      throw new TfjsImportError(
        `layer "${l.name}" is ${name}: recurrent and sequence models are not supported (dense or convolutional classifiers only)`,
      );
    if (!WEIGHTED.has(name) && !BLOCK_TAIL.has(name) && !STRUCTURAL.has(name)) {
      throw new TfjsImportError(
        `layer "${l.name}" is ${name}, which is not supported (supported: ${[...WEIGHTED, ...BLOCK_TAIL, ...STRUCTURAL].join(', ')})`,
      );
    }
  }
  const weighted = layers.map((l, i) => (WEIGHTED.has(cls(l)) ? i : -1)).filter((i) => i >= 0);
  if (weighted.length < 2)
    throw new TfjsImportError('the model has no hidden layers (only an output layer); there are no hidden activations to compare');
  const hidden: Layer[] = [];
  const blocks: Layer[] = [];
  for (const i of weighted.slice(0, -1)) {
    let j = i;
    while (j + 1 < layers.length && BLOCK_TAIL.has(cls(layers[j + 1]))) j++;
    blocks.push(layers[i]);
    hidden.push(layers[j]);
  }
  // Probabilities if the last weighted layer or a layer after it applies softmax.
  const last = weighted[weighted.length - 1];
  const outputsProbabilities = layers.slice(last).some((l) => activationOf(l) === 'softmax');
  return {
    inputShape,
    hidden,
    blocks,
    outputsProbabilities,
    architecture: layers
      .filter((l) => cls(l) !== 'InputLayer')
      .map(describeLayer)
      .join(' → '),
  };
}

export interface TfjsImportOptions {
  /** Network id (default: "tfjs-" + the model's name). */
  id?: string;
  /** Batch size of the forward passes (default 256). */
  batchSize?: number;
}

export interface TfjsImportResult {
  network: NetworkRecord;
  plan: TfjsModelPlan;
  warnings: string[];
}

/** Mean cross-entropy and accuracy of the model on (x, y). */
function evaluate(
  tf: Tf,
  model: tfType.LayersModel,
  x: Float32Array,
  y: Int32Array,
  plan: TfjsModelPlan,
  numClasses: number,
  batchSize: number,
): { loss: number; acc: number } {
  const n = y.length;
  if (n === 0) return { loss: NaN, acc: NaN };
  return tf.tidy(() => {
    const out = model.predict(tf.tensor(x, [n, ...plan.inputShape]), { batchSize }) as tfType.Tensor2D;
    const onehot = tf.oneHot(tf.tensor1d(y, 'int32'), numClasses);
    const loss = plan.outputsProbabilities
      ? tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.log(tf.clipByValue(out, 1e-7, 1))), 1)))
      : tf.losses.softmaxCrossEntropy(onehot, out);
    const acc = tf.mean(tf.cast(tf.equal(tf.argMax(out, 1), tf.tensor1d(y, 'int32')), 'float32'));
    return { loss: (loss.dataSync() as Float32Array)[0], acc: (acc.dataSync() as Float32Array)[0] };
  });
}

/** Saved initialisers are VarianceScaling configs (glorot/he/lecun are special cases) or named classes. */
function initializerName(c: { className?: string; config?: Record<string, unknown> } | undefined): InitName | undefined {
  if (!c?.className) return undefined;
  if (c.className !== 'VarianceScaling') return INIT_NAMES[c.className];
  const { scale, mode, distribution } = c.config ?? {};
  const normal = distribution === 'normal' || distribution === 'truncated_normal' || distribution === 'truncatedNormal';
  if (scale === 1 && mode === 'fanAvg' && distribution === 'uniform') return 'glorot_uniform';
  if (scale === 2 && mode === 'fanIn' && normal) return 'he_normal';
  if (scale === 1 && mode === 'fanIn' && normal) return 'lecun_normal';
  return undefined;
}

function hyperParams(
  model: tfType.LayersModel,
  plan: TfjsModelPlan,
  widths: number[],
): { hp: HyperParams; extra: Record<string, string | number | boolean | null>; warnings: string[] } {
  const defaulted: string[] = [];
  const warnings: string[] = [];
  const extra: Record<string, string | number | boolean | null> = { architecture: plan.architecture, modelName: model.name };
  // Activation of each block: the weighted layer's own, or a following activation layer's.
  const acts = plan.blocks.map((b, k) => {
    const own = activationOf(b);
    if (own !== 'linear') return own;
    const tail = plan.hidden[k];
    return tail === b ? own : activationOf(tail);
  });
  let activation: ActivationName = 'linear';
  if ((ACTIVATIONS as readonly string[]).includes(acts[0])) activation = acts[0] as ActivationName;
  else {
    defaulted.push('activation');
    warnings.push(`activation "${acts[0]}" has no Netmanifold equivalent; kept as given`);
  }
  if (new Set(acts).size > 1) extra.activations = acts.join(',');
  else if (activation !== acts[0]) extra.activation = acts[0];

  let optimizer: OptimizerName = 'adam';
  let learningRate = 0.001;
  // Present only when the model was saved with its training config (Keras exports, includeOptimizer: true).
  const opt = (model as unknown as { optimizer?: { getClassName(): string; getConfig(): Record<string, unknown> } }).optimizer;
  if (opt && OPTIMIZER_NAMES[opt.getClassName()]) {
    optimizer = OPTIMIZER_NAMES[opt.getClassName()];
    const lr = opt.getConfig().learningRate;
    if (typeof lr === 'number' && lr > 0) learningRate = lr;
    else defaulted.push('learningRate');
  } else {
    defaulted.push('optimizer', 'learningRate');
    if (opt) extra.optimizer = opt.getClassName();
  }
  const first = cfg(plan.blocks[0]);
  const initCfg = first.kernelInitializer as { className?: string; config?: Record<string, unknown> } | undefined;
  const init = initializerName(initCfg);
  if (!init) {
    defaulted.push('init');
    if (initCfg?.className) extra.init = initCfg.className;
  }
  const reg = first.kernelRegularizer as { config?: { l2?: number } } | undefined;
  const dropoutLayer = model.layers.find((l) => cls(l) === 'Dropout');
  const hp: HyperParams = {
    architecture: 'mlp', // the importer reads dense (MLP) models only
    widths,
    activation,
    optimizer,
    learningRate,
    // Not recorded in a saved model:
    batchSize: 32,
    epochs: 0,
    dropout: dropoutLayer ? Math.min(0.99, Number(cfg(dropoutLayer).rate) || 0) : 0,
    l2: typeof reg?.config?.l2 === 'number' ? reg.config.l2 : 0,
    init: init ?? 'glorot_uniform',
    seed: 0,
  };
  defaulted.push('batchSize', 'epochs', 'seed');
  extra.defaulted = defaulted.join(',');
  return { hp, extra, warnings };
}

/** Where an added model's accuracy comes from, in words: "Netmanifold's digits test split (seed 0, 450 examples)". */
export function accuracySplitLabel(dataset: Dataset): string {
  return `Netmanifold's ${dataset.spec.name} test split (seed ${dataset.spec.seed}, ${dataset.yTest.length} examples)`;
}

/**
 * Compute a loaded model's probe activations and metrics and return it as a
 * NetworkRecord (origin 'imported-tfjs'). `probe` must be the population's
 * probe set, drawn from `dataset`'s test split. Throws TfjsImportError for
 * unsupported models. Tensors are released; the model itself is left to the caller.
 */
export async function importTfjsModel(
  tf: Tf,
  model: tfType.LayersModel,
  dataset: Dataset,
  probe: ProbeSet,
  opts: TfjsImportOptions = {},
): Promise<TfjsImportResult> {
  try {
    return await importUnsafe(tf, model, dataset, probe, opts);
  } catch (e) {
    if (e instanceof TfjsImportError) throw e;
    // A model TF.js loaded but cannot run (e.g. a damaged topology): still said in words.
    throw new TfjsImportError(`the model cannot be evaluated (${e instanceof Error ? e.message.slice(0, 300) : String(e)})`);
  }
}

async function importUnsafe(
  tf: Tf,
  model: tfType.LayersModel,
  dataset: Dataset,
  probe: ProbeSet,
  opts: TfjsImportOptions,
): Promise<TfjsImportResult> {
  const plan = planTfjsModel(model, dataset);
  if (probe.inputDim !== dataset.inputDim)
    throw new TfjsImportError(`the probe set has ${probe.inputDim} inputs per example but the dataset has ${dataset.inputDim}`);
  if (probe.inputsMissing)
    throw new TfjsImportError(
      'this population has no probe inputs (an activation bundle without them); TF.js models cannot be added to it',
    );
  const batchSize = opts.batchSize ?? 256;
  const n = probe.n;
  // One model over the same layers (shared weights) with every hidden representation as an output.
  const multi = tf.model({ inputs: model.inputs, outputs: plan.hidden.map((l) => l.output as tfType.SymbolicTensor) });
  // The wrapper owns no weights; it is not disposed because LayersModel.dispose
  // would dispose the shared layers of the caller's model too.
  const layers: LayerActivations[] = tf.tidy(() => {
    const outs = multi.predict(tf.tensor(probe.x, [n, ...plan.inputShape]), { batchSize });
    const list = Array.isArray(outs) ? outs : [outs];
    return list.map((t, layer) => {
      const flat = t.reshape([n, -1]);
      const data = Float32Array.from(flat.dataSync());
      return { layer, width: flat.shape[1] as number, data };
    });
  });
  const test = evaluate(tf, model, dataset.xTest, dataset.yTest, plan, dataset.numClasses, batchSize);
  const train = evaluate(tf, model, dataset.xTrain, dataset.yTrain, plan, dataset.numClasses, batchSize);
  const { hp, extra, warnings } = hyperParams(
    model,
    plan,
    layers.map((l) => l.width),
  );
  const final: EpochMetrics = { epoch: 0, trainLoss: train.loss, trainAcc: train.acc, testLoss: test.loss, testAcc: test.acc };
  // Scored here on the app's split: say so (an imported population's own networks may have used another).
  extra.accuracySplit = accuracySplitLabel(dataset);
  const network: NetworkRecord = {
    id: opts.id ?? `tfjs-${model.name}`,
    hp,
    status: 'ok',
    history: [],
    final,
    layers,
    origin: 'imported-tfjs',
    extraHyperParams: extra,
  };
  const nonFinite = layers.some((l) => l.data.some((v) => !Number.isFinite(v))) || !Number.isFinite(test.loss);
  if (nonFinite) {
    network.status = 'diverged';
    network.statusReason = 'the model produces non-finite activations or loss on this dataset';
    warnings.push(network.statusReason);
  }
  return { network, plan, warnings };
}
