// View state <-> URL (issue 7). The store's view (population source, metric,
// layer, PHATE parameters, colour, size, selection, filter, inspected and
// pinned network, open panels, epoch) and the manifold camera are written to
// the hash as a versioned ViewState (src/core/viewstate); opening a link
// restores them. History: pushState for history-worthy changes
// (isHistoryWorthy), replaceState for camera moves (debounced), so back/forward
// steps through what the user did. A malformed or old hash is migrated or
// reported in the error banner; the demo stays usable.
//
// TF.js models by URL (`?model=<model.json URL>`, repeatable, or "Add TF.js
// model by URL"): added to the population once it is on screen. The grown
// population remembers its parent's source and its model URLs, so its links
// carry `?model=` again and reopen the same population (the hash's view, e.g. a
// selection of imported models, is applied after the models are added).
//
// Adding a field for a new feature: add one ViewBinding to BINDINGS below (the
// ViewState key it fills, how to read it from the store and how to write it
// back once the population is loaded). A new panel: add it to PANELS. Fields
// the store does not hold yet keep their defaults and round-trip untouched.
import {
  DEFAULT_VIEW_STATE,
  ViewStateError,
  decodeViewState,
  diffViewState,
  encodeViewState,
  isHistoryWorthy,
  populationIdentity,
  populationSourceFromQuery,
  sameIdentity,
  type PopulationIdentity,
  sameValue,
  type PopulationSource,
  type ViewState,
  type ViewStateKey,
} from '../../core/viewstate';
import { EMPTY_SELECTION, idsClause, maskToIndices } from '../../core/explore/selection';
import { useStore, getState, type AppState, type DemoEntry } from '../../state/store';
import { useSharing } from '../../state/sharing';
import type { Population } from '../../core/types';
import { fetchDemo, loadDemo, loadDemoIndex, decodeInWorker, showPopulation } from '../controller';
import { cameraPort } from './camera-port';
import { fetchPopulationBytes } from './fetch-population';
import { importTfjsUrls } from './import';
import { modelUrlsFromQuery } from '../../core/viewstate/query';

// ---------------------------------------------------------------- bindings

export interface ViewBinding<K extends ViewStateKey = ViewStateKey> {
  key: K;
  read(s: AppState): ViewState[K];
  /** Apply a value (population already loaded); return a warning when it cannot be applied. */
  write(v: ViewState[K], s: AppState): string | void;
}

const bind = <K extends ViewStateKey>(b: ViewBinding<K>): ViewBinding => b as unknown as ViewBinding;

