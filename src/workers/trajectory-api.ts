// Trajectory worker: embeds every network's checkpoints together with the
// final states (one joint PHATE through the one embedding path), off the UI
// thread. Thin comlink wrapper; cancel is cooperative (rejects with
// CancelledError at the next step).
import * as Comlink from 'comlink';
import { embedPopulation } from '../core/pipeline';
import { expandCheckpoints } from '../core/explore/trajectory';
import type { NetworkRecord, ProbeSet, Progress } from '../core/types';
import { throttledProgress } from './progress';

/** The worker's API (state included); trajectory.worker.ts exposes one, tests run one in-process. */
export function createTrajectoryApi() {
  let generation = 0;

  const api = {
    async embedTrajectories(networks: NetworkRecord[], probe: ProbeSet, onProgress?: (p: Progress) => void) {
      const mine = ++generation;
      const states = expandCheckpoints(networks);
      const r = await embedPopulation(states.records, probe, {
        // A diverged network's checkpoints are its sane epochs: its path up to the blow-up is drawn, as before.
        includeDiverged: true,
        onProgress: throttledProgress(onProgress, 100),
        isCancelled: () => mine !== generation,
      });
      const out = { owner: states.owner, epoch: states.epoch, embedding: r.embedding.embedding, nComponents: r.embedding.nComponents };
      return Comlink.transfer(out, [out.owner.buffer, out.epoch.buffer, out.embedding.buffer] as ArrayBuffer[]);
    },

    cancel(): void {
      generation++;
    },
  };
  return api;
}

export type TrajectoryWorkerApi = ReturnType<typeof createTrajectoryApi>;
