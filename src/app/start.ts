// Builds the app's controllers once (issue 12 item 1): the startup sequence
// (which controllers follow the store, what the URL loads first, the stored
// run offered on load) and the test hooks on window.__netmanifold. UI
// components call into what this builds; they never start anything themselves.
// Every dependency is passed in, so vitest builds it with fakes.
import { PhateController, browserPhateDeps, type PhateControllerDeps } from './phate';
import { FindingsController, browserFindingsDeps, type FindingsControllerDeps } from './findings';
import { useStore } from '../state/store';
import { FeaturesController, browserFeaturesDeps, type FeaturesControllerDeps } from './features';
import { LinkSession, type LinkSessionDeps } from './sharing/startup-link';
import { browserLinkDeps } from './sharing/browser-links';
import { DynamicsController, browserDynamicsDeps, type DynamicsControllerDeps } from './dynamics';
import { StoryPlayer } from './story/player';
import { browserStoryDeps } from './story/browser-deps';
import { TrajectoryController, browserTrajectoryDeps, type TrajectoryControllerDeps } from './trajectory';
import { createTraining, type Training } from './training/training';
import type { TrainingDeps } from './training/ports';
import { browserTrainingDeps, type TrainingPorts } from './training/browser-deps';
import { Backend, type BackendDeps } from './backend';
import { Populations, type PopulationsDeps } from './populations';
import { Imports, type ImportsDeps } from './sharing/import';
import { StoredPopulations, type StoredPopulationsDeps } from './storage/stored-list';
import { SearchController, type SearchDeps } from './search';
import { CameraPort } from './sharing/camera-port';
import { createCancelFlag, type CancelFlag } from './jobs';
import { browserWorkers, type SharedWorkers } from './browser-workers';
import { PopulationStore } from './storage/population-store';
import { StoredOrigins } from './storage/origins';
import { fetchPopulationBytes } from './sharing/fetch-population';
import { embeddingBudgetBytes } from './embedding-budget';
import { datasetBytes } from './dataset-files';
import { downloadBlob } from './download';
import { useSharing } from '../state/sharing';
import { getTraining } from '../state/training';
import { getSearch } from '../state/search';
import * as runStore from '../workers/run-store';

/** Where the test hooks live (window in the browser, a plain object in tests). */
export type HookHost = Record<string, unknown>;

/**
 * The object on host.__netmanifold: the view's hooks (while a view is attached)
 * merged with the app's own (training). Installed once; no polling.
 */
export class TestHooks {
  private viewToken: object | null = null;
  constructor(
    private readonly host: HookHost | null,
    private readonly appHooks: () => Record<string, unknown>,
  ) {}

  /** The view publishes its hooks; returns the detach function for its unmount. */
  attachView(viewHooks: Record<string, unknown>): () => void {
    const token = {};
    this.viewToken = token;
    if (this.host) this.host.__netmanifold = { ...viewHooks, ...this.appHooks() };
    return () => {
      if (this.viewToken !== token) return; // a newer view replaced this one
      this.viewToken = null;
      if (this.host) delete this.host.__netmanifold;
    };
  }
}

