// Compare two networks: the pinned one and the one hovered (else inspected).
// The same panels side by side, aligned, and their distance.
import { useStore, getState } from '../../state/store';
import type { NetworkRecord } from '../../core/types';
import { sourceDistance } from '../../core/explore/neighbours';
import { formatValue } from '../color';
import { architectureRows, hpText } from '../hyperparamText';
import { TrainingCurve } from '../TrainingCurve';
import { ArchitectureDiagram, neighbourSource } from './NetworkDetails';
import { CompareFeatures } from '../inspect/CompareFeatures';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');

function rows(n: NetworkRecord): [string, string][] {
  return [
    ['test accuracy', pct(n.final.testAcc)],
    ['train accuracy', pct(n.final.trainAcc)],
    ['test loss', formatValue(n.final.testLoss)],
    ...architectureRows(n),
    ['activation', hpText(n, 'activation')],
    ['optimizer', hpText(n, 'optimizer')],
    ['learning rate', hpText(n, 'learningRate')],
    ['dropout', hpText(n, 'dropout')],
    ['L2', hpText(n, 'l2')],
    ['status', n.status],
  ];
}

export function ComparePanel() {
  const pop = useStore((s) => s.population);
  const pinnedId = useStore((s) => s.pinnedId);
  // The inspected network once one other than the pinned is clicked; until then the hovered one previews.
  const otherId = useStore((s) =>
    s.selectedId && s.selectedId !== s.pinnedId ? s.selectedId : s.hoveredId !== s.pinnedId ? s.hoveredId : null,
  );
  if (!pop || !pinnedId) return null;
  const ia = pop.networks.findIndex((n) => n.id === pinnedId);
  const ib = otherId ? pop.networks.findIndex((n) => n.id === otherId) : -1;
  if (ia < 0) return null;
  const a = pop.networks[ia];
  const b = ib >= 0 ? pop.networks[ib] : null;
  const src = neighbourSource(pop);
  const d = b && src ? sourceDistance(src.src, ia, ib) : NaN;
  const ra = rows(a);
  const rb = b ? rows(b) : null;
  return (
    <section className="panel compare" data-testid="compare" data-a={a.id} data-b={b?.id ?? ''} aria-label="Compare two networks">
      <header className="panel-header">
        <h2>Compare</h2>
        <button className="icon-button" aria-label="Unpin" title="Unpin" onClick={() => getState().setPinned(null)}>
          ×
        </button>
      </header>
      <div className="panel-body">
        {!b ? (
          <p className="hint">
            <code>{a.id}</code> is pinned. Hover or click another network to compare.
          </p>
        ) : (
          <>
            <div className="compare-distance" data-testid="compare-distance">
              {src ? src.label : 'distance'}: <b>{formatValue(d)}</b>
            </div>
            <table className="kv compare-table">
              <thead>
                <tr>
                  <th />
                  <th title={`pinned: ${a.id}`}>{a.id} (pinned)</th>
                  <th title={b.id}>{b.id}</th>
                </tr>
              </thead>
              <tbody>
                {ra.map(([k, v], i) => (
                  <tr key={k} className={v !== rb![i][1] ? 'differs' : undefined}>
                    <th scope="row">{k}</th>
                    <td>{v}</td>
                    <td>{rb![i][1]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="compare-grid">
              <div>
                <ArchitectureDiagram network={a} />
                {a.history.length > 0 && <TrainingCurve history={a.history} />}
              </div>
              <div>
                <ArchitectureDiagram network={b} />
                {b.history.length > 0 && <TrainingCurve history={b.history} />}
              </div>
            </div>
            <CompareFeatures a={a} b={b} />
          </>
        )}
      </div>
    </section>
  );
}
