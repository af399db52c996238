// The manifold as a standalone vector figure: one <circle data-network-id> per
// drawn point, projected with the scene's camera (ManifoldScene.figureGeometry),
// painted back to front, in the colours, sizes and dimmed/inspected states the
// view shows; below them the colour legend (ramp with ticks, or swatches) and a
// caption (population, metric, layer, PHATE settings). Pure: strings in, string
// out, so Node tests can check it. Light and dark themes (print / screen).
import { rgb as d3rgb } from 'd3';
import type { FigureGeometry } from '../manifold-scene';
import { MISSING, THEME_BACKGROUND, type ColumnColorScale, type FigureTheme } from './columnColor';

export interface FigureInput {
  geometry: FigureGeometry;
  /** Network id of each point (index = point index). */
  ids: readonly string[];
  /** The colour scale for this theme (columnColorScale(col, { mode, theme })). */
  scale: ColumnColorScale;
  theme: FigureTheme;
  /** Legend title, e.g. "Test accuracy". */
  colorLabel: string;
  /** Size legend line, e.g. "size: width (8 → 64)", or ''. */
  sizeNote: string;
  /** Caption lines (population, distance, PHATE). */
  caption: string[];
}

interface ThemeStyle {
  text: string;
  faint: string;
  rim: string;
  highlight: string;
}

const THEME: Record<FigureTheme, ThemeStyle> = {
  dark: { text: '#d7dde6', faint: '#8b96a8', rim: '#0d0f14', highlight: '#ffffff' },
  light: { text: '#1b1f24', faint: '#4a5361', rim: '#20242a', highlight: '#000000' },
};

const FOOTER_PAD = 14;
const RAMP_W = 260;
const LINE_H = 15;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n2 = (v: number) => (Math.round(v * 100) / 100).toString();

