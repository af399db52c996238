// URL → view (issue 7): reads the address the page opened with (`?population=`, `?demo=`,
// `?model=`, the view-state hash), loads the population it names (else the first demo), applies
// the link's view once that population is on screen, then keeps the address in sync (LinkWriter)
// and follows back/forward. A malformed or old hash is migrated or reported in the error banner;
// the demo stays usable. Stories apply their steps through the same path (applyLinkedView).
//
// TF.js models by URL (`?model=<model.json URL>`, repeatable): added to the population once it is
// on screen; with a hash, its view (e.g. a selection of the imported models) is applied after them.
//
// Built once by app/start.ts with its ports (store, location, history, window events, timers,
// camera, loaders), so vitest runs it against fakes.
import { DEFAULT_VIEW_STATE, ViewStateError, decodeViewState, populationSourceFromQuery, type ViewState } from '../../core/viewstate';
import { modelUrlsFromQuery } from '../../core/viewstate/query';
import type { AppState, DemoEntry } from '../../state/store';
import type { CameraPort } from './camera-port';
import { LinkMessages } from './link-messages';
import { LinkWriter, type AddressPort, type HistoryPort, type Timers } from './link-writer';
import { identityOf, isOwnPopulation, sourceMatches } from './population-source';
import { viewStateOf, writeViewFields } from './view-bindings';

/** How the session loads what a link names (app/controller and link-loaders in the browser). */
export interface LinkLoaders {
  /** The demo list, then its first demo or the one `choose` picks (null: none). */
  loadDemoIndex(choose?: (list: DemoEntry[]) => DemoEntry | null): Promise<void>;
  loadDemo(entry: DemoEntry): Promise<void>;
  /** Downloads and shows the population at `url`, recording that source; false on failure, told through `report`. */
  loadPopulationUrl(url: string, report: (message: string) => void): Promise<boolean>;
  /** Adds TF.js models by URL to the population on screen (the grown population records them). */
  addModelUrls(urls: string[]): Promise<boolean>;
}

export interface LinkSessionDeps {
  store: {
    getState(): AppState;
    subscribe(f: (s: AppState, prev: AppState) => void): () => void;
  };
  location: AddressPort;
  history: HistoryPort;
  /** Where back/forward and hash edits are heard (window). */
  events: { addEventListener(type: 'popstate' | 'hashchange', f: () => void): void };
  timers: Timers;
  camera: Pick<CameraPort, 'current' | 'isPending' | 'request' | 'reset' | 'onUserMove'>;
  loaders: LinkLoaders;
}

export class LinkSession {
  readonly writer: LinkWriter;
  private readonly messages: LinkMessages;
  /** True while a link's fields are written to the store (those changes are not the user's). */
  private applying = false;
  /** A link's view waiting for its population. */
  private pending: ViewState | null = null;
  private started = false;
  /** `?model=` URLs of the opened link, until the first population is on screen. */
  private readonly linkModels: { urls: string[] | null; holdView: boolean; adding: boolean } = {
    urls: null,
    holdView: false,
    adding: false,
  };

  private readonly get = (): AppState => this.deps.store.getState();

  constructor(private readonly deps: LinkSessionDeps) {
    this.messages = new LinkMessages(this.get);
    this.writer = new LinkWriter({
      getState: this.get,
      location: deps.location,
      history: deps.history,
      timers: deps.timers,
      camera: deps.camera,
      held: () => this.applying || this.pending !== null || this.linkModels.urls !== null || this.linkModels.adding,
    });
  }

  /** The whole view as it is now (a story step records it). */
  currentViewState(): ViewState {
    return viewStateOf(this.get(), this.deps.camera.current());
  }

  /** The link to the current view (what "Copy link" copies). */
  currentLink(): string {
    return this.writer.currentLink();
  }

  /** Stories (src/app/story): puts a view state on screen as a link would, loading its population first if needed. */
  async applyLinkedView(state: ViewState): Promise<void> {
    await this.applyViewState(state, false);
  }

