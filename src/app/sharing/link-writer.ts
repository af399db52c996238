// Store → URL (issue 7): writes the view to the address as a versioned ViewState hash, with
// `?population=` / `?model=` in the query while that population is on screen. History:
// pushState for history-worthy changes (isHistoryWorthy), replaceState for camera moves and the
// first state of a page, so back/forward steps through what the user did. Store changes and
// camera moves are debounced; "Copy link" (currentLink) writes at once. Knows the address only
// through the ports it is given, so vitest drives it with a fake location/history and timers.
import { diffViewState, encodeViewState, isHistoryWorthy, type ViewState } from '../../core/viewstate';
import type { AppState } from '../../state/store';
import type { CameraPort } from './camera-port';
import { modelUrlsOf } from './population-source';
import { viewStateOf } from './view-bindings';

/** What the writer reads of the address (window.location). */
export interface AddressPort {
  readonly search: string;
  readonly hash: string;
  readonly pathname: string;
  readonly href: string;
}

/** What the writer does to the session history (window.history). */
export interface HistoryPort {
  pushState(data: unknown, unused: string, url: string): void;
  replaceState(data: unknown, unused: string, url: string): void;
}

/** Timers; each returns its cancel function. */
export interface Timers {
  after(ms: number, f: () => void): () => void;
  /** `f` in the next idle period, at most `timeoutMs` later. */
  idle(f: () => void, timeoutMs: number): () => void;
}

export interface LinkWriterDeps {
  getState(): AppState;
  location: AddressPort;
  history: HistoryPort;
  timers: Timers;
  camera: Pick<CameraPort, 'current' | 'isPending'>;
  /** True while nothing may be written (a link's view is being applied, or waits for its population or models). */
  held(): boolean;
}

export const CAMERA_DEBOUNCE_MS = 350;
// Store changes reach the URL after a quiet spell and in idle time: with 10,000
// points a lasso release changes the store several times, and each URL write
// (view state + pushState) cost ~40 ms of the release's frame.
export const SYNC_DEBOUNCE_MS = 300;
const SYNC_IDLE_TIMEOUT_MS = 1000;

const hashOf = (a: AddressPort): string => a.hash.replace(/^#/, '');

export const browserTimers: Timers = {
  after(ms, f) {
    const id = setTimeout(f, ms);
    return () => clearTimeout(id);
  },
  idle(f, timeoutMs) {
    if (typeof globalThis.requestIdleCallback === 'function') {
      const id = globalThis.requestIdleCallback(() => f(), { timeout: timeoutMs });
      return () => globalThis.cancelIdleCallback(id);
    }
    const id = setTimeout(f, 0);
    return () => clearTimeout(id);
  },
};

export class LinkWriter {
  /** The state the URL shows now (written by us or applied from it). */
  private shown: ViewState | null = null;
  private shownHash = '';
  /** The `?model=` URLs the address shows now, one per line. */
  private shownModels = '';
  private cancelCamera: (() => void) | null = null;
  private cancelSync: (() => void) | null = null;

  constructor(private readonly deps: LinkWriterDeps) {}

  /** The address as the page opened it: nothing needs writing until the view changes. */
  begin(): void {
    this.shownHash = hashOf(this.deps.location);
    this.shownModels = new URLSearchParams(this.deps.location.search).getAll('model').join('\n');
  }

  /** A view put on screen from a link: the address shows it (`fromAddress`: take the address's hash as written). */
  showing(state: ViewState, fromAddress = false): void {
    this.shown = state;
    if (fromAddress) this.shownHash = hashOf(this.deps.location);
  }

  /** The address's hash changed under us (back/forward, an edited hash): records it; false when it is the one we show. */
  addressMoved(): boolean {
    const hash = hashOf(this.deps.location);
    if (hash === this.shownHash) return false;
    this.shownHash = hash;
    return true;
  }

  private urlFor(state: ViewState, hash: string): string {
    const { location } = this.deps;
    const params = new URLSearchParams(location.search);
    // The query names the population only while it is the one on screen.
    if (state.source?.kind === 'url') params.set('population', state.source.url);
    else params.delete('population');
    params.delete('demo');
    params.delete('model');
    for (const m of modelUrlsOf(this.deps.getState())) params.append('model', m);
    const q = params.toString();
    return `${location.pathname}${q ? `?${q}` : ''}#${hash}`;
  }

  /** Writes the current view to the URL: a history entry for real changes, a replacement for camera moves. */
  sync(): void {
    const s = this.deps.getState();
    if (this.deps.held() || !s.population || s.populationStatus !== 'ready') return;
    if (this.deps.camera.isPending()) return; // the link's camera is applied on the view's next frame
    const next = viewStateOf(s, this.deps.camera.current());
    const prev = this.shown;
    // Models added by URL change the query, not the view state.
    const models = modelUrlsOf(s).join('\n');
    if (prev && diffViewState(prev, next).length === 0 && models === this.shownModels) return;
    const hash = encodeViewState(next);
    if (hash === this.shownHash && models === this.shownModels) {
      this.shown = next; // differs only below the camera's rounding
      return;
    }
    const url = this.urlFor(next, hash);
    // The first state of a page replaces its entry; later real changes push one.
    if (prev && isHistoryWorthy(prev, next)) this.deps.history.pushState(null, '', url);
    else this.deps.history.replaceState(null, '', url);
    this.shown = next;
    this.shownHash = hash;
    this.shownModels = models;
  }

  private cancelScheduled(): void {
    this.cancelSync?.();
    this.cancelSync = null;
  }

  /** Coalesces store changes into one URL write: 300 ms trailing, then the next idle period (at most 1 s later). */
  schedule(): void {
    this.cancelScheduled();
    this.cancelSync = this.deps.timers.after(SYNC_DEBOUNCE_MS, () => {
      this.cancelSync = this.deps.timers.idle(() => {
        this.cancelSync = null;
        this.sync();
      }, SYNC_IDLE_TIMEOUT_MS);
    });
  }

  /** The user moved the camera: written once it rests. */
  cameraMoved(): void {
    this.cancelCamera?.();
    this.cancelCamera = this.deps.timers.after(CAMERA_DEBOUNCE_MS, () => {
      this.cancelCamera = null;
      this.sync();
    });
  }

  /** The link to the current view (what "Copy link" copies); syncs first. */
  currentLink(): string {
    this.cancelCamera?.();
    this.cancelCamera = null;
    this.cancelScheduled();
    this.sync();
    const s = this.deps.getState();
    const { location } = this.deps;
    if (!s.population) return location.href;
    const state = viewStateOf(s, this.deps.camera.current());
    return new URL(this.urlFor(state, encodeViewState(state)), location.href).href;
  }
}
