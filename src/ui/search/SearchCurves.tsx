// Best-so-far test accuracy of the two search arms against networks trained
// (the population's networks first: both curves share that stretch). d3
// computes scales and paths; React renders the SVG.
import { line, scaleLinear } from 'd3';
import type { SearchCurves as Curves } from '../../state/search';

const W = 300;
const H = 150;
const M = { left: 40, right: 10, top: 16, bottom: 24 };
const ARMS = [
  { key: 'guided', label: 'guided (manifold)' },
  { key: 'random', label: 'random' },
] as const;

export function SearchCurves({ curves, budget }: { curves: Curves; budget: number }) {
  const all = [...curves.guided, ...curves.random].filter(Number.isFinite);
  const n = Math.max(budget, curves.guided.length, curves.random.length, 2);
  const x = scaleLinear()
    .domain([1, n])
    .range([M.left, W - M.right]);
  let lo = all.length ? Math.min(...all) : 0;
  let hi = all.length ? Math.max(...all) : 1;
  if (hi - lo < 0.02) [lo, hi] = [Math.max(0, hi - 0.02), Math.min(1, hi + 0.01)];
  const y = scaleLinear()
    .domain([lo, hi])
    .nice(4)
    .range([H - M.bottom, M.top]);
  const pathOf = (values: number[]) =>
    line<number>()
      .defined((v) => Number.isFinite(v))
      .x((_, i) => x(i + 1))
      .y((v) => y(v))(values) ?? '';
  const start = curves.initial;
  return (
    <figure className="search-curves">
      <svg
        data-testid="search-chart"
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label="Best-so-far test accuracy of guided and random search against networks trained"
      >
        <text className="chart-title" x={M.left} y={M.top - 5}>
          best test accuracy so far
        </text>
        {y.ticks(4).map((t) => (
          <g key={`y${t}`}>
            <line className="chart-grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text className="chart-tick" x={M.left - 5} y={y(t)} dy="0.32em" textAnchor="end">
              {t.toFixed(2)}
            </text>
          </g>
        ))}
        {x
          .ticks(5)
          .filter(Number.isInteger)
          .map((t) => (
            <text key={`x${t}`} className="chart-tick" x={x(t)} y={H - M.bottom + 12} textAnchor="middle">
              {t}
            </text>
          ))}
        <line className="chart-axis" x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
        {start >= 1 && start < n && (
          <line className="search-start" data-testid="search-start-line" x1={x(start)} x2={x(start)} y1={M.top} y2={H - M.bottom}>
            <title>the search starts here: networks before it are the population's own</title>
          </line>
        )}
        {ARMS.map((a) => (
          <path
            key={a.key}
            className={`chart-line search-line-${a.key}`}
            data-arm={a.key}
            data-points={curves[a.key].length}
            d={pathOf(curves[a.key])}
          />
        ))}
        <text className="chart-tick" x={W - M.right} y={H - 2} textAnchor="end">
          networks trained per arm
        </text>
      </svg>
      <figcaption className="chart-legend">
        {ARMS.map((a) => (
          <span key={a.key}>
            <span className={`key search-key-${a.key}`} /> {a.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
