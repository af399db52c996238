// Downloads: the selection (or all networks) as CSV / JSON; the manifold as a
// vector figure (SVG: one circle per drawn point, legend, caption) or that figure
// rasterised at 2×/4× (PNG), light or dark; the linked charts as one standalone
// SVG (parallel-coordinate lines included). Reads the store; writes files only.
import { getState } from '../../state/store';
import { toCSV, toJSONRows } from '../../core/explore/export';
import { getColumn } from '../../core/explore/table';
import { formatValue } from '../color';
import { METRIC_LABELS, layerLabel } from '../phate/labels';
import { columnColorScale, type FigureTheme } from './columnColor';
import { manifoldFigureSVG } from './manifoldFigure';
import { chartExtraMarkup } from './chartExport';

function download(name: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  download(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The rows an export covers: the selection when one is active, else every network. */
function exportMask(): { mask: Uint8Array | undefined; suffix: string } {
  const s = getState();
  return s.selectionActive ? { mask: s.selectionMask, suffix: `selection-${s.selectionCount}` } : { mask: undefined, suffix: 'all' };
}

function baseName(): string {
  return (getState().population?.id ?? 'population').replace(/[^\w.-]+/g, '_');
}

export function exportCSV(): void {
  const table = getState().table;
  if (!table) return;
  const { mask, suffix } = exportMask();
  downloadBlob(`${baseName()}-${suffix}.csv`, new Blob([toCSV(table, mask)], { type: 'text/csv' }));
}

export function exportJSON(): void {
  const table = getState().table;
  if (!table) return;
  const { mask, suffix } = exportMask();
  const body = JSON.stringify({ population: getState().population?.id, rows: toJSONRows(table, mask) }, null, 1);
  downloadBlob(`${baseName()}-${suffix}.json`, new Blob([body], { type: 'application/json' }));
}

/** The manifold figure (points, legend, caption) as SVG text, or null before anything is drawn. */
export function manifoldFigure(theme: FigureTheme): { svg: string; width: number; height: number; points: number } | null {
  const s = getState();
  const pop = s.population;
  const table = s.table;
  const g = window.__netmanifold?.figureGeometry();
  if (!pop || !table || !g || g.drawn.length !== pop.networks.length || table.rowCount !== pop.networks.length) return null;
  const col = getColumn(table, s.colorColumn) ?? getColumn(table, 'accuracy') ?? table.columns[0];
  const scale = columnColorScale(col, { mode: s.colorDomain, theme });
  const sizeCol = s.sizeBy ? getColumn(table, s.sizeBy) : undefined;
  const svg = manifoldFigureSVG({
    geometry: g,
    ids: pop.networks.map((n) => n.id),
    scale,
    theme,
    colorLabel: `Colour: ${col.label}`,
    sizeNote: sizeCol ? `Size: ${sizeCol.label} (${formatValue(sizeCol.domain[0])} → ${formatValue(sizeCol.domain[1])}, area ∝ value)` : '',
    caption: figureCaption(),
  });
  const m = /width="(\d+)" height="(\d+)"/.exec(svg)!;
  return { svg, width: +m[1], height: +m[2], points: Number(/data-points="(\d+)"/.exec(svg)![1]) };
}

/** Population, distance and PHATE settings of the embedding on screen. */
export function figureCaption(): string[] {
  const s = getState();
  const pop = s.population!;
  const info = s.phateInfo;
  const p = pop.provenance.phate;
  const metric = info?.metric ?? pop.provenance.metric.name;
  const layer = info?.layer ?? 'last';
  const n = pop.networks.length;
  // Demo names already say how many networks they hold ("… (120 networks)").
  const countNote = new RegExp(`\\b${n} networks\\b`).test(pop.name) ? '' : ` — ${n} networks`;
  const drawnNote = s.embeddedCount < n ? `${countNote ? ',' : ' —'} ${n - s.embeddedCount} not embedded (diverged), not drawn` : '';
  const t = info ? `${info.t}${p?.t === 'auto' || p?.t === undefined ? ' (auto)' : ''}` : String(p?.t ?? 'auto');
  const knn = p ? `${p.knn}${info && info.knnEffective !== p.knn ? ` (effective ${info.knnEffective})` : ''}` : '?';
  const dataset = pop.provenance.customDataset?.name ?? pop.provenance.dataset.name;
  return [
    `${pop.name}${countNote}${drawnNote}`,
    `Distance: ${METRIC_LABELS[metric] ?? metric}, ${layerLabel(layer)}; ${pop.probe?.n ?? pop.provenance.probe.n} probe inputs from ${dataset}`,
    p
      ? `PHATE: knn ${knn}, decay ${p.decay}, t ${t}, gamma ${p.gamma}, ${pop.embedding?.nComponents ?? p.nComponents}-D, solver ${p.solver ?? 'smacof'}, seed ${p.seed}`
      : 'PHATE settings not recorded in this population',
    `${s.viewSettings.twoD ? '2-D view (first two embedding axes)' : '3-D view, projected with the current camera'} · Netmanifold`,
  ];
}

export function exportManifoldSVG(theme: FigureTheme = 'dark'): void {
  const fig = manifoldFigure(theme);
  if (!fig) return;
  downloadBlob(`${baseName()}-manifold-${theme}.svg`, new Blob([fig.svg], { type: 'image/svg+xml' }));
}

/**
 * The same figure as PNG at `scale`× (2 or 4): the vector figure rasterised at that resolution, so
 * points, legend and caption are sharp, the theme applies, and the WebGL canvas is left alone.
 */
export async function exportFigurePNG(scale: number, theme: FigureTheme = 'dark'): Promise<void> {
  const fig = manifoldFigure(theme);
  if (!fig) return;
  const blob = await rasterise(fig.svg, fig.width, fig.height, scale);
  downloadBlob(`${baseName()}-manifold-${theme}@${scale}x.png`, blob);
}

async function rasterise(svg: string, width: number, height: number, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas for the PNG export');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

// Standalone SVGs do not see the page's CSS: carry the chart styles along.
const CHART_STYLE: Record<FigureTheme, string> = {
  dark: `
  text { font: 10px ui-monospace, Menlo, monospace; fill: #8b96a8; }
  .chart-title { font: 11px system-ui, sans-serif; fill: #d7dde6; }
  .pcp-label { fill: #b7c0cc; }
  .chart-axis, .domain, .tick line { stroke: #364256; }
  .pcp-axis .chart-tick { paint-order: stroke fill; stroke: #161c25; stroke-width: 3px; stroke-linejoin: round; }
  .hist-all { fill: #2a3342; } .hist-sel { fill: #4fb3a9; }
  .pcp-line { fill: none; stroke-opacity: 0.75; } .pcp-line-dim { fill: none; stroke: #5a6474; stroke-opacity: 0.3; }
  .pcp-line-inspected { fill: none; stroke: #ffffff; stroke-width: 2.2; }
  .selection { fill: #6fd0c5; fill-opacity: 0.15; stroke: #6fd0c5; }
  .handle, .overlay { display: none; }`,
  light: `
  text { font: 10px ui-monospace, Menlo, monospace; fill: #4a5361; }
  .chart-title { font: 11px system-ui, sans-serif; fill: #1b1f24; }
  .pcp-label { fill: #2b323c; }
  .chart-axis, .domain, .tick line { stroke: #9aa4b2; }
  .pcp-axis .chart-tick { paint-order: stroke fill; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
  .hist-all { fill: #d5dae1; } .hist-sel { fill: #2a8c83; }
  .pcp-line { fill: none; stroke-opacity: 0.8; } .pcp-line-dim { fill: none; stroke: #aab2bd; stroke-opacity: 0.45; }
  .pcp-line-inspected { fill: none; stroke: #000000; stroke-width: 2.2; }
  .selection { fill: #2a8c83; fill-opacity: 0.12; stroke: #2a8c83; }
  .handle, .overlay { display: none; }`,
};
const CHART_BACKGROUND: Record<FigureTheme, string> = { dark: '#161c25', light: '#ffffff' };

/** Every linked chart (data-export-chart) stacked into one SVG document, with what each draws on canvas (chartExport.ts). */
export function exportChartsSVG(theme: FigureTheme = 'dark'): void {
  const doc = chartsSVG(theme);
  if (doc) downloadBlob(`${baseName()}-charts-${theme}.svg`, new Blob([doc], { type: 'image/svg+xml' }));
}

export function chartsSVG(theme: FigureTheme): string | null {
  const charts = [...document.querySelectorAll<SVGSVGElement>('svg[data-export-chart]')];
  if (!charts.length) return null;
  let y = 0;
  let width = 0;
  const parts: string[] = [];
  for (const svg of charts) {
    const w = svg.width.baseVal.value || svg.getBoundingClientRect().width;
    const h = svg.height.baseVal.value || svg.getBoundingClientRect().height;
    const clone = svg.cloneNode(true) as SVGSVGElement;
    clone.querySelectorAll('foreignObject').forEach((n) => n.remove());
    clone.setAttribute('x', '0');
    clone.setAttribute('y', String(y));
    clone.setAttribute('width', String(w));
    clone.setAttribute('height', String(h));
    let markup = new XMLSerializer().serializeToString(clone);
    // Lines drawn on a canvas (parallel coordinates) go in as paths, under the axes.
    const extra = chartExtraMarkup(svg, theme);
    if (extra) markup = markup.replace(/^(<svg[^>]*>)/, `$1${extra}`);
    parts.push(markup);
    y += h + 16;
    width = Math.max(width, w);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" data-theme="${theme}"><style>${CHART_STYLE[theme]}</style><rect width="100%" height="100%" fill="${CHART_BACKGROUND[theme]}"/>${parts.join('')}</svg>`;
}
