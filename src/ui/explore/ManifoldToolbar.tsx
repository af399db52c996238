// Toolbar over the manifold: brushing tools, 2-D mode, point style, colour and
// size columns, selection count/clear, exports, and the trajectory controls.
import { useStore, getState } from '../../state/store';
import type { BrushTool } from '../../state/explore';
import type { Column, NetworkTable } from '../../core/explore/table';
import { clearExplorerSelection } from './hooks';
import { exportCSV, exportChartsSVG, exportJSON, exportPNG } from './exporting';
import { TrajectoryControls } from './TrajectoryControls';
import { FitViewButton } from './FitViewButton';

const GROUP_LABELS: Record<Column['group'], string> = {
  metric: 'Metrics',
  hyperparameter: 'Hyperparameters',
  feature: 'Features',
  embedding: 'Embedding',
  status: 'Status',
};

/** Table columns as <optgroup>s (metrics first). */
export function ColumnOptions({ table }: { table: NetworkTable }) {
  const order: Column['group'][] = ['metric', 'hyperparameter', 'feature', 'status', 'embedding'];
  return (
    <>
      {order.map((g) => {
        const cols = table.columns.filter((c) => c.group === g && c.id !== 'seed');
        if (!cols.length) return null;
        return (
          <optgroup key={g} label={GROUP_LABELS[g]}>
            {cols.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}

const TOOLS: { tool: BrushTool; label: string; testid?: string; title: string; icon: string }[] = [
  { tool: 'orbit', label: 'Orbit', title: 'Orbit, zoom and pan (click a point to inspect it; shift/alt-click adds/removes it)', icon: '⟲' },
  { tool: 'lasso', label: 'Lasso', testid: 'lasso-toggle', title: 'Lasso select (L) — shift adds, alt subtracts', icon: '◌' },
  { tool: 'box', label: 'Box', testid: 'box-toggle', title: 'Box select (B) — shift adds, alt subtracts', icon: '▭' },
];

export function ManifoldToolbar() {
  const table = useStore((s) => s.table);
  const view = useStore((s) => s.viewSettings);
  const colorColumn = useStore((s) => s.colorColumn);
  const sizeBy = useStore((s) => s.sizeBy);
  const count = useStore((s) => s.selectionCount);
  const active = useStore((s) => s.selectionActive);
  const total = useStore((s) => s.population?.networks.length ?? 0);
  const set = getState().setViewSettings;
  if (!table) return null;
  return (
    <div className="manifold-toolbar" data-testid="manifold-toolbar">
      <div className="tb-group" role="radiogroup" aria-label="Pointer tool">
        {TOOLS.map((t) => (
          <button
            key={t.tool}
            className={view.tool === t.tool ? 'tb-button active' : 'tb-button'}
            data-testid={t.testid}
            aria-pressed={view.tool === t.tool}
            title={t.title}
            onClick={() => set({ tool: view.tool === t.tool && t.tool !== 'orbit' ? 'orbit' : t.tool })}
          >
            <span aria-hidden="true">{t.icon}</span> {t.label}
          </button>
        ))}
        <button
          className={view.twoD ? 'tb-button active' : 'tb-button'}
          data-testid="twod-toggle"
          aria-pressed={view.twoD}
          title="2-D view: the first two embedding axes, rotation locked"
          onClick={() => set({ twoD: !view.twoD })}
        >
          2-D
        </button>
        <FitViewButton />
      </div>
      <div className="tb-group">
        <label className="tb-field" title="Colour points by">
          <span>Colour</span>
          <select aria-label="Colour points by column" data-testid="color-column" value={colorColumn} onChange={(e) => getState().setColorColumn(e.target.value)}>
            <ColumnOptions table={table} />
          </select>
        </label>
        <label className="tb-field" title="Size points by">
          <span>Size</span>
          <select aria-label="Size points by column" data-testid="size-column" value={sizeBy ?? ''} onChange={(e) => getState().setSizeBy(e.target.value || null)}>
            <option value="">uniform</option>
            <ColumnOptions table={{ ...table, columns: table.columns.filter((c) => c.type !== 'categorical') }} />
          </select>
        </label>
      </div>
      <div className="tb-group">
        <label className="tb-field" title="Point size">
          <span>Point</span>
          <input type="range" min={3} max={30} step={1} value={view.pointSize} aria-label="Point size" onChange={(e) => set({ pointSize: +e.target.value })} />
        </label>
        <label className="tb-field" title="Opacity">
          <span>Opacity</span>
          <input type="range" min={0.15} max={1} step={0.05} value={view.opacity} aria-label="Point opacity" onChange={(e) => set({ opacity: +e.target.value })} />
        </label>
        <label className="tb-check" title={view.twoD ? 'Depth cue: 3-D only (every point has the same depth in 2-D)' : 'Depth cue: far points fade into the background'}>
          <input type="checkbox" checked={view.fog} disabled={view.twoD} onChange={(e) => set({ fog: e.target.checked })} /> depth cue
        </label>
      </div>
      <div className="tb-spacer" />
      <div className="tb-group">
        <span className={active ? 'selection-chip active' : 'selection-chip'} title="Networks in the selection">
          <b data-testid="selection-count">{active ? count : 0}</b> / {total} selected
        </span>
        <button className="tb-button" disabled={!active} onClick={clearExplorerSelection} title="Clear the selection (Esc)">
          Clear
        </button>
        <span className="tb-sep" />
        <span className="tb-label" title={active ? 'Exports cover the selection' : 'Exports cover every network'}>
          Export {active ? 'selection' : 'all'}
        </span>
        <button className="tb-button" data-testid="export-csv" onClick={exportCSV} title="Download rows as CSV">
          CSV
        </button>
        <button className="tb-button" data-testid="export-json" onClick={exportJSON} title="Download rows as JSON">
          JSON
        </button>
        <button className="tb-button" data-testid="export-png" onClick={exportPNG} title="Save the manifold view as PNG">
          PNG
        </button>
        <button className="tb-button" data-testid="export-svg" onClick={exportChartsSVG} title="Save the linked charts as SVG">
          SVG
        </button>
      </div>
      <TrajectoryControls />
    </div>
  );
}
