// The view state that a link carries (docs/sharing.md): everything needed to
// reopen exactly the view its author saw. Pure data, JSON-friendly; the URL
// codec (codec.ts) writes it with short keys and validates it field by field.
import type { DatasetName, DistanceMetricName } from '../types';
import {
  DATASET_NAMES as ALL_DATASET_NAMES,
  COLOR_DOMAIN_NAMES as ALL_COLOR_DOMAIN_NAMES,
  DISTANCE_METRIC_NAMES,
  DISTANCE_SCALES,
} from '../types';

export const VIEW_STATE_VERSION = 1;

/** Where the population comes from: a shipped demo, a URL, or the user's own store (IndexedDB id). */
export type PopulationSource = { kind: 'demo'; id: string } | { kind: 'url'; url: string } | { kind: 'local'; id: string };

/** Which population the view was made on: network count and a hash of the ids (identity.ts). */
export interface PopulationIdentity {
  networks: number;
  /** 8 hex digits. */
  hash: string;
}

/** Distance metric and its options; sigma/scale/tau only matter for 'diffusion' but are kept for all. */
export interface MetricState {
  name: DistanceMetricName;
  /** 'last' or a 0-based hidden layer index. */
  layer: 'last' | number;
  sigma: number;
  scale: (typeof DISTANCE_SCALES)[number];
  tau: number;
}

/** PHATE parameters of the embedding on screen (as in PhateParams, minus tMax). */
export interface PhateState {
  knn: number;
  decay: number;
  t: number | 'auto';
  gamma: number;
  nComponents: 2 | 3;
  solver: string;
  seed: number;
}

/** Camera pose; the codec rounds numbers (see roundCamera) so links stay short. */
export interface CameraState {
  position: [number, number, number];
  target: [number, number, number];
  up: [number, number, number];
  zoom: number;
}

/** Selected networks by id (robust to reordering) or by index (compact for big selections); indices are a sorted set. */
export type SelectionState = { by: 'id'; ids: string[] } | { by: 'index'; indices: number[] };

export interface ViewState {
  version: typeof VIEW_STATE_VERSION;
  /** null: the app's default population. */
  source: PopulationSource | null;
  /** The population the view was made on (null: unknown, e.g. an older link). Camera, selection, inspected/pinned network and filter apply only to it. */
  population: PopulationIdentity | null;
  /** null: whatever the population was trained on. */
  dataset: DatasetName | null;
  metric: MetricState;
  phate: PhateState;
  /** Colour key (hyperparameter, metric or feature id). */
  colorBy: string;
  /** Size key, or null for uniform size. */
  sizeBy: string | null;
  /** Colour domain: the data range, fixed 0–1 (rates) or quantiles (docs/figures.md). */
  colorDomain: ColorDomainName;
  /** null: the view's automatic framing. */
  camera: CameraState | null;
  selection: SelectionState | null;
  /** Filter expression as typed by the user ('' = none). */
  filter: string;
  inspected: string | null;
  pinned: string | null;
  /** Names of open panels, in the order they were opened. */
  panels: string[];
  /** Trajectory epoch shown, or null for the final epoch. */
  epoch: number | null;
}

/** Keys of ViewState other than version. */
export type ViewStateKey = Exclude<keyof ViewState, 'version'>;

export type ColorDomainName = (typeof ALL_COLOR_DOMAIN_NAMES)[number];
export const COLOR_DOMAIN_NAMES: readonly ColorDomainName[] = ALL_COLOR_DOMAIN_NAMES;
export const DATASET_NAMES: readonly DatasetName[] = ALL_DATASET_NAMES;
export const METRIC_NAMES: readonly DistanceMetricName[] = DISTANCE_METRIC_NAMES;

/** Limits applied by the validator (and documented in docs/sharing.md). */
export const LIMITS = {
  /** Longest hash accepted, in characters. */
  hashChars: 16_384,
  /** Largest decompressed JSON accepted, in bytes. */
  jsonBytes: 262_144,
  idChars: 200,
  urlChars: 2048,
  filterChars: 1000,
  selectionSize: 100_000,
  panels: 32,
  maxLayer: 256,
  maxEpoch: 1_000_000,
} as const;

/** Names for colour/size keys, panels and solvers: identifiers, no spaces. */
export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

// Mirrors DEFAULT_PHATE_PARAMS (phate/engine.ts) and DEFAULT_DIFFUSION_OPTIONS
// (distance/diffusion.ts) without importing the engines; a test keeps them equal.
export const DEFAULT_VIEW_STATE: Readonly<ViewState> = Object.freeze({
  version: VIEW_STATE_VERSION,
  source: null,
  population: null,
  dataset: null,
  metric: Object.freeze({ name: 'diffusion', layer: 'last', sigma: 0.5, scale: 'median', tau: 1 }) as MetricState,
  phate: Object.freeze({ knn: 5, decay: 40, t: 'auto', gamma: 1, nComponents: 3, solver: 'smacof', seed: 42 }) as PhateState,
  colorBy: 'testAcc',
  sizeBy: null,
  colorDomain: 'data',
  camera: null,
  selection: null,
  filter: '',
  inspected: null,
  pinned: null,
  panels: Object.freeze([]) as unknown as string[],
  epoch: null,
}) as ViewState;

/** A fresh, mutable copy of the default state. */
export function defaultViewState(): ViewState {
  const d = DEFAULT_VIEW_STATE;
  return { ...d, metric: { ...d.metric }, phate: { ...d.phate }, panels: [] };
}
