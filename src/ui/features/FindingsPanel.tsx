// Findings (METHODS §5): how smooth accuracy and every feature are on the
// manifold, as Spearman ρ with the k-nearest-neighbour mean in the embedding
// and in the original distance, each with its permutation p; plus the
// features job's progress. Sentences and verdicts come from core (finding-verdict).
import { theApp } from '../../app/start';
import { PopulationDynamics } from './PopulationDynamics';
import { DepthByFamily } from './DepthByFamily';
import { useStore } from '../../state/store';
import { FINDINGS_ALPHA, FINDINGS_MAX_K, FINDINGS_MIN_VERDICT_N, findingVerdict, formatP } from '../../core/explore/finding-verdict';
import { STOP_AFTER, permutationsFor } from '../../core/explore/neighbour-permutation';
import '../phate/phate.css';
import './features.css';

const fmt = (r: number) => (Number.isFinite(r) ? r.toFixed(2).replace('-', '−') : '—');

function RhoBar({ rho }: { rho: number }) {
  const w = Number.isFinite(rho) ? Math.abs(rho) * 50 : 0;
  return (
    <span className="rho-bar" aria-hidden="true">
      <span
        className={rho < 0 ? 'rho-fill rho-neg' : 'rho-fill'}
        style={rho < 0 ? { right: '50%', width: `${w}%` } : { left: '50%', width: `${w}%` }}
      />
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
          <span>
            computing features · {job.done} of {job.total} networks (2 workers)
          </span>
          <button className="link" onClick={() => theApp().features.cancelFeatures()}>
            cancel
          </button>
          <div className="bar">
            <div className="bar-fill" style={{ width: `${pct}%` }} />
          </div>
        </>
      ) : job.status === 'done' ? (
        <span>
          {job.seconds !== undefined
            ? `features of ${job.total} networks computed in ${job.seconds.toFixed(1)} s`
            : (job.message ?? 'features ready')}
        </span>
      ) : (
        <>
          <span>
            {job.status === 'error'
              ? `features failed: ${job.message}`
              : job.status === 'cancelled'
                ? 'features cancelled'
                : 'features not computed yet'}
          </span>
          <button className="link" onClick={() => void theApp().features.computeFeatures()}>
            compute
          </button>
        </>
      )}
    </div>
  );
}

/** ρ and, once computed, its p (small print; bold when it would earn a verdict). */
function RhoCell({ rho, p, n, N }: { rho: number; p: number; n: number; N: number }) {
  return (
    <td data-p={Number.isFinite(p) ? p : undefined}>
      <RhoBar rho={rho} />
      <span className="rho">{fmt(rho)}</span>
      {Number.isFinite(rho) && (
        <span
          className={findingVerdict(rho, p, n) !== 'none' ? 'rho-p rho-p-strong' : 'rho-p'}
          title={`one-sided permutation p (up to ${permutationsFor(N)} shuffles of the values over the same neighbour graph)`}
        >
          {Number.isFinite(p) ? formatP(p).replace('p = ', 'p ') : 'p …'}
        </span>
      )}
    </td>
  );
}

export function FindingsPanel() {
  const rows = useStore((s) => s.findings);
  const N = useStore((s) => s.population?.networks.length ?? 0);
  const has = useStore((s) => !!s.population?.embedding);
  if (!has) return null;
  const lead = rows?.find((r) => r.id === 'testAcc');
  const k = rows?.[0]?.k;
  return (
    <section className="panel findings-panel" data-testid="findings" aria-label="Findings">
      <header className="panel-header">
        <h2>Findings</h2>
      </header>
      <div className="panel-body">
        <FeaturesProgress />
        {lead && (
          <p className="finding-lead" data-testid="finding-lead" data-verdict={findingVerdict(lead.rhoEmbedding, lead.pEmbedding, lead.n)}>
            {lead.sentence.replace(/^./, (c) => c.toUpperCase())}.
          </p>
        )}
        {rows && rows.length > 0 && (
          <div className="findings-table-scroll">
            <table className="findings-table">
              <thead>
                <tr>
                  <th scope="col">value</th>
                  <th
                    scope="col"
                    title={`Spearman ρ with the mean of the ${k ?? FINDINGS_MAX_K} nearest neighbours in the PHATE embedding, and its permutation p`}
                  >
                    ρ embedding
                  </th>
                  <th scope="col" title="The same with neighbours in the original network distance">
                    ρ distance
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-feature={r.id}>
                    <th scope="row" title={`${r.n} networks with a value`}>
                      {r.label}
                    </th>
                    <RhoCell rho={r.rhoEmbedding} p={r.pEmbedding} n={r.n} N={N} />
                    <RhoCell rho={r.rhoDistance} p={r.pDistance} n={r.n} N={N} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted findings-note" data-testid="findings-note">
          Spearman ρ between each network's value and the mean over its {k ?? FINDINGS_MAX_K} nearest neighbours; high ρ means the value
          varies smoothly over the manifold (Abel et al.'s finding for accuracy). p: share of {permutationsFor(N)} shuffles of the values
          over the same neighbour graph with a ρ at least as high (one-sided; it stops after {STOP_AFTER} such shuffles).
          {k !== undefined &&
            k < FINDINGS_MAX_K &&
            ` k = ${k}, not ${FINDINGS_MAX_K}: with ${N} networks, ${FINDINGS_MAX_K} neighbours would be most of the population and bias ρ downwards (k = min(${FINDINGS_MAX_K}, ⌊√N⌋)).`}
          {` A verdict needs at least ${FINDINGS_MIN_VERDICT_N} networks and p ≤ ${FINDINGS_ALPHA}.`}
        </p>
        <PopulationDynamics />
        <DepthByFamily />
      </div>
    </section>
  );
}
