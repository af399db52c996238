// Vietoris–Rips persistence in dimensions 0 and 1 (METHODS §4.5).
//
// Filtration: an edge enters at its Euclidean length, a triangle at its
// longest edge (gudhi's and ripser's convention). Simplices are totally ordered
// by (diameter, combinatorial index), which refines the filtration; the
// non-zero bars do not depend on that tie-break.
//
// H0: Kruskal's union–find over the edges in that order; the merging edges are
// the finite deaths (the MST). H1: persistent *cohomology* as in ripser
// (Bauer 2021): the coboundary matrix (rows = triangles, columns = edges) is
// reduced over Z/2, columns in reverse filtration order, with
//  - clearing: MST edges are H0 deaths, so their columns are skipped;
//  - apparent pairs: a column whose first cofacet is not yet a pivot is
//    already reduced, found by one O(n) scan without building the column;
//  - implicit columns: a reduced column is stored as the list of edges whose
//    coboundaries sum to it (the reduction matrix V), and rebuilt on demand in
//    a binary heap where equal entries cancel in pairs;
//  - the enclosing-radius threshold: beyond r = min_i max_j D_ij the complex
//    is a cone (contractible), so edges longer than r change no finite bar.
// Zero-length bars are dropped, as gudhi and ripser do.

import { entropyFromWeights } from './stats';

export interface RipsDiagrams {
  /** Finite H0 deaths (births are 0), ascending; zero-length bars dropped. */
  h0: Float64Array;
  /** Number of essential H0 bars [0, ∞) (1 for a connected complex). */
  h0Essential: number;
  /** Finite H1 bars as [birth, death] pairs (stride 2), sorted by (birth, death). */
  h1: Float64Array;
  /** Births of essential H1 bars (empty under the default threshold). */
  h1Essential: Float64Array;
  /** Edge-length threshold used. */
  threshold: number;
  /** Work counters, for benchmarks. */
  stats: { edges: number; columns: number; apparent: number; reduced: number; additions: number };
}

export interface RipsOptions {
  /** Largest edge length included (default: the enclosing radius, which changes no finite bar). */
  threshold?: number;
  /** 0 skips H1 (default 1). */
  maxDim?: 0 | 1;
}

/** Enclosing radius min_i max_j D_ij: at this scale the Rips complex is a cone. */
export function enclosingRadius(D: Float64Array, n: number): number {
  let r = Infinity;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) if (D[i * n + j] > m) m = D[i * n + j];
    if (m < r) r = m;
  }
  return n > 0 ? r : 0;
}

