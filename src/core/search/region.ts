// The top region of the manifold for guided search (METHODS §6 step 1): test
// accuracy smoothed over the kNN graph of the embedding, then the networks in
// the top q of that field. Smoothing is what makes this use the manifold: a
// network is picked because its neighbourhood on the manifold is good, not
// only because it is (top-k accuracy alone, the 'accuracy' rule, ignores the
// embedding and is kept as an ablation).
import { knnSmooth } from '../explore/smooth';
import type { NetworkRecord } from '../types';

export const REGION_RULES = ['manifold', 'accuracy'] as const;
export type RegionRule = (typeof REGION_RULES)[number];

export interface RegionOptions {
  /** Fraction of the embedded ok networks to keep (default 0.25; at least `minSize`). */
  topFraction?: number;
  /** Smallest region (default 3). */
  minSize?: number;
  /** Neighbours of the smoothing (default 5). */
  k?: number;
  rule?: RegionRule;
}

export interface TopRegion {
  /** mask[i] = 1 for the networks of the region. */
  mask: Uint8Array;
  /** The field the region was read from (smoothed or raw accuracy; NaN where not eligible). */
  score: Float64Array;
  rule: RegionRule;
  size: number;
}

/**
 * Picks the region. `coords` (N×dim, NaN rows for networks left out of the
 * embedding) is required for the 'manifold' rule. Eligible networks: status ok
 * with a finite test accuracy (and, for 'manifold', a finite embedding row).
 * Ties in the score keep the lower index first, so the result is deterministic.
 */
export function topRegion(
  networks: readonly NetworkRecord[],
  coords: Float64Array | null,
  dim: number,
  opts: RegionOptions = {},
): TopRegion {
  const rule = opts.rule ?? 'manifold';
  const N = networks.length;
  const embedded = (i: number) => {
    if (!coords) return false;
    for (let d = 0; d < dim; d++) if (!Number.isFinite(coords[i * dim + d])) return false;
    return true;
  };
  const acc = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const n = networks[i];
    const ok = n.status === 'ok' && Number.isFinite(n.final.testAcc) && (rule === 'accuracy' || embedded(i));
    acc[i] = ok ? n.final.testAcc : NaN;
  }
  let score: Float64Array;
  if (rule === 'manifold') {
    if (!coords || coords.length < N * dim) throw new Error('the manifold region rule needs the embedding coordinates');
    // Rows outside the embedding have NaN coordinates: NaN distances are skipped by the kNN search.
    score = knnSmooth(acc, { coords, dim }, opts.k ?? 5);
    for (let i = 0; i < N; i++) if (!Number.isFinite(acc[i])) score[i] = NaN;
  } else score = acc;
  const eligible: number[] = [];
  for (let i = 0; i < N; i++) if (Number.isFinite(score[i])) eligible.push(i);
  if (eligible.length === 0)
    throw new Error('no network trained without diverging (and was embedded): there is no region to search around');
  eligible.sort((a, b) => score[b] - score[a] || a - b);
  const size = Math.min(eligible.length, Math.max(opts.minSize ?? 3, Math.ceil((opts.topFraction ?? 0.25) * eligible.length)));
  const mask = new Uint8Array(N);
  for (let q = 0; q < size; q++) mask[eligible[q]] = 1;
  return { mask, score, rule, size };
}
