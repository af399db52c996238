// The datasets the builder offers and their display names, from core/datasets/info
// (metadata only: the UI bundle does not carry the digits data).
import type { DatasetName } from '../core/types';
import { DATASET_NAMES } from '../core/types';
import { DATASET_INFO } from '../core/datasets/info';

export const DATASETS: DatasetName[] = [...DATASET_NAMES];
export const DATASET_LABELS = Object.fromEntries(DATASETS.map((d) => [d, DATASET_INFO[d].label])) as Record<DatasetName, string>;