/** H0 and H1 persistence of the Rips filtration of an n×n distance matrix. */
export function ripsPersistence(D: Float64Array, n: number, opts: RipsOptions = {}): RipsDiagrams {
  if (D.length !== n * n) throw new Error(`ripsPersistence: expected ${n}×${n} distances`);
  const threshold = opts.threshold ?? enclosingRadius(D, n);
  const maxDim = opts.maxDim ?? 1;

  // Edges within the threshold, enumerated in combinatorial order (i > j), then sorted.
  let m = 0;
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (D[i * n + j] <= threshold) m++;
  const eI = new Int32Array(m);
  const eJ = new Int32Array(m);
  const eD = new Float64Array(m);
  {
    let p = 0;
    for (let i = 1; i < n; i++)
      for (let j = 0; j < i; j++) {
        const d = D[i * n + j];
        if (d <= threshold) {
          eI[p] = i;
          eJ[p] = j;
          eD[p] = d;
          p++;
        }
      }
  }
  const order = new Uint32Array(m);
  for (let p = 0; p < m; p++) order[p] = p;
  order.sort((a, b) => eD[a] - eD[b] || a - b);
  const sI = new Int32Array(m);
  const sJ = new Int32Array(m);
  const sD = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const p = order[r];
    sI[r] = eI[p];
    sJ[r] = eJ[p];
    sD[r] = eD[p];
  }

  // H0 by Kruskal; remember which edges are deaths (cleared for H1).
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  const isDeath = new Uint8Array(m);
  const h0List: number[] = [];
  let merges = 0;
  for (let r = 0; r < m && merges < n - 1; r++) {
    const a = find(sI[r]);
    const b = find(sJ[r]);
    if (a === b) continue;
    parent[a] = b;
    isDeath[r] = 1;
    merges++;
    if (sD[r] > 0) h0List.push(sD[r]);
  }
  const h0 = Float64Array.from(h0List).sort();
  const stats = { edges: m, columns: 0, apparent: 0, reduced: 0, additions: 0 };
  if (maxDim === 0 || n < 3) {
    return { h0, h0Essential: n - merges, h1: new Float64Array(0), h1Essential: new Float64Array(0), threshold, stats };
  }

  // C(v, 2) and C(v, 3) for the triangle index C(a,3) + C(b,2) + c, a > b > c.
  const b2 = new Float64Array(n);
  const b3 = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    b2[v] = (v * (v - 1)) / 2;
    b3[v] = (v * (v - 1) * (v - 2)) / 6;
  }
  const triIndex = (x: number, y: number, z: number): number => {
    // three distinct vertices: C(max, 3) + C(mid, 2) + min
    let a: number, b: number, c: number;
    if (x > y) {
      if (y > z) ((a = x), (b = y), (c = z));
      else if (x > z) ((a = x), (b = z), (c = y));
      else ((a = z), (b = x), (c = y));
    } else if (x > z) ((a = y), (b = x), (c = z));
    else if (y > z) ((a = y), (b = z), (c = x));
    else ((a = z), (b = y), (c = x));
    return b3[a] + b2[b] + c;
  };

  const heap = new CofacetHeap();
  const pushCofacets = (r: number): void => {
    const i = sI[r];
    const j = sJ[r];
    const de = sD[r];
    const ri = i * n;
    const rj = j * n;
    for (let k = 0; k < n; k++) {
      if (k === i || k === j) continue;
      let dd = D[ri + k];
      const djk = D[rj + k];
      if (djk > dd) dd = djk;
      if (dd > threshold) continue;
      if (de > dd) dd = de;
      heap.push(dd, triIndex(i, j, k));
    }
  };

  const pivotOwner = new Map<number, number>(); // triangle index → edge rank
  const reductionOf: (Int32Array | null)[] = new Array(m).fill(null); // null = the edge alone
  const bars: number[] = [];
  const essential: number[] = [];
  const working = new Set<number>();

  for (let r = m - 1; r >= 0; r--) {
    if (isDeath[r]) continue;
    stats.columns++;
    const i = sI[r];
    const j = sJ[r];
    const de = sD[r];
    const ri = i * n;
    const rj = j * n;
    // First cofacet (smallest (diameter, index)) by one scan. For a fixed edge
    // the triangle index grows with the third vertex k, so the first k whose
    // triangle has the edge's own diameter is the pivot: stop there.
    let bestD = Infinity;
    let bestK = -1;
    for (let k = 0; k < n; k++) {
      if (k === i || k === j) continue;
      let dd = D[ri + k];
      const djk = D[rj + k];
      if (djk > dd) dd = djk;
      if (dd <= de) {
        bestD = de;
        bestK = k;
        break;
      }
      if (dd < bestD && dd <= threshold) {
        bestD = dd;
        bestK = k;
      }
    }
    const bestT = bestK < 0 ? -1 : triIndex(i, j, bestK);
    if (bestT < 0) {
      essential.push(de);
      continue;
    }
    if (!pivotOwner.has(bestT)) {
      stats.apparent++;
      pivotOwner.set(bestT, r);
      if (bestD > de) bars.push(de, bestD);
      continue;
    }
    // Full reduction in the heap.
    stats.reduced++;
    heap.clear();
    working.clear();
    working.add(r);
    pushCofacets(r);
    for (;;) {
      const found = heap.popPivot();
      if (!found) {
        essential.push(de);
        break;
      }
      const t = heap.pivotIndex;
      const owner = pivotOwner.get(t);
      if (owner === undefined) {
        pivotOwner.set(t, r);
        reductionOf[r] = Int32Array.from(working);
        if (heap.pivotDiam > de) bars.push(de, heap.pivotDiam);
        break;
      }
      // Re-insert the pivot (popPivot removed it), then add the owner's column.
      heap.push(heap.pivotDiam, t);
      stats.additions++;
      const v = reductionOf[owner];
      if (v === null) {
        pushCofacets(owner);
        if (!working.delete(owner)) working.add(owner);
      } else {
        for (let q = 0; q < v.length; q++) {
          pushCofacets(v[q]);
          if (!working.delete(v[q])) working.add(v[q]);
        }
      }
    }
  }

  // Sort H1 bars by (birth, death).
  const nb = bars.length / 2;
  const bo = Array.from({ length: nb }, (_, q) => q);
  bo.sort((a, b) => bars[2 * a] - bars[2 * b] || bars[2 * a + 1] - bars[2 * b + 1]);
  const h1 = new Float64Array(bars.length);
  for (let q = 0; q < nb; q++) {
    h1[2 * q] = bars[2 * bo[q]];
    h1[2 * q + 1] = bars[2 * bo[q] + 1];
  }
  return { h0, h0Essential: n - merges, h1, h1Essential: Float64Array.from(essential).sort(), threshold, stats };
}

