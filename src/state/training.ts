// State of the population builder, the run in progress and the restore offer
// (issue 4). Kept apart from the app store so the training area evolves on
// its own; the app store's `job` carries the shared progress, `run` the run's own status.
import { create } from 'zustand';
import { IDLE_JOB } from '../core/types';
import type {
  JobReport,
  DatasetName,
  DatasetSpec,
  HyperParamSpace,
  NetworkStatus,
  Population,
  PopulationSpec,
  ProbeSet,
} from '../core/types';
import type { RunProgress } from '../core/train/population-run';
import type { ThroughputCalibration } from '../core/train/estimate';
import { FAMILY_SPACE_KEYS, SHARED_SPACE_KEYS, builderEpochs, defaultFamilySpace, defaultSpace } from '../core/population/spec';
import { DATASET_INFO } from '../core/datasets/info';
import { freshSeeds, learningRateSteps, logSpaced, type RegionSubspace } from '../core/explore/sample-region';

export type Sampling = 'grid' | 'random';

/**
 * "Train more like these": the population the new networks are added to.
 * The run trains on its dataset spec and its own probe set, and on
 * completion the networks join it (origin 'sampled') and everything is
 * re-embedded.
 */
export interface AddTarget {
  populationId: string;
  populationName: string;
  /** Networks in the population when add mode opened. */
  networks: number;
  /** The population's dataset spec, exactly (regenerated in the worker). */
  dataset: DatasetSpec;
  /** The population's own probe set: the new networks' activations are taken on these rows. */
  probe: ProbeSet;
  /** Seeds the population already uses (new networks get other ones). */
  usedSeeds: number[];
  /** Selected ok networks the subspace was read from. */
  selected: number;
}

export interface BuilderState {
  dataset: DatasetName;
  space: HyperParamSpace;
  sampling: Sampling;
  /** Random: networks drawn; grid: the most networks kept (a seeded subsample beyond). */
  count: number;
  /** Learning rates: `steps` log-spaced values from lo to hi (inclusive). */
  lr: { lo: number; hi: number; steps: number };
  /** Seeds 1..seeds. */
  seeds: number;
  probeN: number;
  /** Seed of the sampling, the dataset and the probe (the count and groups shown are the ones trained). */
  seed: number;
  /** A file dataset (MNIST): how many of its images to draw (stratified); unset = all. Ignored for other sets. */
  samples?: number;
  /** Add mode: train networks to add to this population (null: a fresh population). */
  add: AddTarget | null;
}

/** The run's stages while it runs. */
export type RunStage = 'training' | 'embedding';

/** The run's shown phase: its stage while it runs ('paused' while held), else its status. */
export function runPhase(t: Pick<TrainingState, 'run' | 'paused'>): string {
  if (t.run.status !== 'running') return t.run.status;
  return t.paused ? 'paused' : t.run.stage;
}

/** True while the run trains (not paused, not embedding). */
export const isTraining = (t: Pick<TrainingState, 'run' | 'paused'>): boolean =>
  t.run.status === 'running' && t.run.stage === 'training' && !t.paused;

export interface FinishedNetwork {
  index: number;
  id: string;
  status: NetworkStatus;
  statusReason?: string;
  testAcc: number;
  bytes: number;
  /** false: storing failed, the network is kept in this tab's memory only. */
  stored?: boolean;
}

export interface EstimateState {
  status: 'idle' | 'measuring' | 'ready' | 'error';
  /** JSON of the spec the estimate is for. */
  key: string;
  seconds?: number;
  calibration?: ThroughputCalibration;
  /** Groups of the spec the calibration timed (the rest use its fallback line). */
  measured?: number;
  message?: string;
}

export interface RestoreOffer {
  runId: string;
  stored: number;
  total: number;
  /** The run was still training (the tab closed or reloaded) rather than cancelled or complete. */
  interrupted: boolean;
  datasetName: DatasetName;
  createdAt: string;
  /** An add-mode run: the name of the population it was trained to join. */
  joins?: string;
}

