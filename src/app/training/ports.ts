// What the training controllers depend on, as small interfaces (issue 12 item 1):
// the stores, the training and embedding workers, the run store (IndexedDB),
// where populations come from, and the clock. browser-deps.ts gives the real
// ones; the unit tests give fakes (tests/unit/training-controller.test.ts).
import type { NetworkRecord, Population, PopulationSpec, ProbeSet, Progress } from '../../core/types';
import type { PopulationSource } from '../../core/viewstate/schema';
import type { AppState } from '../../state/store';
import type { TrainingState } from '../../state/training';
import type { RunEstimate, RunEvent, RunOutcome } from '../../workers/run-events';
import type * as runStore from '../../workers/run-store';
import type { EmbedWorkerApi } from '../../workers/embed.worker';
import type { StoredOrigin } from '../storage/origins';
import type { CancelFlag } from '../jobs';

/** The two zustand stores, read fresh on every call (their getState). */
export interface TrainingStores {
  app(): AppState;
  training(): TrainingState;
}

/** A request to the training worker's trainRun. */
export interface TrainRunRequest {
  runId: string;
  spec?: PopulationSpec;
  probe?: ProbeSet;
  addTo?: runStore.StoredAddTarget;
  mode: 'new' | 'resume';
  memory?: { run: runStore.StoredRun; indices: number[] };
}

/** The training worker (it also writes each finished network to the run store). */
export interface TrainPort {
  trainRun(req: TrainRunRequest, onEvent: (e: RunEvent) => void): Promise<RunOutcome>;
  pause(): void;
  resume(): void;
  cancel(): void;
  estimate(spec: PopulationSpec): Promise<RunEstimate>;
  tensorCount(): Promise<number>;
}

export type EmbedResult = Awaited<ReturnType<EmbedWorkerApi['embed']>>;

/** The embedding worker: distances + PHATE. stop() ends the call in flight (it rejects). */
export interface EmbedPort {
  embed(
    networks: NetworkRecord[],
    probe: ProbeSet,
    opts: { includeDiverged: boolean },
    onProgress: (p: Progress) => void,
  ): Promise<EmbedResult>;
  stop(): void;
}

/** The run store as the UI thread uses it (src/workers/run-store.ts has exactly these). */
export type RunStorePort = Pick<
  typeof runStore,
  'getRun' | 'getNetworks' | 'storedIndices' | 'deleteRun' | 'listRuns' | 'latestRestorableRun' | 'setRunState'
>;

/** Where the populations a run joins come from, and how a grown one is shown. */
export interface PopulationSources {
  /** The on-screen population's source when it is exactly as fetched (a demo or URL, no added models); else null. */
  fetchableSource(s: AppState): PopulationSource | null;
  fetch(src: PopulationSource): Promise<Population>;
  /** A stored import, decoded (null when it was deleted). */
  storedImport(storedId: string): Promise<Population | null>;
  originOf(populationId: string): StoredOrigin | null;
  setOrigin(populationId: string, origin: StoredOrigin): void;
  /** Embeds and shows a grown population; false when it did not replace the view (failed or cancelled). */
  showGrown(next: Population): Promise<boolean>;
}

export interface Clock {
  now(): number;
  /** requestAnimationFrame / cancelAnimationFrame. */
  frame(cb: () => void): number;
  cancelFrame(id: number): void;
  newRunId(): string;
}

export interface TrainingDeps {
  stores: TrainingStores;
  trainer: TrainPort;
  embedder: EmbedPort;
  runStore: RunStorePort;
  sources: PopulationSources;
  /** Starts the training worker's TF.js backend (controller.initBackend). */
  initBackend(): Promise<void>;
  /** The app's one cancel flag for the long job (jobs.ts jobCancel). */
  cancel: CancelFlag;
  clock: Clock;
  warn(message: string): void;
}