/** Min-heap of (diameter, triangle index) pairs with Z/2 cancellation of equal entries. */
class CofacetHeap {
  private d = new Float64Array(1024);
  private t = new Float64Array(1024);
  private size = 0;
  pivotDiam = 0;
  pivotIndex = 0;

  clear(): void {
    this.size = 0;
  }

  private less(a: number, b: number): boolean {
    return this.d[a] < this.d[b] || (this.d[a] === this.d[b] && this.t[a] < this.t[b]);
  }

  push(diam: number, tri: number): void {
    if (this.size === this.d.length) {
      const nd = new Float64Array(this.size * 2);
      nd.set(this.d);
      this.d = nd;
      const nt = new Float64Array(this.size * 2);
      nt.set(this.t);
      this.t = nt;
    }
    let c = this.size++;
    this.d[c] = diam;
    this.t[c] = tri;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.less(c, p)) break;
      this.swap(c, p);
      c = p;
    }
  }

  private swap(a: number, b: number): void {
    const td = this.d[a];
    this.d[a] = this.d[b];
    this.d[b] = td;
    const tt = this.t[a];
    this.t[a] = this.t[b];
    this.t[b] = tt;
  }

  private pop(): void {
    this.size--;
    if (this.size === 0) return;
    this.d[0] = this.d[this.size];
    this.t[0] = this.t[this.size];
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= this.size) break;
      let s = l;
      if (l + 1 < this.size && this.less(l + 1, l)) s = l + 1;
      if (!this.less(s, c)) break;
      this.swap(s, c);
      c = s;
    }
  }

  /** Removes the smallest entry that survives cancellation into pivotDiam/pivotIndex; false if the column is zero. */
  popPivot(): boolean {
    while (this.size > 0) {
      const d = this.d[0];
      const t = this.t[0];
      this.pop();
      if (this.size > 0 && this.t[0] === t) {
        this.pop();
        continue;
      }
      this.pivotDiam = d;
      this.pivotIndex = t;
      return true;
    }
    return false;
  }
}

export interface PersistenceSummary {
  /** Number of finite bars. */
  count: number;
  /** Σ (death − birth). */
  total: number;
  /** −Σ p ln p, p = length / total (0 for an empty diagram). */
  entropy: number;
  /** Longest bar (0 if empty). */
  max: number;
}

/** Summary of finite bar lengths. */
export function summariseBars(lengths: ArrayLike<number>): PersistenceSummary {
  let total = 0;
  let max = 0;
  for (let i = 0; i < lengths.length; i++) {
    total += lengths[i];
    if (lengths[i] > max) max = lengths[i];
  }
  return { count: lengths.length, total, entropy: entropyFromWeights(lengths, Math.E), max };
}

/** Lengths death − birth of a [birth, death] pair list (stride 2). */
export function barLengths(pairs: Float64Array): Float64Array {
  const out = new Float64Array(pairs.length / 2);
  for (let q = 0; q < out.length; q++) out[q] = pairs[2 * q + 1] - pairs[2 * q];
  return out;
}

export interface RipsSummary {
  h0: PersistenceSummary;
  h1: PersistenceSummary;
  /** H1 bars strictly longer than 10% of the largest finite H0 death. */
  h1LongBars: number;
}

export function summariseRips(dg: RipsDiagrams, longFraction = 0.1): RipsSummary {
  const h0 = summariseBars(dg.h0);
  const l1 = barLengths(dg.h1);
  const h1 = summariseBars(l1);
  const cut = longFraction * h0.max;
  let long = 0;
  for (let q = 0; q < l1.length; q++) if (l1[q] > cut) long++;
  return { h0, h1, h1LongBars: long };
}
