// The 3D manifold: draws from the store (positions, colours, hover/selection)
// and writes hover/selection back. Science never happens here.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore, getState } from '../state/store';
import { BACKGROUND, ManifoldScene } from './manifold-scene';
import { useStory } from '../state/story';
import { Tooltip } from './Tooltip';
// Sharing (issue 7): the camera goes into links and is restored from them.
import { attachScene } from './sharing/camera';
import { useExplorerScene } from './explore/useExplorerScene';
import { BrushOverlay, applyManifoldMask, modeOf } from './explore/BrushOverlay';
import { explorerHooks, clearExplorerSelection, type ExplorerHooks } from './explore/hooks';
// Keyboard orbit/zoom/fit/stepping (issue 13).
import { useViewKeys } from './layout/useViewKeys';
import type { CameraState } from '../core/viewstate/schema';
import { theApp } from '../app/start';

declare global {
  interface Window {
    __netmanifold?: {
      projectPoints(): Array<{ index: number; id: string; x: number; y: number; visible: boolean }>;
      getState: typeof getState;
      /** The live camera (issue 13 keyboard tests). */
      camera(): CameraState | null;
    } & ExplorerHooks;
  }
}

const CLICK_SLOP_PX = 5;

export function ManifoldView() {
  const containerRef = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<ManifoldScene | null>(null);
  const population = useStore((s) => s.population);
  const status = useStore((s) => s.populationStatus);
  const backend = useStore((s) => s.backend);
  const backendResolved = useStore((s) => s.backendResolved);
  const hoveredId = useStore((s) => s.hoveredId);
  const selectedId = useStore((s) => s.selectedId);
  const embeddingVersion = useStore((s) => s.embeddingVersion);
  const [drawn, setDrawn] = useState<{ popId: string; count: number } | null>(null);
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  const [glError, setGlError] = useState<string | null>(null);

  const indexById = useMemo(() => {
    const m = new Map<string, number>();
    population?.networks.forEach((n, i) => m.set(n.id, i));
    return m;
  }, [population]);

  // Create the scene once; expose the test hook; clean up on unmount.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    let scene: ManifoldScene;
    try {
      scene = new ManifoldScene(el);
    } catch (e) {
      const msg = `WebGL is not available, so the manifold cannot be drawn: ${e instanceof Error ? e.message : String(e)}`;
      setGlError(msg);
      getState().pushError(msg);
      return;
    }
    sceneRef.current = scene;
    attachScene(scene);
    // The app adds its training hooks to the same object (app/start.ts).
    const detachHooks = theApp().testHooks.attachView({
      projectPoints: () => {
        const pop = getState().population;
        if (!pop || scene.pointCount !== pop.networks.length) return [];
        const { screen, visible } = scene.project();
        return pop.networks.map((n, i) => ({ index: i, id: n.id, x: screen[i * 2], y: screen[i * 2 + 1], visible: visible[i] === 1 }));
      },
      getState,
      camera: () => theApp().camera.current(),
      ...explorerHooks(scene),
    } satisfies NonNullable<Window['__netmanifold']>);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        getState().setSelected(null);
        clearExplorerSelection();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      detachHooks();
      attachScene(null);
      scene.dispose();
      sceneRef.current = null;
    };
  }, []);

  // Presenter mode's light projector theme (issue 13) paints the view white.
  const theme = useStory((st) => st.theme);
  useEffect(() => sceneRef.current?.setBackground(theme === 'light' ? 0xffffff : BACKGROUND), [theme]);

  // Positions, colours (any table column), sizes, selection dimming, style, 2-D, trajectories (explorer, issue 6).
  const onDrawn = useCallback((popId: string, count: number) => setDrawn({ popId, count }), []);
  useExplorerScene(sceneRef, onDrawn);
  const tool = useStore((s) => s.viewSettings.tool);
  const projectForBrush = useCallback(() => {
    const scene = sceneRef.current;
    return scene && scene.pointCount === (getState().population?.networks.length ?? -1) ? scene.project() : null;
  }, []);

  useEffect(() => {
    sceneRef.current?.setHighlight(hoveredId ? (indexById.get(hoveredId) ?? -1) : -1, selectedId ? (indexById.get(selectedId) ?? -1) : -1);
  }, [hoveredId, selectedId, indexById]);

  // Pointer: hover picks on move (not while dragging); a click without drag selects.
  const down = useRef<{ x: number; y: number } | null>(null);
  const pickAt = (x: number, y: number): string | null => {
    const scene = sceneRef.current;
    const pop = getState().population;
    if (!scene || !pop || scene.pointCount !== pop.networks.length) return null;
    const i = scene.pick(x, y);
    return i >= 0 ? pop.networks[i].id : null;
  };
  const onPointerMove = (e: React.PointerEvent) => {
    if (e.buttons !== 0) return;
    const id = pickAt(e.clientX, e.clientY);
    getState().setHovered(id);
    setPointer(id ? { x: e.clientX, y: e.clientY } : null);
  };
  const onPointerDown = (e: React.PointerEvent) => {
    down.current = { x: e.clientX, y: e.clientY };
    // The controls cancel the pointer's default: focus by hand so the keys work after a click.
    containerRef.current?.focus({ preventScroll: true });
    getState().setHovered(null);
    setPointer(null);
  };
  const onPointerUp = (e: React.PointerEvent) => {
    const d = down.current;
    down.current = null;
    if (!d || Math.hypot(e.clientX - d.x, e.clientY - d.y) > CLICK_SLOP_PX) return;
    const id = pickAt(e.clientX, e.clientY);
    // shift/alt-click adds/removes one network from the manifold selection; a plain click inspects it.
    if (id && (e.shiftKey || e.altKey)) {
      const m = new Uint8Array(getState().population!.networks.length);
      m[indexById.get(id)!] = 1;
      applyManifoldMask(m, modeOf(e));
    } else if (id) getState().setSelected(id);
  };
  const onPointerLeave = () => {
    getState().setHovered(null);
    setPointer(null);
  };

  // 'ready' also waits for the training worker to name its backend, so every hook is final together.
  const viewStatus = glError ? 'error' : status === 'ready' && !backendResolved ? 'loading' : status;
  const isDrawn = drawn && population && drawn.popId === population.id;
  const hovered = hoveredId && population ? population.networks[indexById.get(hoveredId) ?? -1] : undefined;
  const viewKeys = useViewKeys();

  return (
    <div
      className={hovered ? 'manifold manifold-hovering' : 'manifold'}
      data-testid="manifold"
      data-status={viewStatus}
      data-backend={backend}
      data-population-id={population?.id ?? ''}
      data-embedding-version={embeddingVersion}
      {...(isDrawn ? { 'data-point-count': String(drawn.count) } : {})}
      ref={containerRef}
      onPointerMove={onPointerMove}
      onPointerDown={onPointerDown}
      onPointerUp={onPointerUp}
      onPointerLeave={onPointerLeave}
      tabIndex={0}
      role="application"
      aria-roledescription="3-D scatter of networks"
      aria-label="Network manifold. Arrow keys orbit, + and − zoom, F fits, ] and [ step through the networks; ? lists every key."
      onKeyDown={viewKeys.onKeyDown}
    >
      <div className="sr-only" aria-live="polite" data-testid="view-announcement">
        {viewKeys.announcement}
      </div>
      {tool !== 'orbit' && <BrushOverlay tool={tool} project={projectForBrush} />}
      {hovered && pointer && <Tooltip network={hovered} x={pointer.x} y={pointer.y} />}
      {viewStatus === 'loading' && <div className="manifold-overlay">Loading population…</div>}
      {viewStatus === 'error' && !population && (
        <div className="manifold-overlay manifold-overlay-error">{glError ?? 'No population to show. See the message above.'}</div>
      )}
    </div>
  );
}
