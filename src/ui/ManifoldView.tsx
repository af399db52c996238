// The 3D manifold: draws from the store (positions, colours, hover/selection)
// and writes hover/selection back. Science never happens here.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore, getState } from '../state/store';
import { ManifoldScene } from './manifold-scene';
import { normaliseEmbedding } from './picking';
import { colorScaleFor, fillRgb } from './color';
import { Tooltip } from './Tooltip';
// Sharing (issue 7): the camera goes into links and is restored from them.
import { attachScene } from './sharing/camera';

declare global {
  interface Window {
    __netmanifold?: {
      projectPoints(): Array<{ index: number; id: string; x: number; y: number; visible: boolean }>;
      getState: typeof getState;
    };
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
  const colorBy = useStore((s) => s.colorBy);
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
    window.__netmanifold = {
      projectPoints: () => {
        const pop = getState().population;
        if (!pop || scene.pointCount !== pop.networks.length) return [];
        const { screen, visible } = scene.project();
        return pop.networks.map((n, i) => ({ index: i, id: n.id, x: screen[i * 2], y: screen[i * 2 + 1], visible: visible[i] === 1 }));
      },
      getState,
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') getState().setSelected(null);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      if (window.__netmanifold?.getState === getState) delete window.__netmanifold;
      attachScene(null);
      scene.dispose();
      sceneRef.current = null;
    };
  }, []);

  // Positions: a new population (or embedding) replaces the buffers.
  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene || !population?.embedding) return;
    const n = population.networks.length;
    const positions = new Float32Array(n * 3);
    const mask = new Uint8Array(n);
    const e = population.embedding;
    normaliseEmbedding(e.embedding, e.nComponents, n, positions, mask);
    scene.setPoints(positions, mask);
    scene.resetCamera();
    const popId = population.id;
    // data-point-count appears only once a frame with these points has been rendered.
    scene.onRender = () => {
      scene.onRender = null;
      setDrawn({ popId, count: n });
    };
  }, [population]);

  // Colours follow the colour-by choice.
  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene || !population) return;
    const rgb = new Float32Array(population.networks.length * 3);
    fillRgb(colorScaleFor(population.networks, colorBy), rgb);
    scene.setColors(rgb);
  }, [population, colorBy]);

  useEffect(() => {
    sceneRef.current?.setHighlight(
      hoveredId ? (indexById.get(hoveredId) ?? -1) : -1,
      selectedId ? (indexById.get(selectedId) ?? -1) : -1,
    );
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
    getState().setHovered(null);
    setPointer(null);
  };
  const onPointerUp = (e: React.PointerEvent) => {
    const d = down.current;
    down.current = null;
    if (!d || Math.hypot(e.clientX - d.x, e.clientY - d.y) > CLICK_SLOP_PX) return;
    const id = pickAt(e.clientX, e.clientY);
    if (id) getState().setSelected(id);
  };
  const onPointerLeave = () => {
    getState().setHovered(null);
    setPointer(null);
  };

  // 'ready' also waits for the training worker to name its backend, so every hook is final together.
  const viewStatus = glError ? 'error' : status === 'ready' && !backendResolved ? 'loading' : status;
  const isDrawn = drawn && population && drawn.popId === population.id;
  const hovered = hoveredId && population ? population.networks[indexById.get(hoveredId) ?? -1] : undefined;

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
    >
      {hovered && pointer && <Tooltip network={hovered} x={pointer.x} y={pointer.y} />}
      {viewStatus === 'loading' && <div className="manifold-overlay">Loading population…</div>}
      {viewStatus === 'error' && !population && (
        <div className="manifold-overlay manifold-overlay-error">{glError ?? 'No population to show. See the message above.'}</div>
      )}
    </div>
  );
}
