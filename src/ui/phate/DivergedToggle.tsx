// Diverged networks in or out of the embedding (default out), with the
// divergence rule in words. Shown only when the population has any.
import { useMemo } from 'react';
import { useStore } from '../../state/store';
import { setIncludeDiverged } from '../../app/phate';
import { DIVERGENCE_RULE } from '../../core/train/divergence';

export function DivergedToggle() {
  const pop = useStore((s) => s.population);
  const include = useStore((s) => s.includeDiverged);
  const counts = useMemo(() => {
    if (!pop) return null;
    const e = pop.embedding;
    let diverged = 0;
    let embedded = 0;
    pop.networks.forEach((n, i) => {
      if (n.status !== 'diverged') return;
      diverged++;
      if (e && Number.isFinite(e.embedding[i * e.nComponents])) embedded++;
    });
    return { diverged, embedded };
  }, [pop]);
  if (!counts || counts.diverged === 0) return null;
  const { diverged, embedded } = counts;
  return (
    <div className="diverged-toggle" data-testid="diverged-toggle" data-diverged={diverged} data-embedded={embedded} title={DIVERGENCE_RULE}>
      <label className="phate-check">
        <input type="checkbox" data-testid="include-diverged" checked={include} onChange={(e) => setIncludeDiverged(e.target.checked)} />
        Include the {diverged} diverged network{diverged === 1 ? '' : 's'} in the embedding
      </label>
      <div className="muted" data-testid="diverged-rule">
        {embedded === 0 ? 'Left out of this embedding.' : `${embedded} of them ${embedded === 1 ? 'is' : 'are'} in this embedding.`} {DIVERGENCE_RULE}
      </div>
    </div>
  );
}
