// Selection summary: how many networks, mean ± sd of accuracy and features
// (median [IQR] for heavy-tailed, log-scaled columns) against the whole
// population, and the hyperparameter values that dominate the selection
// compared with the rest; "Train more like these" opens the
// population builder on the selected region's hyperparameters.
import { useDeferredValue, useMemo } from 'react';
import { useStore, jobBusy, getState } from '../../state/store';
import { summarizeSelection } from '../../core/explore/summary';
import { sampleRegion } from '../../core/explore/sample-region';
import { addModeBuilder, addModeUnavailable, getTraining } from '../../state/training';
import { formatValue } from '../color';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Opens the builder in add mode on the selection's subspace (ok networks only). */
function trainLikeSelection(): void {
  const s = getState();
  const pop = s.population;
  const why = addModeUnavailable(pop);
  if (why || !pop) {
    s.pushError(why ?? 'Load a population first.');
    return;
  }
  try {
    const region = sampleRegion(pop.networks, s.selectionActive ? s.selectionMask : new Uint8Array(pop.networks.length));
    getTraining().setBuilder(addModeBuilder(getTraining().builder, pop, region));
  } catch (e) {
    s.pushError(errorText(e));
    return;
  }
  s.setTrainPanelOpen(true);
  requestAnimationFrame(() =>
    document.querySelector('[data-testid="train-panel"]')?.scrollIntoView({ block: 'start', behavior: 'smooth' }),
  );
}

function TrainLikeButton({ mask }: { mask: Uint8Array }) {
  const pop = useStore((s) => s.population);
  const busy = useStore((s) => jobBusy(s.job));
  const reason = useMemo(() => {
    const why = addModeUnavailable(pop);
    if (why || !pop) return why;
    try {
      sampleRegion(pop.networks, mask);
      return null;
    } catch (e) {
      return errorText(e);
    }
  }, [pop, mask]);
  const disabledWhy = reason ?? (busy ? 'Wait for the current training or embedding to finish (or cancel it).' : null);
  return (
    <button
      type="button"
      className="train-like"
      data-testid="train-like-selection"
      disabled={disabledWhy !== null}
      title={
        disabledWhy ??
        'Open the population builder on the hyperparameters of the selected networks; the new networks are added to this population and embedded with it'
      }
      onClick={trainLikeSelection}
    >
      Train more like these
    </button>
  );
}

export function SelectionSummary() {
  const table = useStore((s) => s.table);
  // Deferred: the summary (a pass over every column) renders after the brush's own update.
  const mask = useDeferredValue(useStore((s) => s.selectionMask));
  const active = useDeferredValue(useStore((s) => s.selectionActive));
  const rows = useMemo(
    () => (table ? table.columns.filter((c) => c.group === 'metric' || c.group === 'feature').slice(0, 10) : []),
    [table],
  );
  // Quartiles (a sort each) only for the heavy-tailed rows shown as median [IQR].
  const quartileIds = useMemo(() => rows.filter((c) => c.logScale).map((c) => c.id), [rows]);
  const summary = useMemo(
    () => (table && active && mask.length === table.rowCount ? summarizeSelection(table, mask, { quartiles: quartileIds }) : null),
    [table, mask, active, quartileIds],
  );
  if (!table) return null;
  if (!summary)
    return <p className="hint">Brush the manifold (lasso, box), a histogram or an axis, or type a filter, to select networks.</p>;
  return (
    <div className="selection-summary" data-testid="selection-summary">
      <div className="summary-count train-like-row">
        <span>
          <b>{summary.count}</b> of {summary.total} networks
        </span>
        <TrainLikeButton mask={mask} />
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
                <th
                  scope="row"
                  title={
                    c.logScale
                      ? `${c.label}: median [interquartile range] (heavy-tailed: a mean would be ruled by a few networks)`
                      : `${c.label}: mean ± standard deviation`
                  }
                >
                  {c.label}
                </th>
                {c.logScale ? (
                  <>
                    <td data-stat="median">
                      {Number.isFinite(s.median) ? `${formatValue(s.median)} [${formatValue(s.q1, 2)}–${formatValue(s.q3, 2)}]` : '—'}
                    </td>
                    <td className="muted" data-stat="median">
                      {formatValue(s.allMedian)}
                    </td>
                  </>
                ) : (
                  <>
                    <td data-stat="mean">{Number.isFinite(s.mean) ? `${formatValue(s.mean)} ± ${formatValue(s.std, 2)}` : '—'}</td>
                    <td className="muted" data-stat="mean">{`${formatValue(s.allMean)} ± ${formatValue(s.allStd, 2)}`}</td>
                  </>
                )}
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
                <span
                  className="share-bar"
                  title={`${Math.round(d.selectedShare * 100)}% of the selection vs ${Math.round(d.restShare * 100)}% of the rest`}
                >
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
