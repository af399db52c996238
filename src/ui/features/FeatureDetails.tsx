// Inspector section for one network's features: the scalar features, per-layer
// depth profiles (PH dimension, effective dimension, nonlinearity), the H0/H1
// barcode and the average-linkage dendrogram (computed on demand in a worker).
import { theApp } from '../../app/start';
import { useEffect, useState } from 'react';
import { line, scaleLinear } from 'd3';
import type { NetworkRecord } from '../../core/types';
import { FEATURE_INFO, type FeatureInfo } from '../../core/features/info';
import type { NetworkAnalysis } from '../../workers/features.worker';
import { CATEGORICAL_PALETTE, formatValue } from '../color';
import { NetworkDynamics } from './NetworkDynamics';
import { FamilyDepth } from './FamilyDepth';
import './features.css';

const INFO = FEATURE_INFO as Record<string, FeatureInfo>;
const SKIP = new Set(['testAcc', 'testLoss', 'trainAcc', 'genGap']);
const PROFILE_IDS: { id: string; label: string }[] = [
  { id: 'effDim', label: 'effective dim.' },
  { id: 'phDim', label: 'PH dimension' },
  { id: 'nonlinR1', label: 'linear deficit R(1)*' },
];

function DepthProfile({ label, layers, values }: { label: string; layers: number[]; values: number[] }) {
  const W = 84;
  const H = 44;
  const finite = values.filter(Number.isFinite);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const x = scaleLinear()
    .domain([0, Math.max(1, layers.length - 1)])
    .range([6, W - 6]);
  const y = scaleLinear()
    .domain(hi > lo ? [lo, hi] : [lo - 1, hi + 1])
    .range([H - 6, 6]);
  const pts = values.map((v, i) => [i, v] as const).filter(([, v]) => Number.isFinite(v));
  const d =
    line<readonly [number, number]>()
      .x(([i]) => x(i))
      .y(([, v]) => y(v))(pts) ?? '';
  return (
    <div className="depth-profile" title={`${label} by hidden layer: ${values.map((v) => formatValue(v)).join(', ')}`}>
      <div className="depth-profile-title">{label}</div>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label} depth profile`}>
        <path d={d} className="depth-line" />
        {pts.map(([i, v]) => (
          <circle key={i} cx={x(i)} cy={y(v)} r={2.2} className="depth-dot" />
        ))}
      </svg>
      <div className="depth-profile-title">{finite.length ? `${formatValue(lo)} – ${formatValue(hi)}` : '—'}</div>
    </div>
  );
}

function Barcode({ a }: { a: NetworkAnalysis }) {
  const W = 268;
  const h0 = Array.from(a.h0)
    .sort((p, q) => q - p)
    .slice(0, 60);
  const h1: [number, number][] = [];
  for (let i = 0; i < a.h1.length; i += 2) h1.push([a.h1[i], a.h1[i + 1]]);
  h1.sort((p, q) => q[1] - q[0] - (p[1] - p[0]));
  const h1s = h1.slice(0, 30);
  const max = Math.max(h0[0] ?? 1, ...h1s.map((b) => b[1]));
  const x = scaleLinear()
    .domain([0, max])
    .range([4, W - 4]);
  const rows = h0.length + h1s.length;
  const H = rows * 2.2 + 26;
  return (
    <svg
      className="barcode"
      data-testid="barcode"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Persistence barcode: ${a.h0.length} H0 bars, ${a.h1.length / 2} H1 bars`}
    >
      {h0.map((d, i) => (
        <line key={`a${i}`} x1={x(0)} x2={x(d)} y1={4 + i * 2.2} y2={4 + i * 2.2} className="barcode-h0" />
      ))}
      {h1s.map(([b, d], i) => (
        <line key={`b${i}`} x1={x(b)} x2={x(d)} y1={8 + (h0.length + i) * 2.2} y2={8 + (h0.length + i) * 2.2} className="barcode-h1" />
      ))}
      <text x={4} y={H - 4} className="chart-label">
        H0 ({a.h0.length}, longest 60) · H1 ({a.h1.length / 2}) · 0 – {formatValue(max)}
      </text>
    </svg>
  );
}

