// The view card at the manifold's bottom-left: colour and size pickers, the legend
// of the colour column (ramp with ticks, or category swatches that brush on click)
// and of the size column, then a compact row of point-style controls.
import { useMemo } from 'react';
import { useStore, getState } from '../../state/store';
import { getColumn } from '../../core/explore/table';
import { applyClause, clauseOf, clearSource, type ValuesClause } from '../../core/explore/selection';
import { formatValue } from '../color';
import { columnColorScale, domainModesFor, MISSING, type ColorDomainMode } from './columnColor';
import { ColumnOptions } from './ColumnOptions';
import { Icon } from './icons';

const STOPS = 16;
export const DOMAIN_LABELS: Record<ColorDomainMode, string> = { data: 'data range', fixed: 'fixed 0–1', quantile: 'quantiles' };

export function ColumnLegend() {
  const table = useStore((s) => s.table);
  const colorColumn = useStore((s) => s.colorColumn);
  const sizeBy = useStore((s) => s.sizeBy);
  const selection = useStore((s) => s.selection);
  const view = useStore((s) => s.viewSettings);
  const embedded = useStore((s) => s.embeddedCount);
  const total = useStore((s) => s.population?.networks.length ?? 0);
  const colorDomain = useStore((s) => s.colorDomain);
  const scale = useMemo(() => {
    const col = table ? (getColumn(table, colorColumn) ?? getColumn(table, 'accuracy')) : undefined;
    return col ? columnColorScale(col, { mode: colorDomain }) : null;
  }, [table, colorColumn, colorDomain]);
  if (!table || !scale) return null;
  const col = scale.column;
  const source = `legend:${col.id}`;
  const picked = (clauseOf(selection, source) as ValuesClause | undefined)?.values ?? [];
  const modes = domainModesFor(col);
  const missing = countMissing(col.values);
  const sizeCol = sizeBy ? getColumn(table, sizeBy) : undefined;
  const set = getState().setViewSettings;
  const scaleNote = scale.note;
  // With the domain picker shown, the caption adds only what it does not say (log, diverging).
  const extraNote = modes.length > 1 ? (scale.log ? 'log' : scale.kind === 'diverging' ? 'diverging at 0' : '') : scaleNote;
  return (
    <div className="legend view-card" data-testid="legend" data-color-column={col.id}>
      <div className="card-pickers">
        <div className="card-field" title={`Colour points by ${col.label}${scaleNote ? ` (${scaleNote})` : ''}`}>
          <span className="card-caption legend-caption-row">
            Colour
            {modes.length > 1 && (
              <select
                className="legend-domain"
                aria-label="Colour domain"
                data-testid="color-domain"
                value={scale.mode}
                title="How values map onto the colours: the data's range, the fixed 0–1 range of a rate, or quantiles (by rank: equal numbers of networks per colour band)"
                onChange={(e) => getState().setColorDomain(e.target.value as ColorDomainMode)}
              >
                {modes.map((m) => (
                  <option key={m} value={m}>
                    {DOMAIN_LABELS[m]}
                  </option>
                ))}
              </select>
            )}
            {extraNote && <span className="card-caption-note"> · {extraNote}</span>}
          </span>
          <select
            aria-label="Colour points by column"
            data-testid="color-column"
            value={colorColumn}
            onChange={(e) => getState().setColorColumn(e.target.value)}
          >
            <ColumnOptions table={table} />
          </select>
        </div>
        <label className="card-field" title={sizeCol ? `Size points by ${sizeCol.label}` : 'Size points by a column'}>
          <span className="card-caption">Size</span>
          <select
            aria-label="Size points by column"
            data-testid="size-column"
            value={sizeBy ?? ''}
            onChange={(e) => getState().setSizeBy(e.target.value || null)}
          >
            <option value="">uniform</option>
            <ColumnOptions table={{ ...table, columns: table.columns.filter((c) => c.type !== 'categorical') }} />
          </select>
        </label>
      </div>
      {scale.kind !== 'categorical' ? (
        <>
          <svg className="legend-ramp" viewBox="0 0 220 29" width="220" height="29" data-testid="legend-ramp" data-domain={scale.mode}>
            <defs>
              <linearGradient id="explorer-legend-gradient" x1="0" x2="1" y1="0" y2="0">
                {Array.from({ length: STOPS + 1 }, (_, i) => (
                  <stop key={i} offset={i / STOPS} stopColor={scale.rampColor(i / STOPS)} />
                ))}
              </linearGradient>
            </defs>
            <rect x="16" y="2" width="188" height="10" rx="2" fill="url(#explorer-legend-gradient)" />
            {scale.ticks.map((t, i) => {
              const px = 16 + t.pos * 188;
              // Keep end labels inside the card (9.5 px monospace ≈ 5.8 px a character).
              const half = (t.label.length * 5.8) / 2;
              return (
                <g key={i}>
                  <line x1={px} x2={px} y1="12" y2="16" className="chart-axis" />
                  <text
                    x={Math.min(220 - half, Math.max(half, px))}
                    y="26"
                    textAnchor="middle"
                    className="chart-tick"
                    data-testid="legend-tick"
                  >
                    {t.label}
                  </text>
                </g>
              );
            })}
          </svg>
        </>
      ) : (
        <ul className="legend-swatches">
          {scale.categories.map((c) => (
            <li key={c.label}>
              <button
                className={picked.includes(c.label) ? 'legend-cat active' : 'legend-cat'}
                title={`Select ${col.id} = ${c.label} (click again to clear)`}
                onClick={() => {
                  const s = getState();
                  const next = picked.includes(c.label) ? picked.filter((v) => v !== c.label) : [...picked, c.label];
                  s.setSelection(
                    next.length
                      ? applyClause(s.selection, { source, kind: 'values', column: col.id, values: next })
                      : clearSource(s.selection, source),
                  );
                }}
              >
                <span className="swatch" style={{ background: c.color }} />
                {c.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      {(missing > 0 || embedded < total) && (
        <div className="legend-note">
          <span className="swatch" style={{ background: MISSING }} />
          {missing > 0 ? `${missing} missing` : ''}
          {embedded < total ? `${missing > 0 ? ' · ' : ''}${total - embedded} not embedded (diverged)` : ''}
        </div>
      )}
      {sizeCol && (
        <div className="legend-note">
          <span className="size-key">
            <i style={{ width: 5, height: 5 }} />
            <i style={{ width: 11, height: 11 }} />
          </span>
          size: {sizeCol.label} ({formatValue(sizeCol.domain[0])} → {formatValue(sizeCol.domain[1])})
        </div>
      )}
      <div className="card-style">
        <label className="card-slider" title={`Point size (${view.pointSize})`}>
          <Icon name="pointSize" size={14} />
          <input
            type="range"
            min={3}
            max={30}
            step={1}
            value={view.pointSize}
            aria-label="Point size"
            onChange={(e) => set({ pointSize: +e.target.value })}
          />
        </label>
        <label className="card-slider" title={`Opacity (${Math.round(view.opacity * 100)}%)`}>
          <Icon name="opacity" size={14} />
          <input
            type="range"
            min={0.15}
            max={1}
            step={0.05}
            value={view.opacity}
            aria-label="Point opacity"
            onChange={(e) => set({ opacity: +e.target.value })}
          />
        </label>
        <label
          className="tb-check"
          title={
            view.twoD ? 'Depth cue: 3-D only (every point has the same depth in 2-D)' : 'Depth cue: far points fade into the background'
          }
        >
          <input type="checkbox" checked={view.fog} disabled={view.twoD} onChange={(e) => set({ fog: e.target.checked })} /> depth cue
        </label>
      </div>
    </div>
  );
}

/** Rows without a value, cached per column (the legend re-renders on every selection change). */
const missingCache = new WeakMap<ArrayLike<number>, number>();
function countMissing(values: ArrayLike<number>): number {
  let m = missingCache.get(values);
  if (m === undefined) {
    m = 0;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) m++;
    missingCache.set(values, m);
  }
  return m;
}
