// Average-linkage (UPGMA) agglomerative clustering, dendrogram purity and
// cophenetic correlation (METHODS §4.3, [ours]).
//
// The merge list follows scipy.cluster.hierarchy.linkage exactly: one row per
// merge [idA, idB, height, size] (stride 4), leaves are 0..n−1, the cluster made
// by row i gets id n+i, rows come in increasing height and idA < idB. It is
// computed like scipy does: the nearest-neighbour chain algorithm (O(n²) time
// and memory, exact for average linkage because it is reducible), then a stable
// sort by height and a union–find relabelling.

import { classCount } from './separation';

/**
 * Average-linkage merge list of n points from their n×n distance matrix
 * (not modified). Returns a Float64Array of (n−1)×4 rows.
 */
export function averageLinkage(D: Float64Array, n: number): Float64Array {
  if (D.length !== n * n) throw new Error(`averageLinkage: expected ${n}×${n} distances`);
  if (n < 2) return new Float64Array(0);
  const W = Float64Array.from(D);
  const size = new Float64Array(n).fill(1);
  const chain = new Int32Array(n);
  const raw = new Float64Array((n - 1) * 4);
  let chainLen = 0;
  for (let k = 0; k < n - 1; k++) {
    if (chainLen === 0) {
      let first = 0;
      while (size[first] === 0) first++;
      chain[0] = first;
      chainLen = 1;
    }
    let x = 0;
    let y = 0;
    let best = 0;
    for (;;) {
      x = chain[chainLen - 1];
      if (chainLen > 1) {
        y = chain[chainLen - 2];
        best = W[x * n + y];
      } else {
        best = Infinity;
      }
      const rx = x * n;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        const v = W[rx + i];
        if (v < best) {
          best = v;
          y = i;
        }
      }
      if (chainLen > 1 && y === chain[chainLen - 2]) break;
      chain[chainLen++] = y;
    }
    chainLen -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x];
    const ny = size[y];
    raw[k * 4] = x;
    raw[k * 4 + 1] = y;
    raw[k * 4 + 2] = best;
    raw[k * 4 + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    // Lance–Williams update for UPGMA: the merged cluster lives in slot y.
    for (let i = 0; i < n; i++) {
      if (size[i] === 0 || i === y) continue;
      const v = (nx * W[i * n + x] + ny * W[i * n + y]) / (nx + ny);
      W[i * n + y] = v;
      W[y * n + i] = v;
    }
  }
  // Stable sort by height, then relabel slots to cluster ids (scipy's `label`).
  const order = Array.from({ length: n - 1 }, (_, i) => i);
  order.sort((a, b) => raw[a * 4 + 2] - raw[b * 4 + 2] || a - b);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (v: number): number => {
    let r = v;
    while (parent[r] !== r) r = parent[r];
    while (parent[v] !== r) {
      const nx = parent[v];
      parent[v] = r;
      v = nx;
    }
    return r;
  };
  const Z = new Float64Array((n - 1) * 4);
  for (let i = 0; i < n - 1; i++) {
    const o = order[i] * 4;
    const a = find(raw[o]);
    const b = find(raw[o + 1]);
    Z[i * 4] = Math.min(a, b);
    Z[i * 4 + 1] = Math.max(a, b);
    Z[i * 4 + 2] = raw[o + 2];
    Z[i * 4 + 3] = raw[o + 3];
    parent[a] = n + i;
    parent[b] = n + i;
  }
  return Z;
}

/**
 * Dendrogram purity (Heller & Ghahramani 2005): the mean, over all unordered
 * pairs {i, j} with the same label, of the fraction of the leaves of their
 * lowest common ancestor that carry that label. At a merge of children A, B
 * (s leaves), Σ_k a_k b_k same-label pairs meet, each with purity (a_k + b_k)/s.
 * NaN if no two points share a label.
 */
export function dendrogramPurity(Z: Float64Array, labels: Int32Array): number {
  const n = labels.length;
  const K = classCount(labels);
  const counts = new Float64Array((2 * n - 1) * K);
  for (let i = 0; i < n; i++) counts[i * K + labels[i]] = 1;
  let total = 0;
  for (let r = 0; r < n - 1; r++) {
    const a = Z[r * 4] * K;
    const b = Z[r * 4 + 1] * K;
    const s = Z[r * 4 + 3];
    const o = (n + r) * K;
    for (let k = 0; k < K; k++) {
      const ca = counts[a + k];
      const cb = counts[b + k];
      if (ca > 0 && cb > 0) total += (ca * cb * (ca + cb)) / s;
      counts[o + k] = ca + cb;
    }
  }
  let pairs = 0;
  const sizes = new Float64Array(K);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  for (let k = 0; k < K; k++) pairs += (sizes[k] * (sizes[k] - 1)) / 2;
  return pairs > 0 ? total / pairs : NaN;
}

/** Cophenetic distances (height of the lowest common merge) as a full n×n matrix. */
export function copheneticMatrix(Z: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n);
  const leaves: Int32Array[] = [];
  for (let i = 0; i < n; i++) leaves.push(Int32Array.of(i));
  for (let r = 0; r < n - 1; r++) {
    const A = leaves[Z[r * 4]];
    const B = leaves[Z[r * 4 + 1]];
    const h = Z[r * 4 + 2];
    for (let p = 0; p < A.length; p++) {
      const a = A[p];
      for (let q = 0; q < B.length; q++) {
        const b = B[q];
        C[a * n + b] = h;
        C[b * n + a] = h;
      }
    }
    const merged = new Int32Array(A.length + B.length);
    merged.set(A);
    merged.set(B, A.length);
    leaves.push(merged);
  }
  return C;
}

/** Pearson correlation between cophenetic and original distances over i < j (scipy's cophenet). */
export function copheneticCorrelation(Z: Float64Array, D: Float64Array, n: number): number {
  const C = copheneticMatrix(Z, n);
  let mc = 0;
  let md = 0;
  const m = (n * (n - 1)) / 2;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      mc += C[i * n + j];
      md += D[i * n + j];
    }
  mc /= m;
  md /= m;
  let scd = 0;
  let scc = 0;
  let sdd = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const c = C[i * n + j] - mc;
      const d = D[i * n + j] - md;
      scd += c * d;
      scc += c * c;
      sdd += d * d;
    }
  return scd / Math.sqrt(scc * sdd);
}
