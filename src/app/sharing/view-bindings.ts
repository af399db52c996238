// View bindings (issue 7): which store fields a link's view state (src/core/viewstate) holds, how
// each is read from the store and written back once the population is loaded, and the whole view
// as it is now. Pure functions of the store state: the link session decides when they run.
//
// Adding a field for a new feature: add one ViewBinding to BINDINGS below (the
// ViewState key it fills, how to read it from the store and how to write it
// back once the population is loaded). A new panel: add it to PANELS. Fields
// the store does not hold yet keep their defaults and round-trip untouched.
import { DEFAULT_VIEW_STATE, sameValue, type CameraState, type ViewState, type ViewStateKey } from '../../core/viewstate';
import { EMPTY_SELECTION, idsClause, maskToIndices } from '../../core/explore/selection';
import type { AppState } from '../../state/store';
import { identityOf, sourceOf } from './population-source';

export interface ViewBinding<K extends ViewStateKey = ViewStateKey> {
  key: K;
  read(s: AppState): ViewState[K];
  /** Apply a value (population already loaded); return a warning when it cannot be applied. */
  write(v: ViewState[K], s: AppState): string | void;
}

const bind = <K extends ViewStateKey>(b: ViewBinding<K>): ViewBinding => b as unknown as ViewBinding;

/** Panels that links open and close: name -> how to read/set it. */
export const PANELS: Record<string, { isOpen(s: AppState): boolean; setOpen(open: boolean, s: AppState): void }> = {
  train: { isOpen: (s) => s.trainPanelOpen, setOpen: (o, s) => s.setTrainPanelOpen(o) },
};

const columnExists = (s: AppState, id: string): boolean => !!s.table?.byId.has(id);
const networkExists = (s: AppState, id: string): boolean => !!s.population?.networks.some((n) => n.id === id);
/** Selections up to this size go by id (robust to reordering); larger ones by index. */
const SELECTION_BY_ID_MAX = 200;

export const BINDINGS: ViewBinding[] = [
  bind({
    key: 'colorBy',
    read: (s) => s.colorColumn,
    write: (v, s) => {
      if (columnExists(s, v)) s.setColorColumn(v);
      // The schema's default ('testAcc') predates the table's ids: it means "the default colour".
      else if (v === DEFAULT_VIEW_STATE.colorBy) s.setColorColumn('accuracy');
      else return `colour "${v}" is not a column of this population; kept the current colour`;
    },
  }),
  bind({
    key: 'sizeBy',
    read: (s) => s.sizeBy,
    write: (v, s) => {
      if (v === null || columnExists(s, v)) s.setSizeBy(v);
      else return `size "${v}" is not a column of this population`;
    },
  }),
  bind({ key: 'colorDomain', read: (s) => s.colorDomain, write: (v, s) => s.setColorDomain(v) }),
  bind({
    key: 'selection',
    read: (s) => {
      if (!s.selectionActive || !s.population) return null;
      const idx = maskToIndices(s.selectionMask);
      if (idx.length <= SELECTION_BY_ID_MAX) return { by: 'id', ids: Array.from(idx, (i) => s.population!.networks[i].id) };
      return { by: 'index', indices: Array.from(idx) };
    },
    write: (v, s) => {
      if (v === null) return void s.setSelection(EMPTY_SELECTION);
      const n = s.population?.networks.length ?? 0;
      let rows: number[];
      let dropped = 0;
      if (v.by === 'id') {
        const at = new Map(s.population?.networks.map((net, i) => [net.id, i]));
        rows = v.ids.map((id) => at.get(id) ?? -1);
      } else rows = v.indices;
      dropped = rows.filter((r) => r < 0 || r >= n).length;
      s.setSelection([
        idsClause(
          'link',
          rows.filter((r) => r >= 0 && r < n),
        ),
      ]);
      if (dropped) return `${dropped} selected network${dropped > 1 ? 's are' : ' is'} not in this population`;
    },
  }),
  bind({ key: 'filter', read: (s) => s.filterText, write: (v, s) => s.setFilterText(v) }),
  bind({
    key: 'inspected',
    read: (s) => s.selectedId,
    write: (v, s) => {
      if (v === null || networkExists(s, v)) s.setSelected(v);
      else return `inspected network "${v}" is not in this population`;
    },
  }),
  bind({
    key: 'pinned',
    read: (s) => s.pinnedId,
    write: (v, s) => {
      if (v === null || networkExists(s, v)) s.setPinned(v);
      else return `pinned network "${v}" is not in this population`;
    },
  }),
  bind({ key: 'epoch', read: (s) => s.epoch, write: (v, s) => s.setEpoch(v) }),
  bind({
    key: 'panels',
    read: (s) => Object.keys(PANELS).filter((k) => PANELS[k].isOpen(s)),
    write: (v, s) => {
      for (const [k, p] of Object.entries(PANELS)) p.setOpen(v.includes(k), s);
    },
  }),
  // Metric/layer and PHATE parameters fill the PHATE panel's request; re-running
  // the embedding with them is the PHATE controller's call (it owns that work).
  // Read through phateOf() so this file works whether or not that slice is present.
  bind({
    key: 'metric',
    read: (s) => {
      const r = phateOf(s)?.phateRequest;
      return r ? { ...DEFAULT_VIEW_STATE.metric, name: r.metric, layer: r.layer } : { ...DEFAULT_VIEW_STATE.metric };
    },
    write: (v, s) => {
      const p = phateOf(s);
      if (p && (v.name !== p.phateRequest.metric || v.layer !== p.phateRequest.layer))
        p.setPhateRequest({ metric: v.name, layer: v.layer });
    },
  }),
  bind({
    key: 'phate',
    read: (s) => {
      const r = phateOf(s)?.phateRequest;
      return r ? { ...DEFAULT_VIEW_STATE.phate, ...pickPhate(r) } : { ...DEFAULT_VIEW_STATE.phate };
    },
    write: (v, s) => {
      const p = phateOf(s);
      if (!p) return;
      const next = pickPhate({ ...v, solver: v.solver === 'fast' ? 'fast' : 'smacof' });
      if (!sameValue(pickPhate(p.phateRequest), next)) p.setPhateRequest(next);
    },
  }),
];