export interface TrainingState {
  builder: BuilderState;
  estimate: EstimateState;
  runId: string | null;
  /** The run's status (a JobReport; stage a RunStage while it runs). */
  run: JobReport;
  /** Training is held (only while run.status is 'running'). */
  paused: boolean;
  progress: RunProgress | null;
  finished: FinishedNetwork[];
  /** Networks stored before this session (a resumed run). */
  storedBefore: number;
  /** After a cancel: the run whose finished networks are kept and can be shown. */
  kept: { runId: string; stored: number; total: number; /** of `stored`, kept in this tab's memory only */ unstored?: number } | null;
  restoreOffer: RestoreOffer | null;
  /** Why the run in progress cannot be stored (null while it can). */
  storageFailure: string | null;

  setBuilder(b: Partial<BuilderState>): void;
  setSpace(s: Partial<HyperParamSpace>): void;
  setEstimate(e: EstimateState): void;
  beginRun(runId: string, storedBefore: number): void;
  /** Patches the run's report; any status but 'running' clears `paused`. */
  setRun(r: Partial<JobReport>): void;
  setPaused(paused: boolean): void;
  setProgress(p: RunProgress): void;
  addFinished(f: FinishedNetwork): void;
  setKept(k: TrainingState['kept']): void;
  setRestoreOffer(o: RestoreOffer | null): void;
  setStorageFailure(reason: string | null): void;
}

export const LR_LIMITS = { lo: 1e-6, hi: 1e6 };

export function initialBuilder(dataset: DatasetName = 'moons'): BuilderState {
  const space = defaultSpace(dataset);
  return {
    dataset,
    // Family keys are kept even while only MLPs are chosen: switching a family on shows its defaults.
    space: { ...defaultFamilySpace(), ...space, epochs: [builderEpochs(dataset)] },
    sampling: 'random',
    count: 12,
    lr: { lo: 1e-3, hi: 1e-1, steps: 3 },
    seeds: 2,
    probeN: 256,
    seed: newSamplingSeed(),
    add: null,
  };
}