/** What startup calls: the app's ports (injectable for tests); buildApp makes every controller from them. */
export interface StartDeps {
  /** The page's three shared workers: training (and its TF.js backend), embedding, import/export. */
  workers: SharedWorkers;
  /** The manifold view's camera, as app code may use it (the view attaches itself). */
  camera: CameraPort;
  /** The app's one cancel flag for the long job (training, distances, PHATE, a search): the progress panel's Cancel. */
  cancel: CancelFlag;
  backend: Omit<BackendDeps, 'worker'>;
  /** Demos, linked bundles, embedding a population without one (site fetches, the embedding budget, the clock). */
  populations: Omit<PopulationsDeps, 'embedWorker' | 'cancel'>;
  /** Files picked or dropped, TF.js models, export (stores, dataset bytes, the page address, downloads). */
  imports: Omit<ImportsDeps, 'worker' | 'populations' | 'remember'>;
  /** This browser's stored populations (the run store's reads, the imports database, origins). */
  stored: Omit<StoredPopulationsDeps, 'populations' | 'training' | 'exportCurrent'>;
  /** The search mode (stores, the clock, its seed). */
  search: Omit<SearchDeps, 'trainWorker' | 'embedWorker' | 'backend' | 'populations' | 'stored' | 'cancel'>;
  /** What the PHATE controller is built with (store, worker factory); its findings hook is the findings controller. */
  phate: Omit<PhateControllerDeps, 'scheduleFindings'>;
  /** What the findings controller is built with (store, worker factory, frames). */
  findings: FindingsControllerDeps;
  /** What the features controller is built with (store, features workers, the start delay). */
  features: FeaturesControllerDeps;
  /** What the trajectory controller is built with (stores, worker factory, animation frames); its camera is `camera`. */
  trajectories: Omit<TrajectoryControllerDeps, 'camera'>;
  /** What the training-dynamics controller is built with (store, features workers). */
  dynamics: DynamicsControllerDeps;
  /** The link session's ports (store, address, history, timers, camera, loaders), given the controllers that load. */
  sharing(c: { populations: Populations; imports: Imports; camera: CameraPort }): LinkSessionDeps;
  /** The story player, built with the link session (stories apply their steps through it) and the PHATE and trajectory controllers (a step's re-embed, its epoch). */
  stories(links: LinkSession, controllers: { phate: PhateController; trajectories: TrajectoryController }): StoryPlayer;
  hookHost: HookHost | null;
  /** What the training controllers are built with (stores, workers, run store, clock), given what they share with the app. */
  training(ports: TrainingPorts): TrainingDeps;
}

export interface App {
  readonly testHooks: TestHooks;
  /** The training worker's TF.js backend (src/app/backend.ts). */
  readonly backend: Backend;
  /** Demos, linked bundles, showing and embedding a population (src/app/populations.ts). */
  readonly populations: Populations;
  /** Files picked or dropped, TF.js models by file or URL, bundle export (src/app/sharing/import.ts). */
  readonly imports: Imports;
  /** This browser's stored populations: list, open, export, delete (src/app/storage/stored-list.ts). */
  readonly stored: StoredPopulations;
  /** The search mode (src/app/search.ts). */
  readonly search: SearchController;
  /** The manifold view's camera port (the view attaches to it; links, trajectories and keys move it). */
  readonly camera: CameraPort;
  /** Links: reads the address at startup, keeps it in sync, applies linked views (stories). */
  readonly links: LinkSession;
  /** The story player (src/app/story/player): stepping, presenter mode, authoring. */
  readonly stories: StoryPlayer;
  /** Population runs, stored runs on screen, the restore offer (src/app/training). */
  readonly training: Training;
  /** The PHATE panel's re-embeds (src/app/phate.ts). */
  readonly phate: PhateController;
  /** Features of the population on screen and the inspector's per-network analyses (src/app/features.ts). */
  readonly features: FeaturesController;
  /** Checkpoint trajectories and the epoch slider's playback (src/app/trajectory.ts). */
  readonly trajectories: TrajectoryController;
  /** Training dynamics of the population on screen (src/app/dynamics.ts). */
  readonly dynamics: DynamicsController;
  /** Runs the startup sequence; later calls return the first call's promise (StrictMode mounts twice). */
  start(): Promise<void>;
}

