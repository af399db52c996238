// Trajectory worker: embeds every network's checkpoints together with the
// final states (one joint PHATE through the one embedding path), off the UI
// thread. Thin comlink wrapper; cancel is cooperative (rejects with
// CancelledError at the next step).
import * as Comlink from 'comlink';
import { embedPopulation } from '../core/pipeline';
import { expandCheckpoints } from '../core/explore/trajectory';
import type { NetworkRecord, ProbeSet, Progress } from '../core/types';

let generation = 0;

const api = {
  async embedTrajectories(networks: NetworkRecord[], probe: ProbeSet, onProgress?: (p: Progress) => void) {
    const mine = ++generation;
    const states = expandCheckpoints(networks);
    let last = 0;
    const r = await embedPopulation(states.records, probe, {
      // A diverged network's checkpoints are its sane epochs: its path up to the blow-up is drawn, as before.
      includeDiverged: true,
      onProgress: (p) => {
        const now = performance.now();
        if (onProgress && (now - last > 100 || p.done >= p.total)) {
          last = now;
          void onProgress({ ...p });
        }
      },
      isCancelled: () => mine !== generation,
    });
    const out = { owner: states.owner, epoch: states.epoch, embedding: r.embedding.embedding, nComponents: r.embedding.nComponents };
    return Comlink.transfer(out, [out.owner.buffer, out.epoch.buffer, out.embedding.buffer] as ArrayBuffer[]);
  },

  cancel(): void {
    generation++;
  },
};

export type TrajectoryWorkerApi = typeof api;
Comlink.expose(api);
