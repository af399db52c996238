// What the current manifold is: dataset, size, metric, PHATE settings, provenance,
// and the networks that could not be embedded.
import { useStore, getState } from '../state/store';
import { formatValue } from './color';

export function PopulationPanel() {
  const pop = useStore((s) => s.population);
  const embedded = useStore((s) => s.embeddedCount);
  if (!pop) return null;
  const p = pop.provenance;
  const e = pop.embedding;
  const notEmbedded = e ? pop.networks.filter((_, i) => !Number.isFinite(e.embedding[i * e.nComponents])) : pop.networks;
  const metric = p.metric;
  const metricText =
    metric.name === 'diffusion'
      ? `diffusion operator (σ ${metric.sigma ?? 0.5}, ${metric.scale ?? 'median'} scale, layer ${metric.layer ?? 'last'})`
      : metric.name;
  return (
    <section className="panel population-panel" aria-label="Population">
      <header className="panel-header">
        <h2 title={pop.id}>{pop.name}</h2>
      </header>
      <div className="panel-body">
        <table className="kv">
          <tbody>
            <tr>
              <th scope="row">dataset</th>
              <td>
                {p.dataset.name}
                {p.dataset.samples ? ` · ${p.dataset.samples} samples` : ''}
                {p.dataset.noise !== undefined ? ` · noise ${formatValue(p.dataset.noise)}` : ''}
              </td>
            </tr>
            <tr>
              <th scope="row">networks</th>
              <td>
                {pop.networks.length} ({embedded} embedded)
              </td>
            </tr>
            <tr>
              <th scope="row">probe set</th>
              <td>{pop.probe.n} inputs</td>
            </tr>
            <tr>
              <th scope="row">distance</th>
              <td>{metricText}</td>
            </tr>
            <tr>
              <th scope="row">PHATE</th>
              <td>
                knn {p.phate.knn}, decay {p.phate.decay}, t {e ? e.t : p.phate.t}
                {p.phate.t === 'auto' ? ' (auto)' : ''}, {e?.nComponents ?? p.phate.nComponents}-D
              </td>
            </tr>
            <tr>
              <th scope="row">generator</th>
              <td>{p.generator}</td>
            </tr>
          </tbody>
        </table>
        {e && e.components > 1 && (
          <p className="warning">The PHATE graph has {e.components} connected components: distances between them are not meaningful.</p>
        )}
        {notEmbedded.length > 0 && (
          <>
            <h3>Not embedded ({notEmbedded.length})</h3>
            <ul className="network-list">
              {notEmbedded.map((n) => (
                <li key={n.id}>
                  <button className="link" onClick={() => getState().setSelected(n.id)}>
                    {n.id}
                  </button>
                  <span className="muted"> {n.statusReason ?? n.status}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="hint">Drag to orbit · scroll to zoom · hover for details · click a point to inspect · Esc clears.</p>
      </div>
    </section>
  );
}