/** mix(a, b, t) of two rgb triples (0..255). */
function mix(a: [number, number, number], b: [number, number, number], t: number): [number, number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}
function triple(css: string): [number, number, number] {
  const c = d3rgb(css);
  return [c.r, c.g, c.b];
}
function hex(c: [number, number, number]): string {
  return (
    '#' +
    c
      .map((v) =>
        Math.round(Math.min(255, Math.max(0, v)))
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  );
}

/** Indices of the drawn points, farthest first (the painter's order the depth test gives on screen). */
export function backToFront(g: FigureGeometry): number[] {
  const idx: number[] = [];
  for (let i = 0; i < g.drawn.length; i++) if (g.drawn[i]) idx.push(i);
  // Hovered/inspected points are drawn larger and on top of their neighbours' rims: last.
  return idx.sort((a, b) => (g.highlight[a] > 0 ? 1 : 0) - (g.highlight[b] > 0 ? 1 : 0) || g.depth[b] - g.depth[a]);
}

/** The fill colour of point i as the fragment shader mixes it (dimmed: desaturated toward the background; depth cue). */
function pointColors(
  base: string,
  i: number,
  g: FigureGeometry,
  bg: [number, number, number],
  th: ThemeStyle,
): { fill: string; stroke: string } {
  let c = triple(base);
  if (g.dimmed[i]) {
    const grey = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
    c = mix(mix([grey, grey, grey], c, 0.25), bg, 0.5);
  }
  const rim = triple(g.highlight[i] ? th.highlight : th.rim);
  return { fill: hex(mix(c, bg, g.fog[i])), stroke: hex(mix(rim, bg, g.fog[i])) };
}

function legendSVG(
  scale: ColumnColorScale,
  title: string,
  x: number,
  y: number,
  maxW: number,
  th: ThemeStyle,
): { svg: string; height: number } {
  const parts: string[] = [];
  const note = scale.note ? ` · ${scale.note}` : '';
  parts.push(`<text class="fig-legend-title" x="${x}" y="${y + 10}">${esc(title + note)}</text>`);
  if (scale.kind === 'categorical') {
    let cx = x;
    let cy = y + 18;
    for (const c of scale.categories) {
      const w = 16 + c.label.length * 6.6 + 12;
      if (cx + w > x + maxW && cx > x) {
        cx = x;
        cy += 16;
      }
      parts.push(
        `<g class="fig-swatch"><rect x="${n2(cx)}" y="${cy}" width="10" height="10" rx="2" fill="${c.color}"/><text x="${n2(cx + 14)}" y="${cy + 9}">${esc(c.label)}</text></g>`,
      );
      cx += w;
    }
    return { svg: parts.join(''), height: cy - y + 14 };
  }
  const w = Math.min(RAMP_W, maxW);
  const stops = Array.from({ length: 17 }, (_, i) => `<stop offset="${i / 16}" stop-color="${scale.rampColor(i / 16)}"/>`).join('');
  parts.push(`<defs><linearGradient id="fig-ramp" x1="0" x2="1" y1="0" y2="0">${stops}</linearGradient></defs>`);
  const ry = y + 16;
  parts.push(`<rect class="fig-ramp" x="${x}" y="${ry}" width="${w}" height="10" rx="2" fill="url(#fig-ramp)"/>`);
  for (const t of scale.ticks) {
    const px = x + t.pos * w;
    parts.push(`<line x1="${n2(px)}" x2="${n2(px)}" y1="${ry + 10}" y2="${ry + 14}" stroke="${th.faint}"/>`);
    parts.push(`<text class="fig-tick" x="${n2(px)}" y="${ry + 24}" text-anchor="middle">${esc(t.label)}</text>`);
  }
  return { svg: parts.join(''), height: 44 };
}

/** The standalone SVG document of the figure. */
export function manifoldFigureSVG(input: FigureInput): string {
  const { geometry: g, ids, scale, theme } = input;
  const th = THEME[theme];
  const bgCss = THEME_BACKGROUND[theme];
  const bg = triple(bgCss);
  const W = Math.max(1, Math.round(g.width));
  const H = Math.max(1, Math.round(g.height));
  const order = backToFront(g);
  const circles: string[] = [];
  for (const i of order) {
    const r = g.radius[i];
    const { fill, stroke } = pointColors(scale.color(scale.column.values[i]), i, g, bg, th);
    // The rim lies inside the point's outer edge, as in the shader (0.16 of the radius, 0.32 when highlighted).
    const sw = r * (g.highlight[i] ? 0.32 : 0.16);
    const alpha = g.dimmed[i] ? g.opacity * 0.8 : g.opacity;
    const state = g.highlight[i] === 2 ? ' data-inspected="1"' : g.highlight[i] === 1 ? ' data-hovered="1"' : '';
    circles.push(
      `<circle data-network-id="${esc(ids[i] ?? String(i))}" cx="${n2(g.xy[i * 2])}" cy="${n2(g.xy[i * 2 + 1])}" r="${n2(Math.max(0.1, r - sw / 2))}" fill="${fill}" stroke="${stroke}" stroke-width="${n2(sw)}"${alpha < 0.999 ? ` opacity="${n2(alpha)}"` : ''}${g.dimmed[i] ? ' data-dimmed="1"' : ''}${state}/>`,
    );
  }
  const legend = legendSVG(scale, input.colorLabel, FOOTER_PAD, H + FOOTER_PAD, W - 2 * FOOTER_PAD, th);
  let y = H + FOOTER_PAD + legend.height + 6;
  const notes: string[] = [];
  if (input.sizeNote) {
    notes.push(`<text class="fig-caption" x="${FOOTER_PAD}" y="${y + 10}">${esc(input.sizeNote)}</text>`);
    y += LINE_H;
  }
  const missing = countMissingDrawn(scale, g);
  if (missing) {
    notes.push(
      `<g><circle cx="${FOOTER_PAD + 5}" cy="${y + 6}" r="5" fill="${MISSING}"/><text class="fig-caption" x="${FOOTER_PAD + 14}" y="${y + 10}">${missing} without a value (grey)</text></g>`,
    );
    y += LINE_H;
  }
  const caption = input.caption.map(
    (line, k) =>
      `<text class="fig-caption${k === 0 ? ' fig-caption-head' : ''}" x="${FOOTER_PAD}" y="${y + 10 + k * LINE_H}">${esc(line)}</text>`,
  );
  y += input.caption.length * LINE_H + FOOTER_PAD;
  const total = Math.ceil(y);
  const style = `
    text { font: 11px system-ui, -apple-system, 'Segoe UI', sans-serif; fill: ${th.text}; }
    .fig-tick { font: 10px ui-monospace, Menlo, Consolas, monospace; fill: ${th.faint}; }
    .fig-caption { fill: ${th.faint}; } .fig-caption-head { fill: ${th.text}; font-weight: 600; }
    .fig-legend-title { font-weight: 600; }`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${total}" viewBox="0 0 ${W} ${total}" data-theme="${theme}" data-points="${order.length}">`,
    `<style>${style}</style>`,
    `<rect width="100%" height="100%" fill="${bgCss}"/>`,
    `<defs><clipPath id="fig-plot"><rect width="${W}" height="${H}"/></clipPath></defs>`,
    `<g class="fig-points" clip-path="url(#fig-plot)">${circles.join('')}</g>`,
    `<line x1="0" x2="${W}" y1="${H + 0.5}" y2="${H + 0.5}" stroke="${th.faint}" stroke-opacity="0.35"/>`,
    `<g class="fig-legend">${legend.svg}</g>`,
    notes.join(''),
    `<g class="fig-caption-g">${caption.join('')}</g>`,
    `</svg>`,
  ].join('');
}

function countMissingDrawn(scale: ColumnColorScale, g: FigureGeometry): number {
  let m = 0;
  for (let i = 0; i < g.drawn.length; i++) if (g.drawn[i] && !Number.isFinite(scale.column.values[i])) m++;
  return m;
}
