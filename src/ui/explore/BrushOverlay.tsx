// Lasso and box brushing on the manifold, in screen space. Covers the view
// while a brush tool is active (orbiting is off then). On release the points'
// current client positions are tested against the drawn shape; shift adds to
// the manifold's selection, alt subtracts, a plain drag replaces it.
import { useRef, useState } from 'react';
import { getState } from '../../state/store';
import type { BrushTool } from '../../state/explore';
import { pointsInPolygon, pointsInRect } from '../../core/explore/brush';
import { applyClause, clearSource, idsClauseFromMask, type ClauseMode } from '../../core/explore/selection';
import { recordBrushLatency } from './perf';

export const MANIFOLD_SOURCE = 'manifold';

export interface ScreenPoints {
  screen: Float32Array;
  visible: Uint8Array;
}

export function modeOf(e: { shiftKey: boolean; altKey: boolean }): ClauseMode {
  return e.shiftKey ? 'add' : e.altKey ? 'subtract' : 'replace';
}

/** Puts a 0/1 mask of rows into the manifold's clause with the given mode. */
export function applyManifoldMask(mask: Uint8Array, mode: ClauseMode): void {
  const s = getState();
  let any = false;
  for (let i = 0; i < mask.length && !any; i++) any = mask[i] === 1;
  // A replacing brush that catches nothing clears the manifold brush rather than dimming everything.
  if (!any && mode === 'replace') return s.setSelection(clearSource(s.selection, MANIFOLD_SOURCE));
  if (!any) return;
  s.setSelection(applyClause(s.selection, idsClauseFromMask(MANIFOLD_SOURCE, mask), mode));
}

/** Rows whose projected position falls in the lasso polygon / box (client pixels). */
export function brushMask(points: ScreenPoints, tool: 'lasso' | 'box', path: [number, number][]): Uint8Array {
  const n = points.visible.length;
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = points.visible[i] === 1;
    xs[i] = v ? points.screen[i * 2] : NaN;
    ys[i] = v ? points.screen[i * 2 + 1] : NaN;
  }
  if (tool === 'lasso') return pointsInPolygon(xs, ys, path);
  const [a, b] = [path[0], path[path.length - 1]];
  return pointsInRect(xs, ys, a[0], a[1], b[0], b[1]);
}

export function BrushOverlay({ tool, project }: { tool: Exclude<BrushTool, 'orbit'>; project: () => ScreenPoints | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const path = useRef<[number, number][]>([]);
  const [drawn, setDrawn] = useState<string | null>(null);
  const [box, setBox] = useState<{ x: number; y: number; w: number; h: number } | null>(null);

  const local = (x: number, y: number) => {
    const r = ref.current!.getBoundingClientRect();
    return [x - r.left, y - r.top] as const;
  };
  const redraw = () => {
    const p = path.current;
    if (tool === 'lasso') setDrawn(p.map(([x, y]) => local(x, y).join(',')).join(' '));
    else if (p.length) {
      const [x0, y0] = local(p[0][0], p[0][1]);
      const [x1, y1] = local(p[p.length - 1][0], p[p.length - 1][1]);
      setBox({ x: Math.min(x0, x1), y: Math.min(y0, y1), w: Math.abs(x1 - x0), h: Math.abs(y1 - y0) });
    }
  };

  return (
    <div
      ref={ref}
      className={`brush-overlay brush-${tool}`}
      data-testid="brush-overlay"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        path.current = [[e.clientX, e.clientY]];
        redraw();
      }}
      onPointerMove={(e) => {
        if (!path.current.length) return;
        const last = path.current[path.current.length - 1];
        if (Math.hypot(e.clientX - last[0], e.clientY - last[1]) < 2) return;
        if (tool === 'box') path.current = [path.current[0], [e.clientX, e.clientY]];
        else path.current.push([e.clientX, e.clientY]);
        redraw();
      }}
      onPointerUp={(e) => {
        const p = path.current;
        path.current = [];
        setDrawn(null);
        setBox(null);
        // A drawn shape is not a click: a lasso closed where it began must not also inspect the point there.
        if (p.length > 1) e.stopPropagation();
        if (tool === 'box' && p.length === 1) p.push([e.clientX, e.clientY]);
        if (p.length < (tool === 'lasso' ? 3 : 2)) return;
        const t0 = performance.now();
        const mode = modeOf(e);
        // The hit test and the new selection run in their own task, after the release has
        // cleared the drawn shape: two short tasks instead of one long one (10,000 points).
        setTimeout(() => {
          const pts = project();
          if (!pts) return;
          applyManifoldMask(brushMask(pts, tool, p), mode);
          recordBrushLatency(performance.now() - t0);
        }, 0);
      }}
    >
      <svg className="brush-svg">
        {drawn && <polygon points={drawn} className="brush-shape" />}
        {box && <rect x={box.x} y={box.y} width={box.w} height={box.h} className="brush-shape" />}
      </svg>
    </div>
  );
}