  /** True while a link's (or a story step's) view still waits for its population or its TF.js models. */
  linkedViewPending(): boolean {
    return this.pending !== null || this.linkModels.adding || this.linkModels.urls !== null;
  }

  /** Starts the app's data: what the URL asks for (population, view), else the first demo; then keeps the URL in sync. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { location } = this.deps;
    const q = populationSourceFromQuery(location.search);
    const models = modelUrlsFromQuery(location.search);
    const queryWarnings = [...(q.warning ? [q.warning] : []), ...models.warnings];
    if (queryWarnings.length) this.messages.show(`Part of the link was not used: ${queryWarnings.join('; ')}.`);
    const hash = location.hash.replace(/^#/, '');
    this.writer.begin();
    let state = hash ? this.readHash(hash) : null;
    // A readable hash is the author's view of the grown population: it waits for the models.
    if (models.urls.length) Object.assign(this.linkModels, { urls: models.urls, holdView: state !== null });
    if (!state && q.source) state = { ...structuredClone(DEFAULT_VIEW_STATE), panels: [] } as ViewState;
    if (state && q.source) state.source = q.source;

    this.deps.store.subscribe((s, prev) => {
      if (s.population !== prev.population || s.populationStatus !== prev.populationStatus) this.onPopulation();
      this.writer.schedule();
    });
    this.deps.camera.onUserMove(() => {
      if (!this.applying) this.writer.cameraMoved();
    });
    const onNavigation = () => this.onHashNavigation();
    this.deps.events.addEventListener('popstate', onNavigation);
    this.deps.events.addEventListener('hashchange', onNavigation);

    if (state) await this.applyViewState(state, true);
    else await this.deps.loaders.loadDemoIndex();
  }

  // ---------------------------------------------------------------- applying a state

  /** Applies the state's fields; `ownPopulation` false: only those that do not belong to one population. */
  private applyFields(state: ViewState, freshPopulation: boolean, ownPopulation = true): string[] {
    this.applying = true;
    try {
      const warnings = writeViewFields(state, this.get, ownPopulation);
      if (state.camera && ownPopulation) this.deps.camera.request(state.camera, freshPopulation);
      else if (!freshPopulation) this.deps.camera.reset();
      return warnings;
    } finally {
      this.applying = false;
    }
  }

  /** Why the link's camera and selection were not applied. */
  private otherPopulationNotice(s: AppState, state: ViewState): void {
    const mine = identityOf(s);
    const theirs = state.population;
    this.messages.show(
      `This link's camera, selection and inspected network were made on another population${theirs ? ` (${theirs.networks} networks)` : ''} than the one shown${mine ? ` (${mine.networks} networks)` : ''}, so they are not applied; its colour and settings are.`,
      'notice',
    );
  }

