import type { NetworkRecord } from '../core/types';
import { formatValue } from './color';

/** Hover card for one network, placed next to the pointer (client coordinates). */
export function Tooltip({ network: n, x, y }: { network: NetworkRecord; x: number; y: number }) {
  const flip = x > window.innerWidth - 280;
  return (
    <div
      className="tooltip"
      data-testid="tooltip"
      role="tooltip"
      style={{ left: flip ? undefined : x + 14, right: flip ? window.innerWidth - x + 14 : undefined, top: y + 14 }}
    >
      <div className="tooltip-id">{n.id}</div>
      <div className="tooltip-row">
        <span>test acc.</span>
        <b>{Number.isFinite(n.final.testAcc) ? `${(n.final.testAcc * 100).toFixed(1)}%` : '—'}</b>
      </div>
      <div className="tooltip-row">
        <span>layers</span>
        <b>[{n.hp.widths.join(', ')}]</b>
      </div>
      <div className="tooltip-row">
        <span>activation</span>
        <b>{n.hp.activation}</b>
      </div>
      <div className="tooltip-row">
        <span>optimizer</span>
        <b>
          {n.hp.optimizer} · lr {formatValue(n.hp.learningRate)}
        </b>
      </div>
      {n.status !== 'ok' && <div className={`badge badge-${n.status}`}>{n.status}</div>}
    </div>
  );
}
