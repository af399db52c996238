// Minimum spanning tree edge lengths (= the finite H0 deaths of the Rips
// filtration, METHODS §4.5). Prim's algorithm, O(n²), no heap: the graph is complete.

import type { FloatArray } from './types';

/** MST edge lengths of the complete graph on an n×n distance matrix, sorted ascending. */
export function mstEdgeLengths(D: Float64Array, n: number): Float64Array {
  return primFrom(n, (i, out) => {
    const ri = i * n;
    for (let j = 0; j < n; j++) out[j] = D[ri + j];
  });
}

/** MST edge lengths of n points (n×d row-major), computing distances on the fly (no n² memory). */
export function mstEdgeLengthsOfPoints(X: FloatArray, n: number, d: number, rows?: ArrayLike<number>): Float64Array {
  const idx = rows ?? null;
  const row = (i: number) => (idx ? idx[i] : i) * d;
  return primFrom(n, (i, out) => {
    const oi = row(i);
    for (let j = 0; j < n; j++) {
      const oj = row(j);
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = X[oi + k] - X[oj + k];
        s += t * t;
      }
      out[j] = Math.sqrt(s);
    }
  });
}

/** MST edge lengths of the points rows[0..s) of a full n×n distance matrix. */
export function mstEdgeLengthsOfSubset(D: Float64Array, n: number, rows: ArrayLike<number>, s: number): Float64Array {
  return primFrom(s, (i, out) => {
    const ri = rows[i] * n;
    for (let j = 0; j < s; j++) out[j] = D[ri + rows[j]];
  });
}

function primFrom(n: number, distancesFrom: (i: number, out: Float64Array) => void): Float64Array {
  const edges = new Float64Array(Math.max(0, n - 1));
  if (n < 2) return edges;
  const best = new Float64Array(n).fill(Infinity);
  const inTree = new Uint8Array(n);
  const row = new Float64Array(n);
  let cur = 0;
  inTree[0] = 1;
  for (let e = 0; e < n - 1; e++) {
    distancesFrom(cur, row);
    let next = -1;
    let nextD = Infinity;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      if (row[j] < best[j]) best[j] = row[j];
      if (best[j] < nextD || next < 0) {
        nextD = best[j];
        next = j;
      }
    }
    edges[e] = nextD;
    inTree[next] = 1;
    cur = next;
  }
  edges.sort();
  return edges;
}
