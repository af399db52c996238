// Findings panel numbers (METHODS §5): for accuracy and every feature, the
// Spearman ρ between a network's value and the mean over its k nearest
// neighbours (k = findingsK(N): min(10, ⌊√N⌋)), in the embedding and in the
// original network distance, each with a permutation p-value.
// O(N²) plus B permutations: computed in a worker (src/workers/findings.worker.ts),
// in two passes (ρ at once, then the p-values); a newer population replaces a
// run still in flight.
import { findingRows, findingSeries, type FindingSeries } from '../core/explore/findings';
import { findingsK } from '../core/explore/finding-verdict';
import { permutationsFor } from '../core/explore/neighbour-permutation';
import type { Population } from '../core/types';
import type { FindingRow } from '../state/phate';
import { getState, type AppState } from '../state/store';
import type { FindingsWorkerApi } from '../workers/findings.worker';
import { WorkerSlot } from './workers';

/** Rows for test accuracy and every feature present on some network (synchronous; tests and Node). */
export function computeFindings(
  pop: Population,
  k = findingsK(pop.networks.length),
  permutations = permutationsFor(pop.networks.length),
): FindingRow[] {
  const e = pop.embedding;
  if (!e) return [];
  const N = pop.networks.length;
  const dist = pop.distances && pop.distances.length === N * N ? { distances: pop.distances, n: N } : null;
  return findingRows(findingSeries(pop), { coords: e.embedding, dim: e.nComponents }, dist, k, { permutations });
}

/** The findings worker as the scheduler uses it; stop() ends a run for an older population (it has no yield points). */
export interface FindingsWorkerPort {
  compute(
    series: FindingSeries[],
    coords: Float64Array,
    dim: number,
    distances: Float64Array | null,
    n: number,
    k: number,
    permutations: number,
  ): Promise<FindingRow[]>;
  stop(): void;
}

export interface FindingsDeps {
  app(): AppState;
  worker: FindingsWorkerPort;
  /** requestAnimationFrame. */
  frame(cb: () => void): number;
}

/**
 * Recomputes the findings of the population on screen after the next frame
 * (calls within a frame coalesce): ρ first, then the rows with their
 * p-values; a newer population replaces a run still in flight.
 */
export class FindingsScheduler {
  private busy = false;
  private generation = 0;
  private scheduled = 0;
  private shownFor: string | null = null;

  constructor(private readonly deps: FindingsDeps) {}

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = this.deps.frame(() => {
      this.scheduled = 0;
      const pop = this.deps.app().population;
      const mine = ++this.generation;
      if (!pop) return void this.deps.app().setFindings(null);
      // Rows of another population are wrong; rows of this one (before features arrived) stay until replaced.
      if (pop.id !== this.shownFor) this.deps.app().setFindings(null);
      this.shownFor = pop.id;
      void this.run(pop, mine);
    });
  }

  private async run(pop: Population, mine: number): Promise<void> {
    const app = this.deps.app;
    const e = pop.embedding;
    if (!e) return void app().setFindings([]);
    if (this.busy) this.deps.worker.stop();
    const N = pop.networks.length;
    const series = findingSeries(pop);
    const dist = pop.distances && pop.distances.length === N * N ? pop.distances : null;
    this.busy = true;
    try {
      const k = findingsK(N);
      const current = () => mine === this.generation && app().population === pop;
      // ρ first (what the panel had before), then the same rows with their p-values.
      const quick = await this.deps.worker.compute(series, e.embedding, e.nComponents, dist, N, k, 0);
      if (!current()) return;
      app().setFindings(quick);
      const rows = await this.deps.worker.compute(series, e.embedding, e.nComponents, dist, N, k, permutationsFor(N));
      if (current()) app().setFindings(rows);
    } catch (err) {
      if (mine === this.generation) app().pushError(`Computing the findings failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (mine === this.generation) this.busy = false;
    }
  }
}

const findingsSlot = new WorkerSlot<FindingsWorkerApi>(
  () => new Worker(new URL('../workers/findings.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-findings' }),
  'findings',
);

// The page's scheduler (the PHATE controller calls it whenever an embedding or the features change).
const pageFindings = new FindingsScheduler({
  app: getState,
  worker: {
    compute: (...args) => {
      const h = findingsSlot.get();
      return h.call(h.api.compute(...args));
    },
    stop: () => findingsSlot.current?.terminate(),
  },
  frame: (cb) => requestAnimationFrame(cb),
});

/** Recomputes the findings for the population on screen after the next frame (coalesced), in the findings worker. */
export function scheduleFindings(): void {
  pageFindings.schedule();
}
