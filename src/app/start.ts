// Builds the app's controllers once (issue 12 item 1): the startup sequence
// (which controllers follow the store, what the URL loads first, the stored
// run offered on load) and the test hooks on window.__netmanifold. UI
// components call into what this builds; they never start anything themselves.
// Every dependency is passed in, so vitest builds it with fakes.
import { initBackend } from './controller';
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
import { browserTrainingDeps } from './training/browser-deps';

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

/** What startup calls: the app's existing entry points (injectable for tests). */
export interface StartDeps {
  /** What the PHATE controller is built with (store, worker factory); its findings hook is the findings controller. */
  phate: Omit<PhateControllerDeps, 'scheduleFindings'>;
  /** What the findings controller is built with (store, worker factory, frames). */
  findings: FindingsControllerDeps;
  /** What the features controller is built with (store, features workers, the start delay). */
  features: FeaturesControllerDeps;
  /** What the trajectory controller is built with (stores, worker factory, camera, animation frames). */
  trajectories: TrajectoryControllerDeps;
  /** What the training-dynamics controller is built with (store, features workers). */
  dynamics: DynamicsControllerDeps;
  /** The link session's ports (store, address, history, timers, camera, loaders). */
  sharing: LinkSessionDeps;
  /** The story player, built with the link session (stories apply their steps through it) and the PHATE and trajectory controllers (a step's re-embed, its epoch). */
  stories(links: LinkSession, controllers: { phate: PhateController; trajectories: TrajectoryController }): StoryPlayer;
  initBackend(): Promise<void>;
  hookHost: HookHost | null;
  /** What the training controllers are built with (stores, workers, run store, clock). */
  training: TrainingDeps;
}

export interface App {
  readonly testHooks: TestHooks;
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
  const training = createTraining(deps.training);
  const findings = new FindingsController(deps.findings);
  const phate = new PhateController({ ...deps.phate, scheduleFindings: () => findings.schedule() });
  const features = new FeaturesController(deps.features);
  const dynamics = new DynamicsController(deps.dynamics);
  const trajectories = new TrajectoryController(deps.trajectories);
  const testHooks = new TestHooks(deps.hookHost, () => training.testHooks());
  const links = new LinkSession(deps.sharing);
  const stories = deps.stories(links, { phate, trajectories });
  let started: Promise<void> | null = null;
  return {
    testHooks,
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
      const backend = deps.initBackend();
      // The newest stored run is offered on load (restore / resume / discard).
      const restore = training.restore.check();
      started = Promise.all([sharing, backend, restore]).then(() => undefined);
      return started;
    },
  };
}

/** The browser's dependencies. */
export function browserDeps(): StartDeps {
  return {
    phate: browserPhateDeps(useStore),
    findings: browserFindingsDeps(useStore),
    features: browserFeaturesDeps(useStore),
    dynamics: browserDynamicsDeps(useStore),
    trajectories: browserTrajectoryDeps(useStore),
    sharing: browserLinkDeps(),
    stories: (links, c) => new StoryPlayer(browserStoryDeps(links, c)),
    initBackend: () => initBackend(),
    hookHost: typeof window === 'undefined' ? null : (window as unknown as HookHost),
    training: browserTrainingDeps(),
  };
}

let app: App | null = null;

/** The page's one app, built on first use. */
export function theApp(): App {
  app ??= buildApp(browserDeps());
  return app;
}
