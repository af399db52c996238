// Reading the manifold (METHODS §5): a field smoothed over the kNN graph of
// the embedding (or of the original distances), and the paper's finding as a
// number: the Spearman correlation between each network's value and the mean
// over its k nearest neighbours. High ρ = the value is a low-frequency signal
// on the manifold.
import { averageRanks, pearson } from '../features/stats';
import { kNearest, sourceSize, type NeighbourSource } from './neighbours';

export interface SmoothOptions {
  /** 'gaussian' (default): weights exp(−(d/ε)²), ε = distance to the k-th neighbour, the row itself weight 1; 'mean': plain mean of the row and its k neighbours. */
  kernel?: 'gaussian' | 'mean';
}

/**
 * Kernel smoothing of values over each row's k nearest neighbours. Neighbours
 * are taken among rows with a finite value, so missing values (diverged
 * networks) neither count nor spread; a row whose own value is missing gets
 * the neighbours' estimate (useful to fill the field), NaN if it has no
 * neighbour at a finite distance.
 */
export function knnSmooth(values: ArrayLike<number>, source: NeighbourSource, k: number, opts: SmoothOptions = {}): Float64Array {
  const n = sourceSize(source);
  const out = new Float64Array(n);
  const finite = (j: number) => Number.isFinite(values[j]);
  for (let i = 0; i < n; i++) {
    const nb = kNearest(source, i, k, finite);
    const own = values[i];
    let wsum = Number.isFinite(own) ? 1 : 0;
    let sum = Number.isFinite(own) ? own : 0;
    const eps = nb.length ? nb[nb.length - 1].distance : 0;
    for (const { index, distance } of nb) {
      const w = opts.kernel === 'mean' ? 1 : eps > 0 ? Math.exp(-((distance / eps) ** 2)) : 1;
      wsum += w;
      sum += w * values[index];
    }
    out[i] = wsum > 0 ? sum / wsum : NaN;
  }
  return out;
}

/** Mean value of each row's k nearest neighbours with a finite value (the row itself excluded); NaN if none. */
export function neighbourMeans(values: ArrayLike<number>, source: NeighbourSource, k: number): Float64Array {
  const n = sourceSize(source);
  const out = new Float64Array(n);
  const finite = (j: number) => Number.isFinite(values[j]);
  for (let i = 0; i < n; i++) {
    const nb = kNearest(source, i, k, finite);
    let s = 0;
    for (const { index } of nb) s += values[index];
    out[i] = nb.length ? s / nb.length : NaN;
  }
  return out;
}

/** Spearman ρ of two vectors over the positions where both are finite (NaN with fewer than 3 such pairs or no variation). */
export function spearmanFinite(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const keep: number[] = [];
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]) && Number.isFinite(b[i])) keep.push(i);
  if (keep.length < 3) return NaN;
  const ra = averageRanks(keep.map((i) => a[i]));
  const rb = averageRanks(keep.map((i) => b[i]));
  const r = pearson(ra, rb);
  return Number.isFinite(r) ? r : NaN;
}

/**
 * The findings metric: Spearman ρ between each network's value and the mean
 * of its k nearest neighbours' values, in an N×N distance matrix (the original
 * network distance, or euclideanDistanceMatrix of the embedding). NaN-safe:
 * missing values and NaN distances are skipped.
 */
export function neighbourSpearman(values: ArrayLike<number>, distances: Float64Array, N: number, k = 10): number {
  return neighbourSpearmanFrom(values, { distances, n: N }, k);
}

/** neighbourSpearman over any neighbour source (e.g. embedding coordinates directly). */
export function neighbourSpearmanFrom(values: ArrayLike<number>, source: NeighbourSource, k = 10): number {
  return spearmanFinite(values, neighbourMeans(values, source, k));
}

const fmtRho = (rho: number) => rho.toFixed(2).replace('-', '−');

/**
 * One line for the findings panel, e.g. "accuracy is smooth on this manifold:
 * ρ = 0.86". Bands: ≥ 0.7 smooth, ≥ 0.4 fairly smooth, ≥ 0.2 weakly organised,
 * otherwise not organised.
 */
export function describeSmoothness(name: string, rho: number): string {
  if (!Number.isFinite(rho)) return `${name}: not enough networks with a value to measure smoothness`;
  const r = fmtRho(rho);
  if (rho >= 0.7) return `${name} is smooth on this manifold: ρ = ${r}`;
  if (rho >= 0.4) return `${name} is fairly smooth on this manifold: ρ = ${r}`;
  if (rho >= 0.2) return `${name} is weakly organised on this manifold: ρ = ${r}`;
  return `${name} is not organised by this manifold: ρ = ${r}`;
}
