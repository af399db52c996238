// The glossary of every column the points can be coloured by (the help panel
// lists it): a plain definition and where the definition comes from in
// docs/METHODS.md (section and tag). One place: tests/unit/glossary.test.ts
// fails when a table column has no entry here.
import { FEATURE_INFO, type FeatureId } from '../features/info';
import type { Column } from './table';

export interface GlossaryEntry {
  term: string;
  definition: string;
  /** Where docs/METHODS.md defines it: section and tag, e.g. 'METHODS §4.2 [ours]'. */
  source: string;
}

const HP = 'METHODS §1 (hyperparameter space) [ours]';

/** Hyperparameters, metrics, status and embedding axes (buildNetworkTable's fixed columns). */
const FIXED: Record<string, GlossaryEntry> = {
  depth: { term: 'Depth', definition: 'Number of hidden layers.', source: HP },
  width: { term: 'Width (first layer)', definition: 'Units in the first hidden layer.', source: HP },
  maxWidth: { term: 'Width (widest layer)', definition: 'Units in the widest hidden layer.', source: HP },
  activation: {
    term: 'Activation',
    definition: 'The nonlinearity of the hidden units: relu, tanh, sigmoid, elu, gelu or linear.',
    source: HP,
  },
  architecture: {
    term: 'Architecture',
    definition:
      'The network family: mlp (fully connected), cnn (convolutions then dense layers) or attention (self-attention blocks then dense layers); mlp for populations, bundles and imports that name none.',
    source: 'METHODS §1 (hyperparameter space) [ours]; docs/architectures.md',
  },
  optimizer: { term: 'Optimizer', definition: 'The training rule: sgd, momentum, adam or rmsprop.', source: HP },
  learningRate: {
    term: 'Learning rate',
    definition: 'Step size of the optimizer (log scale; the largest values make training diverge).',
    source: HP,
  },
  batchSize: { term: 'Batch size', definition: 'Training examples per gradient step.', source: HP },
  epochs: { term: 'Epochs', definition: 'Passes over the training split.', source: HP },
  dropout: { term: 'Dropout', definition: 'Fraction of hidden units switched off at random during training.', source: HP },
  l2: { term: 'L2 weight decay', definition: 'Penalty on the squared weights added to the loss.', source: HP },
  init: {
    term: 'Initialisation',
    definition: 'How the starting weights were drawn (glorot_uniform, he_normal, lecun_normal, random_normal).',
    source: HP,
  },
  seed: { term: 'Seed', definition: 'Random seed of the initial weights and the batch order.', source: HP },
  accuracy: {
    term: 'Test accuracy',
    definition: 'Fraction of the held-out test split classified correctly at the final epoch.',
    source: 'METHODS §4.1 (performance) [paper]',
  },
  loss: {
    term: 'Test loss',
    definition: 'Cross-entropy on the test split at the final epoch (log scale when it spans decades).',
    source: 'METHODS §4.1 (performance) [paper]',
  },
  trainAcc: {
    term: 'Train accuracy',
    definition: 'Fraction of the training split classified correctly at the final epoch.',
    source: 'METHODS §4.1 (performance) [paper]',
  },
  trainLoss: {
    term: 'Train loss',
    definition: 'Cross-entropy on the training split at the final epoch.',
    source: 'METHODS §4.1 (performance) [paper]',
  },
  gap: {
    term: 'Generalisation gap',
    definition: 'Train accuracy minus test accuracy: how much better the network does on what it saw.',
    source: 'METHODS §4.1 (performance) [paper]',
  },
  status: {
    term: 'Status',
    definition: 'ok, diverged (the loss became NaN or infinite) or cancelled (training stopped early).',
    source: 'METHODS §1 (what every network keeps)',
  },
  origin: {
    term: 'Origin',
    definition:
      'Where a network came from: trained here, imported (TF.js model or activation bundle), sampled by "Train more like these", or proposed by a search (search-guided: from the manifold’s top region; search-random: uniformly from the same space).',
    source: 'METHODS §1 and §6 (guided search); docs/activation-bundle.md',
  },
  x: {
    term: 'PHATE 1',
    definition: 'First coordinate of the embedding: a position on the manifold, not a property of the network by itself.',
    source: 'METHODS §3 (PHATE) [ref]',
  },
  y: { term: 'PHATE 2', definition: 'Second coordinate of the embedding.', source: 'METHODS §3 (PHATE) [ref]' },
  z: { term: 'PHATE 3', definition: 'Third coordinate of the embedding.', source: 'METHODS §3 (PHATE) [ref]' },
};

/** The METHODS §4 subsection of each feature (the tag comes from FEATURE_INFO.source). */
const FEATURE_SECTION: Record<FeatureId, string> = {
  testAcc: '§4.1 (performance)',
  testLoss: '§4.1 (performance)',
  trainAcc: '§4.1 (performance)',
  genGap: '§4.1 (performance)',
  silhouette: '§4.2 (class separation)',
  fisherRatio: '§4.2 (class separation)',
  dendrogramPurity: '§4.3 (hierarchical clusters)',
  copheneticCorrelation: '§4.3 (hierarchical clusters)',
  dse: '§4.4 (spectral entropy)',
  dseTau2: '§4.4 (spectral entropy)',
  dseTau4: '§4.4 (spectral entropy)',
  dseTau8: '§4.4 (spectral entropy)',
  dseTau16: '§4.4 (spectral entropy)',
  h0TotalPersistence: '§4.5 (topology)',
  h0Entropy: '§4.5 (topology)',
  h1Count: '§4.5 (topology)',
  h1TotalPersistence: '§4.5 (topology)',
  h1Entropy: '§4.5 (topology)',
  h1LongBars: '§4.5 (topology)',
  phDim: '§4.6 (PH fractal dimension)',
  phDimR2: '§4.6 (PH fractal dimension)',
  effDim: '§4.7 (effective dimension)',
  nonlinR1: '§4.8 (nonlinearity)',
  nonlinSlope: '§4.8 (nonlinearity)',
};

const TAG = { paper: '[paper]', ours: '[ours]', inspired: '[ours, inspired by Janik & Witaszczyk]' } as const;

function featureEntry(id: FeatureId): GlossaryEntry {
  const f = FEATURE_INFO[id];
  return { term: f.label, definition: f.description, source: `METHODS ${FEATURE_SECTION[id]} ${TAG[f.source]}` };
}

/** Every entry by column id. */
export const GLOSSARY: Readonly<Record<string, GlossaryEntry>> = {
  ...FIXED,
  ...Object.fromEntries((Object.keys(FEATURE_INFO) as FeatureId[]).map((id) => [id, featureEntry(id)])),
};

/** The entry for a column; undefined for a column this build does not define (an imported feature). */
export function glossaryEntry(col: Pick<Column, 'id'>): GlossaryEntry | undefined {
  return Object.prototype.hasOwnProperty.call(GLOSSARY, col.id) ? GLOSSARY[col.id] : undefined;
}
