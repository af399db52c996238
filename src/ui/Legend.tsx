// Colour legend for the current colour-by: a viridis ramp with ticks, or swatches for categories.
import { useMemo } from 'react';
import { scaleLinear } from 'd3';
import { useStore } from '../state/store';
import { colorScaleFor, cssColor, formatValue, COLOR_OPTIONS, MISSING_COLOR } from './color';
import type { ColorKey } from '../state/store';

const STOPS = 16;

export function Legend() {
  const population = useStore((s) => s.population);
  const colorBy = useStore((s) => s.colorBy);
  const embedded = useStore((s) => s.embeddedCount);
  const scale = useMemo(() => (population ? colorScaleFor(population.networks, colorBy) : null), [population, colorBy]);
  if (!population || !scale) return null;
  const hidden = population.networks.length - embedded;
  const [lo, hi] = scale.domain;
  const ticks = lo === hi ? [lo] : scaleLinear().domain([lo, hi]).ticks(4);
  return (
    <div className="legend" data-testid="legend">
      <label className="legend-title">
        <span className="sr-only">Colour by</span>
        <select
          aria-label="Colour points by"
          value={colorBy}
          onChange={(e) => useStore.getState().setColorBy(e.target.value as ColorKey)}
        >
          {COLOR_OPTIONS.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {scale.option.kind === 'continuous' ? (
        <svg className="legend-ramp" viewBox="0 0 220 34" width="220" height="34" aria-label={`${scale.option.label} from ${formatValue(lo)} to ${formatValue(hi)}`}>
          <defs>
            <linearGradient id="legend-gradient" x1="0" x2="1" y1="0" y2="0">
              {Array.from({ length: STOPS + 1 }, (_, i) => {
                const v = lo + ((hi - lo) * i) / STOPS;
                return <stop key={i} offset={i / STOPS} stopColor={cssColor(scale, lo === hi ? lo : v)} />;
              })}
            </linearGradient>
          </defs>
          <rect x="16" y="2" width="188" height="12" rx="2" fill="url(#legend-gradient)" />
          {ticks.map((t) => {
            const px = lo === hi ? 110 : 16 + ((t - lo) / (hi - lo)) * 188;
            return (
              <g key={t}>
                <line x1={px} x2={px} y1="14" y2="18" className="chart-axis" />
                <text x={px} y="30" textAnchor="middle" className="chart-tick">
                  {colorBy === 'testAcc' || colorBy === 'trainAcc' || colorBy === 'gap' ? `${Math.round(t * 100)}%` : formatValue(t)}
                </text>
              </g>
            );
          })}
        </svg>
      ) : (
        <ul className="legend-swatches">
          {scale.categories.map((c, i) => (
            <li key={c}>
              <span className="swatch" style={{ background: cssColor(scale, i) }} />
              {c}
            </li>
          ))}
        </ul>
      )}
      {hidden > 0 && (
        <div className="legend-note">
          <span className="swatch" style={{ background: MISSING_COLOR }} /> {hidden} not embedded (diverged) — listed in the side panel
        </div>
      )}
    </div>
  );
}
