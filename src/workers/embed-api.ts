// Embedding worker: network distances and PHATE off the UI thread (one
// request on a fresh EmbeddingSession, the one embedding path), and bundle
// decoding (gunzip + JSON + base64 takes hundreds of ms on a real population).
// Thin comlink wrapper over src/core/embedding-session and src/core/bundle.
// Cancel is cooperative: every stage yields, sees the flag and rejects with
// CancelledError (the worker stays alive).
import * as Comlink from 'comlink';
import { EmbeddingSession, type EmbedRequest } from '../core/embedding-session';
import { decodePopulation } from '../core/bundle/index';
import type { NetworkRecord, Population, ProbeSet, Progress, Provenance } from '../core/types';
import { transferables } from './transfer';
import { throttledProgress } from './progress';

export interface EmbedWorkerOptions {
  includeDiverged?: boolean;
  /** Memory budget of the embedding in bytes (default 2 GiB; core/distance/budget.ts). */
  memoryBudgetBytes?: number;
  /** Metric, layer and PHATE settings (default: diffusion on the last layer, PHATE defaults). */
  request?: EmbedRequest;
}

/** The worker's API (state included); embed.worker.ts exposes one, tests run one in-process. */
export function createEmbedApi() {
  let generation = 0;

  const api = {
    async embed(networks: NetworkRecord[], probe: ProbeSet, opts: EmbedWorkerOptions = {}, onProgress?: (p: Progress) => void) {
      const mine = ++generation;
      const req = opts.request ?? { metric: 'diffusion', layer: 'last', phate: {} };
      const r = await new EmbeddingSession(networks, probe, {
        includeDiverged: opts.includeDiverged,
        memoryBudgetBytes: opts.memoryBudgetBytes,
      }).run(req, {
        onProgress: throttledProgress(onProgress, 50),
        isCancelled: () => mine !== generation,
      });
      // How the distances were made: the diffusion options, or another metric's name and layer. Callers
      // write provenance.metric = { name: 'diffusion', ...metric } (the name, when present, wins).
      const metric: Partial<Provenance['metric']> = r.diffusion ? { ...r.diffusion } : { name: r.metric, layer: r.layer };
      const result = { distances: r.distances, embedding: r.embedding, metric, phate: r.phate, included: r.included, excluded: r.excluded };
      return Comlink.transfer(result, transferables([result.distances, result.embedding]));
    },

    /** Decodes a population bundle; BundleError messages reach the caller as Error messages. */
    decodeBundle(bytes: ArrayBuffer): Population {
      const pop = decodePopulation(new Uint8Array(bytes));
      return Comlink.transfer(pop, transferables(pop));
    },

    /** Cancels the embedding in flight: it rejects with CancelledError at its next step. */
    cancel(): void {
      generation++;
    },
  };
  return api;
}

export type EmbedWorkerApi = ReturnType<typeof createEmbedApi>;