function Dendrogram({ a }: { a: NetworkAnalysis }) {
  const W = 268;
  const H = 110;
  const n = a.n;
  const Z = a.linkage;
  if (Z.length < 4) return null;
  // Leaf order by depth-first walk from the root; node x = mean of its children.
  const xs = new Float64Array(2 * n - 1);
  const hs = new Float64Array(2 * n - 1);
  const order: number[] = [];
  const stack = [2 * n - 2];
  while (stack.length) {
    const v = stack.pop()!;
    if (v < n) order.push(v);
    else stack.push(Z[(v - n) * 4 + 1], Z[(v - n) * 4]);
  }
  order.forEach((leaf, i) => (xs[leaf] = i));
  let top = 0;
  for (let i = 0; i < n - 1; i++) {
    const p = n + i;
    xs[p] = (xs[Z[i * 4]] + xs[Z[i * 4 + 1]]) / 2;
    hs[p] = Z[i * 4 + 2];
    top = Math.max(top, hs[p]);
  }
  const x = scaleLinear()
    .domain([0, n - 1])
    .range([3, W - 3]);
  const y = scaleLinear()
    .domain([0, top || 1])
    .range([H - 10, 4]);
  let d = '';
  for (let i = 0; i < n - 1; i++) {
    const A = Z[i * 4];
    const B = Z[i * 4 + 1];
    const h = y(hs[n + i]);
    d += `M${x(xs[A]).toFixed(1)},${y(hs[A]).toFixed(1)}V${h.toFixed(1)}H${x(xs[B]).toFixed(1)}V${y(hs[B]).toFixed(1)}`;
  }
  return (
    <svg
      className="dendrogram"
      data-testid="dendrogram"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Average-linkage dendrogram of the probe activations, leaves coloured by class"
    >
      <path d={d} className="dendro-line" />
      {order.map((leaf, i) => (
        <rect
          key={leaf}
          x={x(i) - 0.6}
          y={H - 8}
          width={Math.max(1, (W - 6) / n)}
          height={6}
          fill={CATEGORICAL_PALETTE[a.labels[leaf] % CATEGORICAL_PALETTE.length]}
        />
      ))}
    </svg>
  );
}

export function FeatureDetails({ network }: { network: NetworkRecord }) {
  const [analysis, setAnalysis] = useState<{ id: string; a: NetworkAnalysis | null; error?: string } | null>(null);
  useEffect(() => {
    let live = true;
    setAnalysis(null);
    theApp()
      .features.analyseNetwork(network)
      .then(
        (a) => live && setAnalysis({ id: network.id, a }),
        (e: unknown) => live && setAnalysis({ id: network.id, a: null, error: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      live = false;
    };
  }, [network.id]);
  const f = network.features;
  const ids = f ? Object.keys(INFO).filter((k) => !SKIP.has(k) && k in f) : [];
  const lp = network.layerProfile;
  return (
    <div className="feature-details" data-testid="feature-details">
      {lp && lp.layers.length > 0 && (
        <>
          <h3>Depth profile</h3>
          <div className="depth-profiles" data-testid="depth-profiles">
            {PROFILE_IDS.map(
              (p) => lp.features[p.id] && <DepthProfile key={p.id} label={p.label} layers={lp.layers} values={lp.features[p.id]} />,
            )}
          </div>
          <p className="muted findings-note">* inspired by Janik &amp; Witaszczyk, not their exact measure.</p>
          <FamilyDepth networks={[network]} />
        </>
      )}
      <NetworkDynamics network={network} />
      <h3>Topology and clusters (last hidden layer)</h3>
      {analysis?.a ? (
        <>
          <Barcode a={analysis.a} />
          <Dendrogram a={analysis.a} />
        </>
      ) : (
        <p className="muted">
          {analysis ? (analysis.error ?? 'No usable activations (diverged or missing).') : 'computing barcode and dendrogram…'}
        </p>
      )}
      {ids.length > 0 && (
        <>
          <h3>Features</h3>
          <table className="kv feature-table">
            <tbody>
              {ids.map((k) => (
                <tr key={k} title={INFO[k].description}>
                  <th scope="row">
                    {INFO[k].label}
                    {INFO[k].source === 'inspired' && <span className="feature-tag">inspired</span>}
                  </th>
                  <td>{formatValue(f![k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