export function buildApp(deps: StartDeps): App {
  const { workers, camera, cancel } = deps;
  const backend = new Backend({ ...deps.backend, worker: workers.train });
  const populations = new Populations({ ...deps.populations, embedWorker: workers.embed, cancel });
  const training = createTraining(
    deps.training({
      trainWorker: workers.train,
      embedWorker: workers.embed,
      populations,
      imports: deps.stored.imports,
      origins: deps.stored.origins,
      backend,
      cancel,
    }),
  );
  // Stored populations and imports use each other (an import is kept; a stored run is exported through the import worker).
  const stored: StoredPopulations = new StoredPopulations({
    ...deps.stored,
    populations,
    training,
    exportCurrent: () => imports.exportCurrent(),
  });
  const imports: Imports = new Imports({
    ...deps.imports,
    worker: workers.import,
    populations,
    remember: (...args) => stored.remember(...args),
  });
  const search = new SearchController({
    ...deps.search,
    trainWorker: workers.train,
    embedWorker: workers.embed,
    backend,
    populations,
    stored,
    cancel,
  });
  const findings = new FindingsController(deps.findings);
  const phate = new PhateController({ ...deps.phate, scheduleFindings: () => findings.schedule() });
  const features = new FeaturesController(deps.features);
  const dynamics = new DynamicsController(deps.dynamics);
  const trajectories = new TrajectoryController({ ...deps.trajectories, camera });
  const testHooks = new TestHooks(deps.hookHost, () => training.testHooks());
  const links = new LinkSession(deps.sharing({ populations, imports, camera }));
  const stories = deps.stories(links, { phate, trajectories });
  let started: Promise<void> | null = null;
  return {
    testHooks,
    backend,
    populations,
    imports,
    stored,
    search,
    camera,
    links,
    stories,
    training,
    phate,
    features,
    trajectories,
    dynamics,
    start() {
      if (started) return started;
      // Before anything loads: they follow every population that arrives.
      phate.start();
      features.start();
      dynamics.start();
      const sharing = links.start();
      stories.start();
      // The training worker picks its backend in the background; the UI never waits on it.
      const backendReady = backend.init();
      // The newest stored run is offered on load (restore / resume / discard).
      const restore = training.restore.check();
      started = Promise.all([sharing, backendReady, restore]).then(() => undefined);
      return started;
    },
  };
}

/** The browser's dependencies: every shared port of the page is made here, once. */
export function browserDeps(): StartDeps {
  const now = () => performance.now();
  const workers = browserWorkers();
  return {
    workers,
    camera: new CameraPort(),
    cancel: createCancelFlag(),
    backend: { store: useStore },
    populations: {
      store: useStore,
      sharing: useSharing,
      fetchSite: (path) => fetch(import.meta.env.BASE_URL + path),
      fetchBytes: fetchPopulationBytes,
      budgetBytes: embeddingBudgetBytes,
      now,
    },
    imports: {
      store: useStore,
      sharing: useSharing,
      datasetBytes: (name) => datasetBytes(name),
      pageUrl: () => location.href,
      download: downloadBlob,
    },
    stored: {
      store: useStore,
      runs: runStore,
      imports: new PopulationStore(),
      origins: new StoredOrigins(),
      download: downloadBlob,
      ...(typeof navigator !== 'undefined' && navigator.storage?.estimate ? { estimate: () => navigator.storage.estimate() } : {}),
    },
    search: {
      stores: { app: useStore.getState, training: getTraining, search: getSearch },
      now,
      seed: () => (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0,
    },
    phate: browserPhateDeps(useStore),
    findings: browserFindingsDeps(useStore),
    features: browserFeaturesDeps(workers, useStore),
    dynamics: browserDynamicsDeps(workers, useStore),
    trajectories: browserTrajectoryDeps(useStore),
    sharing: ({ populations, imports, camera }) => browserLinkDeps(populations, imports, camera),
    stories: (links, c) => new StoryPlayer(browserStoryDeps(links, c)),
    hookHost: typeof window === 'undefined' ? null : (window as unknown as HookHost),
    training: (ports) => browserTrainingDeps(ports),
  };
}

let app: App | null = null;

/** The page's one app, built on first use. */
export function theApp(): App {
  app ??= buildApp(browserDeps());
  return app;
}