/** The PHATE panel's request as this module needs it (state/phate.ts PhateRequestState). */
interface PhateRequestLike {
  metric: ViewState['metric']['name'];
  layer: 'last' | number;
  knn: number;
  decay: number;
  t: number | 'auto';
  gamma: number;
  nComponents: 2 | 3;
  solver: string;
}
type PhateLike = { phateRequest: PhateRequestLike; setPhateRequest(r: Partial<PhateRequestLike>): void };

function phateOf(s: AppState): PhateLike | null {
  const p = s as unknown as Partial<PhateLike>;
  return p.phateRequest && typeof p.setPhateRequest === 'function' ? (p as PhateLike) : null;
}

function pickPhate(r: Omit<PhateRequestLike, 'metric' | 'layer'>) {
  return { knn: r.knn, decay: r.decay, t: r.t, gamma: r.gamma, nComponents: r.nComponents, solver: r.solver };
}

/**
 * Fields that describe a view of one particular population: a link applies
 * them only where its population (count + hash of ids) is the one on screen.
 * Colour, size, metric, PHATE settings and panels apply to any population.
 */
export const POPULATION_BOUND_KEYS: readonly ViewStateKey[] = ['camera', 'selection', 'inspected', 'pinned', 'filter', 'epoch'];

/** The whole view as it is now: the bindings, the population's source and identity, and `camera`. */
export function viewStateOf(s: AppState, camera: CameraState | null): ViewState {
  const v = {
    ...DEFAULT_VIEW_STATE,
    metric: { ...DEFAULT_VIEW_STATE.metric },
    phate: { ...DEFAULT_VIEW_STATE.phate },
    panels: [],
  } as ViewState;
  const m = v as unknown as Record<string, unknown>;
  for (const b of BINDINGS) m[b.key] = b.read(s);
  v.source = sourceOf(s);
  v.population = identityOf(s);
  v.camera = camera;
  return v;
}

/**
 * Writes the state's fields to the store (the camera is the caller's: it goes to the view);
 * `ownPopulation` false: only those that do not belong to one population (POPULATION_BOUND_KEYS).
 * Returns the warnings of fields that could not be applied.
 */
export function writeViewFields(state: ViewState, get: () => AppState, ownPopulation: boolean): string[] {
  const warnings: string[] = [];
  for (const b of BINDINGS) {
    if (!ownPopulation && POPULATION_BOUND_KEYS.includes(b.key)) continue;
    const w = b.write((state as unknown as Record<string, never>)[b.key], get());
    if (w) warnings.push(w);
  }
  return warnings;
}
