import { useMemo } from 'react';
import type { NetworkRecord } from '../core/types';
import { getColumn } from '../core/explore/table';
import { useStore } from '../state/store';
import { formatValue } from './color';
import { architectureText, hpText } from './hyperparamText';

// Key features shown when present (after the colour column, unless it is one of them).
const KEY_FEATURES: [string, string][] = [
  ['silhouette', 'silhouette'],
  ['dse', 'DSE'],
  ['effDim', 'eff. dimension'],
];

/** The colour-by column's value for this network and its key features, as label/value rows. */
function useExtraRows(n: NetworkRecord): { colour: [string, string] | null; features: [string, string, string][] } {
  const table = useStore((s) => s.table);
  const colorColumn = useStore((s) => s.colorColumn);
  const row = useMemo(() => (table ? new Map(table.ids.map((id, i) => [id, i])) : null), [table]);
  const r = row?.get(n.id) ?? -1;
  const col = table && r >= 0 ? getColumn(table, colorColumn) : undefined;
  let colour: [string, string] | null = null;
  if (col) {
    const v = col.values[r];
    colour = [col.label, col.type === 'categorical' ? (Number.isNaN(v) ? '—' : col.dictionary![v]) : formatValue(v)];
  }
  const features = KEY_FEATURES.filter(([id]) => id !== colorColumn && n.features && Number.isFinite(n.features[id])).map(
    ([id, label]) => [id, label, formatValue(n.features![id])] as [string, string, string],
  );
  return { colour, features };
}

/** Hover card for one network, placed next to the pointer (client coordinates). */
export function Tooltip({ network: n, x, y }: { network: NetworkRecord; x: number; y: number }) {
  const flip = x > window.innerWidth - 280;
  const extra = useExtraRows(n);
  return (
    <div
      className="tooltip"
      data-testid="tooltip"
      role="tooltip"
      style={{ left: flip ? undefined : x + 14, right: flip ? window.innerWidth - x + 14 : undefined, top: y + 14 }}
    >
      <div className="tooltip-id">{n.id}</div>
      {extra.colour && (
        <div className="tooltip-row tooltip-colour" data-testid="tooltip-colour">
          <span>{extra.colour[0]}</span>
          <b>{extra.colour[1]}</b>
        </div>
      )}
      <div className="tooltip-row">
        <span>test acc.</span>
        <b>{Number.isFinite(n.final.testAcc) ? `${(n.final.testAcc * 100).toFixed(1)}%` : '—'}</b>
      </div>
      <div className="tooltip-row">
        <span>layers</span>
        <b>{(n.hp.architecture ?? 'mlp') === 'mlp' ? `[${n.hp.widths.join(', ')}]` : architectureText(n)}</b>
      </div>
      <div className="tooltip-row">
        <span>activation</span>
        <b>{hpText(n, 'activation')}</b>
      </div>
      <div className="tooltip-row">
        <span>optimizer</span>
        <b>
          {hpText(n, 'optimizer')} · lr {hpText(n, 'learningRate')}
        </b>
      </div>
      {extra.features.map(([id, label, v]) => (
        <div key={id} className="tooltip-row" data-testid={`tooltip-feature-${id}`}>
          <span>{label}</span>
          <b>{v}</b>
        </div>
      ))}
      {n.status !== 'ok' && <div className={`badge badge-${n.status}`}>{n.status}</div>}
    </div>
  );
}
