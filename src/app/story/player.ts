// The story player and authoring (issue 13; docs/stories.md). A step's view is
// put on screen by the link session (sharing/startup-link applyLinkedView), so a step
// shows exactly what its link would. The player owns the story store
// (state/story.ts), the keys (→ / ← step, Esc leaves, F full-screen in
// presenter mode), `?story=` / `?step=` / `?present` / `?theme` / `?hide` in the
// query, and "Add this view as a step" / export / import.
//
// Built once by app/start.ts (issue 12) with its ports: the stores, the link session,
// fetch, the address and history, timers, the embedding and trajectory controllers and
// the page (panels, keys, full-screen, downloads); vitest builds it with fakes.
import type { AppState } from '../../state/store';
import type { StoryState } from '../../state/story';
import { StoryError, parseStoryIndex, parseStoryText, storyRefFrom, storyToText, type Story, type StoryStep } from '../../core/story/story';
import { presentFromQuery } from '../../core/story/present';
import type { LinkSession } from '../sharing/startup-link';
import type { AddressPort, HistoryPort } from '../sharing/link-writer';
import { PANEL_IDS, PANEL_SELECTORS } from './panels';

/** What steps are applied through: the app's link session. */
export type StoryLinks = Pick<LinkSession, 'applyLinkedView' | 'linkedViewPending' | 'currentViewState'>;

/** The page around the player (the DOM in the browser). */
export interface StoryPage {
  /** Marks the element `selector` names as the step's focus and scrolls to it; returns the unmark function, or null when there is no such element. */
  focus(selector: string): (() => void) | null;
  /** Keys, heard in the capture phase (ahead of the view's own). */
  onKey(f: (e: KeyboardEvent) => void): void;
  fullscreen: {
    active(): boolean;
    /** Rejects when the browser refuses; throws when it has no full-screen API. */
    request(): Promise<void>;
    exit(): Promise<void>;
  };
  download(blob: Blob, name: string): void;
}

export interface StoryPlayerDeps {
  store: {
    getState(): AppState;
    subscribe(f: (s: AppState, prev: AppState) => void): () => void;
  };
  story: { getState(): StoryState };
  links: StoryLinks;
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** import.meta.env.BASE_URL: where stories/index.json is served. */
  base: string;
  location: AddressPort;
  history: HistoryPort;
  timers: { after(ms: number, f: () => void): void; now(): number };
  /** Re-embeds the population with the PHATE panel's settings (the app's PhateController.requestEmbed, passed in by start.ts). */
  embed(): void;
  trajectories: {
    /** Back to the population's own embedding. */
    exit(): void;
    /** Embeds the checkpoints once (if not yet), then shows `epoch`. */
    show(epoch: number): Promise<void>;
  };
  page: StoryPage;
}

/** Most bytes a story file may have when fetched. */
const MAX_STORY_BYTES = 1_000_000;

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Keys typed into a field (or moving a slider) are the field's, not the player's. */
const typing = (t: EventTarget | null): boolean =>
  typeof HTMLElement !== 'undefined' &&
  t instanceof HTMLElement &&
  (t.isContentEditable ||
    t.tagName === 'TEXTAREA' ||
    t.tagName === 'SELECT' ||
    (t.tagName === 'INPUT' && (t as HTMLInputElement).type !== 'checkbox'));

