// Parallel coordinates over hyperparameters, metrics and features. Lines are
// drawn on a canvas (thousands of networks); axes and their brushes are SVG.
// Each axis brush is its own clause ('pcp:<column>'); lines passing the whole
// selection are coloured by the colour column, the rest stay faint grey.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { brushY, scaleLinear, select, type BrushBehavior } from 'd3';
import { useStore, getState } from '../../state/store';
import { getColumn, type Column } from '../../core/explore/table';
import { applyClause, clauseOf, clearSource, type RangeClause } from '../../core/explore/selection';
import { axisTicks } from './axisTicks';
import { columnColorScale } from './columnColor';
import { registerChartExtra } from './chartExport';
import { layoutAxisTitles, shortAxisName, type AxisTitle } from './pcpTitles';

const H = 194;
// top: the chart's caption, then up to two rows of axis titles (pcpTitles.ts).
const M = { top: 46, bottom: 14, left: 40, right: 44 };
const TITLE_ROW_Y = [M.top - 9, M.top - 21];
const TITLE_FONT_PX = 10.5;

/** Width of `s` in the axis titles' font (.pcp-label), via a shared 2-D canvas context. */
let measureCtx: CanvasRenderingContext2D | null = null;
function measureTitle(s: string): number {
  if (!measureCtx) {
    measureCtx = document.createElement('canvas').getContext('2d');
    if (!measureCtx) return s.length * TITLE_FONT_PX * 0.62;
    const mono = getComputedStyle(document.documentElement).getPropertyValue('--mono').trim() || 'monospace';
    measureCtx.font = `${TITLE_FONT_PX}px ${mono}`;
  }
  return measureCtx.measureText(s).width;
}
const TICK_CHAR_PX = 5.8;
const tickText = (label: string) => label.slice(0, 8);
const DEFAULT_AXES = ['depth', 'width', 'activation', 'optimizer', 'learningRate', 'dropout', 'l2', 'accuracy', 'gap'];

const tf = (log: boolean, v: number) => (log ? Math.log10(v) : v);

/** Row r's polyline across the axes (pixel heights per axis), broken where a value is missing: canvas and SVG export alike. */
function tracePolyline(
  axisPixels: Float32Array[],
  r: number,
  ax: (a: number) => number,
  path: { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void },
): void {
  let started = false;
  for (let a = 0; a < axisPixels.length; a++) {
    const py = axisPixels[a][r];
    if (!Number.isFinite(py)) {
      started = false;
      continue;
    }
    if (started) path.lineTo(ax(a), py);
    else path.moveTo(ax(a), py);
    started = true;
  }
}

interface Axis {
  col: Column;
  log: boolean;
  y: (v: number) => number;
  invert: (px: number) => number;
  ticks: { v: number; label: string }[];
}

function makeAxis(col: Column): Axis {
  const log = !!col.logScale && col.domain[0] > 0;
  let lo = tf(log, col.domain[0]);
  let hi = tf(log, col.domain[1]);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  if (col.type === 'categorical') [lo, hi] = [-0.5, col.dictionary!.length - 0.5];
  const s = scaleLinear()
    .domain([lo, hi])
    .range([H - M.bottom, M.top]);
  const ticks = col.type === 'categorical' ? col.dictionary!.map((d, i) => ({ v: i, label: d })) : axisTicks(lo, hi, log);
  return { col, log, y: (v) => s(tf(log, v)), invert: (px) => (log ? 10 ** s.invert(px) : s.invert(px)), ticks };
}

