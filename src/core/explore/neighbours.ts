// k-nearest neighbours over a precomputed distance matrix or over embedding
// coordinates; used by the inspector's "nearest networks" and by the
// smoothing / findings of METHODS §5.

/** Where neighbours come from: an N×N row-major distance matrix, or N×dim coordinates. */
export type NeighbourSource = { distances: Float64Array; n: number } | { coords: ArrayLike<number>; dim: number };

export function sourceSize(src: NeighbourSource): number {
  return 'distances' in src ? src.n : Math.floor(src.coords.length / src.dim);
}

/** Distance between rows i and j of a source (NaN when either is missing). */
export function sourceDistance(src: NeighbourSource, i: number, j: number): number {
  if ('distances' in src) return src.distances[i * src.n + j];
  const { coords, dim } = src;
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const t = coords[i * dim + d] - coords[j * dim + d];
    s += t * t;
  }
  return Math.sqrt(s);
}

/**
 * The k nearest other rows of row i, ascending by distance (ties: lower index
 * first), skipping NaN distances and rows where `eligible` is false. Bounded
 * insertion into a k-list: O(N·k), no per-row allocation beyond the result.
 */
export function kNearest(
  src: NeighbourSource,
  i: number,
  k: number,
  eligible?: (j: number) => boolean,
): Array<{ index: number; distance: number }> {
  const n = sourceSize(src);
  const idx = new Int32Array(Math.max(0, k));
  const dist = new Float64Array(Math.max(0, k));
  let m = 0;
  for (let j = 0; j < n && k > 0; j++) {
    if (j === i || (eligible && !eligible(j))) continue;
    const d = sourceDistance(src, i, j);
    if (Number.isNaN(d)) continue;
    if (m === k && d >= dist[k - 1]) continue;
    let p = m < k ? m++ : k - 1;
    while (p > 0 && dist[p - 1] > d) {
      dist[p] = dist[p - 1];
      idx[p] = idx[p - 1];
      p--;
    }
    dist[p] = d;
    idx[p] = j;
  }
  const out: Array<{ index: number; distance: number }> = [];
  for (let q = 0; q < m; q++) out.push({ index: idx[q], distance: dist[q] });
  return out;
}

/** The k networks closest to network i in an N×N distance matrix (NaN distances skipped). */
export function nearestNetworks(distances: Float64Array, N: number, i: number, k: number): Array<{ index: number; distance: number }> {
  if (i < 0 || i >= N || distances.length < N * N) return [];
  return kNearest({ distances, n: N }, i, Math.min(k, N - 1));
}

/** Euclidean N×N distance matrix of N×dim row-major coordinates (NaN rows give NaN distances). */
export function euclideanDistanceMatrix(coords: ArrayLike<number>, dim: number): Float64Array {
  const n = Math.floor(coords.length / dim);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const t = coords[i * dim + d] - coords[j * dim + d];
        s += t * t;
      }
      out[i * n + j] = out[j * n + i] = Math.sqrt(s);
    }
  return out;
}
