// Live PHATE worker (the PHATE panel): keeps an EmbeddingSession per
// population, so the engine's stage cache survives between requests. A new
// request cancels the run in flight cooperatively (the engine polls at its
// yields) instead of terminating the worker, which would lose the cache.
import * as Comlink from 'comlink';
import { CancelledError } from '../core/cancel';
import { EmbeddingSession, type EmbeddingSessionOptions, type EmbedRequest, type SessionResult } from '../core/embedding-session';
import type { DistanceMetricName, NetworkRecord, PhateResult, ProbeSet, Progress } from '../core/types';
import { throttledProgress } from './progress';

/** The worker's API (state included); phate.worker.ts exposes one, tests run one in-process. */
export function createPhateApi() {
  let session: EmbeddingSession | null = null;
  let generation = 0;
  let running: Promise<unknown> = Promise.resolve();

  const api = {
    /** Starts a session for a population; seeds it with the distances and embedding it already has. */
    load(
      networks: NetworkRecord[],
      probe: ProbeSet,
      seed?: { metric: DistanceMetricName; layer: 'last' | number; distances: Float64Array; embedding?: PhateResult },
      options: EmbeddingSessionOptions = {},
    ): void {
      generation++;
      session = new EmbeddingSession(networks, probe, options);
      if (seed) session.seed(seed.metric, seed.layer, seed.distances, seed.embedding);
    },

    /** Re-embeds; rejects with a CancelledError when a later request (or cancel) overtakes it. */
    async embed(req: EmbedRequest, onProgress?: (p: Progress) => void): Promise<SessionResult> {
      const mine = ++generation;
      const previous = running;
      const work = (async () => {
        // One run at a time: the previous one sees the new generation at its next yield and stops.
        await previous.catch(() => undefined);
        if (!session) throw new Error('no population loaded in the PHATE worker');
        if (mine !== generation) throw new CancelledError('superseded');
        const r = await session.run(req, {
          isCancelled: () => mine !== generation,
          onProgress: throttledProgress(onProgress, 50),
        });
        // The session caches `distances`: send a copy, transfer only the fresh embedding.
        return { ...r, distances: r.distances?.slice() };
      })();
      running = work;
      const r = await work;
      const buffers = [r.embedding.embedding.buffer as ArrayBuffer];
      if (r.distances) buffers.push(r.distances.buffer as ArrayBuffer); // absent above FULL_DISTANCES_MAX networks
      return Comlink.transfer(r, buffers);
    },

    cancel(): void {
      generation++;
    },
  };
  return api;
}

export type PhateWorkerApi = ReturnType<typeof createPhateApi>;
