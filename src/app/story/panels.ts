// Panel ids for `?hide=` and a story step's "focus" (docs/stories.md), with the
// element each one names. Hide flags come from the link (hiddenPanels); they are
// not the panels a user folds (collapsedPanels). Every foldable panel of
// src/app/panels.ts must have a selector here (the type says so); the view's own
// parts (top bar, legend, tool rail, provenance line) can be hidden too.
import type { PanelId } from '../panels';

// A foldable panel is hidden with its slot (src/ui/layout/PanelToggle.tsx), so no lone
// fold button stays behind; the side column is the aside itself.
const slot = (id: string): string => `[data-panel="${id}"]`;
const FOLDABLE_PANEL_SELECTORS: Readonly<Record<PanelId, string>> = {
  charts: slot('charts'),
  sidebar: '.sidebar',
  train: slot('train'),
  selection: slot('selection'),
  inspector: slot('inspector'),
  compare: slot('compare'),
  phate: slot('phate'),
  findings: slot('findings'),
  population: slot('population'),
  stories: slot('stories'),
};

export const PANEL_SELECTORS: Readonly<Record<string, string>> = {
  topbar: '.topbar',
  ...FOLDABLE_PANEL_SELECTORS,
  training: FOLDABLE_PANEL_SELECTORS.train,
  legend: '.legend.view-card',
  toolbar: '.tool-rail, .manifold-toolbar',
  provenance: '.manifold-provenance',
};

export const PANEL_IDS: readonly string[] = Object.keys(PANEL_SELECTORS);

/** CSS that hides each panel named in the `data-hidden-panels` attribute of `.app`. */
export function hiddenPanelsCss(): string {
  return PANEL_IDS.map(
    (id) =>
      PANEL_SELECTORS[id]
        .split(',')
        .map((sel) => `.app[data-hidden-panels~="${id}"] ${sel.trim()}`)
        .join(',\n') + ' { display: none !important; }',
  ).join('\n');
}
