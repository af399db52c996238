// The app's panels, by stable id: the ids name a panel in the store's
// collapsedPanels (this branch) and in presenter mode's hiddenPanels (issue 13),
// in localStorage and in tests ([data-panel="<id>"]). Add a panel here first.
export const PANELS = [
  { id: 'train', title: 'Train' },
  { id: 'selection', title: 'Selection' },
  { id: 'inspector', title: 'Inspector' },
  { id: 'compare', title: 'Compare' },
  { id: 'phate', title: 'PHATE' },
  { id: 'findings', title: 'Findings' },
  { id: 'population', title: 'Population' },
  /** The histograms and parallel coordinates under the manifold. */
  { id: 'charts', title: 'Charts' },
  /** The whole side column (collapses to a thin rail). */
  { id: 'sidebar', title: 'Side panels' },
] as const;

export type PanelId = (typeof PANELS)[number]['id'];

export const PANEL_IDS: readonly PanelId[] = PANELS.map((p) => p.id);

export const panelTitle = (id: PanelId): string => PANELS.find((p) => p.id === id)!.title;
