// Shared data model of Netmanifold. Pure types (and the enum tuples they derive from): no DOM, no tf, no React.
// Every module of src/core speaks these; the bundle format serialises them.
// Numbers that come in bulk are typed arrays (row-major), never number[][].

/** A dense row-major matrix of float32 or float64 values. */
export interface Matrix<T extends Float32Array | Float64Array = Float64Array> {
  rows: number;
  cols: number;
  data: T;
}

// ---------------------------------------------------------------- enums (issue 12, schema)
// Each closed set of names is declared once here, as a const tuple; the type is
// derived from it. Validators (core/bundle, core/import, core/viewstate), the
// table's value lists and the builder's option lists all use these tuples.

export const SYNTHETIC_DATASET_NAMES = ['moons', 'circles', 'spirals', 'xor', 'blobs'] as const;
export const DATASET_NAMES = [...SYNTHETIC_DATASET_NAMES, 'digits', 'mnist', 'modadd'] as const;
export const ACTIVATION_NAMES = ['relu', 'tanh', 'sigmoid', 'elu', 'gelu', 'linear'] as const;
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export const INIT_NAMES = ['glorot_uniform', 'he_normal', 'lecun_normal', 'random_normal'] as const;
export const NETWORK_STATUSES = ['ok', 'diverged', 'cancelled'] as const;
export const NETWORK_ORIGINS = ['trained', 'imported-tfjs', 'imported-activations', 'sampled', 'search-guided', 'search-random'] as const;
export const DISTANCE_METRIC_NAMES = ['diffusion', 'cka', 'rsa', 'wasserstein-h0'] as const;
export const DISTANCE_SCALES = ['median', 'raw'] as const;
/** Colour domain of the manifold (view state, docs/figures.md) and what a story step may wait for. */
export const COLOR_DOMAIN_NAMES = ['data', 'fixed', 'quantile'] as const;
export const STORY_WAITS = ['lasso', 'click'] as const;
/** Network families (issue 15): dense MLPs, small CNNs, small attention encoders. */
export const ARCHITECTURE_NAMES = ['mlp', 'cnn', 'attention'] as const;
/** Spatial pooling after each conv layer of a CNN: none, 2×2 max, 2×2 average. */
export const POOLING_NAMES = ['none', 'max', 'avg'] as const;

// ---------------------------------------------------------------- datasets

export type SyntheticDatasetName = (typeof SYNTHETIC_DATASET_NAMES)[number];
export type DatasetName = (typeof DATASET_NAMES)[number];

/** What identifies a dataset exactly: regenerating from a spec gives the same bytes. */
export interface DatasetSpec {
  name: DatasetName;
  /** Seed for synthetic generation and for the train/test split. */
  seed: number;
  /** Synthetic sets only: total number of points (train + test). */
  samples?: number;
  /** Synthetic sets only: noise level (standard deviation of added Gaussian noise). */
  noise?: number;
  /** Fraction of points held out as the test split (default 0.25). */
  testFraction?: number;
}

export interface Dataset {
  spec: DatasetSpec;
  inputDim: number;
  /**
   * How a flat input row of `inputDim` values is read by architectures that need structure
   * (product = inputDim): [d] a plain vector, [h, w, c] an image (row-major, channels last),
   * [tokens, tokenDim] a sequence. MLPs always read the flat row.
   */
  inputShape: readonly number[];
  numClasses: number;
  classNames: string[];
  /** Row-major inputs, xTrain.length = nTrain * inputDim. */
  xTrain: Float32Array;
  yTrain: Int32Array;
  xTest: Float32Array;
  yTest: Int32Array;
}

/** The shared probe set: the same inputs in the same order for every network (METHODS §1). */
export interface ProbeSet {
  /** Seed of the stratified draw from the test split. */
  seed: number;
  n: number;
  inputDim: number;
  /** Indices into the dataset's test split. */
  indices: Int32Array;
  /** n * inputDim row-major. */
  x: Float32Array;
  labels: Int32Array;
  /**
   * Set when the probe inputs are unknown (an imported activation bundle that
   * shipped labels only): `x` is then all zeros and must not be shown or used.
   */
  inputsMissing?: boolean;
}

// ---------------------------------------------------------------- population

export type ActivationName = (typeof ACTIVATION_NAMES)[number];
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
export type InitName = (typeof INIT_NAMES)[number];
export type ArchitectureName = (typeof ARCHITECTURE_NAMES)[number];
export type PoolingName = (typeof POOLING_NAMES)[number];

