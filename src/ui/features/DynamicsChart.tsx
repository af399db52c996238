// Feature against epoch (issue 15 item 4): one network's curve (inspector) or every network's
// curve with the median and quartile band (Findings → Over training). In log–log mode epoch 0 and
// non-positive values leave the plot (they have no log) and the power-law fit is drawn.
import { line, scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import type { PowerLawFit } from '../../core/features/dynamics';
import { formatValue } from '../color';

export interface DynamicsLine {
  epochs: readonly number[];
  values: readonly number[];
  /** 'network' thin, 'highlight' a selected network, 'median' the population's median. */
  kind: 'network' | 'highlight' | 'median';
  /** A stroke colour of its own (families in the depth view); else the kind's style. */
  color?: string;
  /** For the line's tooltip. */
  title?: string;
  /** Drawn lighter (the other families' medians in the inspector's family chart). */
  faint?: boolean;
  /** A stroke-dasharray (a family's median under a network of that family). */
  dash?: string;
  /** Written as data-line on the path (what a test or a reader can find it by). */
  id?: string;
  /** Drawing order (higher on top); default by kind: network 0, highlight 1, median 2. */
  z?: number;
}

export interface DynamicsBand {
  epochs: readonly number[];
  lo: readonly number[];
  hi: readonly number[];
}

interface Props {
  label: string;
  lines: DynamicsLine[];
  band?: DynamicsBand;
  logLog: boolean;
  fit?: PowerLawFit;
  width?: number;
  height?: number;
  /** What the x axis is (default 'epoch'); the depth view uses 'relative depth'. */
  xLabel?: string;
  /** Makes it a linked chart for the chart export and the gallery (svg[data-export-chart]). */
  exportChart?: string;
  /** data-testid (default 'dynamics-chart'). */
  testId?: string;
}

const usable = (e: number, v: number, logLog: boolean) => Number.isFinite(v) && (!logLog || (e >= 1 && v > 0));

export function DynamicsChart({
  label,
  lines,
  band,
  logLog,
  fit,
  width = 268,
  height = 132,
  xLabel = 'epoch',
  exportChart,
  testId = 'dynamics-chart',
}: Props) {
  const W = width;
  const H = height;
  const M = { l: 34, r: 6, t: 6, b: 18 };
  const pts: [number, number][] = [];
  for (const l of lines) l.epochs.forEach((e, i) => usable(e, l.values[i], logLog) && pts.push([e, l.values[i]]));
  if (band)
    band.epochs.forEach(
      (e, i) => usable(e, band.lo[i], logLog) && usable(e, band.hi[i], logLog) && pts.push([e, band.lo[i]], [e, band.hi[i]]),
    );
  if (pts.length === 0) {
    return (
      <p className="muted" data-testid="dynamics-empty">
        {logLog ? 'No epoch ≥ 1 with a positive value to put on log axes.' : `No finite ${label} at any stored epoch.`}
      </p>
    );
  }
  let [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
  if (x1 === x0) [x0, x1] = logLog ? [x0 / 2, x1 * 2] : [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = logLog ? [y0 / 2, y1 * 2] : [y0 - 1, y1 + 1];
  const x: ScaleContinuousNumeric<number, number> = (logLog ? scaleLog() : scaleLinear()).domain([x0, x1]).range([M.l, W - M.r]);
  const y: ScaleContinuousNumeric<number, number> = (logLog ? scaleLog() : scaleLinear()).domain([y0, y1]).range([H - M.b, M.t]);
  const path = (epochs: readonly number[], values: readonly number[]) =>
    line<number>()
      .defined((i) => usable(epochs[i], values[i], logLog))
      .x((i) => x(epochs[i]))
      .y((i) => y(values[i]))(epochs.map((_, i) => i)) ?? '';
  let bandPath = '';
  if (band) {
    const idx = band.epochs
      .map((_, i) => i)
      .filter((i) => usable(band.epochs[i], band.lo[i], logLog) && usable(band.epochs[i], band.hi[i], logLog));
    if (idx.length > 1) {
      bandPath =
        idx.map((i, q) => `${q ? 'L' : 'M'}${x(band.epochs[i]).toFixed(1)},${y(band.hi[i]).toFixed(1)}`).join('') +
        idx
          .slice()
          .reverse()
          .map((i) => `L${x(band.epochs[i]).toFixed(1)},${y(band.lo[i]).toFixed(1)}`)
          .join('') +
        'Z';
    }
  }
  const fitPath =
    logLog && fit && Number.isFinite(fit.exponent)
      ? `M${x(fit.from).toFixed(1)},${y(fit.prefactor * fit.from ** fit.exponent).toFixed(1)}L${x(fit.to).toFixed(1)},${y(fit.prefactor * fit.to ** fit.exponent).toFixed(1)}`
      : '';
  const order = { network: 0, highlight: 1, median: 2 };
  const sorted = lines.slice().sort((a, b) => (a.z ?? order[a.kind]) - (b.z ?? order[b.kind]));
  const single = lines.length === 1;
  return (
    <svg
      className="dynamics-chart"
      data-testid={testId}
      data-export-chart={exportChart}
      data-log-log={logLog ? 'true' : 'false'}
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`${label} against ${xLabel}${logLog ? ' (log–log)' : ''}`}
    >
      {bandPath && <path d={bandPath} className="dynamics-band" />}
      {sorted.map((l, k) => (
        <path
          key={k}
          d={path(l.epochs, l.values)}
          className={`dynamics-line dynamics-${l.kind}`}
          style={l.color ? { stroke: l.color } : undefined}
          fill="none"
          strokeOpacity={l.faint ? 0.35 : undefined}
          strokeDasharray={l.dash}
          data-line={l.id}
        >
          {l.title && <title>{l.title}</title>}
        </path>
      ))}
      {single &&
        lines[0].epochs.map(
          (e, i) =>
            usable(e, lines[0].values[i], logLog) && (
              <circle key={e} cx={x(e)} cy={y(lines[0].values[i])} r={2.4} className="dynamics-dot" />
            ),
        )}
      {fitPath && <path d={fitPath} className="dynamics-fit" data-testid="dynamics-fit" />}
      <line x1={M.l} x2={W - M.r} y1={H - M.b} y2={H - M.b} className="dynamics-axis" stroke="#7a8494" />
      <line x1={M.l} x2={M.l} y1={M.t} y2={H - M.b} className="dynamics-axis" stroke="#7a8494" />
      <text x={M.l} y={H - 4} className="chart-label">
        {formatValue(x0)}
      </text>
      <text x={W - M.r} y={H - 4} className="chart-label" textAnchor="end">
        {xLabel} {formatValue(x1)}
      </text>
      <text x={M.l - 3} y={M.t + 8} className="chart-label" textAnchor="end">
        {formatValue(y1)}
      </text>
      <text x={M.l - 3} y={H - M.b} className="chart-label" textAnchor="end">
        {formatValue(y0)}
      </text>
    </svg>
  );
}

/** "∝ epoch^−0.42 (R² 0.97, epochs 1–20, 5 points)" or why there is no fit. */
export function describePowerLaw(fit: PowerLawFit): string {
  if (!Number.isFinite(fit.exponent))
    return `no power-law fit: it needs at least 3 stored epochs ≥ 1 with a positive value (${fit.n} here)`;
  const exp = formatValue(fit.exponent).replace('-', '−');
  return `∝ epoch^${exp} (R² ${formatValue(fit.r2)}, epochs ${fit.from}–${fit.to}, ${fit.n} points)`;
}
