// Which metric, layer and PHATE settings made the manifold on screen: first in
// plain words (what "near" means here), the technical line one click away.
import { useState } from 'react';
import { useStore } from '../../state/store';
import type { DistanceMetricName } from '../../core/types';
import { METRIC_LABELS, layerLabel } from './labels';

/** How the metric compares two networks, in plain words ('' for the default). */
const METRIC_PLAIN: Record<DistanceMetricName, string> = {
  diffusion: '',
  cka: ' (compared by linear CKA)',
  rsa: ' (compared by RSA: do they rank the input pairs alike)',
  'wasserstein-h0': ' (compared by the shape of their activation clouds)',
};

export function ManifoldProvenance() {
  const info = useStore((s) => s.phateInfo);
  const pop = useStore((s) => s.population);
  const running = useStore((s) => s.phateRun.status === 'running');
  const [technical, setTechnical] = useState(false);
  if (!pop?.embedding || !info) return null;
  const p = pop.provenance.phate;
  const auto = p?.t === 'auto' || p?.t === undefined;
  const tech = `${METRIC_LABELS[info.metric]} · ${layerLabel(info.layer)} · PHATE ${pop.embedding.nComponents}-D, t = ${info.t}${auto ? ' (auto)' : ''}, knn ${info.knnEffective}`;
  const n = pop.probe?.n;
  return (
    <div className="manifold-provenance" data-testid="provenance" data-metric={info.metric} data-layer={String(info.layer)} title={tech}>
      <span data-testid="provenance-plain">
        Near points: their {layerLabel(info.layer)} responds alike to the same {n ? `${n} ` : ''}inputs{METRIC_PLAIN[info.metric]}
      </span>{' '}
      <button
        className="link provenance-more"
        data-testid="provenance-more"
        aria-expanded={technical}
        onClick={() => setTechnical(!technical)}
      >
        {technical ? 'less' : 'how?'}
      </button>
      {running && <span className="provenance-running"> · re-embedding…</span>}
      {technical && (
        <div className="provenance-technical" data-testid="provenance-technical">
          <b>{METRIC_LABELS[info.metric]}</b> · {layerLabel(info.layer)} · PHATE {pop.embedding.nComponents}-D, t = {info.t}
          {auto ? ' (auto)' : ''}, knn {info.knnEffective}
        </div>
      )}
    </div>
  );
}
