// Which metric, layer and PHATE settings made the manifold on screen.
import { useStore } from '../../state/store';
import { METRIC_LABELS, layerLabel } from './labels';

export function ManifoldProvenance() {
  const info = useStore((s) => s.phateInfo);
  const pop = useStore((s) => s.population);
  const running = useStore((s) => s.phateRun.status === 'running');
  if (!pop?.embedding || !info) return null;
  const p = pop.provenance.phate;
  const auto = p?.t === 'auto' || p?.t === undefined;
  return (
    <div className="manifold-provenance" data-testid="provenance" data-metric={info.metric} data-layer={String(info.layer)}>
      <b>{METRIC_LABELS[info.metric]}</b> · {layerLabel(info.layer)} · PHATE {pop.embedding.nComponents}-D, t = {info.t}
      {auto ? ' (auto)' : ''}, knn {info.knnEffective}
      {running && <span className="provenance-running"> · re-embedding…</span>}
    </div>
  );
}
