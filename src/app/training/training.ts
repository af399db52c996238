// The training controllers, built together once (app/start.ts) from one set of
// dependencies: runs (start / pause / cancel / resume / estimate), the viewer
// (a stored run on screen), the restore offer, and the test hooks that read the
// training worker and the run store.
import { storedNetworkBytes } from '../../core/persist/stored-network';
import type { TrainingDeps } from './ports';
import { RestoreOffers } from './restore-offer';
import { RunController } from './run-controller';
import { RunViewer } from './run-viewer';
import { SessionRuns } from './session-runs';

export interface Training {
  readonly runs: RunController;
  readonly viewer: RunViewer;
  readonly restore: RestoreOffers;
  /** The networks of this tab's runs that could not be stored. */
  readonly sessions: SessionRuns;
  /** Test hooks on window.__netmanifold (issue 4). */
  testHooks(): Record<string, unknown>;
}

export function createTraining(deps: TrainingDeps): Training {
  const sessions = new SessionRuns(deps.runStore);
  const viewer = new RunViewer(deps, sessions);
  const runs = new RunController(deps, sessions, viewer);
  const restore = new RestoreOffers(deps, sessions);
  return { runs, viewer, restore, sessions, testHooks: () => trainingTestHooks(deps) };
}

function trainingTestHooks({ trainer, runStore }: Pick<TrainingDeps, 'trainer' | 'runStore'>) {
  return {
    trainWorkerTensorCount: (): Promise<number> => trainer.tensorCount(),
    /** The probe set stored with a run (the rows its networks were probed on), as plain arrays. */
    storedRunProbe: async (runId: string) => {
      const r = await runStore.getRun(runId);
      if (!r) return null;
      return {
        n: r.probe.n,
        seed: r.probe.seed,
        inputDim: r.probe.inputDim,
        x: Array.from(r.probe.x),
        labels: Array.from(r.probe.labels),
        indices: Array.from(r.probe.indices),
      };
    },
    /** Runs and their stored networks' ids and encoded sizes, straight from IndexedDB. */
    storedRuns: async () => {
      const runs = await runStore.listRuns();
      return Promise.all(
        runs.map(async (r) => {
          const nets = await runStore.getNetworks(r.runId);
          return {
            runId: r.runId,
            state: r.state,
            total: r.total,
            dataset: r.dataset.name,
            probeN: r.probe.n,
            networks: nets.map((n) => ({ index: n.index, id: n.id, status: n.status, bytes: storedNetworkBytes(n) })),
          };
        }),
      );
    },
  };
}