export function ParallelCoordinates() {
  const table = useStore((s) => s.table);
  // Deferred: a brush release commits the cheap views first; the lines redraw in a later, interruptible render.
  const selection = useDeferredValue(useStore((s) => s.selection));
  const mask = useDeferredValue(useStore((s) => s.selectionMask));
  const active = useDeferredValue(useStore((s) => s.selectionActive));
  const colorColumn = useStore((s) => s.colorColumn);
  const colorDomain = useStore((s) => s.colorDomain);
  const selectedId = useStore((s) => s.selectedId);
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(720);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(360, el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const axes = useMemo(() => {
    if (!table) return [];
    const ids = [...DEFAULT_AXES];
    // The first three features, if any were computed.
    for (const c of table.columns) if (c.group === 'feature' && ids.length < DEFAULT_AXES.length + 3) ids.push(c.id);
    return ids
      .map((id) => getColumn(table, id))
      .filter((c): c is Column => !!c && (c.type === 'categorical' ? c.dictionary!.length > 1 : c.domain[1] > c.domain[0]))
      .map(makeAxis);
  }, [table]);
  // Rows grouped by their colour (one canvas path per colour); recomputed only when the colour column changes.
  const rowsByColor = useMemo(() => {
    const groups = new Map<string, number[]>();
    if (!table) return groups;
    const colorCol = getColumn(table, colorColumn) ?? getColumn(table, 'accuracy')!;
    const scale = columnColorScale(colorCol, { mode: colorDomain });
    for (let r = 0; r < table.rowCount; r++) {
      const css = scale.color(colorCol.values[r]);
      let l = groups.get(css);
      if (!l) groups.set(css, (l = []));
      l.push(r);
    }
    return groups;
  }, [table, colorColumn, colorDomain]);
  // Each row's pixel height on each axis, once per table: a brush redraw is then only lineTo/stroke
  // (the d3 scale call per vertex was most of a 10,000-row redraw).
  const axisPixels = useMemo(
    () =>
      axes.map((a) => {
        const v = a.col.values;
        const out = new Float32Array(v.length);
        for (let r = 0; r < v.length; r++) out[r] = Number.isFinite(v[r]) ? a.y(v[r]) : NaN;
        return out;
      }),
    [axes],
  );
  // The first axis' tick labels sit left of it: room for the widest (monospace ≈ 5.8 px a character at 9.5 px).
  const left = Math.max(M.left, Math.ceil(6 + Math.max(0, ...(axes[0]?.ticks ?? []).map((t) => tickText(t.label).length)) * TICK_CHAR_PX));
  const step = axes.length > 1 ? (width - left - M.right) / (axes.length - 1) : 0;
  const ax = (i: number) => left + i * step;
  // Short titles that never overlap: one row when they fit, else two alternating rows.
  const titles = useMemo(
    () =>
      layoutAxisTitles(
        axes.map((_, i) => left + i * step),
        axes.map((a) => ({ text: shortAxisName(a.col.id, a.col.label), suffix: a.log ? ' log' : '' })),
        width,
        measureTitle,
      ).titles,
    [axes, step, width, left],
  );

  // Lines: faint (outside the selection) first, then selected ones in their colours on top.
  useEffect(() => {
    const c = canvas.current;
    if (!c || !table || !axes.length) return;
    // Drawn in the next frame, not inside React's commit (10,000 polylines take ~20 ms).
    const frame = requestAnimationFrame(() => {
      const dpr = Math.min(2, window.devicePixelRatio || 1);
      c.width = width * dpr;
      c.height = H * dpr;
      const ctx = c.getContext('2d')!;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, H);
      const n = table.rowCount;
      const alpha = Math.max(0.04, Math.min(0.7, 30 / Math.sqrt(n)));
      const drawRow = (r: number) => tracePolyline(axisPixels, r, ax, ctx);
      ctx.lineWidth = 1;
      ctx.strokeStyle = `rgba(90, 100, 116, ${active ? alpha * 0.6 : 0})`;
      if (active) {
        ctx.beginPath();
        for (let r = 0; r < n; r++) if (!mask[r]) drawRow(r);
        ctx.stroke();
      }
      // Selected rows grouped by colour: one path per distinct colour.
      ctx.globalAlpha = Math.min(0.9, alpha * 1.6);
      for (const [css, rows] of rowsByColor) {
        ctx.strokeStyle = css;
        ctx.beginPath();
        for (let q = 0; q < rows.length; q++) if (!active || mask[rows[q]]) drawRow(rows[q]);
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      const inspected = selectedId ? table.ids.indexOf(selectedId) : -1;
      if (inspected >= 0) {
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 2.2;
        ctx.beginPath();
        drawRow(inspected);
        ctx.stroke();
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [table, axes, axisPixels, mask, active, rowsByColor, width, selectedId, step]);

  // The chart export (exporting.ts) gets the lines as one SVG path per network, drawn as here:
  // faint outside the selection, in their colours inside it, the inspected network on top.
  useEffect(() => {
    const el = svgRef.current;
    if (!el || !table || axes.length < 2) return;
    return registerChartExtra(el, (theme) => {
      const colorCol = getColumn(table, colorColumn) ?? getColumn(table, 'accuracy')!;
      const scale = columnColorScale(colorCol, { mode: colorDomain, theme });
      const n = table.rowCount;
      const alpha = Math.max(0.04, Math.min(0.7, 30 / Math.sqrt(n)));
      const r1 = (v: number) => Math.round(v * 10) / 10;
      const d = (r: number) => {
        let out = '';
        tracePolyline(axisPixels, r, ax, {
          moveTo: (x, y) => (out += `M${r1(x)} ${r1(y)}`),
          lineTo: (x, y) => (out += `L${r1(x)} ${r1(y)}`),
        });
        return out;
      };
      const inspected = selectedId ? table.ids.indexOf(selectedId) : -1;
      const id = (r: number) => table.ids[r].replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      const dim: string[] = [];
      const sel: string[] = [];
      for (let r = 0; r < n; r++) {
        if (r === inspected) continue;
        if (active && !mask[r]) dim.push(`<path class="pcp-line-dim" data-network-id="${id(r)}" d="${d(r)}"/>`);
        else
          sel.push(
            `<path class="pcp-line${active ? ' pcp-line-sel' : ''}" data-network-id="${id(r)}" d="${d(r)}" stroke="${scale.color(colorCol.values[r])}" stroke-opacity="${Math.min(0.9, alpha * 1.6).toFixed(2)}"/>`,
          );
      }
      const top = inspected >= 0 ? `<path class="pcp-line-inspected" data-network-id="${id(inspected)}" d="${d(inspected)}"/>` : '';
      return `<g class="pcp-lines">${dim.join('')}${sel.join('')}${top}</g>`;
    });
  });

  if (!table || axes.length < 2) return null;
  return (
    <figure className="linked-chart pcp" data-testid="pcp" ref={wrap}>
      <canvas ref={canvas} className="pcp-canvas" style={{ width, height: H }} />
      <svg ref={svgRef} width={width} height={H} data-export-chart="pcp" className="pcp-svg">
        <text className="chart-title" x={4} y={11}>
          Parallel coordinates — drag along an axis to brush it
        </text>
        {axes.map((a, i) => (
          <PcpAxis
            key={a.col.id}
            axis={a}
            x={ax(i)}
            title={titles[i]}
            own={clauseOf(selection, `pcp:${a.col.id}`) as RangeClause | undefined}
          />
        ))}
      </svg>
    </figure>
  );
}

function PcpAxis({ axis, x, title, own }: { axis: Axis; x: number; title: AxisTitle | undefined; own: RangeClause | undefined }) {
  const g = useRef<SVGGElement>(null);
  const brush = useRef<BrushBehavior<unknown> | null>(null);
  const source = `pcp:${axis.col.id}`;
  useEffect(() => {
    const el = g.current;
    if (!el) return;
    const b = brushY()
      .extent([
        [x - 10, M.top - 4],
        [x + 10, H - M.bottom + 4],
      ])
      .on('end', (ev: { selection: [number, number] | null; sourceEvent?: unknown }) => {
        if (!ev.sourceEvent) return;
        const s = getState();
        if (!ev.selection) return s.setSelection(clearSource(s.selection, source));
        const a = axis.invert(ev.selection[1]);
        const c = axis.invert(ev.selection[0]);
        s.setSelection(applyClause(s.selection, { source, kind: 'range', column: axis.col.id, min: Math.min(a, c), max: Math.max(a, c) }));
      });
    brush.current = b as unknown as BrushBehavior<unknown>;
    select(el).call(b);
    return () => {
      select(el).on('.brush', null).selectAll('*').remove();
    };
  }, [axis, x, source]);
  useEffect(() => {
    const el = g.current;
    if (!el || !brush.current) return;
    if (!own) select(el).call(brush.current.move as never, null);
    else {
      const a = axis.y(own.max);
      const c = axis.y(own.min);
      if (Number.isFinite(a) && Number.isFinite(c)) select(el).call(brush.current.move as never, [Math.min(a, c), Math.max(a, c)]);
    }
  }, [own, axis]);
  return (
    <g className="pcp-axis" data-column={axis.col.id}>
      <line className="chart-axis" x1={x} x2={x} y1={M.top} y2={H - M.bottom} />
      <text className="pcp-label" x={title?.x ?? x} y={TITLE_ROW_Y[title?.row ?? 0]} textAnchor="middle">
        <title>{`${axis.col.label} (${axis.col.id})${axis.log ? ', log scale' : ''}`}</title>
        {title?.text ?? axis.col.id}
        {title?.suffix && <tspan className="pcp-label-suffix">{title.suffix}</tspan>}
      </text>
      {axis.ticks.map((t) => (
        <text key={t.v} className="chart-tick" x={x - 4} y={axis.y(axis.log ? 10 ** t.v : t.v)} dy="0.32em" textAnchor="end">
          {tickText(t.label)}
        </text>
      ))}
      <g ref={g} className="pcp-brush" />
    </g>
  );
}
