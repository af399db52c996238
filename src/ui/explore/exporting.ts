// Downloads: the selection (or all networks) as CSV / JSON, the manifold as PNG,
// the linked charts as one standalone SVG. Reads the store; writes files only.
import { getState } from '../../state/store';
import { toCSV, toJSONRows } from '../../core/explore/export';

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

export function exportPNG(): void {
  const png = window.__netmanifold?.snapshotPNG();
  if (png) download(`${baseName()}-manifold.png`, png);
}

// Standalone SVGs do not see the page's CSS: carry the chart styles along.
const CHART_STYLE = `
  text { font: 10px ui-monospace, Menlo, monospace; fill: #8b96a8; }
  .chart-title { font: 11px system-ui, sans-serif; fill: #d7dde6; }
  .chart-axis, .domain, .tick line { stroke: #364256; }
  .hist-all { fill: #2a3342; } .hist-sel { fill: #4fb3a9; }
  .pcp-line { fill: none; stroke: #4fb3a9; stroke-opacity: 0.5; } .pcp-line-dim { fill: none; stroke: #3a4452; stroke-opacity: 0.35; }
  .selection { fill: #6fd0c5; fill-opacity: 0.15; stroke: #6fd0c5; }
  .handle { display: none; }
`;

/** Every linked chart (data-export-chart) stacked into one SVG document. */
export function exportChartsSVG(): void {
  const charts = [...document.querySelectorAll<SVGSVGElement>('svg[data-export-chart]')];
  if (!charts.length) return;
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
    parts.push(new XMLSerializer().serializeToString(clone));
    y += h + 16;
    width = Math.max(width, w);
  }
  const doc = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}"><style>${CHART_STYLE}</style><rect width="100%" height="100%" fill="#161c25"/>${parts.join('')}</svg>`;
  downloadBlob(`${baseName()}-charts.svg`, new Blob([doc], { type: 'image/svg+xml' }));
}
