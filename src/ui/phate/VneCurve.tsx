// The von Neumann entropy of the diffusion operator against the power t, with
// the knee (t = auto's choice) and the t in use marked (METHODS §3.4).
import { line, scaleLinear } from 'd3';

const W = 268;
const H = 92;
const M = { l: 30, r: 8, t: 8, b: 20 };

export function VneCurve({ vne, knee, t }: { vne: Float64Array; knee: number; t: number }) {
  if (vne.length < 2) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of vne) if (Number.isFinite(v)) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
  const x = scaleLinear()
    .domain([0, vne.length - 1])
    .range([M.l, W - M.r]);
  const y = scaleLinear()
    .domain([lo, hi > lo ? hi : lo + 1])
    .range([H - M.b, M.t])
    .nice();
  const d =
    line<number>()
      .x((_, i) => x(i))
      .y((v) => y(v))(Array.from(vne)) ?? '';
  const at = (i: number) => vne[Math.max(0, Math.min(vne.length - 1, i))];
  return (
    <svg
      className="vne-curve"
      data-testid="vne-curve"
      data-knee={knee}
      data-t={t}
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={`Von Neumann entropy against t; knee at t = ${knee}, t in use ${t}`}
    >
      {y.ticks(3).map((v) => (
        <g key={v}>
          <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} className="chart-grid" />
          <text x={M.l - 4} y={y(v) + 3} textAnchor="end" className="chart-tick">
            {v.toFixed(1)}
          </text>
        </g>
      ))}
      {x.ticks(5).map((v) => (
        <text key={v} x={x(v)} y={H - 6} textAnchor="middle" className="chart-tick">
          {v}
        </text>
      ))}
      <path d={d} className="vne-line" />
      {t !== knee && <line x1={x(t)} x2={x(t)} y1={M.t} y2={H - M.b} className="vne-t" data-testid="vne-t" />}
      <line x1={x(knee)} x2={x(knee)} y1={M.t} y2={H - M.b} className="vne-knee-line" />
      <circle cx={x(knee)} cy={y(at(knee))} r={4} className="vne-knee" data-testid="vne-knee">
        <title>knee: t = {knee}</title>
      </circle>
      {t !== knee && <circle cx={x(t)} cy={y(at(t))} r={3.5} className="vne-t-dot" />}
      <text x={W - M.r} y={M.t + 8} textAnchor="end" className="chart-label">
        H(P^t) · knee t = {knee}
      </text>
    </svg>
  );
}
