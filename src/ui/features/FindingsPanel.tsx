// Findings (METHODS §5): how smooth accuracy and every feature are on the
// manifold, as Spearman ρ with the 10-nearest-neighbour mean in the embedding
// and in the original distance; plus the features job's progress.
import { useStore } from '../../state/store';
import { cancelFeatures, computeFeatures } from '../../app/features';
import { FINDINGS_K } from '../../app/findings';
import '../phate/phate.css';
import './features.css';

const fmt = (r: number) => (Number.isFinite(r) ? r.toFixed(2).replace('-', '−') : '—');

function RhoBar({ rho }: { rho: number }) {
  const w = Number.isFinite(rho) ? Math.abs(rho) * 50 : 0;
  return (
    <span className="rho-bar" aria-hidden="true">
      <span className={rho < 0 ? 'rho-fill rho-neg' : 'rho-fill'} style={rho < 0 ? { right: '50%', width: `${w}%` } : { left: '50%', width: `${w}%` }} />
    </span>
  );
}

export function FeaturesProgress() {
  const job = useStore((s) => s.featuresJob);
  const has = useStore((s) => !!s.population);
  if (!has) return null;
  const pct = job.total > 0 ? (100 * job.done) / job.total : 0;
  return (
    <div className="features-progress" data-testid="features-progress" data-status={job.status} data-done={job.done} data-total={job.total}>
      {job.status === 'running' ? (
        <>
          <span>computing features · {job.done} of {job.total} networks (2 workers)</span>
          <button className="link" onClick={cancelFeatures}>cancel</button>
          <div className="bar"><div className="bar-fill" style={{ width: `${pct}%` }} /></div>
        </>
      ) : job.status === 'done' ? (
        <span>{job.seconds !== undefined ? `features of ${job.total} networks computed in ${job.seconds.toFixed(1)} s` : (job.message ?? 'features ready')}</span>
      ) : (
        <>
          <span>{job.status === 'error' ? `features failed: ${job.message}` : job.status === 'cancelled' ? 'features cancelled' : 'features not computed yet'}</span>
          <button className="link" onClick={() => void computeFeatures()}>compute</button>
        </>
      )}
    </div>
  );
}

export function FindingsPanel() {
  const rows = useStore((s) => s.findings);
  const has = useStore((s) => !!s.population?.embedding);
  if (!has) return null;
  const lead = rows?.find((r) => r.id === 'testAcc');
  return (
    <section className="panel findings-panel" data-testid="findings" aria-label="Findings">
      <header className="panel-header">
        <h2>Findings</h2>
      </header>
      <div className="panel-body">
        <FeaturesProgress />
        {lead && <p className="finding-lead" data-testid="finding-lead">{lead.sentence.replace(/^./, (c) => c.toUpperCase())}.</p>}
        {rows && rows.length > 0 && (
          <table className="findings-table">
            <thead>
              <tr>
                <th scope="col">value</th>
                <th scope="col" title="Spearman ρ with the mean of the 10 nearest neighbours in the PHATE embedding">ρ embedding</th>
                <th scope="col" title="The same with neighbours in the original network distance">ρ distance</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-feature={r.id}>
                  <th scope="row" title={`${r.n} networks with a value`}>{r.label}</th>
                  <td><RhoBar rho={r.rhoEmbedding} /><span className="rho">{fmt(r.rhoEmbedding)}</span></td>
                  <td><RhoBar rho={r.rhoDistance} /><span className="rho">{fmt(r.rhoDistance)}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted findings-note">
          Spearman ρ between each network's value and the mean over its {FINDINGS_K} nearest neighbours; high ρ means the value varies smoothly over the manifold (Abel et al.'s finding for accuracy).
        </p>
      </div>
    </section>
  );
}
