// Inspector panels of one network (explorer, issue 6): architecture diagram,
// every feature with its rank in the population, and its nearest networks in
// the population's distance (clickable). Also the pin button for comparison.
import { describeArchitecture, hiddenLayerName, hiddenLayerWidths } from '../../core/architecture';
import { useMemo } from 'react';
import { useStore, getState } from '../../state/store';
import type { NetworkRecord, Population } from '../../core/types';
import { rankOfRow } from '../../core/explore/summary';
import { kNearest, type NeighbourSource } from '../../core/explore/neighbours';
import { formatValue } from '../color';
import { FULL_DISTANCES_MAX } from '../../core/distance/budget';
import { hpText } from '../hyperparamText';

/** Distances between networks: the population's matrix, else Euclidean in the embedding. */
export function neighbourSource(pop: Population): { src: NeighbourSource; label: string } | null {
  const N = pop.networks.length;
  if (pop.distances && pop.distances.length === N * N)
    return { src: { distances: pop.distances, n: N }, label: pop.provenance.metric.name + ' distance' };
  if (pop.embedding)
    return { src: { coords: pop.embedding.embedding, dim: pop.embedding.nComponents }, label: 'distance in the embedding' };
  return null;
}

export function ArchitectureDiagram({ network }: { network: NetworkRecord }) {
  // Every hidden layer with activations: conv layers (channels) or attention blocks (width), then dense layers.
  const widths = hiddenLayerWidths(network.hp);
  const maxW = Math.max(...widths, 1);
  const layers = [{ label: 'in', w: 0 }, ...widths.map((w, i) => ({ label: hiddenLayerName(network.hp, i), w })), { label: 'out', w: 0 }];
  const mlp = (network.hp.architecture ?? 'mlp') === 'mlp';
  const W = 300;
  const H = 96;
  const step = W / layers.length;
  const hOf = (w: number) => (w ? 18 + 56 * Math.sqrt(w / maxW) : 22);
  return (
    <svg
      className="arch-diagram"
      data-testid="architecture"
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-label={
        mlp
          ? `Architecture: ${widths.join(' → ')} hidden units, ${network.hp.activation}`
          : `Architecture: ${describeArchitecture(network.hp)}, ${network.hp.activation}`
      }
    >
      {layers.map((l, i) => {
        const cx = step * (i + 0.5);
        const h = hOf(l.w);
        const next = layers[i + 1];
        return (
          <g key={i}>
            {next && (
              <path
                className="arch-link"
                d={`M${cx + 11},${H / 2 - h / 2 + 4} L${cx + step - 11},${H / 2 - hOf(next.w) / 2 + 4} L${cx + step - 11},${H / 2 + hOf(next.w) / 2 - 4} L${cx + 11},${H / 2 + h / 2 - 4} Z`}
              />
            )}
            <rect className={l.w ? 'arch-layer' : 'arch-io'} x={cx - 11} y={H / 2 - h / 2} width={22} height={h} rx={4} />
            <text className="chart-tick" x={cx} y={H - 2} textAnchor="middle">
              {l.w ? l.w : l.label}
            </text>
          </g>
        );
      })}
      <text className="chart-tick" x={4} y={10}>
        {hpText(network, 'activation')} · dropout {hpText(network, 'dropout')} · {hpText(network, 'optimizer')}
      </text>
    </svg>
  );
}

export function FeatureRanks({ network }: { network: NetworkRecord }) {
  const table = useStore((s) => s.table);
  const row = table ? table.ids.indexOf(network.id) : -1;
  const cols = useMemo(() => (table ? table.columns.filter((c) => c.group === 'feature' || c.group === 'metric') : []), [table]);
  // One row's rank per column: a linear pass each (sorting every column took ~180 ms at 10,000 networks).
  const ranks = useMemo(() => new Map(cols.map((c) => [c.id, row >= 0 ? rankOfRow(c, row) : NaN])), [cols, row]);
  if (!table || row < 0) return null;
  const n = table.rowCount;
  return (
    <table className="kv feature-ranks" data-testid="feature-ranks">
      <tbody>
        {cols.map((c) => {
          const v = c.values[row];
          const rk = ranks.get(c.id)!;
          return (
            <tr key={c.id}>
              <th scope="row" title={c.label}>
                {c.label}
              </th>
              <td>{formatValue(v)}</td>
              <td className="rank-cell" title="rank in the population (1 = largest)">
                {Number.isFinite(rk) ? (
                  <>
                    <span className="rank-bar">
                      <i style={{ width: `${100 * (1 - (rk - 1) / Math.max(1, n - 1))}%` }} />
                    </span>
                    #{rk}
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function NearestNetworks({ network, k = 6 }: { network: NetworkRecord; k?: number }) {
  const pop = useStore((s) => s.population);
  const result = useMemo(() => {
    if (!pop) return null;
    const src = neighbourSource(pop);
    const i = pop.networks.findIndex((n) => n.id === network.id);
    if (!src || i < 0) return null;
    return { label: src.label, list: kNearest(src.src, i, k), noDistances: !pop.distances };
  }, [pop, network, k]);
  if (!pop || !result) return null;
  return (
    <div className="nearest" data-testid="nearest">
      {result.noDistances && (
        <div className="muted small" data-testid="nearest-no-distances">
          The network distance list is unavailable: this population keeps no distances between networks (above{' '}
          {FULL_DISTANCES_MAX.toLocaleString('en-US')} networks they are not kept). Nearest by distance in the embedding instead.
        </div>
      )}
      <div className="muted small">by {result.label}</div>
      <ol className="nearest-list">
        {result.list.map(({ index, distance }) => {
          const n = pop.networks[index];
          return (
            <li key={n.id}>
              <button
                className="link"
                data-testid="nearest-item"
                onClick={() => getState().setSelected(n.id)}
                onMouseEnter={() => getState().setHovered(n.id)}
                onMouseLeave={() => getState().setHovered(null)}
              >
                {n.id}
              </button>
              <span className="muted">
                {n.hp.activation} · [{n.hp.widths.join(',')}] ·{' '}
                {Number.isFinite(n.final.testAcc) ? `${(n.final.testAcc * 100).toFixed(0)}%` : '—'}
              </span>
              <span className="nearest-d">{formatValue(distance)}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function PinButton({ network }: { network: NetworkRecord }) {
  const pinned = useStore((s) => s.pinnedId);
  const isPinned = pinned === network.id;
  return (
    <button
      className={isPinned ? 'tb-button active' : 'tb-button'}
      data-testid="pin"
      aria-pressed={isPinned}
      title={isPinned ? 'Unpin' : 'Pin this network, then click or hover another to compare them'}
      onClick={() => getState().setPinned(isPinned ? null : network.id)}
    >
      {isPinned ? 'Pinned' : 'Pin to compare'}
    </button>
  );
}

/** Inspector additions below the foundation panels. */
export function InspectorExtras({ network }: { network: NetworkRecord }) {
  return (
    <>
      <h3>Architecture</h3>
      <ArchitectureDiagram network={network} />
      <h3>Features and rank in the population</h3>
      <FeatureRanks network={network} />
      <h3>Nearest networks</h3>
      <NearestNetworks network={network} />
    </>
  );
}
