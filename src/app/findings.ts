// Findings panel numbers (METHODS §5): for accuracy and every feature, the
// Spearman ρ between a network's value and the mean over its 10 nearest
// neighbours, in the embedding and in the original network distance.
// Cheap (O(F·N²) with N ≤ a few hundred), so it runs on the UI thread after a
// frame, never inside a render.
import { describeSmoothness, neighbourSpearmanFrom } from '../core/explore/smooth';
import { FEATURE_INFO, type FeatureInfo } from '../core/features/info';
import type { NetworkRecord, Population } from '../core/types';
import type { FindingRow } from '../state/phate';
import { getState } from '../state/store';

export const FINDINGS_K = 10;
/** Largest population the findings are computed for on the UI thread. */
export const FINDINGS_MAX_N = 4000;

/** Rows for test accuracy and every feature present on some network. */
export function computeFindings(pop: Population, k = FINDINGS_K): FindingRow[] {
  const e = pop.embedding;
  if (!e) return [];
  const N = pop.networks.length;
  // O(F·N²) on the UI thread: beyond a few thousand networks it would block the page for seconds
  // (50,000 synthetic points: ~100 s). Skip until this moves to a worker (explorer, issue 6).
  if (N > FINDINGS_MAX_N) return [];
  const emb = { coords: e.embedding, dim: e.nComponents };
  const dist = pop.distances && pop.distances.length === N * N ? { distances: pop.distances, n: N } : null;
  const ids = new Set<string>();
  for (const n of pop.networks) if (n.features) for (const key of Object.keys(n.features)) ids.add(key);
  const order = Object.keys(FEATURE_INFO).filter((id) => ids.has(id) && id !== 'testAcc');
  for (const id of ids) if (!(id in FEATURE_INFO)) order.push(id);
  const series: { id: string; label: string; value: (n: NetworkRecord) => number | undefined }[] = [
    { id: 'testAcc', label: 'accuracy', value: (n) => n.final.testAcc },
    ...order.map((id) => ({
      id,
      label: ((FEATURE_INFO as Record<string, FeatureInfo>)[id]?.label ?? id).replace(/^./, (c) => c.toLowerCase()),
      value: (n: NetworkRecord) => n.features?.[id],
    })),
  ];
  const rows: FindingRow[] = [];
  for (const s of series) {
    const v = new Float64Array(N);
    let finite = 0;
    pop.networks.forEach((net, i) => {
      const x = s.value(net);
      v[i] = typeof x === 'number' && Number.isFinite(x) ? x : NaN;
      if (Number.isFinite(v[i])) finite++;
    });
    if (finite < 3) continue;
    const rhoEmbedding = neighbourSpearmanFrom(v, emb, k);
    const rhoDistance = dist ? neighbourSpearmanFrom(v, dist, k) : NaN;
    rows.push({ id: s.id, label: s.label, rhoEmbedding, rhoDistance, n: finite, sentence: describeSmoothness(s.label, rhoEmbedding) });
  }
  return rows;
}

let scheduled = 0;

/** Recomputes the findings for the population on screen after the next frame (coalesced). */
export function scheduleFindings(): void {
  if (scheduled) return;
  scheduled = requestAnimationFrame(() => {
    scheduled = 0;
    setTimeout(() => {
      const pop = getState().population;
      getState().setFindings(pop ? computeFindings(pop) : null);
    }, 0);
  });
}
