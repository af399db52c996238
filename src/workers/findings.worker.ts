// Findings worker: the O(N²) neighbour searches of the findings panel
// (core/explore/findings) and their permutation p-values, off the page's thread.
import * as Comlink from 'comlink';
import { findingRows, type FindingResult, type FindingSeries } from '../core/explore/findings';

const api = {
  compute(
    series: FindingSeries[],
    coords: Float64Array,
    dim: number,
    distances: Float64Array | null,
    n: number,
    k: number,
    permutations?: number,
  ): FindingResult[] {
    return findingRows(series, { coords, dim }, distances ? { distances, n } : null, k, { permutations });
  },
};

export type FindingsWorkerApi = typeof api;
Comlink.expose(api);