/** Panels that links open and close: name -> how to read/set it. */
export const PANELS: Record<string, { isOpen(s: AppState): boolean; setOpen(open: boolean): void }> = {
  train: { isOpen: (s) => s.trainPanelOpen, setOpen: (o) => getState().setTrainPanelOpen(o) },
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
    write: (v) => {
      for (const [k, p] of Object.entries(PANELS)) p.setOpen(v.includes(k));
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

// ---------------------------------------------------------------- population source

/**
 * Populations loaded by URL, keyed by their networks array: it survives
 * re-embedding ({...pop, embedding}) but not loading the same bundle as a
 * demo, so a population fetched from a URL keeps pointing at that URL.
 */
const urlByNetworks = new WeakMap<object, string>();

/**
 * Populations grown by TF.js models added by URL: the parent's source and the
 * model URLs. Keyed by the grown population's id (unique, and kept by
 * re-embedding and by features filled in later, which replace the networks array).
 */
const grownById = new Map<string, { base: PopulationSource | null; models: string[]; count: number }>();

function grownOf(pop: { id: string; networks: unknown[] } | null | undefined) {
  const g = pop ? grownById.get(pop.id) : undefined;
  return g && g.count === pop!.networks.length ? g : undefined;
}

/** The model URLs the population on screen was grown with (written to the link as ?model=). */
export function modelUrlsOf(s: AppState = getState()): string[] {
  return grownOf(s.population)?.models ?? [];
}

export function sourceOf(s: AppState): PopulationSource | null {
  const pop = s.population;
  if (!pop) return null;
  const grown = grownOf(pop);
  if (grown) return grown.base;
  const url = urlByNetworks.get(pop.networks);
  if (url) return { kind: 'url', url };
  if (s.demos.some((d) => d.id === pop.id)) return { kind: 'demo', id: pop.id };
  return { kind: 'local', id: pop.id.slice(0, 200) };
}

function sourceMatches(s: AppState, src: PopulationSource | null): boolean {
  const pop = s.population;
  if (!pop) return false;
  if (src === null) return true;
  const grown = grownOf(pop);
  if (grown) return sameValue(grown.base, src);
  if (src.kind === 'url') return urlByNetworks.get(pop.networks) === src.url;
  return pop.id === src.id && !urlByNetworks.has(pop.networks);
}

// ---------------------------------------------------------------- population identity (issue 14)

/**
 * Fields that describe a view of one particular population: a link applies
 * them only where its population (count + hash of ids) is the one on screen.
 * Colour, size, metric, PHATE settings and panels apply to any population.
 */
export const POPULATION_BOUND_KEYS: readonly ViewStateKey[] = ['camera', 'selection', 'inspected', 'pinned', 'filter', 'epoch'];

/** Identity per networks array (the hash walks every id once). */
const identityByNetworks = new WeakMap<object, PopulationIdentity>();

export function identityOf(pop: Population): PopulationIdentity {
  let id = identityByNetworks.get(pop.networks);
  if (!id) {
    id = populationIdentity(pop.networks.map((n) => n.id));
    identityByNetworks.set(pop.networks, id);
  }
  return id;
}

/** True when the link's view was made on the population on screen (or does not say: older links). */
function isOwnPopulation(s: AppState, state: ViewState): boolean {
  return !!s.population && (state.population === null || sameIdentity(identityOf(s.population), state.population));
}

/**
 * Who can open a link to the population on screen: 'anyone' (a demo, a URL,
 * plus ?model= URLs), or 'this-browser' with why (trained here, grown here,
 * opened from a file): others get the demo instead.
 */
export function linkReach(s: AppState = getState()): { reach: 'anyone' } | { reach: 'this-browser'; why: string } {
  const src = sourceOf(s);
  if (!src || src.kind !== 'local') return { reach: 'anyone' };
  const id = s.population?.id ?? src.id;
  const why = /\+sampled-/.test(id)
    ? 'it was grown in this browser (“Train more like these”)'
    : /^browser-/.test(id)
      ? 'it was trained in this browser'
      : 'it was opened from a file on this computer';
  return { reach: 'this-browser', why };
}

/** The whole view as it is now. */
export function currentViewState(s: AppState = getState()): ViewState {
  const v = {
    ...DEFAULT_VIEW_STATE,
    metric: { ...DEFAULT_VIEW_STATE.metric },
    phate: { ...DEFAULT_VIEW_STATE.phate },
    panels: [],
  } as ViewState;
  const m = v as unknown as Record<string, unknown>;
  for (const b of BINDINGS) m[b.key] = b.read(s);
  v.source = sourceOf(s);
  v.population = s.population ? identityOf(s.population) : null;
  v.camera = cameraPort.current();
  return v;
}

// ---------------------------------------------------------------- messages

let linkErrorId: number | null = null;

/** One message about the link at a time (a new one replaces the last); a notice is calm (not red): nothing went wrong. */
function linkMessage(text: string, level: 'error' | 'notice' = 'error'): void {
  const s = getState();
  if (linkErrorId !== null) s.dismissError(linkErrorId);
  if (level === 'notice') s.pushNotice(text);
  else s.pushError(text);
  linkErrorId = getState().errors[getState().errors.length - 1]?.id ?? null;
}

/** Why the link's camera and selection were not applied. */
function otherPopulationNotice(s: AppState, state: ViewState): void {
  const mine = s.population ? identityOf(s.population) : null;
  const theirs = state.population;
  linkMessage(
    `This link's camera, selection and inspected network were made on another population${theirs ? ` (${theirs.networks} networks)` : ''} than the one shown${mine ? ` (${mine.networks} networks)` : ''}, so they are not applied; its colour and settings are.`,
    'notice',
  );
}

// ---------------------------------------------------------------- applying a state

let applying = false;
let pending: ViewState | null = null;
/** The state the URL shows now (written by us or applied from it). */
let shown: ViewState | null = null;
let shownHash = '';
/** The `?model=` URLs the address shows now, one per line. */
let shownModels = '';
let started = false;

/** Applies the state's fields; `ownPopulation` false: only those that do not belong to one population (POPULATION_BOUND_KEYS). */
function applyFields(state: ViewState, freshPopulation: boolean, ownPopulation = true): string[] {
  const warnings: string[] = [];
  applying = true;
  try {
    for (const b of BINDINGS) {
      if (!ownPopulation && POPULATION_BOUND_KEYS.includes(b.key)) continue;
      const w = b.write((state as unknown as Record<string, never>)[b.key], getState());
      if (w) warnings.push(w);
    }
    if (state.camera && ownPopulation) cameraPort.request(state.camera, freshPopulation);
    else if (!freshPopulation) cameraPort.reset();
  } finally {
    applying = false;
  }
  return warnings;
}

/** Applies `state` now if its population is on screen, else loads that population first. */
async function applyViewState(state: ViewState, startup: boolean): Promise<void> {
  const s = getState();
  if (sourceMatches(s, startup ? (state.source ?? null) : state.source) && s.population && s.populationStatus === 'ready') {
    const own = isOwnPopulation(s, state);
    const w = applyFields(state, false, own);
    if (!own) otherPopulationNotice(s, state);
    else if (w.length) linkMessage(`Part of the link's view could not be restored: ${w.join('; ')}.`);
    shown = own ? state : currentViewState();
    return;
  }
  pending = state;
  const src = state.source;
  if (src === null || src.kind === 'local') {
    // Not an error: the population lives in its author's browser. A calm notice; the demo is shown without the link's camera or selection.
    if (src?.kind === 'local')
      linkMessage(
        /^browser-|\+sampled-/.test(src.id)
          ? `This link is to a population trained in a browser (“${src.id}”), which lives only there. Showing the demo instead, without the link's camera or selection. If it was trained in this browser, open it from Stored populations; otherwise ask its author for the exported bundle (Export bundle) or a ?population= link.`
          : `This link is to a population its author opened from a file (“${src.id}”). Showing the demo instead, without the link's camera or selection; import that file (Import…) or ask for a ?population= link to see the linked view.`,
        'notice',
      );
    if (!s.population) await loadDemoIndex();
    else if (src === null) onPopulation();
    return;
  }
  if (src.kind === 'demo') {
    const choose = (list: DemoEntry[]) => {
      const d = list.find((x) => x.id === src.id);
      if (!d) linkMessage(`The link names a demo population "${src.id}" that this site does not have; showing ${list[0].name}.`);
      return d ?? list[0];
    };
    if (s.demos.length === 0) await loadDemoIndex(choose);
    else await loadDemo(choose(s.demos));
    return;
  }
  if (s.demos.length === 0) await loadDemoIndex(() => null);
  const ok = await loadPopulationUrl(src.url);
  if (!ok && !getState().population) {
    pending = null;
    await loadDemo(getState().demos[0]);
  }
}

/** Stories (src/app/story): puts a view state on screen as a link would, loading its population first if needed. */
export async function applyLinkedView(state: ViewState): Promise<void> {
  await applyViewState(state, false);
}

/** True while a link's (or a story step's) view still waits for its population or its TF.js models. */
export function linkedViewPending(): boolean {
  return pending !== null || linkModels.adding || linkModels.urls !== null;
}

/** A population arrived: apply the pending link state if it belongs to it; then add the link's TF.js models. */
function onPopulation(): void {
  const s = getState();
  if (!s.population || s.populationStatus !== 'ready') return;
  if (linkModels.adding) return; // the link's view waits for the grown population
  const urls = linkModels.urls;
  if (urls) {
    linkModels.urls = null;
    // With a hash, its view (selection, inspected network, colour) may name the models: it is applied after them.
    // Without one, the default view applies now and the models' flow colours by origin.
    if (!linkModels.holdView) applyPending();
    linkModels.adding = true;
    void addModelUrls(urls).finally(() => {
      linkModels.adding = false;
      onPopulation();
      scheduleSync();
    });
    return;
  }
  applyPending();
}

function applyPending(): void {
  const st = pending;
  if (!st) return;
  const s = getState();
  pending = null;
  const matches = sourceMatches(s, st.source);
  // A link to another population than the one that loaded (demo fallback): only the population-free parts apply.
  if (!matches && st.source?.kind !== 'local') {
    shown = currentViewState();
    return;
  }
  // A local population that is not this one (the demo shown instead), or the same source with other networks.
  const own = matches && isOwnPopulation(s, st);
  const w = applyFields(st, true, own);
  if (!own && matches) otherPopulationNotice(s, st);
  else if (own && w.length) linkMessage(`Part of the link's view could not be restored: ${w.join('; ')}.`);
  shown = own ? { ...currentViewState(), camera: st.camera ?? null } : currentViewState();
  shownHash = location.hash.replace(/^#/, '');
}

// ---------------------------------------------------------------- TF.js models by URL

/** `?model=` URLs of the opened link, until the first population is on screen. */
const linkModels: { urls: string[] | null; holdView: boolean; adding: boolean } = { urls: null, holdView: false, adding: false };

/**
 * Adds TF.js models by URL to the population on screen (same flow as files:
 * progress, origin 'imported-tfjs', re-embed, colour by origin) and records
 * them so the link carries them. `urls` are checked (checkModelUrl).
 */
export async function addModelUrls(urls: string[]): Promise<boolean> {
  return importTfjsUrls(urls, {
    beforeShow: (parent, next, r) => {
      const added = urls.filter((_, i) => r.added[i] !== null);
      const prev = grownOf(parent);
      const base = prev ? prev.base : sourceOf({ ...getState(), population: parent } as AppState);
      grownById.set(next.id, { base, models: [...(prev?.models ?? []), ...added], count: next.networks.length });
    },
  });
}

// ---------------------------------------------------------------- population by URL

/**
 * The population a demo or URL source names, fetched and decoded but not
 * shown (a stored "train more like these" run rebuilds the population it
 * joined). A local source cannot be fetched: it throws.
 */
export async function fetchSourcePopulation(src: PopulationSource): Promise<Population> {
  if (src.kind === 'demo') {
    const entry = getState().demos.find((d) => d.id === src.id);
    if (!entry) throw new Error(`this site has no demo population "${src.id}" any more`);
    return fetchDemo(entry);
  }
  if (src.kind === 'url') return decodeInWorker((await fetchPopulationBytes(src.url)).slice().buffer as ArrayBuffer);
  throw new Error(`"${src.id}" was opened from a file or trained in this browser`);
}

/** Downloads, validates (bundle decoder in the worker) and shows a population; false on failure. */
export async function loadPopulationUrl(url: string): Promise<boolean> {
  const s = getState();
  const sharing = useSharing.getState();
  const label = `population from ${url.length > 80 ? url.slice(0, 77) + '…' : url}`;
  s.setPopulationStatus('loading');
  sharing.setProgress({ label, done: 0, total: null, unit: 'bytes' });
  try {
    const bytes = await fetchPopulationBytes(url, {
      onProgress: (done, total) => useSharing.getState().setProgress({ label, done, total, unit: 'bytes' }),
    });
    useSharing.getState().setProgress({ label: `checking ${label}`, done: bytes.length, total: bytes.length, unit: 'bytes' });
    const pop = await decodeInWorker(bytes.buffer as ArrayBuffer);
    urlByNetworks.set(pop.networks, url);
    await showPopulation(pop);
    return getState().population?.id === pop.id;
  } catch (e) {
    linkMessage(`Could not load the linked population: ${e instanceof Error ? e.message : String(e)}`);
    const now = getState();
    now.setPopulationStatus(now.population ? 'ready' : 'error');
    return false;
  } finally {
    useSharing.getState().setProgress(null);
  }
}

// ---------------------------------------------------------------- store → URL

const CAMERA_DEBOUNCE_MS = 350;
let cameraTimer: ReturnType<typeof setTimeout> | null = null;

function urlFor(state: ViewState, hash: string): string {
  const params = new URLSearchParams(location.search);
  // The query names the population only while it is the one on screen.
  if (state.source?.kind === 'url') params.set('population', state.source.url);
  else params.delete('population');
  params.delete('demo');
  params.delete('model');
  for (const m of modelUrlsOf()) params.append('model', m);
  const q = params.toString();
  return `${location.pathname}${q ? `?${q}` : ''}#${hash}`;
}

/** Writes the current view to the URL: a history entry for real changes, a replacement for camera moves. */
export function syncToUrl(): void {
  const s = getState();
  if (applying || pending || linkModels.urls || linkModels.adding || !s.population || s.populationStatus !== 'ready') return;
  if (cameraPort.isPending()) return; // the link's camera is applied on the view's next frame
  const next = currentViewState(s);
  const prev = shown;
  // Models added by URL change the query, not the view state.
  const models = modelUrlsOf(s).join('\n');
  if (prev && diffViewState(prev, next).length === 0 && models === shownModels) return;
  const hash = encodeViewState(next);
  if (hash === shownHash && models === shownModels) {
    shown = next; // differs only below the camera's rounding
    return;
  }
  const url = urlFor(next, hash);
  // The first state of a page replaces its entry; later real changes push one.
  if (prev && isHistoryWorthy(prev, next)) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  shown = next;
  shownHash = hash;
  shownModels = models;
}

// Store changes reach the URL after a quiet spell and in idle time: with 10,000
// points a lasso release changes the store several times, and each URL write
// (view state + pushState) cost ~40 ms of the release's frame.
const SYNC_DEBOUNCE_MS = 300;
let syncTimer: ReturnType<typeof setTimeout> | null = null;
let syncIdle: number | null = null;

function cancelScheduledSync(): void {
  if (syncTimer) clearTimeout(syncTimer);
  syncTimer = null;
  if (syncIdle !== null) (globalThis.cancelIdleCallback ?? clearTimeout)(syncIdle);
  syncIdle = null;
}

/** Coalesces store changes into one URL write: 300 ms trailing, then the next idle period (at most 1 s later). */
function scheduleSync(): void {
  cancelScheduledSync();
  syncTimer = setTimeout(() => {
    syncTimer = null;
    const idle = globalThis.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 0) as unknown as number);
    syncIdle = idle(
      () => {
        syncIdle = null;
        syncToUrl();
      },
      { timeout: 1000 },
    );
  }, SYNC_DEBOUNCE_MS);
}

/** The link to the current view (what "Copy link" copies); syncs first. */
export function currentLink(): string {
  if (cameraTimer) {
    clearTimeout(cameraTimer);
    cameraTimer = null;
  }
  cancelScheduledSync();
  syncToUrl();
  const s = getState();
  if (!s.population) return location.href;
  const state = currentViewState(s);
  return new URL(urlFor(state, encodeViewState(state)), location.href).href;
}

// ---------------------------------------------------------------- URL → view

function readHash(hash: string): ViewState | null {
  try {
    const { state, warnings } = decodeViewState(hash);
    if (warnings.length)
      linkMessage(
        `The link was read with changes: ${warnings.slice(0, 4).join('; ')}${warnings.length > 4 ? ` (and ${warnings.length - 4} more)` : ''}.`,
      );
    return state;
  } catch (e) {
    const why = e instanceof ViewStateError ? e.message : `unexpected problem (${e instanceof Error ? e.message : String(e)})`;
    linkMessage(`This link's view could not be restored: ${why}. The population and view on screen are kept.`);
    return null;
  }
}

function onHashNavigation(): void {
  const hash = location.hash.replace(/^#/, '');
  if (hash === shownHash) return;
  shownHash = hash;
  if (hash === '') return;
  const state = readHash(hash);
  if (!state) return;
  void applyViewState(state, false);
}

/** Starts the app's data: what the URL asks for (population, view), else the first demo; then keeps the URL in sync. */
export async function startSharing(): Promise<void> {
  if (started) return;
  started = true;
  const q = populationSourceFromQuery(location.search);
  const models = modelUrlsFromQuery(location.search);
  const queryWarnings = [...(q.warning ? [q.warning] : []), ...models.warnings];
  if (queryWarnings.length) linkMessage(`Part of the link was not used: ${queryWarnings.join('; ')}.`);
  const hash = location.hash.replace(/^#/, '');
  shownModels = new URLSearchParams(location.search).getAll('model').join('\n');
  shownHash = hash;
  let state = hash ? readHash(hash) : null;
  // A readable hash is the author's view of the grown population: it waits for the models.
  if (models.urls.length) Object.assign(linkModels, { urls: models.urls, holdView: state !== null });
  if (!state && q.source) state = { ...structuredClone(DEFAULT_VIEW_STATE), panels: [] } as ViewState;
  if (state && q.source) state.source = q.source;

  useStore.subscribe((s, prev) => {
    if (s.population !== prev.population || s.populationStatus !== prev.populationStatus) onPopulation();
    if (started) scheduleSync();
  });
  cameraPort.onUserMove(() => {
    if (applying) return;
    if (cameraTimer) clearTimeout(cameraTimer);
    cameraTimer = setTimeout(() => {
      cameraTimer = null;
      syncToUrl();
    }, CAMERA_DEBOUNCE_MS);
  });
  window.addEventListener('popstate', onHashNavigation);
  window.addEventListener('hashchange', onHashNavigation);

  if (state) await applyViewState(state, true);
  else await loadDemoIndex();
}
