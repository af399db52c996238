// The one place for what the app knows. Views read from here and dispatch
// the small actions below; long work (workers) lives in src/app/controller.ts.
import { create, type StateCreator } from 'zustand';
import { IDLE_JOB, type JobReport, type Population } from '../core/types';
import type { BackendName } from '../core/backend';
import { populationIdentity, type PopulationIdentity, type PopulationSource } from '../core/viewstate';
// Explorer (issue 6): selection-as-data and manifold view settings.
import { INITIAL_EXPLORE_FIELDS, exploreFieldsFor, selectionFields, type ExploreFields, type ManifoldViewSettings } from './explore';
import type { Selection } from '../core/explore/selection';
// PHATE panel + features (issues 3, 5): request, run progress, VNE/graph info, features job, findings.
import { createPhateSlice, type PhateSlice } from './phate';
// Layout (issue 13): folded panels, help panel, first-visit orientation.
import { createLayoutSlice, type LayoutSlice } from './layout';

export type { BackendName };
export type BackendPreference = 'auto' | BackendName;

/** What the points are coloured by. Hyperparameters and final metrics. */
export type ColorKey =
  'testAcc' | 'trainAcc' | 'testLoss' | 'gap' | 'logLearningRate' | 'depth' | 'width' | 'optimizer' | 'activation' | 'architecture';

/** The stages of the shared job while it runs. */
export type JobStage = 'training' | 'distances' | 'phate';

/**
 * The app's shared progress job (training, search, embedding: the progress
 * panel), a JobReport: `status` is its state, `stage` a JobStage while it runs.
 */
export interface SharedJob extends JobReport {
  /** performance.now() when the job started, for elapsed-time display. */
  startedAt?: number;
}

/** True while the shared job runs (training, distances or PHATE). */
export const jobBusy = (j: JobReport): boolean => j.status === 'running';

/** The shared job's shown stage: its stage while it runs, else its status ('idle', 'done', 'cancelled', 'error'). */
export const jobShown = (j: JobReport): string => (j.status === 'running' ? j.stage : j.status);

export interface DemoEntry {
  id: string;
  name: string;
  file: string;
  description?: string;
}

/**
 * Where the population on screen came from, as its loader recorded it (links name it:
 * src/app/sharing/population-source.ts). null: nothing recorded, so a demo when its id is one
 * of the site's demos, else local (trained in this browser, opened from a file).
 */
export type LoadedFrom =
  | { kind: 'url'; url: string }
  /** Grown by TF.js models added by URL: the parent's source, every model URL so far, and the grown network count. */
  | { kind: 'grown'; base: PopulationSource | null; models: string[]; count: number };

export interface AppError {
  id: number;
  message: string;
  /** 'notice': something the user should know that did not fail (an import read with defaults). */
  level?: 'error' | 'notice';
  /** How many times this message was pushed while shown (absent: once); the banner says "×2" etc. */
  count?: number;
}

/**
 * `errors` with `message` at `level` pushed: a message identical to one still shown (same level and
 * text) is not shown twice; the shown one counts it and moves to the end, newest last, keeping its id.
 */
export function withMessage(errors: AppError[], message: string, level: 'error' | 'notice', id: number): AppError[] {
  const same = errors.find((e) => (e.level ?? 'error') === level && e.message === message);
  if (!same) return [...errors, level === 'notice' ? { id, message, level } : { id, message }];
  return [...errors.filter((e) => e !== same), { ...same, count: (same.count ?? 1) + 1 }];
}

export interface AppState extends ExploreFields, PhateSlice, LayoutSlice {
  population: Population | null;
  populationStatus: 'loading' | 'ready' | 'error';
  /** Set with each new population (setPopulation); kept by re-embedding and features (same population). */
  populationSource: LoadedFrom | null;
  /** Count + hash of the network ids (links made on this population carry it); set with each new population. */
  populationIdentity: PopulationIdentity | null;
  /** Indices of networks that have embedding coordinates (the rest diverged or were not embedded). */
  embeddedCount: number;
  demos: DemoEntry[];
  colorBy: ColorKey;
  hoveredId: string | null;
  selectedId: string | null;
  job: SharedJob;
  trainPanelOpen: boolean;
  backend: BackendName | 'none';
  backendPreference: BackendPreference;
  backendTried: { name: BackendName; ok: boolean; reason?: string }[];
  /** True once the training worker has answered which backend it uses (or failed to). */
  backendResolved: boolean;
  errors: AppError[];
  /** Embed diverged networks too (default: they are left out of the embedding). */
  includeDiverged: boolean;

