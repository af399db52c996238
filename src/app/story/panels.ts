// Panel ids for `?hide=` and a story step's "focus" (docs/stories.md), with the
// element each one names. Hide flags come from the link (hiddenPanels); they are
// not the panels a user collapses. The selectors are the panels' own classes, so
// this list needs no change inside the panels.
// TODO(lead): unify with the collapsible panels' ids (issue 13 item 4) when both land.
export const PANEL_SELECTORS: Readonly<Record<string, string>> = {
  topbar: '.topbar',
  charts: '.linked-views',
  sidebar: '.sidebar',
  selection: '.selection-panel',
  inspector: '.panel.inspector',
  compare: '.panel.compare',
  phate: '.phate-panel',
  findings: '.findings-panel',
  population: '.population-panel',
  training: '.train-panel',
  train: '.train-panel',
  stories: '.story-panel',
  legend: '.legend.view-card',
  toolbar: '.tool-rail, .manifold-toolbar',
  provenance: '.manifold-provenance',
};

export const PANEL_IDS: readonly string[] = Object.keys(PANEL_SELECTORS);

/** CSS that hides each panel named in the `data-hidden-panels` attribute of `.app`. */
export function hiddenPanelsCss(): string {
  return PANEL_IDS.map((id) =>
    PANEL_SELECTORS[id]
      .split(',')
      .map((sel) => `.app[data-hidden-panels~="${id}"] ${sel.trim()}`)
      .join(',\n') + ' { display: none !important; }',
  ).join('\n');
}
