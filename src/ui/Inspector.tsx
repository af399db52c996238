// Inspector: the selected network's status, metrics, hyperparameters and training curve.
import { useStore, getState } from '../state/store';
import type { NetworkRecord } from '../core/types';
import { formatValue } from './color';
import { architectureRows, extraHyperParamText, hpText } from './hyperparamText';
import { DIVERGENCE_RULE } from '../core/train/divergence';
import { TrainingCurve } from './TrainingCurve';
import { FeatureDetails } from './features/FeatureDetails';
import { InspectorExtras, PinButton } from './explore/NetworkDetails';
import { ActivationEmbedding } from './inspect/ActivationEmbedding';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');

function hpRows(n: NetworkRecord): [string, string][] {
  return [
    ...architectureRows(n),
    ['activation', hpText(n, 'activation')],
    ['optimizer', hpText(n, 'optimizer')],
    ['learning rate', hpText(n, 'learningRate')],
    ['batch size', hpText(n, 'batchSize')],
    ['epochs', hpText(n, 'epochs')],
    ['dropout', hpText(n, 'dropout')],
    ['L2 weight decay', hpText(n, 'l2')],
    ['initialisation', hpText(n, 'init')],
    ['seed', hpText(n, 'seed')],
    ...(extraHyperParamText(n) ? [['as imported', extraHyperParamText(n)] as [string, string]] : []),
  ];
}

export function Inspector() {
  const network = useStore((s) => s.population?.networks.find((n) => n.id === s.selectedId) ?? null);
  if (!network) return null;
  const f = network.final;
  return (
    <section className="panel inspector" data-testid="inspector" data-network-id={network.id} aria-label="Network inspector">
      <header className="panel-header">
        <h2 title={network.id}>{network.id}</h2>
        <PinButton network={network} />
        <button className="icon-button" aria-label="Close inspector (Esc)" title="Close (Esc)" onClick={() => getState().setSelected(null)}>
          ×
        </button>
      </header>
      <div className="panel-body">
        <div className={`status-line status-${network.status}`}>
          <span
            className={`badge badge-${network.status}`}
            title={network.status === 'diverged' ? DIVERGENCE_RULE : undefined}
            data-testid="inspector-status"
          >
            {network.status}
          </span>
          {network.statusReason && <span className="muted">{network.statusReason}</span>}
        </div>
        <div className="metric-grid">
          <div className="metric">
            <span className="metric-value">{pct(f.testAcc)}</span>
            <span className="metric-label">test accuracy</span>
          </div>
          <div className="metric">
            <span className="metric-value">{pct(f.trainAcc)}</span>
            <span className="metric-label">train accuracy</span>
          </div>
          <div className="metric">
            <span className="metric-value">{formatValue(f.testLoss)}</span>
            <span className="metric-label">test loss</span>
          </div>
          <div className="metric">
            <span className="metric-value">
              {Number.isFinite(f.trainAcc - f.testAcc) ? `${((f.trainAcc - f.testAcc) * 100).toFixed(1)} pt` : '—'}
            </span>
            <span className="metric-label">generalisation gap</span>
          </div>
        </div>
        {typeof network.extraHyperParams?.accuracySplit === 'string' && (
          <p className="muted accuracy-split" data-testid="accuracy-split">
            accuracy measured on {network.extraHyperParams.accuracySplit}
          </p>
        )}
        <h3>Training curve</h3>
        {network.history.length > 0 ? (
          <TrainingCurve history={network.history} />
        ) : (
          <p className="muted">No per-epoch history was recorded.</p>
        )}
        <h3 title="The network's own probe activations on their top two principal components, coloured by class">
          Probe activations (PCA)
        </h3>
        <ActivationEmbedding network={network} />
        <FeatureDetails network={network} />
        <h3>Hyperparameters</h3>
        <table className="kv">
          <tbody>
            {hpRows(network).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
            {network.trainSeconds !== undefined && (
              <tr>
                <th scope="row">training time</th>
                <td>{network.trainSeconds.toFixed(2)} s</td>
              </tr>
            )}
          </tbody>
        </table>
        <InspectorExtras network={network} />
      </div>
    </section>
  );
}
