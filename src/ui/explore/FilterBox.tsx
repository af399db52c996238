// The filter box: an expression over hyperparameters, metrics and features
// (docs/filter-expressions.md). Applied on Enter; a bad expression shows the
// parser's message under the box, marks the offending span, and changes nothing.
import { useEffect, useState } from 'react';
import { useStore, getState } from '../../state/store';
import { parseFilter, type FilterError } from '../../core/explore/filter';
import { applyClause, clearSource } from '../../core/explore/selection';

export const FILTER_SOURCE = 'filter';

export function FilterBox() {
  const table = useStore((s) => s.table);
  const populationId = useStore((s) => s.population?.id ?? null);
  const applied = useStore((s) => s.filterText);
  const [text, setText] = useState(applied);
  const [error, setError] = useState<FilterError | null>(null);
  // Esc or a new population clears the applied filter: follow it. Not the table: it is
  // rebuilt when features arrive or the population is re-embedded, and what the user is
  // typing must survive that.
  useEffect(() => {
    setText(applied);
    setError(null);
  }, [applied, populationId]);

  const apply = () => {
    if (!table) return;
    const s = getState();
    const src = text.trim();
    if (!src) {
      setError(null);
      s.setFilterText('');
      s.setSelection(clearSource(s.selection, FILTER_SOURCE));
      return;
    }
    const r = parseFilter(src, table);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    s.setFilterText(src);
    s.setSelection(applyClause(s.selection, { source: FILTER_SOURCE, kind: 'expression', expression: src }));
  };

  return (
    <div className="filter-box">
      <form
        className="filter-form"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <input
          data-testid="filter-input"
          className={error ? 'filter-input invalid' : 'filter-input'}
          value={text}
          spellCheck={false}
          placeholder="filter, e.g. activation = tanh and accuracy > 0.9"
          aria-label="Filter expression"
          aria-invalid={!!error}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
          }}
        />
        <button type="submit" className="tb-button">
          Apply
        </button>
      </form>
      {error && (
        <div className="filter-error" data-testid="filter-error" role="alert">
          <code className="filter-echo">
            {text.slice(0, error.start)}
            <mark>{text.slice(error.start, Math.max(error.end, error.start + 1)) || ' '}</mark>
            {text.slice(Math.max(error.end, error.start + 1))}
          </code>
          <span>{error.message}</span>
        </div>
      )}
      {!error && applied && (
        <div className="filter-applied muted">
          filter applied: <code>{applied}</code>
        </div>
      )}
    </div>
  );
}
