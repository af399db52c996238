// One linked histogram: every network in grey, the networks passing every
// OTHER view's clause in colour (crossfilter), and its own brush (a range on
// numeric columns, clicked bars on categorical ones).
import { useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { bin, brushX, max, scaleBand, scaleLinear, select, type BrushBehavior } from 'd3';
import { useStore, getState } from '../../state/store';
import type { Column } from '../../core/explore/table';
import { applyClause, clauseOf, clearSource, evaluateSelection, type RangeClause, type ValuesClause } from '../../core/explore/selection';
import { axisTicks } from './axisTicks';
import { formatValue } from '../color';

const W = 250;
const H = 118;
const M = { left: 8, right: 8, top: 18, bottom: 20 };

interface Bins {
  /** Bin edges in axis units (log10 for log columns); categorical: one bin per code. */
  x0: number[];
  x1: number[];
  all: number[];
  sel: number[];
  /** No network has a value (e.g. the generalisation gap of a bundle without train metrics). */
  empty?: boolean;
}

const tf = (log: boolean, v: number) => (log ? Math.log10(v) : v);

/** A centred tick label's x, moved in so the label is never cut at the chart's edges (9.5 px monospace ≈ 5.8 px a character). */
function insideChart(px: number, label: string): number {
  const half = (label.length * 5.8) / 2 + 1;
  return Math.min(W - half, Math.max(half, px));
}

function binColumn(col: Column, fg: Uint8Array, log: boolean): Bins {
  const n = col.values.length;
  if (col.type === 'categorical') {
    const k = col.dictionary!.length;
    const all = new Array(k).fill(0);
    const sel = new Array(k).fill(0);
    for (let r = 0; r < n; r++) {
      const v = col.values[r];
      if (!Number.isFinite(v)) continue;
      all[v]++;
      if (fg[r]) sel[v]++;
    }
    return { x0: all.map((_, i) => i), x1: all.map((_, i) => i + 1), all, sel };
  }
  const xs: number[] = [];
  for (let r = 0; r < n; r++) {
    const v = tf(log, col.values[r]);
    if (Number.isFinite(v)) xs.push(v);
  }
  // Nothing to bin: one empty bar on a unit axis, never NaN coordinates.
  if (xs.length === 0) return { x0: [0], x1: [1], all: [0], sel: [0], empty: true };
  const lo = tf(log, col.domain[0]);
  const hi = tf(log, col.domain[1]);
  const distinct = new Set(xs);
  let edges: number[];
  if (col.type === 'integer' && distinct.size <= 24) {
    const vs = [...distinct].sort((a, b) => a - b);
    edges = vs.map((v, i) => (i === 0 ? v - 0.5 : (vs[i - 1] + v) / 2));
    edges.push(vs[vs.length - 1] + 0.5);
  } else if (hi > lo) {
    const b = bin().domain([lo, hi]).thresholds(24)(xs);
    edges = [b[0].x0!, ...b.map((d) => d.x1!)];
  } else edges = [lo - 0.5, hi + 0.5];
  const k = edges.length - 1;
  const all = new Array(k).fill(0);
  const sel = new Array(k).fill(0);
  for (let r = 0; r < n; r++) {
    const v = tf(log, col.values[r]);
    if (!Number.isFinite(v)) continue;
    let b = 0;
    while (b < k - 1 && v >= edges[b + 1]) b++;
    all[b]++;
    if (fg[r]) sel[b]++;
  }
  return { x0: edges.slice(0, -1), x1: edges.slice(1), all, sel };
}

export function Histogram({ column, onRemove }: { column: string; onRemove?: () => void }) {
  const table = useStore((s) => s.table);
  // Deferred: re-binning waits for a later, interruptible render after a brush release.
  const selection = useDeferredValue(useStore((s) => s.selection));
  const col = table?.byId.get(column);
  const source = `hist:${column}`;
  const log = !!col?.logScale && col.domain[0] > 0;
  const bins = useMemo(() => {
    if (!table || !col) return null;
    return binColumn(col, evaluateSelection(selection, table, { exceptSource: source }), log);
  }, [table, col, selection, source, log]);
  const brushRef = useRef<SVGGElement>(null);
  const brush = useRef<BrushBehavior<unknown> | null>(null);
  const own = clauseOf(selection, source);

  const categorical = col?.type === 'categorical';
  const x = useMemo(() => {
    if (!bins) return null;
    return scaleLinear()
      .domain([bins.x0[0], bins.x1[bins.x1.length - 1]])
      .range([M.left, W - M.right]);
  }, [bins]);

  // d3 owns the brush's DOM; store changes (Esc, another population) clear it.
  useEffect(() => {
    const g = brushRef.current;
    if (!g || !x || categorical) return;
    const b = brushX()
      .extent([
        [M.left, M.top],
        [W - M.right, H - M.bottom],
      ])
      .on('end', (ev: { selection: [number, number] | null; sourceEvent?: unknown }) => {
        if (!ev.sourceEvent) return; // programmatic moves
        const s = getState();
        if (!ev.selection) return s.setSelection(clearSource(s.selection, source));
        let [a, c] = ev.selection.map((px) => x.invert(px));
        if (log) [a, c] = [10 ** a, 10 ** c];
        s.setSelection(applyClause(s.selection, { source, kind: 'range', column, min: a, max: c }));
      });
    brush.current = b as unknown as BrushBehavior<unknown>;
    select(g).call(b);
    return () => {
      select(g).on('.brush', null).selectAll('*').remove();
    };
  }, [x, categorical, column, source, log]);

  useEffect(() => {
    const g = brushRef.current;
    if (!g || !brush.current || !x || categorical) return;
    const cur = own as RangeClause | undefined;
    if (!cur) select(g).call(brush.current.move as never, null);
    else {
      const a = x(tf(log, cur.min));
      const c = x(tf(log, cur.max));
      select(g).call(brush.current.move as never, [Math.max(M.left, a), Math.min(W - M.right, c)]);
    }
  }, [own, x, categorical, log]);

  if (!table || !col || !bins || !x) return null;
  const ymax = max(bins.all) || 1;
  const y = scaleLinear()
    .domain([0, ymax])
    .range([H - M.bottom, M.top]);
  const picked = categorical ? ((own as ValuesClause | undefined)?.values ?? []) : [];
  const band = categorical
    ? scaleBand<number>()
        .domain(bins.x0)
        .range([M.left, W - M.right])
        .padding(0.15)
    : null;
  const selTotal = bins.sel.reduce((a, b) => a + b, 0);
  return (
    <figure className="linked-chart histogram" data-testid={`histogram-${column}`} data-foreground={selTotal}>
      <svg width={W} height={H} data-export-chart="histogram">
        <text className="chart-title" x={M.left} y={11}>
          {col.label}
          {log ? ' (log)' : ''}
        </text>
        {bins.empty && (
          <text
            className="chart-tick"
            x={W / 2}
            y={(H - M.bottom + M.top) / 2}
            textAnchor="middle"
            data-testid={`histogram-${column}-empty`}
          >
            no values in this population
          </text>
        )}
        {bins.all.map((n, i) => {
          const bx = band ? band(bins.x0[i])! : x(bins.x0[i]) + 0.5;
          const bw = band ? band.bandwidth() : Math.max(1, x(bins.x1[i]) - x(bins.x0[i]) - 1);
          const isPicked = picked.includes(col.dictionary?.[i] ?? '');
          return (
            <g
              key={i}
              className={categorical ? 'hist-cat' : undefined}
              onClick={
                categorical
                  ? (e) => {
                      const v = col.dictionary![i];
                      const s = getState();
                      const next =
                        e.shiftKey || picked.length ? (picked.includes(v) ? picked.filter((p) => p !== v) : [...picked, v]) : [v];
                      s.setSelection(
                        next.length
                          ? applyClause(s.selection, { source, kind: 'values', column, values: next })
                          : clearSource(s.selection, source),
                      );
                    }
                  : undefined
              }
            >
              <rect className="hist-all" x={bx} width={bw} y={y(n)} height={H - M.bottom - y(n)} />
              <rect
                className={isPicked ? 'hist-sel picked' : 'hist-sel'}
                x={bx}
                width={bw}
                y={y(bins.sel[i])}
                height={H - M.bottom - y(bins.sel[i])}
              />
              <title>{`${categorical ? col.dictionary![i] : `${formatValue(log ? 10 ** bins.x0[i] : bins.x0[i])} – ${formatValue(log ? 10 ** bins.x1[i] : bins.x1[i])}`}: ${bins.sel[i]} of ${n}`}</title>
            </g>
          );
        })}
        <g className="chart-axis-g" transform={`translate(0,${H - M.bottom})`}>
          {categorical
            ? bins.x0.map((c) => (
                <text
                  key={c}
                  className="chart-tick"
                  x={insideChart(band!(c)! + band!.bandwidth() / 2, col.dictionary![c].slice(0, 7))}
                  y={12}
                  textAnchor="middle"
                >
                  {col.dictionary![c].slice(0, 7)}
                </text>
              ))
            : !bins.empty &&
              axisTicks(x.domain()[0], x.domain()[1], log).map((t) => (
                <text key={t.v} className="chart-tick" x={insideChart(x(t.v), t.label)} y={12} textAnchor="middle">
                  {t.label}
                </text>
              ))}
          <line className="chart-axis" x1={M.left} x2={W - M.right} y1={0} y2={0} />
        </g>
        {!categorical && <g ref={brushRef} className="hist-brush" />}
      </svg>
      {onRemove && (
        <button className="chart-remove icon-button" aria-label={`Remove ${col.label} histogram`} onClick={onRemove}>
          ×
        </button>
      )}
    </figure>
  );
}
