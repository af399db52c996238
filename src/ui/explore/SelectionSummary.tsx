// Selection summary: how many networks, mean ± sd of accuracy and features
// against the whole population, and the hyperparameter values that dominate
// the selection compared with the rest.
import { useDeferredValue, useMemo } from 'react';
import { useStore } from '../../state/store';
import { summarizeSelection } from '../../core/explore/summary';
import { formatValue } from '../color';

export function SelectionSummary() {
  const table = useStore((s) => s.table);
  // Deferred: the summary (a pass over every column) renders after the brush's own update.
  const mask = useDeferredValue(useStore((s) => s.selectionMask));
  const active = useDeferredValue(useStore((s) => s.selectionActive));
  const summary = useMemo(() => (table && active && mask.length === table.rowCount ? summarizeSelection(table, mask) : null), [table, mask, active]);
  if (!table) return null;
  if (!summary) return <p className="hint">Brush the manifold (lasso, box), a histogram or an axis, or type a filter, to select networks.</p>;
  const rows = table.columns.filter((c) => c.group === 'metric' || c.group === 'feature').slice(0, 10);
  return (
    <div className="selection-summary" data-testid="selection-summary">
      <div className="summary-count">
        <b>{summary.count}</b> of {summary.total} networks
      </div>
      <table className="kv summary-table">
        <thead>
          <tr>
            <th />
            <th>selection</th>
            <th>all</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const s = summary.numeric[c.id];
            if (!s || !Number.isFinite(s.allMean)) return null;
            return (
              <tr key={c.id}>
                <th scope="row">{c.label}</th>
                <td>{Number.isFinite(s.mean) ? `${formatValue(s.mean)} ± ${formatValue(s.std, 2)}` : '—'}</td>
                <td className="muted">{`${formatValue(s.allMean)} ± ${formatValue(s.allStd, 2)}`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {summary.dominant.length > 0 && (
        <>
          <h3>What they have in common</h3>
          <ul className="dominant-list">
            {summary.dominant.map((d) => (
              <li key={`${d.column}=${d.value}`}>
                <code>
                  {d.column} = {d.value}
                </code>
                <span className="share-bar" title={`${Math.round(d.selectedShare * 100)}% of the selection vs ${Math.round(d.restShare * 100)}% of the rest`}>
                  <i className="share-sel" style={{ width: `${d.selectedShare * 100}%` }} />
                  <i className="share-rest" style={{ width: `${d.restShare * 100}%` }} />
                </span>
                <span className="muted">
                  {Math.round(d.selectedShare * 100)}% vs {Math.round(d.restShare * 100)}%
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