  /** Applies `state` now if its population is on screen, else loads that population first. */
  private async applyViewState(state: ViewState, startup: boolean): Promise<void> {
    const s = this.get();
    const { loaders } = this.deps;
    if (sourceMatches(s, startup ? (state.source ?? null) : state.source) && s.population && s.populationStatus === 'ready') {
      const own = isOwnPopulation(s, state);
      const w = this.applyFields(state, false, own);
      if (!own) this.otherPopulationNotice(s, state);
      else if (w.length) this.messages.show(`Part of the link's view could not be restored: ${w.join('; ')}.`);
      this.writer.showing(own ? state : this.currentViewState());
      return;
    }
    this.pending = state;
    const src = state.source;
    if (src === null || src.kind === 'local') {
      // Not an error: the population lives in its author's browser. A calm notice; the demo is shown without the link's camera or selection.
      if (src?.kind === 'local')
        this.messages.show(
          /^browser-|\+sampled-/.test(src.id)
            ? `This link is to a population trained in a browser (“${src.id}”), which lives only there. Showing the demo instead, without the link's camera or selection. If it was trained in this browser, open it from Stored populations; otherwise ask its author for the exported bundle (Export bundle) or a ?population= link.`
            : `This link is to a population its author opened from a file (“${src.id}”). Showing the demo instead, without the link's camera or selection; import that file (Import…) or ask for a ?population= link to see the linked view.`,
          'notice',
        );
      if (!s.population) await loaders.loadDemoIndex();
      else if (src === null) this.onPopulation();
      return;
    }
    if (src.kind === 'demo') {
      const choose = (list: DemoEntry[]) => {
        const d = list.find((x) => x.id === src.id);
        if (!d) this.messages.show(`The link names a demo population "${src.id}" that this site does not have; showing ${list[0].name}.`);
        return d ?? list[0];
      };
      if (s.demos.length === 0) await loaders.loadDemoIndex(choose);
      else await loaders.loadDemo(choose(s.demos));
      return;
    }
    if (s.demos.length === 0) await loaders.loadDemoIndex(() => null);
    const ok = await loaders.loadPopulationUrl(src.url, (m) => this.messages.show(m));
    if (!ok && !this.get().population) {
      this.pending = null;
      await loaders.loadDemo(this.get().demos[0]);
    }
  }

  /** A population arrived: apply the pending link state if it belongs to it; then add the link's TF.js models. */
  private onPopulation(): void {
    const s = this.get();
    if (!s.population || s.populationStatus !== 'ready') return;
    if (this.linkModels.adding) return; // the link's view waits for the grown population
    const urls = this.linkModels.urls;
    if (urls) {
      this.linkModels.urls = null;
      // With a hash, its view (selection, inspected network, colour) may name the models: it is applied after them.
      // Without one, the default view applies now and the models' flow colours by origin.
      if (!this.linkModels.holdView) this.applyPending();
      this.linkModels.adding = true;
      void this.deps.loaders.addModelUrls(urls).finally(() => {
        this.linkModels.adding = false;
        this.onPopulation();
        this.writer.schedule();
      });
      return;
    }
    this.applyPending();
  }

  private applyPending(): void {
    const st = this.pending;
    if (!st) return;
    const s = this.get();
    this.pending = null;
    const matches = sourceMatches(s, st.source);
    // A link to another population than the one that loaded (demo fallback): only the population-free parts apply.
    if (!matches && st.source?.kind !== 'local') {
      this.writer.showing(this.currentViewState());
      return;
    }
    // A local population that is not this one (the demo shown instead), or the same source with other networks.
    const own = matches && isOwnPopulation(s, st);
    const w = this.applyFields(st, true, own);
    if (!own && matches) this.otherPopulationNotice(s, st);
    else if (own && w.length) this.messages.show(`Part of the link's view could not be restored: ${w.join('; ')}.`);
    this.writer.showing(own ? { ...this.currentViewState(), camera: st.camera ?? null } : this.currentViewState(), true);
  }

  // ---------------------------------------------------------------- reading the address

  private readHash(hash: string): ViewState | null {
    try {
      const { state, warnings } = decodeViewState(hash);
      if (warnings.length)
        this.messages.show(
          `The link was read with changes: ${warnings.slice(0, 4).join('; ')}${warnings.length > 4 ? ` (and ${warnings.length - 4} more)` : ''}.`,
        );
      return state;
    } catch (e) {
      const why = e instanceof ViewStateError ? e.message : `unexpected problem (${e instanceof Error ? e.message : String(e)})`;
      this.messages.show(`This link's view could not be restored: ${why}. The population and view on screen are kept.`);
      return null;
    }
  }

  private onHashNavigation(): void {
    if (!this.writer.addressMoved()) return;
    const hash = this.deps.location.hash.replace(/^#/, '');
    if (hash === '') return;
    const state = this.readHash(hash);
    if (!state) return;
    void this.applyViewState(state, false);
  }
}
