// Training curve of one network: loss (top) and accuracy (bottom) per epoch,
// train solid and test dashed. d3 computes scales and paths; React renders the SVG.
import { line, scaleLinear, scaleLog, extent } from 'd3';
import type { EpochMetrics } from '../core/types';

const W = 300;
const PANEL_H = 92;
const GAP = 26;
const M = { left: 40, right: 10, top: 8, bottom: 22 };

type Key = 'trainLoss' | 'testLoss' | 'trainAcc' | 'testAcc';

interface PanelProps {
  history: EpochMetrics[];
  keys: [Key, Key];
  y0: number;
  title: string;
  domain?: [number, number];
  format: (v: number) => string;
}

function Panel({ history, keys, y0, title, domain, format }: PanelProps) {
  const finite = history.flatMap((h) => keys.map((k) => h[k])).filter(Number.isFinite);
  const [ex0, ex1] = extent(history, (h) => h.epoch) as [number, number];
  const x = scaleLinear()
    .domain(ex0 === undefined ? [0, 1] : ex0 === ex1 ? [ex0 - 1, ex1 + 1] : [ex0, ex1])
    .range([M.left, W - M.right]);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  // Exploding losses span many decades: a log axis keeps the healthy epochs readable.
  const useLog = !domain && lo > 0 && hi / lo > 100;
  let d = domain ?? ([useLog ? lo : Math.min(0, lo), hi] as [number, number]);
  if (d[0] === d[1]) d = [d[0] - 0.5, d[1] + 0.5];
  const y = (useLog ? scaleLog() : scaleLinear())
    .domain(d)
    .nice()
    .range([y0 + PANEL_H, y0]);
  const pathOf = (k: Key) =>
    line<EpochMetrics>()
      .defined((h) => Number.isFinite(h[k]))
      .x((h) => x(h.epoch))
      .y((h) => y(h[k]))(history) ?? '';
  const xTicks = x.ticks(Math.min(6, Math.max(1, history.length))).filter(Number.isInteger);
  let yTicks = useLog ? y.ticks().filter((t) => Number.isInteger(Math.log10(t))) : y.ticks(4);
  if (useLog && yTicks.length > 5) {
    const step = Math.ceil(yTicks.length / 5);
    yTicks = yTicks.filter((_, i) => i % step === 0);
  }
  return (
    <g>
      <text className="chart-title" x={M.left} y={y0 - 4}>
        {title}
        {useLog ? ' (log scale)' : ''}
      </text>
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line className="chart-grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text className="chart-tick" x={M.left - 5} y={y(t)} dy="0.32em" textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={`x${t}`} className="chart-tick" x={x(t)} y={y0 + PANEL_H + 13} textAnchor="middle">
          {t}
        </text>
      ))}
      <line className="chart-axis" x1={M.left} x2={W - M.right} y1={y0 + PANEL_H} y2={y0 + PANEL_H} />
      {keys.map((k, i) => (
        <path key={k} className={`chart-line ${i === 0 ? 'chart-line-train' : 'chart-line-test'}`} d={pathOf(k)} />
      ))}
    </g>
  );
}

export function TrainingCurve({ history }: { history: EpochMetrics[] }) {
  const total = M.top + 12 + PANEL_H + GAP + 12 + PANEL_H + M.bottom;
  const top2 = M.top + 12 + PANEL_H + GAP + 12;
  return (
    <figure className="training-curve">
      <svg
        data-testid="training-curve"
        viewBox={`0 0 ${W} ${total}`}
        width="100%"
        role="img"
        aria-label="Training curve: loss and accuracy per epoch"
      >
        <Panel
          history={history}
          keys={['trainLoss', 'testLoss']}
          y0={M.top + 12}
          title="loss"
          format={(v) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(0) : String(+v.toPrecision(3)))}
        />
        <Panel
          history={history}
          keys={['trainAcc', 'testAcc']}
          y0={top2}
          title="accuracy"
          domain={[0, 1]}
          format={(v) => `${Math.round(v * 100)}%`}
        />
        <text className="chart-tick" x={W - M.right} y={total - 2} textAnchor="end">
          epoch
        </text>
      </svg>
      <figcaption className="chart-legend">
        <span className="key key-train" /> train <span className="key key-test" /> test
      </figcaption>
    </figure>
  );
}
