// Display names for the embedding's provenance.
import type { DistanceMetricName } from '../../core/types';

export const METRIC_LABELS: Record<DistanceMetricName, string> = {
  diffusion: 'Diffusion-operator distance',
  cka: '1 − linear CKA',
  rsa: 'RSA (1 − Spearman ρ)',
  'wasserstein-h0': 'Wasserstein-1, H0 diagrams',
};

export const layerLabel = (layer: 'last' | number): string => (layer === 'last' ? 'last hidden layer' : `hidden layer ${layer + 1}`);

export const STAGE_LABELS: Record<string, string> = {
  distances: 'distances',
  kernel: 'kNN kernel + P',
  tSelection: 'spectrum / t',
  diffusion: 'P^t + potential',
  mds: 'MDS',
};