/** A CNN's convolutional stack: convDepth × (conv kernel×kernel, 'same' padding → activation → optional 2×2 pool). */
export interface CnnParams {
  convDepth: number;
  /** Output channels of every conv layer. */
  channels: number;
  /** Odd kernel size (3, 5). */
  kernel: number;
  pooling: PoolingName;
}

/** An attention encoder: token embedding + learned positions, `blocks` pre-norm blocks of multi-head self-attention + MLP. */
export interface AttentionParams {
  blocks: number;
  /** Embedding (model) width; a multiple of heads. */
  embedDim: number;
  heads: number;
}

/** One network's hyperparameters (METHODS §1). */
export interface HyperParams {
  /** Network family; bundles written before families existed read as 'mlp'. */
  architecture: ArchitectureName;
  /**
   * Dense hidden layer widths: the whole MLP, or the dense head after a CNN's
   * conv stack / an attention encoder's pooled output.
   */
  widths: number[];
  /** CNN only (ignored, and absent, for other families). */
  cnn?: CnnParams;
  /** Attention only (ignored, and absent, for other families). */
  attention?: AttentionParams;
  activation: ActivationName;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  dropout: number;
  l2: number;
  init: InitName;
  seed: number;
}

/**
 * A subspace of hyperparameters: each key lists the values to use. Family keys
 * (depth/width for MLPs, conv* / pooling for CNNs, blocks/embedDim/heads for
 * attention) only vary within their family (population/spec.ts).
 */
export interface HyperParamSpace {
  /** Families to include; absent = ['mlp'] (specs written before families existed). */
  architecture?: ArchitectureName[];
  depth: number[];
  width: number[];
  convDepth?: number[];
  channels?: number[];
  kernel?: number[];
  pooling?: PoolingName[];
  blocks?: number[];
  embedDim?: number[];
  heads?: number[];
  activation: ActivationName[];
  optimizer: OptimizerName[];
  learningRate: number[];
  batchSize: number[];
  epochs: number[];
  dropout: number[];
  l2: number[];
  init: InitName[];
  seed: number[];
}

export interface PopulationSpec {
  dataset: DatasetSpec;
  space: HyperParamSpace;
  /** 'grid' = full cartesian product (truncated to maxNetworks); 'random' = sample count configs. */
  sampling: 'grid' | 'random';
  count: number;
  /** Seed of random sampling. */
  seed: number;
  probe: { n: number; seed: number };
  /** Epochs at which probe activations are kept besides the final one. */
  checkpointEpochs?: number[];
}

export type NetworkStatus = (typeof NETWORK_STATUSES)[number];

export interface EpochMetrics {
  /** 1-based epoch number; epoch 0 may appear for the untrained network. */
  epoch: number;
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
}

/** Probe activations of one hidden layer: n x width, row-major. */
export interface LayerActivations {
  /** 0-based hidden layer index. */
  layer: number;
  width: number;
  data: Float32Array;
}

export interface Checkpoint {
  epoch: number;
  layers: LayerActivations[];
}

/**
 * 'trained': by Netmanifold; 'imported-tfjs': a TF.js model; 'imported-activations': an activation bundle (docs/activation-bundle.md);
 * 'sampled': trained in the browser from a selected region's hyperparameters and added to the population ("Train more like these");
 * 'search-guided' / 'search-random': trained by a search (core/search): proposed from the manifold's top region, or uniformly from the same space.
 */
export type NetworkOrigin = (typeof NETWORK_ORIGINS)[number];

export interface NetworkRecord {
  id: string;
  hp: HyperParams;
  status: NetworkStatus;
  /** Human-readable reason for a non-ok status, e.g. "loss became NaN at epoch 3". */
  statusReason?: string;
  history: EpochMetrics[];
  /** Final-epoch metrics (NaN where diverged). */
  final: EpochMetrics;
  /** Final probe activations for every hidden layer. */
  layers: LayerActivations[];
  checkpoints?: Checkpoint[];
  /** Wall-clock seconds spent training. */
  trainSeconds?: number;
  /** Where the network came from; absent means trained by Netmanifold. */
  origin?: NetworkOrigin;
  /**
   * Hyperparameters of imported networks that have no HyperParams field (kept
   * verbatim), and `defaulted`: a comma list of HyperParams fields that hold a
   * placeholder (not given, or a value with no equivalent kept here under its
   * own key; core/import/hyperparameter-names shownHyperParam says what to
   * show); `accuracySplit`: for added TF.js models, the split their accuracy
   * was measured on.
   */
  extraHyperParams?: Record<string, string | number | boolean | null>;
  /** Scalar features (METHODS §4), keyed by feature id. */
  features?: Record<string, number>;
  /** Per-layer depth profile (METHODS §4.6–4.8): values of each per-layer feature, one per entry of `layers`. */
  layerProfile?: LayerProfileRecord;
  /** Features of the last hidden layer at every stored checkpoint (issue 15 dynamics; core/features/dynamics). */
  dynamics?: DynamicsRecord;
}

