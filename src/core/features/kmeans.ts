// Seeded k-means (Lloyd's algorithm, greedy k-means++ initialisation as in
// scikit-learn: 2 + ⌊ln k⌋ candidate centres per step; best of nInit runs).

import { mulberry32, type Rng } from '../random';
import type { FloatArray } from './types';

export interface KMeansOptions {
  seed?: number;
  nInit?: number;
  maxIter?: number;
}

export interface KMeansResult {
  labels: Int32Array;
  /** k×d centres, row-major. */
  centres: Float64Array;
  /** Σ squared distance of each point to its centre. */
  inertia: number;
}

function sqDist(X: FloatArray, i: number, C: Float64Array, c: number, d: number): number {
  let s = 0;
  const oi = i * d;
  const oc = c * d;
  for (let t = 0; t < d; t++) {
    const v = X[oi + t] - C[oc + t];
    s += v * v;
  }
  return s;
}

/** Index drawn with probability proportional to w (w ≥ 0, total > 0). */
function drawWeighted(w: Float64Array, total: number, rng: Rng): number {
  let r = rng() * total;
  for (let i = 0; i < w.length; i++) {
    r -= w[i];
    if (r < 0) return i;
  }
  for (let i = w.length - 1; i >= 0; i--) if (w[i] > 0) return i;
  return w.length - 1;
}

function initPlusPlus(X: FloatArray, n: number, d: number, k: number, rng: Rng): Float64Array {
  const C = new Float64Array(k * d);
  const first = Math.floor(rng() * n);
  for (let t = 0; t < d; t++) C[t] = X[first * d + t];
  const closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = sqDist(X, i, C, 0, d);
    pot += closest[i];
  }
  const trials = 2 + Math.floor(Math.log(k));
  const cand = new Float64Array(d);
  const candClosest = new Float64Array(n);
  const bestClosest = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestPot = Infinity;
    let bestIdx = -1;
    for (let tr = 0; tr < trials; tr++) {
      const idx = pot > 0 ? drawWeighted(closest, pot, rng) : Math.floor(rng() * n);
      for (let t = 0; t < d; t++) cand[t] = X[idx * d + t];
      let p = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const v = X[i * d + t] - cand[t];
          s += v * v;
        }
        candClosest[i] = Math.min(closest[i], s);
        p += candClosest[i];
      }
      if (p < bestPot) {
        bestPot = p;
        bestIdx = idx;
        bestClosest.set(candClosest);
      }
    }
    for (let t = 0; t < d; t++) C[c * d + t] = X[bestIdx * d + t];
    closest.set(bestClosest);
    pot = bestPot;
  }
  return C;
}

function lloyd(X: FloatArray, n: number, d: number, k: number, C: Float64Array, maxIter: number): KMeansResult {
  const labels = new Int32Array(n).fill(-1);
  const counts = new Float64Array(k);
  let inertia = 0;
  for (let it = 0; it < maxIter; it++) {
    let changed = 0;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bd = Infinity;
      for (let c = 0; c < k; c++) {
        const s = sqDist(X, i, C, c, d);
        if (s < bd) {
          bd = s;
          best = c;
        }
      }
      if (labels[i] !== best) changed++;
      labels[i] = best;
      inertia += bd;
    }
    if (changed === 0) break;
    C.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      counts[c]++;
      for (let t = 0; t < d; t++) C[c * d + t] += X[i * d + t];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) {
        for (let t = 0; t < d; t++) C[c * d + t] /= counts[c];
      } else {
        // Empty cluster: move its centre to the point farthest from its own centre.
        let far = 0;
        let fd = -1;
        for (let i = 0; i < n; i++) {
          const s = sqDist(X, i, C, labels[i], d);
          if (s > fd) {
            fd = s;
            far = i;
          }
        }
        for (let t = 0; t < d; t++) C[c * d + t] = X[far * d + t];
      }
    }
  }
  return { labels, centres: C, inertia };
}

/** k-means of n points in R^d (k is clamped to n). */
export function kmeans(X: FloatArray, n: number, d: number, k: number, opts: KMeansOptions = {}): KMeansResult {
  const kk = Math.max(1, Math.min(k, n));
  const rng = mulberry32(opts.seed ?? 0);
  const nInit = opts.nInit ?? 10;
  const maxIter = opts.maxIter ?? 300;
  let best: KMeansResult | null = null;
  for (let r = 0; r < nInit; r++) {
    const res = lloyd(X, n, d, kk, initPlusPlus(X, n, d, kk, rng), maxIter);
    if (!best || res.inertia < best.inertia) best = res;
  }
  return best!;
}
