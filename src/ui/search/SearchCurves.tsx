// Best-so-far test accuracy of the two search arms against the new networks
// each has trained: x = 0 is the best of the population the search started
// from (both arms share it), then one point per new network. d3 computes
// scales and paths; React renders the SVG.
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
  // From the population's best on: the population's own order says nothing about a search.
  const from = Math.max(0, curves.initial - 1);
  const shown = { guided: curves.guided.slice(from), random: curves.random.slice(from) };
  const all = [...shown.guided, ...shown.random].filter(Number.isFinite);
  const n = Math.max(budget - curves.initial, shown.guided.length - 1, shown.random.length - 1, 1);
  const x = scaleLinear()
    .domain([0, n])
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
      .x((_, i) => x(i))
      .y((v) => y(v))(values) ?? '';
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
        {y.ticks(4).map((t, _, ticks) => (
          <g key={`y${t}`}>
            <line className="chart-grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text className="chart-tick" x={M.left - 5} y={y(t)} dy="0.32em" textAnchor="end">
              {y.tickFormat(ticks.length)(t)}
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
        <circle
          className="search-start"
          data-testid="search-start-point"
          cx={x(0)}
          cy={Number.isFinite(shown.guided[0]) ? y(shown.guided[0]) : y(lo)}
          r={3}
        >
          <title>{`the best of the population's ${curves.initial} networks, where both arms start`}</title>
        </circle>
        {ARMS.map((a) => (
          <path
            key={a.key}
            className={`chart-line search-line-${a.key}`}
            data-arm={a.key}
            data-points={shown[a.key].length}
            d={pathOf(shown[a.key])}
          />
        ))}
        <text className="chart-tick" x={W - M.right} y={H - 2} textAnchor="end">
          new networks per arm
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