export interface DynamicsRecord {
  /** Epochs with stored activations, ascending (the checkpoints and the final epoch). */
  epochs: number[];
  /** Feature id -> one value per epoch (NaN where undefined). */
  features: Record<string, number[]>;
}

export interface LayerProfileRecord {
  /** Hidden layer indices, ascending. */
  layers: number[];
  /** Feature id -> one value per layer (NaN where undefined). */
  features: Record<string, number[]>;
}

// ---------------------------------------------------------------- distances and PHATE

export interface DiffusionDistanceOptions {
  /** Which hidden layer: 'last' or a 0-based index (clamped per network). */
  layer: 'last' | number;
  /** Kernel bandwidth on median-scaled distances (METHODS §2a: 0.5). */
  sigma: number;
  /** 'median' divides each network's distances by their median off-diagonal entry; 'raw' does not. */
  scale: (typeof DISTANCE_SCALES)[number];
  /** Diffusion power τ of P_i (default 1). */
  tau: number;
}

export type DistanceMetricName = (typeof DISTANCE_METRIC_NAMES)[number];

export interface PhateParams {
  knn: number;
  decay: number;
  t: number | 'auto';
  gamma: number;
  nComponents: number;
  /** 'smacof' is the exact port of the reference; faster solvers may be added. */
  solver: 'smacof' | string;
  seed: number;
  /** Maximum t searched by the von Neumann entropy knee (reference: 100). */
  tMax?: number;
}

export interface PhateResult {
  /** N x nComponents row-major. */
  embedding: Float64Array;
  nComponents: number;
  t: number;
  vne: Float64Array;
  components: number;
  /** Seconds per stage, for benches and the UI. */
  timings?: Record<string, number>;
}

// ---------------------------------------------------------------- bundle

export interface Provenance {
  dataset: DatasetSpec;
  probe: { n: number; seed: number };
  metric: { name: DistanceMetricName } & Partial<DiffusionDistanceOptions>;
  phate: PhateParams;
  /** e.g. "netmanifold demo 0.1.0 (tfjs cpu)" */
  generator: string;
  createdAt: string;
  /**
   * Set when the networks were trained elsewhere on a dataset Netmanifold does
   * not ship (activation bundles). `dataset` is then the placeholder
   * CUSTOM_DATASET_PLACEHOLDER ({ name: 'digits', seed: -1 }) and must not be
   * regenerated: check `customDataset` first.
   */
  customDataset?: CustomDatasetInfo;
}

export interface CustomDatasetInfo {
  name: string;
  inputDim: number;
  numClasses: number;
  classNames?: string[];
}

/** A population in memory (the bundle format serialises exactly this). */
export interface Population {
  id: string;
  name: string;
  provenance: Provenance;
  probe: ProbeSet;
  networks: NetworkRecord[];
  /** N x N distances used for the embedding, row-major, if kept. */
  distances?: Float64Array;
  embedding?: PhateResult;
}

/** Progress report of long work (training, distances, PHATE). */
export interface Progress {
  stage: string;
  done: number;
  total: number;
  message?: string;
}

// --- issue 12 item 3 (jobs): one job-status type for every store slice that tracks a job ---
/** Where a job (PHATE re-embed, features, findings, trajectory, training, import) stands. */
export type JobStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

/** A job's status as the store keeps it (phateRun, featuresJob, findingsJob, trajectory), written by app/jobs.ts createJob. */
export interface JobReport {
  status: JobStatus;
  /** The stage in progress (the work's own names: 'distance:operators', 'mds', 'features', …). */
  stage: string;
  done: number;
  total: number;
  message?: string;
  /** Wall seconds of the run (set when it ends). */
  seconds?: number;
}

/** A job that has not run. */
export const IDLE_JOB: JobReport = { status: 'idle', stage: '', done: 0, total: 0 };