  /** A new population on screen; `source` is where its loader got it (null: nothing to record). */
  setPopulation(pop: Population, source?: LoadedFrom | null): void;
  setPopulationStatus(s: AppState['populationStatus']): void;
  setDemos(d: DemoEntry[]): void;
  setColorBy(k: ColorKey): void;
  setHovered(id: string | null): void;
  setSelected(id: string | null): void;
  setJob(j: Partial<SharedJob>): void;
  setTrainPanelOpen(open: boolean): void;
  setBackend(b: BackendName | 'none', tried?: AppState['backendTried']): void;
  setBackendPreference(p: BackendPreference): void;
  /** Shows an error; one identical to an error still shown bumps that one's count (withMessage). */
  pushError(message: string): void;
  /** Shows a notice; one identical to a notice still shown bumps that one's count (withMessage). */
  pushNotice(message: string): void;
  dismissError(id: number): void;
  setIncludeDiverged(include: boolean): void;

  // ---- explorer (issue 6) actions
  /** Replace the whole selection (views compose clauses with core/explore/selection's applyClause). */
  setSelection(sel: Selection): void;
  setColorColumn(id: string): void;
  setColorDomain(mode: import('./explore').ColorDomainMode): void;
  setSizeBy(id: string | null): void;
  setFilterText(text: string): void;
  setPinned(id: string | null): void;
  setHistColumns(ids: string[]): void;
  setEpoch(epoch: number | null): void;
  setViewSettings(v: Partial<ManifoldViewSettings>): void;
}

let nextErrorId = 1;

function countEmbedded(pop: Population): number {
  const e = pop.embedding;
  if (!e) return 0;
  let n = 0;
  for (let i = 0; i < pop.networks.length; i++) {
    if (Number.isFinite(e.embedding[i * e.nComponents])) n++;
  }
  return n;
}

const appState: StateCreator<AppState> = (set) => ({
  population: null,
  populationStatus: 'loading',
  populationSource: null,
  populationIdentity: null,
  embeddedCount: 0,
  demos: [],
  colorBy: 'testAcc',
  hoveredId: null,
  selectedId: null,
  job: { ...IDLE_JOB },
  trainPanelOpen: false,
  backend: 'none',
  backendPreference: 'auto',
  backendTried: [],
  backendResolved: false,
  errors: [],
  includeDiverged: false,
  ...INITIAL_EXPLORE_FIELDS,
  ...createPhateSlice(set),
  ...createLayoutSlice(set),

  // A new population drops selections that pointed into the old one.
  setPopulation: (pop, source = null) =>
    set({
      population: pop,
      populationStatus: 'ready',
      populationSource: source,
      populationIdentity: populationIdentity(pop.networks.map((n) => n.id)),
      embeddedCount: countEmbedded(pop),
      hoveredId: null,
      selectedId: null,
      ...exploreFieldsFor(pop),
    }),
  setPopulationStatus: (populationStatus) => set({ populationStatus }),
  setIncludeDiverged: (includeDiverged) => set({ includeDiverged }),
  setDemos: (demos) => set({ demos }),
  setColorBy: (colorBy) => set({ colorBy }),
  setHovered: (hoveredId) => set((s) => (s.hoveredId === hoveredId ? s : { hoveredId })),
  setSelected: (selectedId) => set({ selectedId }),
  setJob: (j) => set((s) => ({ job: { ...s.job, ...j } })),
  setTrainPanelOpen: (trainPanelOpen) => set({ trainPanelOpen }),
  setBackend: (backend, tried) => set((s) => ({ backend, backendTried: tried ?? s.backendTried, backendResolved: true })),
  setBackendPreference: (backendPreference) => set({ backendPreference }),
  pushError: (message) => set((s) => ({ errors: withMessage(s.errors, message, 'error', nextErrorId++) })),
  pushNotice: (message) => set((s) => ({ errors: withMessage(s.errors, message, 'notice', nextErrorId++) })),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),

  // ---- explorer (issue 6)
  setSelection: (sel) => set((s) => selectionFields(s.table, sel)),
  setColorColumn: (colorColumn) => set({ colorColumn }),
  setColorDomain: (colorDomain) => set({ colorDomain }),
  setSizeBy: (sizeBy) => set({ sizeBy }),
  setFilterText: (filterText) => set({ filterText }),
  setPinned: (pinnedId) => set({ pinnedId }),
  setHistColumns: (histColumns) => set({ histColumns }),
  setEpoch: (epoch) => set({ epoch }),
  setViewSettings: (v) => set((s) => ({ viewSettings: { ...s.viewSettings, ...v } })),
});

/** A fresh store (the page has one, useStore; unit tests build their own). */
export const createAppStore = () => create<AppState>()(appState);

export const useStore = createAppStore();

export const getState = (): AppState => useStore.getState();
