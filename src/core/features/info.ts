// Registry of every scalar feature id, for the UI (colour-by menus, legends,
// the findings panel). `source` says where the definition comes from
// (METHODS §4 tags): 'paper' = as in the paper or its code; 'ours' = our
// choice where the paper is silent; 'inspired' = must be shown as "inspired by".

export interface FeatureInfo {
  label: string;
  description: string;
  /** true: larger is better; false: smaller is better; absent: neither. */
  higherIsBetter?: boolean;
  /** Computed for every hidden layer by computeLayerProfile. */
  perLayer?: boolean;
  source: 'paper' | 'ours' | 'inspired';
}

export const FEATURE_INFO = {
  testAcc: { label: 'Test accuracy', description: 'Accuracy on the test split at the final epoch.', higherIsBetter: true, source: 'paper' },
  testLoss: {
    label: 'Test loss',
    description: 'Cross-entropy on the test split at the final epoch.',
    higherIsBetter: false,
    source: 'paper',
  },
  trainAcc: {
    label: 'Train accuracy',
    description: 'Accuracy on the training split at the final epoch.',
    higherIsBetter: true,
    source: 'paper',
  },
  genGap: { label: 'Generalisation gap', description: 'Train accuracy minus test accuracy.', higherIsBetter: false, source: 'paper' },
  silhouette: {
    label: 'Silhouette',
    description: 'Mean silhouette coefficient of the probe activations under the class labels (Euclidean), in [−1, 1].',
    higherIsBetter: true,
    source: 'ours',
  },
  fisherRatio: {
    label: 'Fisher ratio',
    description: 'tr(S_B)/tr(S_W): between-class over within-class scatter of the probe activations.',
    higherIsBetter: true,
    source: 'ours',
  },
  dendrogramPurity: {
    label: 'Dendrogram purity',
    description:
      'Heller & Ghahramani dendrogram purity of average-linkage clustering of the probe activations w.r.t. the labels, in (0, 1].',
    higherIsBetter: true,
    source: 'ours',
  },
  copheneticCorrelation: {
    label: 'Cophenetic correlation',
    description: 'Pearson correlation between the dendrogram (cophenetic) distances and the original distances.',
    source: 'ours',
  },
  dse: {
    label: 'Diffusion spectral entropy',
    description:
      'DSE (Liao et al. 2023): entropy in bits of the normalised |eigenvalues| of the diffusion operator of the probe activations (median-scaled distances, σ = 0.5).',
    source: 'paper',
  },
  dseTau2: {
    label: 'DSE (τ = 2)',
    description: 'Diffusion spectral entropy with eigenvalues raised to the power 2 (coarser scale).',
    source: 'paper',
  },
  dseTau4: { label: 'DSE (τ = 4)', description: 'Diffusion spectral entropy at diffusion time 4.', source: 'paper' },
  dseTau8: { label: 'DSE (τ = 8)', description: 'Diffusion spectral entropy at diffusion time 8.', source: 'paper' },
  dseTau16: { label: 'DSE (τ = 16)', description: 'Diffusion spectral entropy at diffusion time 16.', source: 'paper' },
  h0TotalPersistence: {
    label: 'H0 total persistence',
    description: 'Sum of the finite H0 bar lengths of the Vietoris–Rips filtration (= minimum spanning tree length).',
    source: 'ours',
  },
  h0Entropy: { label: 'H0 persistence entropy', description: 'Entropy (nats) of the normalised H0 bar lengths.', source: 'ours' },
  h1Count: { label: 'H1 bars', description: 'Number of non-zero H1 bars (loops) of the Vietoris–Rips filtration.', source: 'ours' },
  h1TotalPersistence: { label: 'H1 total persistence', description: 'Sum of the H1 bar lengths (death − birth).', source: 'ours' },
  h1Entropy: { label: 'H1 persistence entropy', description: 'Entropy (nats) of the normalised H1 bar lengths.', source: 'ours' },
  h1LongBars: { label: 'Long H1 bars', description: 'Number of H1 bars longer than 10% of the largest finite H0 death.', source: 'ours' },
  phDim: {
    label: 'PH dimension',
    description: 'Persistent-homology fractal dimension (Magai 2023): 1/(1 − m), m the slope of ln(½ MST length) against ln(sample size).',
    perLayer: true,
    source: 'paper',
  },
  phDimR2: { label: 'PH dimension fit R²', description: 'R² of the log–log fit behind the PH dimension.', perLayer: true, source: 'ours' },
  effDim: {
    label: 'Effective dimension',
    description: 'exp(entropy) of the normalised PCA spectrum of the activations (Janik & Witaszczyk 2020).',
    perLayer: true,
    source: 'paper',
  },
  nonlinR1: {
    label: 'Linear-fit deficit R(1)',
    description: 'Unexplained variance of a ridge regression from the probe inputs to the activations (inspired by Janik & Witaszczyk).',
    perLayer: true,
    source: 'inspired',
  },
  nonlinSlope: {
    label: 'Nonlinearity slope',
    description:
      'Log–log slope of R(k), the unexplained variance of piecewise ridge fits over k = 1…16 k-means cells of the input; steeper (more negative) = more locally linear gain (inspired by Janik & Witaszczyk).',
    perLayer: true,
    source: 'inspired',
  },
} as const satisfies Record<string, FeatureInfo>;

export type FeatureId = keyof typeof FEATURE_INFO;

export const FEATURE_IDS = Object.keys(FEATURE_INFO) as FeatureId[];

/** Ids computed per hidden layer (the depth profile). */
export const LAYER_FEATURE_IDS = FEATURE_IDS.filter((id) => (FEATURE_INFO[id] as FeatureInfo).perLayer);
