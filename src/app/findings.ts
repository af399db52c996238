// Findings panel numbers (METHODS §5): for accuracy and every feature, the
// Spearman ρ between a network's value and the mean over its k nearest
// neighbours (k = findingsK(N): min(10, ⌊√N⌋)), in the embedding and in the
// original network distance, each with a permutation p-value.
// O(N²) plus B permutations: computed in a worker (src/workers/findings.worker.ts),
// in two passes (ρ at once, then the p-values); a newer population replaces a
// run still in flight.
import { findingRows, findingSeries } from '../core/explore/findings';
import { findingsK } from '../core/explore/finding-verdict';
import { permutationsFor } from '../core/explore/neighbour-permutation';
import type { Population } from '../core/types';
import type { FindingRow } from '../state/phate';
import { getState } from '../state/store';
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

let handle: WorkerHandle<FindingsWorkerApi> | null = null;

function findingsWorker(): WorkerHandle<FindingsWorkerApi> {
  if (!handle) {
    handle = wrap<FindingsWorkerApi>(
      () => new Worker(new URL('../workers/findings.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-findings' }),
      'findings',
      () => {
        handle = null;
      },
    );
  }
  return handle;
}

/** The findings job: status in findingsJob; cancel stops the worker (it has no yield points; a new one starts on next use). */
const findingsJob = createJob({
  report: (p) => getState().setFindingsJob(p),
  onError: (m) => getState().pushError(`Computing the findings failed: ${m}`),
  onCancel: () => handle?.terminate(),
});

async function runFindings(pop: Population): Promise<void> {
  // A run for an older population is abandoned.
  findingsJob.cancel();
  const e = pop.embedding;
  if (!e) return void getState().setFindings([]);
  const N = pop.networks.length;
  const series = findingSeries(pop);
  const dist = pop.distances && pop.distances.length === N * N ? pop.distances : null;
  await findingsJob.run(async (ctx) => {
    const h = findingsWorker();
    const k = findingsK(N);
    const check = () => {
      ctx.throwIfCancelled();
      if (getState().population !== pop) throw new CancelledError('the population changed');
    };
    // ρ first (what the panel had before), then the same rows with their p-values.
    ctx.progress({ stage: 'rho', done: 0, total: 2 });
    const quick = await h.call(h.api.compute(series, e.embedding, e.nComponents, dist, N, k, 0));
    check();
    getState().setFindings(quick);
    ctx.progress({ stage: 'p-values', done: 1, total: 2 });
    const rows = await h.call(h.api.compute(series, e.embedding, e.nComponents, dist, N, k, permutationsFor(N)));
    check();
    getState().setFindings(rows);
    ctx.progress({ stage: 'p-values', done: 2, total: 2 });
  });
}

let scheduled = 0;
let shownFor: string | null = null;

/** Recomputes the findings for the population on screen after the next frame (coalesced), in the findings worker. */
export function scheduleFindings(): void {
  if (scheduled) return;
  scheduled = requestAnimationFrame(() => {
    scheduled = 0;
    const pop = getState().population;
    if (!pop) {
      findingsJob.cancel();
      return void getState().setFindings(null);
    }
    // Rows of another population are wrong; rows of this one (before features arrived) stay until replaced.
    if (pop.id !== shownFor) getState().setFindings(null);
    shownFor = pop.id;
    void runFindings(pop);
  });
}
