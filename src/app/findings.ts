// Findings panel numbers (METHODS §5): for accuracy and every feature, the
// Spearman ρ between a network's value and the mean over its k nearest
// neighbours (k = findingsK(N): min(10, ⌊√N⌋)), in the embedding and in the
// original network distance, each with a permutation p-value.
// O(N²) plus B permutations: computed in a worker (src/workers/findings.worker.ts),
// in two passes (ρ at once, then the p-values); a newer population replaces a
// run still in flight. A FindingsController is built once (src/app/start.ts)
// with its store, worker factory and frame scheduler; unit tests build one with fakes.
import { findingRows, findingSeries } from '../core/explore/findings';
import { findingsK } from '../core/explore/finding-verdict';
import { permutationsFor } from '../core/explore/neighbour-permutation';
import type { Population } from '../core/types';
import type { FindingRow } from '../state/phate';
import type { StoreApi } from 'zustand';
import type { AppState } from '../state/store';
import type { FindingsWorkerApi } from '../workers/findings.worker';
import { wrap, type WorkerHandle } from './workers';
import { createJob } from './jobs';
import { CancelledError } from '../core/cancel';

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

export interface FindingsControllerDeps {
  store: StoreApi<AppState>;
  /** Makes the findings worker's handle; `onDead` is called when it dies or is terminated. */
  worker(onDead: () => void): WorkerHandle<FindingsWorkerApi>;
  /** Runs `f` after the next frame (requestAnimationFrame); returns a non-zero id. */
  frame(f: () => void): number;
}

export class FindingsController {
  private handle: WorkerHandle<FindingsWorkerApi> | null = null;
  private scheduled = 0;
  private shownFor: string | null = null;
  /** The findings job: status in findingsJob; cancel stops the worker (it has no yield points; a new one starts on next use). */
  private readonly job = createJob({
    report: (p) => this.state().setFindingsJob(p),
    onError: (m) => this.state().pushError(`Computing the findings failed: ${m}`),
    onCancel: () => this.handle?.terminate(),
  });

  constructor(private readonly deps: FindingsControllerDeps) {}

  private state(): AppState {
    return this.deps.store.getState();
  }

  private worker(): WorkerHandle<FindingsWorkerApi> {
    this.handle ??= this.deps.worker(() => {
      this.handle = null;
    });
    return this.handle;
  }

  /** Recomputes the findings for the population on screen after the next frame (coalesced), in the findings worker. */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = this.deps.frame(() => {
      this.scheduled = 0;
      const pop = this.state().population;
      if (!pop) {
        this.job.cancel();
        return void this.state().setFindings(null);
      }
      // Rows of another population are wrong; rows of this one (before features arrived) stay until replaced.
      if (pop.id !== this.shownFor) this.state().setFindings(null);
      this.shownFor = pop.id;
      void this.run(pop);
    });
  }

  private async run(pop: Population): Promise<void> {
    // A run for an older population is abandoned.
    this.job.cancel();
    const e = pop.embedding;
    if (!e) return void this.state().setFindings([]);
    const N = pop.networks.length;
    const series = findingSeries(pop);
    const dist = pop.distances && pop.distances.length === N * N ? pop.distances : null;
    await this.job.run(async (ctx) => {
      const h = this.worker();
      const k = findingsK(N);
      const check = () => {
        ctx.throwIfCancelled();
        if (this.state().population !== pop) throw new CancelledError('the population changed');
      };
      // ρ first (what the panel had before), then the same rows with their p-values.
      ctx.progress({ stage: 'rho', done: 0, total: 2 });
      const quick = await h.call(h.api.compute(series, e.embedding, e.nComponents, dist, N, k, 0));
      check();
      this.state().setFindings(quick);
      ctx.progress({ stage: 'p-values', done: 1, total: 2 });
      const rows = await h.call(h.api.compute(series, e.embedding, e.nComponents, dist, N, k, permutationsFor(N)));
      check();
      this.state().setFindings(rows);
      ctx.progress({ stage: 'p-values', done: 2, total: 2 });
    });
  }
}

/** The browser's dependencies: the page's store, the findings web worker, animation frames. */
export function browserFindingsDeps(store: StoreApi<AppState>): FindingsControllerDeps {
  return {
    store,
    worker: (onDead) =>
      wrap<FindingsWorkerApi>(
        () => new Worker(new URL('../workers/findings.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-findings' }),
        'findings',
        onDead,
      ),
    frame: (f) => requestAnimationFrame(() => f()),
  };
}
