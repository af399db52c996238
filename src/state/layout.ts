// Layout and first-visit state (issue 13): which panels the user folded, the
// help panel and the orientation card. Pure state; src/ui/layout/prefs.ts
// remembers it across visits (localStorage). Panel ids: src/app/panels.ts
// (plain strings here so the state layer imports nothing from ui).
import type { StoreApi } from 'zustand';
import type { AppState } from './store';

export interface LayoutSlice {
  /** Panel id → true when the user folded it (absent = open). */
  collapsedPanels: Record<string, boolean>;
  helpOpen: boolean;
  /** The first-visit orientation card is on screen. */
  orientationOpen: boolean;
  setPanelCollapsed(id: string, collapsed: boolean): void;
  setHelpOpen(open: boolean): void;
  setOrientationOpen(open: boolean): void;
}

export function createLayoutSlice(set: StoreApi<AppState>['setState']): LayoutSlice {
  return {
    collapsedPanels: {},
    helpOpen: false,
    orientationOpen: false,
    setPanelCollapsed: (id, collapsed) =>
      set((s) => {
        const next = { ...s.collapsedPanels };
        if (collapsed) next[id] = true;
        else delete next[id];
        return { collapsedPanels: next };
      }),
    setHelpOpen: (helpOpen) => set({ helpOpen }),
    setOrientationOpen: (orientationOpen) => set({ orientationOpen }),
  };
}
