// Diverged networks in or out of the embedding (default out), with the
// divergence rule in words. Shown only when the population has any.
import { useMemo } from 'react';
import { useStore } from '../../state/store';
import { theApp } from '../../app/start';
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
  // One line of constant height (the rule is its tooltip): a taller PHATE panel that changes height
  // while an embedding runs made the page's scrollbar flip and the manifold canvas resize each frame.
  return (
    <label
      className="phate-check diverged-toggle"
      data-testid="diverged-toggle"
      data-diverged={diverged}
      data-embedded={embedded}
      data-rule={DIVERGENCE_RULE}
      title={`${embedded === 0 ? 'Left out of this embedding.' : `${embedded} of them ${embedded === 1 ? 'is' : 'are'} in this embedding.`} ${DIVERGENCE_RULE}`}
    >
      <input
        type="checkbox"
        data-testid="include-diverged"
        checked={include}
        onChange={(e) => theApp().phate.setIncludeDiverged(e.target.checked)}
      />
      Embed the {diverged} diverged network{diverged === 1 ? '' : 's'} ({embedded} in view)
    </label>
  );
}
