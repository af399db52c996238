// Explorer state (issue 6): the network table, the selection as data (clauses
// from every brushing view), its evaluated mask, and the manifold view settings.
// The store (store.ts) holds these fields; this module holds their types and
// the pure functions that derive them, so store.ts stays small.
import type { Population } from '../core/types';
import { buildNetworkTable, type NetworkTable } from '../core/explore/table';
import { EMPTY_SELECTION, countSelected, evaluateSelection, isSelectionActive, type Selection } from '../core/explore/selection';

export type BrushTool = 'orbit' | 'lasso' | 'box';

/** How colour values map onto the colour ramp (ui/explore/columnColor.ts): data range, fixed 0–1 (rates), quantiles. */
export type ColorDomainMode = 'data' | 'fixed' | 'quantile';

/** How the manifold is drawn. Views read these; the toolbar writes them. */
export interface ManifoldViewSettings {
  /** Base point size in CSS pixels. */
  pointSize: number;
  /** 0..1 opacity of every point (below 1 points blend and stop writing depth). */
  opacity: number;
  /** Depth cue: far points fade toward the background. */
  fog: boolean;
  /** Flatten to the first two embedding axes and lock rotation. */
  twoD: boolean;
  /** Brushing tool active on the manifold. */
  tool: BrushTool;
}

export const DEFAULT_VIEW_SETTINGS: ManifoldViewSettings = { pointSize: 13, opacity: 1, fog: true, twoD: false, tool: 'orbit' };

/** The explorer's part of AppState (see store.ts). */
export interface ExploreFields {
  /** Column table of the current population (null without one). Row r = network r. */
  table: NetworkTable | null;
  /** Every view's clause; views never call each other, they read this. */
  selection: Selection;
  /** 1 = passes every clause (all 1s when no clause is active). Length = networks. */
  selectionMask: Uint8Array;
  /** True when some clause restricts the rows (unselected points are dimmed only then). */
  selectionActive: boolean;
  selectionCount: number;
  /** Table column that colours the points, and (optionally) sizes them. */
  colorColumn: string;
  /** Colour domain of the colour column (a mode the column cannot take falls back to the data range). */
  colorDomain: ColorDomainMode;
  sizeBy: string | null;
  /** Filter expression as last applied (the input box may hold an unapplied edit). */
  filterText: string;
  /** Network pinned for comparison. */
  pinnedId: string | null;
  /** Columns shown as linked histograms. */
  histColumns: string[];
  /** Trajectory epoch shown, or null for the final state. */
  epoch: number | null;
  viewSettings: ManifoldViewSettings;
}

export function selectionFields(
  table: NetworkTable | null,
  selection: Selection,
): Pick<ExploreFields, 'selection' | 'selectionMask' | 'selectionActive' | 'selectionCount'> {
  if (!table) return { selection, selectionMask: new Uint8Array(0), selectionActive: false, selectionCount: 0 };
  const mask = evaluateSelection(selection, table);
  const active = isSelectionActive(selection);
  return { selection, selectionMask: mask, selectionActive: active, selectionCount: active ? countSelected(mask) : 0 };
}

/** Default histogram columns: accuracy, learning rate and the first feature present. */
export function defaultHistColumns(table: NetworkTable): string[] {
  const want = ['accuracy', 'learningRate'];
  const feature = table.columns.find((c) => c.group === 'feature');
  if (feature) want.push(feature.id);
  else want.push('gap');
  return want.filter((id) => table.byId.has(id));
}

/** What a new population resets: a fresh table and no selection (old rows mean nothing now). */
export function exploreFieldsFor(pop: Population | null): Partial<ExploreFields> {
  const table = pop ? buildNetworkTable(pop) : null;
  return {
    table,
    ...selectionFields(table, EMPTY_SELECTION),
    filterText: '',
    pinnedId: null,
    epoch: null,
    ...(table ? { histColumns: defaultHistColumns(table) } : {}),
  };
}

export const INITIAL_EXPLORE_FIELDS: ExploreFields = {
  table: null,
  selection: EMPTY_SELECTION,
  selectionMask: new Uint8Array(0),
  selectionActive: false,
  selectionCount: 0,
  colorColumn: 'accuracy',
  colorDomain: 'data',
  sizeBy: null,
  filterText: '',
  pinnedId: null,
  histColumns: ['accuracy', 'learningRate', 'loss'],
  epoch: null,
  viewSettings: DEFAULT_VIEW_SETTINGS,
};
