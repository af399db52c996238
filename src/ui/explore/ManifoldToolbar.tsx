// Controls over the manifold, kept to the edges so the points get the space:
// a vertical tool rail at the left edge (brushing tools, 2-D, fit) and one row at
// the bottom-right (selection count, clear, exports, trajectories). Colour, size
// and point style live in the legend card (ColumnLegend).
import { useStore, getState } from '../../state/store';
import type { BrushTool } from '../../state/explore';
import { clearExplorerSelection } from './hooks';
import { useState } from 'react';
import { exportCSV, exportChartsSVG, exportFigurePNG, exportJSON, exportManifoldSVG } from './exporting';
import type { FigureTheme } from './columnColor';
import { TrajectoryControls } from './TrajectoryControls';
import { FitViewButton } from './FitViewButton';
import { Icon, type IconName } from './icons';
import './polish.css';

// The histogram picker (LinkedViews) imports the column options from here.
export { ColumnOptions } from './ColumnOptions';

/** PNG failures (image decoding, canvas size) go to the error banner instead of an unhandled rejection. */
const png = (scale: number, theme: FigureTheme) => () =>
  void exportFigurePNG(scale, theme).catch((e) => getState().pushError(`PNG export failed: ${e instanceof Error ? e.message : String(e)}`));

const EXPORTS: { label: string; testid: string; title: string; run: (theme: FigureTheme) => () => void }[] = [
  { label: 'CSV', testid: 'export-csv', title: 'Download rows as CSV', run: () => exportCSV },
  { label: 'JSON', testid: 'export-json', title: 'Download rows as JSON', run: () => exportJSON },
  { label: 'PNG', testid: 'export-png', title: 'Save the manifold figure (points, legend, caption) as PNG at 2×', run: (t) => png(2, t) },
  {
    label: 'SVG',
    testid: 'export-svg',
    title: 'Save the manifold figure as vector SVG (one circle per point, legend, caption)',
    run: (t) => () => exportManifoldSVG(t),
  },
];
/** The figure menu: every figure export, and the theme they use. */
const FIGURES: { label: string; testid: string; title: string; run: (theme: FigureTheme) => () => void }[] = [
  {
    label: 'Manifold SVG',
    testid: 'export-manifold-svg',
    title: 'Vector figure: one circle per drawn point, legend, caption',
    run: (t) => () => exportManifoldSVG(t),
  },
  { label: 'PNG 2×', testid: 'export-png-2x', title: 'The figure at twice the screen resolution', run: (t) => png(2, t) },
  { label: 'PNG 4×', testid: 'export-png-4x', title: 'The figure at four times the screen resolution', run: (t) => png(4, t) },
  {
    label: 'Charts SVG',
    testid: 'export-charts-svg',
    title: 'The linked charts (parallel coordinates with their lines, histograms) as SVG',
    run: (t) => () => exportChartsSVG(t),
  },
];
const TOOLS: { tool: BrushTool; label: string; testid?: string; title: string; icon: IconName }[] = [
  {
    tool: 'orbit',
    label: 'Orbit',
    title: 'Orbit, zoom and pan (click a point to inspect it; shift/alt-click adds/removes it)',
    icon: 'orbit',
  },
  { tool: 'lasso', label: 'Lasso', testid: 'lasso-toggle', title: 'Lasso select (L) — shift adds, alt subtracts', icon: 'lasso' },
  { tool: 'box', label: 'Box', testid: 'box-toggle', title: 'Box select (B) — shift adds, alt subtracts', icon: 'box' },
];

export function ManifoldToolbar() {
  const table = useStore((s) => s.table);
  const tool = useStore((s) => s.viewSettings.tool);
  const twoD = useStore((s) => s.viewSettings.twoD);
  const count = useStore((s) => s.selectionCount);
  const active = useStore((s) => s.selectionActive);
  const total = useStore((s) => s.population?.networks.length ?? 0);
  const set = getState().setViewSettings;
  const [theme, setTheme] = useState<FigureTheme>('dark');
  const [menuOpen, setMenuOpen] = useState(false);
  if (!table) return null;
  return (
    <>
      <div className="tool-rail" role="toolbar" aria-orientation="vertical" aria-label="Manifold tools" data-testid="tool-rail">
        <div className="rail-group" role="radiogroup" aria-label="Pointer tool">
          {TOOLS.map((t) => (
            <button
              key={t.tool}
              className={tool === t.tool ? 'rail-button active' : 'rail-button'}
              data-testid={t.testid}
              aria-pressed={tool === t.tool}
              title={t.title}
              onClick={() => set({ tool: tool === t.tool && t.tool !== 'orbit' ? 'orbit' : t.tool })}
            >
              <Icon name={t.icon} />
              <span className="rail-label">{t.label}</span>
            </button>
          ))}
        </div>
        <span className="rail-sep" aria-hidden="true" />
        <button
          className={twoD ? 'rail-button active' : 'rail-button'}
          data-testid="twod-toggle"
          aria-pressed={twoD}
          title="2-D view: the first two embedding axes, rotation locked"
          onClick={() => set({ twoD: !twoD })}
        >
          <Icon name="twoD" />
          <span className="rail-label">2-D</span>
        </button>
        <FitViewButton />
      </div>
      <div className="manifold-toolbar" data-testid="manifold-toolbar">
        <div className="tb-group selection-bar" data-testid="selection-bar">
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
          {EXPORTS.map((x) => (
            <button
              key={x.label}
              className="tb-button"
              data-testid={x.testid}
              onClick={x.run(theme)}
              title={`${x.title}${x.label === 'PNG' || x.label === 'SVG' ? ` (${theme} theme)` : ''}`}
            >
              {x.label}
            </button>
          ))}
          <span className="figure-menu-anchor">
            <button
              className={menuOpen ? 'tb-button active' : 'tb-button'}
              data-testid="figure-menu-toggle"
              aria-expanded={menuOpen}
              aria-haspopup="true"
              title="Figure exports: theme, PNG 2×/4×, charts SVG"
              onClick={() => setMenuOpen(!menuOpen)}
            >
              ▾
            </button>
            {menuOpen && (
              <div className="figure-menu" data-testid="figure-menu" role="group" aria-label="Figure exports">
                <div className="figure-menu-theme" role="radiogroup" aria-label="Figure theme">
                  {(['dark', 'light'] as const).map((t) => (
                    <label key={t}>
                      <input
                        type="radio"
                        name="figure-theme"
                        data-testid={`figure-theme-${t}`}
                        checked={theme === t}
                        onChange={() => setTheme(t)}
                      />{' '}
                      {t === 'dark' ? 'dark (screen)' : 'light (print)'}
                    </label>
                  ))}
                </div>
                {FIGURES.map((x) => (
                  <button key={x.testid} className="tb-button" data-testid={x.testid} title={x.title} onClick={x.run(theme)}>
                    {x.label}
                  </button>
                ))}
              </div>
            )}
          </span>
        </div>
        <TrajectoryControls />
      </div>
    </>
  );
}