function newSamplingSeed(): number {
  return (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
}

/**
 * The builder in add mode for a selected region of `pop`: the region's
 * values, its learning rates as a log range, fresh seeds, random sampling of 8
 * networks, the population's dataset and probe set. Other settings (backend,
 * probe size of a later fresh population) are kept from `prev`.
 */
export function addModeBuilder(prev: BuilderState, pop: Population, region: RegionSubspace): BuilderState {
  const { lo, hi } = region.learningRate;
  const count = 8;
  return {
    ...prev,
    dataset: pop.provenance.dataset.name,
    space: { ...defaultFamilySpace(), ...region.space },
    sampling: 'random',
    count,
    lr: { lo, hi, steps: learningRateSteps(lo, hi) },
    seeds: count,
    seed: newSamplingSeed(),
    add: {
      populationId: pop.id,
      populationName: pop.name,
      networks: pop.networks.length,
      dataset: pop.provenance.dataset,
      probe: pop.probe,
      usedSeeds: [...new Set(pop.networks.map((n) => n.hp.seed))],
      selected: region.selected,
    },
  };
}

/** Why "Train more like these" cannot work on this population, or null. */
export function addModeUnavailable(pop: Population | null): string | null {
  if (!pop) return 'Load a population first.';
  if (pop.provenance.customDataset)
    return `This population was trained on its own dataset (${pop.provenance.customDataset.name}, imported activations): there is no dataset or probe set here to train new networks against.`;
  if (pop.probe.inputsMissing) return 'The probe inputs of this population are unknown: new networks cannot be probed on the same rows.';
  return null;
}

/** `steps` log-spaced values from lo to hi (core/explore/sample-region; the search loop uses it too). */
export { logSpaced };

/** The space the builder describes (learning rates and seeds expanded). */
export function builderSpace(b: BuilderState): HyperParamSpace {
  return {
    ...b.space,
    learningRate: logSpaced(b.lr.lo, b.lr.hi, b.lr.steps),
    // Add mode: seeds no network of the population uses yet (new initialisations, not replicas).
    seed: b.add
      ? freshSeeds(b.add.usedSeeds, Math.max(1, Math.floor(b.seeds)))
      : Array.from({ length: Math.max(1, Math.floor(b.seeds)) }, (_, i) => i + 1),
  };
}

/** Why the builder cannot start, or null. */
export function validateBuilder(b: BuilderState): string | null {
  const s = b.space;
  const archs = s.architecture ?? ['mlp'];
  if (archs.length === 0) return 'Choose at least one architecture.';
  // Only the chosen families' keys count (a CNN-only space needs no MLP widths).
  const keys: (keyof HyperParamSpace)[] = [...SHARED_SPACE_KEYS, ...archs.flatMap((a) => FAMILY_SPACE_KEYS[a])];
  const empty = keys.find((k) => k !== 'learningRate' && k !== 'seed' && s[k]?.length === 0);
  if (empty) return `Choose at least one value for ${empty}.`;
  if (!Number.isInteger(b.count) || b.count < 3 || b.count > 512) return 'Number of networks must be a whole number from 3 to 512.';
  if (!s.epochs.every((e) => Number.isInteger(e) && e >= 1 && e <= 500)) return 'Epochs must be whole numbers from 1 to 500.';
  const { lo, hi, steps } = b.lr;
  if (!(lo >= LR_LIMITS.lo && hi <= LR_LIMITS.hi && lo <= hi))
    return `Learning rates must satisfy ${LR_LIMITS.lo} ≤ from ≤ to ≤ ${LR_LIMITS.hi}.`;
  if (!Number.isInteger(steps) || steps < 1 || steps > 12) return 'Learning-rate values must be a whole number from 1 to 12.';
  if (!Number.isInteger(b.seeds) || b.seeds < 1 || b.seeds > 50) return 'Seeds must be a whole number from 1 to 50.';
  if (!b.add && (!Number.isInteger(b.probeN) || b.probeN < 16 || b.probeN > 1024))
    return 'Probe size must be a whole number from 16 to 1024.';
  return null;
}

export function builderSpec(b: BuilderState, seed: number): PopulationSpec {
  return {
    // Add mode trains on the population's dataset and probe (the probe rows themselves travel with the run).
    dataset: b.add
      ? b.add.dataset
      : { name: b.dataset, seed, ...(b.samples && DATASET_INFO[b.dataset].source === 'file' ? { samples: b.samples } : {}) },
    space: builderSpace(b),
    sampling: b.sampling,
    count: b.count,
    seed,
    probe: b.add ? { n: b.add.probe.n, seed: b.add.probe.seed } : { n: b.probeN, seed },
  };
}

export const useTraining = create<TrainingState>()((set) => ({
  builder: initialBuilder(),
  estimate: { status: 'idle', key: '' },
  runId: null,
  run: { ...IDLE_JOB },
  paused: false,
  progress: null,
  finished: [],
  storedBefore: 0,
  kept: null,
  restoreOffer: null,
  storageFailure: null,

  setBuilder: (b) =>
    set((s) => {
      // A new dataset brings its own default widths and epochs (add mode keeps the population's dataset).
      if (b.dataset && b.dataset !== s.builder.dataset && !('add' in b ? b.add : s.builder.add)) {
        const d = initialBuilder(b.dataset);
        return { builder: { ...s.builder, ...b, space: { ...s.builder.space, width: d.space.width, epochs: d.space.epochs } } };
      }
      return { builder: { ...s.builder, ...b } };
    }),
  setSpace: (sp) => set((s) => ({ builder: { ...s.builder, space: { ...s.builder.space, ...sp } } })),
  setEstimate: (estimate) => set({ estimate }),
  beginRun: (runId, storedBefore) =>
    set({
      runId,
      storedBefore,
      run: { status: 'running', stage: 'training', done: 0, total: 0 },
      paused: false,
      progress: null,
      finished: [],
      kept: null,
      storageFailure: null,
    }),
  setRun: (r) =>
    set((s) => {
      const run = { ...s.run, ...r };
      return { run, paused: run.status === 'running' ? s.paused : false };
    }),
  setPaused: (paused) => set({ paused }),
  setProgress: (progress) => set({ progress }),
  addFinished: (f) => set((s) => ({ finished: [...s.finished, f] })),
  setKept: (kept) => set({ kept }),
  setRestoreOffer: (restoreOffer) => set({ restoreOffer }),
  setStorageFailure: (storageFailure) => set({ storageFailure }),
}));

export const getTraining = (): TrainingState => useTraining.getState();
