// Test and benchmark hooks the explorer adds to window.__netmanifold (see
// tests/browser/explorer.test.ts for the list), and the shared "clear all" action.
import { getState } from '../../state/store';
import { EMPTY_SELECTION } from '../../core/explore/selection';
import { syntheticPopulation } from '../../app/synthetic';
import type { FigureGeometry, ManifoldScene } from '../manifold-scene';
import { brushLatencyLog } from './perf';

export interface ExplorerHooks {
  /** Replaces the population by N synthetic networks (no activations) and resolves once drawn. */
  loadSynthetic(n: number, seed?: number): Promise<void>;
  /** Renders `frames` frames while orbiting, each forced to finish; per-frame ms. */
  benchFrames(frames: number): number[];
  /** Milliseconds of recent brush releases (projection + hit test + new selection in the store). */
  brushLatencies(): number[];
  /** The manifold as a PNG data URL. */
  snapshotPNG(): string;
  /** Number of points the scene draws dimmed (outside the selection). */
  dimmedCount(): number;
  /** Every point as drawn now (the vector figure export reads this). */
  figureGeometry(): FigureGeometry;
}

export function explorerHooks(scene: ManifoldScene): ExplorerHooks {
  return {
    loadSynthetic: async (n, seed = 1) => {
      getState().setPopulation(syntheticPopulation(n, seed));
      await new Promise<void>((resolve) => {
        const check = () =>
          document.querySelector('[data-testid="manifold"]')?.getAttribute('data-point-count') === String(n)
            ? resolve()
            : setTimeout(check, 30);
        check();
      });
    },
    benchFrames: (frames) => scene.benchFrames(frames),
    brushLatencies: brushLatencyLog,
    snapshotPNG: () => scene.snapshotPNG(),
    dimmedCount: () => scene.dimmedCount,
    figureGeometry: () => scene.figureGeometry(),
  };
}

/** Esc: drop every clause and the filter text. */
export function clearExplorerSelection(): void {
  const s = getState();
  if (s.selection.length) s.setSelection(EMPTY_SELECTION);
  if (s.filterText) s.setFilterText('');
}
