// Compare view, aligned feature panels: every feature of the two networks in one
// table (same rows, same order, the larger value marked, the rank in the population),
// and each per-layer depth profile of both networks drawn on shared axes.
import { useMemo } from 'react';
import { line, scaleLinear } from 'd3';
import type { NetworkRecord } from '../../core/types';
import { FEATURE_INFO, type FeatureInfo } from '../../core/features/info';
import { columnRanks } from '../../core/explore/summary';
import { useStore } from '../../state/store';
import { formatValue } from '../color';
import { FamilyDepth } from '../features/FamilyDepth';
import './inspect.css';

const INFO = FEATURE_INFO as Record<string, FeatureInfo>;
// Shown in the compare table above already.
const SKIP = new Set(['testAcc', 'testLoss', 'trainAcc', 'genGap']);
const PROFILES: { id: string; label: string }[] = [
  { id: 'effDim', label: 'effective dim.' },
  { id: 'phDim', label: 'PH dimension' },
  { id: 'nonlinR1', label: 'linear deficit R(1)*' },
];

function ProfilePair({ id, label, a, b }: { id: string; label: string; a: NetworkRecord; b: NetworkRecord }) {
  const W = 124;
  const H = 62;
  const series = [a, b].map((n) => {
    const lp = n.layerProfile;
    const v = lp?.features[id];
    return lp && v ? lp.layers.map((l, i) => [l, v[i]] as [number, number]).filter(([, y]) => Number.isFinite(y)) : [];
  });
  if (!series[0].length && !series[1].length) return null;
  const all = [...series[0], ...series[1]];
  const maxLayer = Math.max(1, ...all.map(([l]) => l));
  let lo = Math.min(...all.map(([, y]) => y));
  let hi = Math.max(...all.map(([, y]) => y));
  if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
  const x = scaleLinear()
    .domain([0, maxLayer])
    .range([8, W - 8]);
  const y = scaleLinear()
    .domain([lo, hi])
    .range([H - 14, 6]);
  const path = line<[number, number]>()
    .x(([l]) => x(l))
    .y(([, v]) => y(v));
  return (
    <div className="depth-profile compare-profile" data-testid={`compare-profile-${id}`}>
      <div className="depth-profile-title">{label}</div>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label} by hidden layer, both networks on one axis`}>
        {series.map((s, k) => (
          <g key={k} className={k === 0 ? 'cmp-a' : 'cmp-b'} data-points={s.length}>
            <path d={path(s) ?? ''} />
            {s.map(([l, v]) => (
              <circle key={l} cx={x(l)} cy={y(v)} r={2.2} />
            ))}
          </g>
        ))}
        {Array.from({ length: maxLayer + 1 }, (_, l) => (
          <text key={l} className="chart-tick" x={x(l)} y={H - 2} textAnchor="middle">
            h{l + 1}
          </text>
        ))}
      </svg>
      <div className="depth-profile-title">
        {formatValue(lo)} – {formatValue(hi)}
      </div>
    </div>
  );
}

export function CompareFeatures({ a, b }: { a: NetworkRecord; b: NetworkRecord }) {
  const table = useStore((s) => s.table);
  const ids = useMemo(
    () =>
      Object.keys(INFO).filter(
        (k) => !SKIP.has(k) && !INFO[k].perLayer && (a.features?.[k] !== undefined || b.features?.[k] !== undefined),
      ),
    [a, b],
  );
  const ranks = useMemo(() => {
    const m = new Map<string, Float64Array | number[]>();
    if (!table) return m;
    for (const k of ids) {
      const c = table.byId.get(k);
      if (c && c.type !== 'categorical') m.set(k, columnRanks(c));
    }
    return m;
  }, [table, ids]);
  const rowA = table ? table.ids.indexOf(a.id) : -1;
  const rowB = table ? table.ids.indexOf(b.id) : -1;
  const rankOf = (k: string, row: number) => {
    const r = ranks.get(k)?.[row];
    return r !== undefined && Number.isFinite(r) ? ` #${r}` : '';
  };
  const profiles = PROFILES.filter((p) => a.layerProfile?.features[p.id] || b.layerProfile?.features[p.id]);
  return (
    <div className="compare-features" data-testid="compare-features">
      {profiles.length > 0 && (
        <>
          <h3>
            Depth profiles <span className="cmp-key cmp-a-key">pinned</span> <span className="cmp-key cmp-b-key">other</span>
          </h3>
          <div className="compare-profiles">
            {profiles.map((p) => (
              <ProfilePair key={p.id} id={p.id} label={p.label} a={a} b={b} />
            ))}
          </div>
          <FamilyDepth networks={[a, b]} names={['pinned', 'other']} />
        </>
      )}
      {ids.length > 0 && (
        <>
          <h3>Features (value, rank in the population)</h3>
          <table className="kv compare-table compare-feature-table">
            <thead>
              <tr>
                <th />
                <th title={a.id}>pinned</th>
                <th title={b.id}>other</th>
              </tr>
            </thead>
            <tbody>
              {ids.map((k) => {
                const va = a.features?.[k] ?? NaN;
                const vb = b.features?.[k] ?? NaN;
                const both = Number.isFinite(va) && Number.isFinite(vb);
                return (
                  <tr key={k} title={INFO[k].description} data-feature={k}>
                    <th scope="row">{INFO[k].label}</th>
                    <td className={both && va > vb ? 'larger' : undefined}>
                      {formatValue(va)}
                      <span className="muted">{rankOf(k, rowA)}</span>
                    </td>
                    <td className={both && vb > va ? 'larger' : undefined}>
                      {formatValue(vb)}
                      <span className="muted">{rankOf(k, rowB)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
