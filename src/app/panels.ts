// The app's panels, by stable id: one list for the panels a user folds (the store's
// collapsedPanels, localStorage, [data-panel="<id>"] in tests) and the panels a link
// hides (`?hide=`, src/app/story/panels.ts, which must name a selector for each).
// Add a panel here first.
export const PANELS = [
  { id: 'train', title: 'Train' },
  { id: 'selection', title: 'Selection' },
  { id: 'inspector', title: 'Inspector' },
  { id: 'compare', title: 'Compare' },
  { id: 'phate', title: 'PHATE' },
  { id: 'findings', title: 'Findings' },
  { id: 'population', title: 'Population' },
  { id: 'stories', title: 'Stories & presenting' },
  /** The histograms and parallel coordinates under the manifold. */
  { id: 'charts', title: 'Charts' },
  /** The whole side column (collapses to a thin rail). */
  { id: 'sidebar', title: 'Side panels' },
] as const;

export type PanelId = (typeof PANELS)[number]['id'];

export const PANEL_IDS: readonly PanelId[] = PANELS.map((p) => p.id);

export const panelTitle = (id: PanelId): string => PANELS.find((p) => p.id === id)!.title;