function sameMask(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class StoryPlayer {
  private started = false;
  /** The story message on screen (a new one replaces it). */
  private messageId: number | null = null;
  /** The shipped stories (public/stories/index.json), read once. */
  private indexLoad: Promise<void> | null = null;
  /** Bumped by every step and by leaving: a step still waiting when it changed is dropped. */
  private stepToken = 0;
  /** The selection / inspected network right after the step's view was applied (to see the user act). */
  private baseline: { mask: Uint8Array; selected: string | null } | null = null;
  /** The PHATE request the embedding on screen was made with (recorded whenever a new embedding is shown). */
  private embeddedRequest = '';
  /** Unmarks the focused panel. */
  private unfocus: (() => void) | null = null;

  constructor(private readonly deps: StoryPlayerDeps) {}

  private get app(): AppState {
    return this.deps.store.getState();
  }
  private get st(): StoryState {
    return this.deps.story.getState();
  }

  // -------------------------------------------------------------- messages

  /** One story message at a time (a new one replaces the last). */
  private message(text: string, level: 'error' | 'notice' = 'error'): void {
    if (this.messageId !== null) this.app.dismissError(this.messageId);
    if (level === 'error') this.app.pushError(text);
    else this.app.pushNotice(text);
    const errors = this.app.errors;
    this.messageId = errors[errors.length - 1]?.id ?? null;
  }

  // -------------------------------------------------------------- the query

  private setQuery(changes: Record<string, string | null>): void {
    const { location, history } = this.deps;
    const params = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) params.delete(k);
      else params.set(k, v);
    }
    const q = params.toString().replace(/(^|&)present=(?=&|$)/, '$1present');
    history.replaceState((history as { state?: unknown }).state ?? null, '', `${location.pathname}${q ? `?${q}` : ''}${location.hash}`);
  }

  // -------------------------------------------------------------- loading

  /** The shipped stories; [] with a message when the list cannot be read. */
  loadIndex(): Promise<void> {
    this.indexLoad ??= this.readIndex();
    return this.indexLoad;
  }

  private async readIndex(): Promise<void> {
    try {
      const res = await this.deps.fetch(`${this.deps.base}stories/index.json`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.st.set({ index: parseStoryIndex(await res.json()) });
    } catch (e) {
      this.message(`The list of shipped stories could not be read (stories/index.json: ${reason(e)}).`, 'notice');
    }
  }

  private async fetchText(url: string): Promise<string> {
    let res: Response;
    try {
      res = await this.deps.fetch(new URL(url, this.deps.location.href).href, { credentials: 'omit' });
    } catch (e) {
      throw new StoryError(
        `could not fetch ${url} (${reason(e)}; a story on another site must be served with Access-Control-Allow-Origin)`,
      );
    }
    if (!res.ok) throw new StoryError(`${url} answered HTTP ${res.status}`);
    const size = Number(res.headers.get('content-length'));
    if (size > MAX_STORY_BYTES) throw new StoryError(`${url} is too large for a story (${size} bytes; at most ${MAX_STORY_BYTES})`);
    const text = await res.text();
    if (text.length > MAX_STORY_BYTES) throw new StoryError(`${url} is too large for a story (at most ${MAX_STORY_BYTES} bytes)`);
    return text;
  }

  /** Opens `?story=` (an id of public/stories/index.json, or a URL). Keeps the view on screen when it fails. */
  async openRef(value: string, startStep = 0): Promise<boolean> {
    this.st.set({ status: 'loading' });
    try {
      const ref = storyRefFrom(value);
      let url: string;
      if (ref.kind === 'id') {
        await this.loadIndex();
        const index = this.st.index;
        const entry = index.find((e) => e.id === ref.id);
        if (!entry)
          throw new StoryError(`this site has no story "${ref.id}"${index.length ? ` (it has ${index.map((e) => e.id).join(', ')})` : ''}`);
        url = `${this.deps.base}stories/${entry.file}`;
      } else url = ref.url;
      const { story, warnings } = parseStoryText(await this.fetchText(url));
      if (warnings.length)
        this.message(
          `The story was read with changes: ${warnings.slice(0, 3).join('; ')}${warnings.length > 3 ? ` (and ${warnings.length - 3} more)` : ''}.`,
          'notice',
        );
      await this.open(story, startStep, value);
      return true;
    } catch (e) {
      this.st.set({ status: this.st.story ? 'ready' : 'idle' });
      this.message(`Could not open the story: ${reason(e)}. The view on screen is kept.`);
      return false;
    }
  }

  /** Reads a story file chosen by the user (Import story…). */
  async importFile(file: File): Promise<boolean> {
    try {
      if (file.size > MAX_STORY_BYTES)
        throw new StoryError(`${file.name} is too large for a story (${file.size} bytes; at most ${MAX_STORY_BYTES})`);
      const { story, warnings } = parseStoryText(await file.text());
      if (warnings.length) this.message(`The story was read with changes: ${warnings.slice(0, 3).join('; ')}.`, 'notice');
      await this.open(story, 0, null);
      return true;
    } catch (e) {
      this.message(`Could not open the story ${file.name}: ${reason(e)}. The view on screen is kept.`);
      return false;
    }
  }

  /** Plays a story from `startStep`; `ref` is what `?story=` should say (null: not linkable, e.g. imported). */
  async open(story: Story, startStep = 0, ref: string | null = null): Promise<void> {
    this.st.set({ story, step: Math.max(0, Math.min(story.steps.length - 1, startStep)), status: 'applying' });
    this.setQuery({ story: ref, step: null });
    await this.goTo(this.st.step);
  }

  // -------------------------------------------------------------- stepping

  private populationReady(): boolean {
    const s = this.app;
    return !!s.population && s.populationStatus === 'ready' && !this.deps.links.linkedViewPending();
  }

  private whenReady(token: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (token !== this.stepToken) return resolve(false);
        if (this.populationReady()) return resolve(true);
        this.deps.timers.after(50, check);
      };
      check();
    });
  }

  /** Shows step `i` (clamped) of the story being played. */
  async goTo(i: number): Promise<void> {
    const story = this.st.story;
    if (!story) return;
    const index = Math.max(0, Math.min(story.steps.length - 1, i));
    const token = ++this.stepToken;
    const step = story.steps[index];
    this.st.set({ step: index, status: 'applying', waitDone: false });
    this.baseline = null;
    if (!(await this.whenReady(token))) return;
    // Leaving a trajectories step: back to the population's own embedding.
    if (step.view.epoch === null && this.app.epoch !== null) this.deps.trajectories.exit();
    await this.deps.links.applyLinkedView(step.view);
    if (!(await this.whenReady(token))) return;
    // A link only fills the PHATE panel with its settings; a story step shows them: re-embed when they differ.
    if (JSON.stringify(this.app.phateRequest) !== this.embeddedRequest) {
      this.deps.embed();
      if (!(await this.whenEmbedded(token))) return;
    }
    if (step.view.epoch !== null) await this.deps.trajectories.show(step.view.epoch);
    if (token !== this.stepToken) return;
    this.focusPanel(step.focus);
    const s = this.app;
    this.baseline = { mask: s.selectionMask.slice(), selected: s.selectedId };
    this.st.set({ status: 'ready' });
    if (story.id && new URLSearchParams(this.deps.location.search).has('story'))
      this.setQuery({ step: index > 0 ? String(index + 1) : null });
  }

  /** Waits for the re-embedding the step asked for (done, failed or cancelled: the step shows what there is). */
  private whenEmbedded(token: number): Promise<boolean> {
    const { timers } = this.deps;
    return new Promise((resolve) => {
      let seen = false;
      const t0 = timers.now();
      const check = () => {
        if (token !== this.stepToken) return resolve(false);
        const status = this.app.phateRun.status;
        if (status === 'running') seen = true;
        // Not started within 3 s (nothing to embed): show the step as it is.
        else if (seen || JSON.stringify(this.app.phateRequest) === this.embeddedRequest || timers.now() - t0 > 3000) return resolve(true);
        timers.after(50, check);
      };
      check();
    });
  }

  readonly next = (): Promise<void> => this.goTo(this.st.step + 1);
  readonly previous = (): Promise<void> => this.goTo(this.st.step - 1);

  /** Leaves the story; the view on screen stays. */
  readonly leave = (): void => {
    this.stepToken++;
    this.baseline = null;
    this.focusPanel(null);
    this.st.set({ story: null, step: 0, status: 'idle', waitDone: false });
    this.setQuery({ story: null, step: null });
  };

  private focusPanel(id: string | null): void {
    this.unfocus?.();
    this.unfocus = null;
    const sel = id ? PANEL_SELECTORS[id] : undefined;
    if (sel) this.unfocus = this.deps.page.focus(sel);
  }

  /** A step that waits for a lasso or a click counts as done once the user changed the selection / inspected a network. */
  private onAppChange(s: AppState): void {
    const st = this.st;
    const step: StoryStep | undefined = st.story?.steps[st.step];
    const baseline = this.baseline;
    if (!step?.wait || st.waitDone || st.status !== 'ready' || !baseline) return;
    const done =
      step.wait === 'lasso'
        ? s.selectionActive && !sameMask(s.selectionMask, baseline.mask)
        : s.selectedId !== null && s.selectedId !== baseline.selected;
    if (done) st.set({ waitDone: true });
  }

  // -------------------------------------------------------------- presenter mode

  /**
   * Presenter mode on or off. `fullscreen`: also ask for full-screen (from a button press, a user
   * gesture); a refusal is quiet here, since the layout already fills the window.
   */
  setPresenting(on: boolean, fullscreen = false): void {
    const fs = this.deps.page.fullscreen;
    this.st.set({ presenting: on });
    this.setQuery({ present: on ? '' : null });
    if (on && fullscreen && !fs.active()) {
      try {
        void fs.request().catch(() => {});
      } catch {
        // no full-screen API: the layout fills the window anyway
      }
    }
    if (!on && fs.active()) void fs.exit().catch(() => {});
  }

  setTheme(theme: 'dark' | 'light'): void {
    this.st.set({ theme });
    this.setQuery({ theme: theme === 'light' ? 'light' : null });
  }

  /** F: full-screen on and off. Browsers may refuse (no user gesture, headless, iframes): then a notice, nothing else. */
  async toggleFullscreen(): Promise<void> {
    const fs = this.deps.page.fullscreen;
    try {
      if (fs.active()) await fs.exit();
      else await fs.request();
    } catch (e) {
      this.message(`Full-screen was refused by the browser (${reason(e)}); the browser's own full-screen key (F11) still works.`, 'notice');
    }
  }

  /** → / ← step, Esc leaves presenter mode then the story, F full-screen (presenter mode). */
  private onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    const st = this.st;
    const consume = () => {
      e.preventDefault();
      e.stopImmediatePropagation();
    };
    if (st.story && (e.key === 'ArrowRight' || e.key === 'PageDown')) {
      consume();
      void this.next();
    } else if (st.story && (e.key === 'ArrowLeft' || e.key === 'PageUp')) {
      consume();
      void this.previous();
    } else if (e.key === 'Escape' && (st.presenting || st.story)) {
      consume();
      if (st.presenting) this.setPresenting(false);
      else this.leave();
    } else if (st.presenting && (e.key === 'f' || e.key === 'F')) {
      consume();
      void this.toggleFullscreen();
    }
  }

  // -------------------------------------------------------------- authoring

  /** "Add this view as a step": the whole view as the link has it, with a caption. */
  addViewAsStep(caption: string, title = '', wait: StoryStep['wait'] = null): void {
    const step: StoryStep = { title: title.trim(), caption: caption.trim(), view: this.deps.links.currentViewState(), wait, focus: null };
    this.st.set({ draft: [...this.st.draft, step] });
  }

  removeDraftStep(i: number): void {
    this.st.set({ draft: this.st.draft.filter((_, k) => k !== i) });
  }

  draftStory(): Story {
    const st = this.st;
    const title = st.draftTitle.trim() || 'My story';
    const id =
      title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'story';
    return { id, title, description: '', steps: st.draft };
  }

  /** The draft as a story file (JSON text). */
  draftText(): string {
    return storyToText(this.draftStory());
  }

  /** Downloads the draft as `<id>.story.json`. */
  readonly exportDraft = (): void => {
    const story = this.draftStory();
    this.deps.page.download(new Blob([storyToText(story)], { type: 'application/json' }), `${story.id}.story.json`);
  };

  readonly playDraft = (): void => {
    if (this.st.draft.length === 0) return;
    void this.open(this.draftStory(), 0, null);
  };

  // -------------------------------------------------------------- start

  /** Reads ?present, ?theme, ?hide and ?story (opened once the app's first population is on screen), and listens for keys. Once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const q = presentFromQuery(this.deps.location.search, PANEL_IDS);
    this.st.set({ presenting: q.present, theme: q.theme, hiddenPanels: q.hide });
    if (q.warnings.length) this.message(`The link's ${q.warnings.join('; ')}.`, 'notice');
    this.deps.page.onKey((e) => this.onKey(e));
    this.embeddedRequest = JSON.stringify(this.app.phateRequest);
    this.deps.store.subscribe((s, prev) => {
      if (s.embeddingVersion !== prev.embeddingVersion) this.embeddedRequest = JSON.stringify(s.phateRequest);
      this.onAppChange(s);
    });
    void this.loadIndex();
    const params = new URLSearchParams(this.deps.location.search);
    const ref = params.get('story');
    if (ref !== null) {
      const step = Number(params.get('step') ?? '1');
      void this.openRef(ref, Number.isInteger(step) && step > 0 ? step - 1 : 0);
    }
  }
}
