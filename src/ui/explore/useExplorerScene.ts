// Keeps the three.js scene in step with the explorer's state: positions (final
// embedding or trajectory epoch, gliding on change), colour and size columns,
// selection dimming, point style, 2-D mode and training paths. Reads only.
import { useEffect, useRef } from 'react';
import { useStore, getState, type AppState } from '../../state/store';
import { getColumn } from '../../core/explore/table';
import { pathSegments, positionsAtEpoch } from '../../core/explore/trajectory';
import type { ManifoldScene } from '../manifold-scene';
import { fitEmbedding } from './fit';
import { columnColorScale, fillColumnRgb, fillColumnSizes } from './columnColor';
import { useTrajectory } from '../../state/trajectory';

export function useExplorerScene(sceneRef: React.RefObject<ManifoldScene | null>, onDrawn: (popId: string, count: number) => void): void {
  const population = useStore((s) => s.population);
  const table = useStore((s) => s.table);
  const colorColumn = useStore((s) => s.colorColumn);
  const colorDomain = useStore((s) => s.colorDomain);
  const sizeBy = useStore((s) => s.sizeBy);
  const view = useStore((s) => s.viewSettings);
  const epoch = useStore((s) => s.epoch);
  const keyframes = useTrajectory((s) => (population && s.popId === population.id ? s.keyframes : null));
  const last = useRef<{ popId: string; embedding: unknown; trajectory: boolean } | null>(null);

  // Positions: a new population jumps (and reframes); a new embedding or entering/leaving
  // trajectory mode glides; moving the epoch slider follows at once.
  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene || !population?.embedding) return;
    const n = population.networks.length;
    const positions = new Float32Array(n * 3);
    const drawn = new Uint8Array(n);
    const trajectory = epoch !== null && keyframes !== null && keyframes.n === n;
    if (trajectory) positionsAtEpoch(keyframes!, epoch!, positions, drawn);
    else {
      const e = population.embedding;
      // Robust framing: a lopsided cloud fills the view, outliers sit at its edge (explore/fit.ts).
      fitEmbedding(e.embedding, e.nComponents, n, positions, drawn);
    }
    const prev = last.current;
    const samePop = prev?.popId === population.id && scene.pointCount === n;
    const animate = samePop && (prev!.embedding !== population.embedding || prev!.trajectory !== trajectory);
    last.current = { popId: population.id, embedding: population.embedding, trajectory };
    scene.setPoints(positions, drawn, animate);
    scene.setPaths(trajectory ? pathSegments(keyframes!) : null);
    if (!samePop) {
      scene.resetCamera();
      const popId = population.id;
      // data-point-count appears only once a frame with these points has been rendered.
      scene.onRender = () => {
        scene.onRender = null;
        onDrawn(popId, n);
      };
    }
  }, [population, epoch, keyframes, sceneRef, onDrawn]);

  // Colours follow the colour column (any table column).
  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene || !population || !table || table.rowCount !== population.networks.length) return;
    const col = getColumn(table, colorColumn) ?? getColumn(table, 'accuracy') ?? table.columns[0];
    const rgb = new Float32Array(table.rowCount * 3);
    fillColumnRgb(columnColorScale(col, { mode: colorDomain }), rgb);
    scene.setColors(rgb);
  }, [population, table, colorColumn, colorDomain, sceneRef]);

  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene || !table || scene.pointCount !== table.rowCount) return;
    const sizes = new Float32Array(table.rowCount);
    fillColumnSizes(sizeBy ? (getColumn(table, sizeBy) ?? null) : null, sizes);
    scene.setSizes(sizes);
  }, [table, sizeBy, population, sceneRef]);

  // Dimming follows the store directly, in the task that changed the selection: the points dim at
  // once (attribute updated in place) however long React takes over the linked views.
  useEffect(() => {
    const apply = (s: AppState) => {
      const scene = sceneRef.current;
      if (!scene || !s.population || scene.pointCount !== s.population.networks.length) return;
      scene.setDimmed(s.selectionActive && s.selectionMask.length === scene.pointCount ? s.selectionMask : null);
    };
    apply(getState());
    return useStore.subscribe((s, prev) => {
      if (s.selectionMask !== prev.selectionMask || s.selectionActive !== prev.selectionActive) apply(s);
    });
  }, [population, sceneRef]);

  useEffect(() => {
    const scene = sceneRef.current;
    if (!scene) return;
    scene.setStyle(view);
    scene.setTwoD(view.twoD);
    scene.controls.enabled = view.tool === 'orbit';
  }, [view, sceneRef]);
}
