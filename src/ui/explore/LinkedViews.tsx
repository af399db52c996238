// The linked d3 views under the manifold: histograms (one per chosen column,
// each with its own brush) and parallel coordinates. Views read the selection
// from the store and write their own clause; none calls another.
import { useStore, getState } from '../../state/store';
import { Histogram } from './Histogram';
import { ParallelCoordinates } from './ParallelCoordinates';
import { ColumnOptions } from './ManifoldToolbar';

export function LinkedViews() {
  const table = useStore((s) => s.table);
  const hist = useStore((s) => s.histColumns);
  if (!table) return null;
  const shown = hist.filter((h) => table.byId.has(h));
  return (
    <section className="linked-views" aria-label="Linked views">
      <div className="hist-row">
        {shown.map((c) => (
          <Histogram key={c} column={c} onRemove={() => getState().setHistColumns(hist.filter((h) => h !== c))} />
        ))}
        <label className="hist-add" title="Add a histogram">
          <span>+ histogram</span>
          <select
            aria-label="Add a histogram of a column"
            value=""
            onChange={(e) => {
              if (e.target.value && !hist.includes(e.target.value)) getState().setHistColumns([...hist, e.target.value]);
            }}
          >
            <option value="">column…</option>
            <ColumnOptions table={table} />
          </select>
        </label>
      </div>
      <ParallelCoordinates />
    </section>
  );
}
