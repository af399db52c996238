// The story player and authoring (issue 13; docs/stories.md). A step's view is
// put on screen by the link session (sharing/startup-link applyLinkedView), so a step
// shows exactly what its link would. The player owns the story store
// (state/story.ts), the keys (→ / ← step, Esc leaves, F full-screen in
// presenter mode), `?story=` / `?step=` / `?present` / `?theme` / `?hide` in the
// query, and "Add this view as a step" / export / import.
import { getState, useStore } from '../../state/store';
import { storyState, useStory } from '../../state/story';
import { StoryError, parseStoryIndex, parseStoryText, storyRefFrom, storyToText, type Story, type StoryStep } from '../../core/story/story';
import { presentFromQuery } from '../../core/story/present';
import type { LinkSession } from '../sharing/startup-link';
import { computeTrajectories, exitTrajectories, useTrajectory } from '../trajectory';
import { requestEmbed } from '../phate';
import { PANEL_IDS, PANEL_SELECTORS } from './panels';

const base = (): string => import.meta.env.BASE_URL;

/** What steps are applied through: the app's link session (set once by startStories; null before the app started). */
let links: Pick<LinkSession, 'applyLinkedView' | 'linkedViewPending' | 'currentViewState'> | null = null;

// ---------------------------------------------------------------- messages

let messageId: number | null = null;

/** One story message at a time (a new one replaces the last). */
function storyMessage(text: string, level: 'error' | 'notice' = 'error'): void {
  const s = getState();
  if (messageId !== null) s.dismissError(messageId);
  if (level === 'error') s.pushError(text);
  else s.pushNotice(text);
  messageId = getState().errors[getState().errors.length - 1]?.id ?? null;
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

// ---------------------------------------------------------------- the query

function setQuery(changes: Record<string, string | null>): void {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  const q = params.toString().replace(/(^|&)present=(?=&|$)/, '$1present');
  history.replaceState(history.state, '', `${location.pathname}${q ? `?${q}` : ''}${location.hash}`);
}

// ---------------------------------------------------------------- loading

/** The shipped stories (public/stories/index.json); [] with a message when the list cannot be read. */
let indexLoad: Promise<void> | null = null;

export function loadStoryIndex(): Promise<void> {
  indexLoad ??= readStoryIndex();
  return indexLoad;
}

async function readStoryIndex(): Promise<void> {
  try {
    const res = await fetch(`${base()}stories/index.json`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    useStory.getState().set({ index: parseStoryIndex(await res.json()) });
  } catch (e) {
    storyMessage(`The list of shipped stories could not be read (stories/index.json: ${reason(e)}).`, 'notice');
  }
}

/** Most bytes a story file may have when fetched. */
const MAX_STORY_BYTES = 1_000_000;

async function fetchStoryText(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(new URL(url, location.href).href, { credentials: 'omit' });
  } catch (e) {
    throw new StoryError(`could not fetch ${url} (${reason(e)}; a story on another site must be served with Access-Control-Allow-Origin)`);
  }
  if (!res.ok) throw new StoryError(`${url} answered HTTP ${res.status}`);
  const size = Number(res.headers.get('content-length'));
  if (size > MAX_STORY_BYTES) throw new StoryError(`${url} is too large for a story (${size} bytes; at most ${MAX_STORY_BYTES})`);
  const text = await res.text();
  if (text.length > MAX_STORY_BYTES) throw new StoryError(`${url} is too large for a story (at most ${MAX_STORY_BYTES} bytes)`);
  return text;
}

/** Opens `?story=` (an id of public/stories/index.json, or a URL). Keeps the view on screen when it fails. */
export async function openStoryRef(value: string, startStep = 0): Promise<boolean> {
  useStory.getState().set({ status: 'loading' });
  try {
    const ref = storyRefFrom(value);
    let url: string;
    if (ref.kind === 'id') {
      await loadStoryIndex();
      const entry = storyState().index.find((e) => e.id === ref.id);
      if (!entry)
        throw new StoryError(
          `this site has no story "${ref.id}"${
            storyState().index.length
              ? ` (it has ${storyState()
                  .index.map((e) => e.id)
                  .join(', ')})`
              : ''
          }`,
        );
      url = `${base()}stories/${entry.file}`;
    } else url = ref.url;
    const { story, warnings } = parseStoryText(await fetchStoryText(url));
    if (warnings.length)
      storyMessage(
        `The story was read with changes: ${warnings.slice(0, 3).join('; ')}${warnings.length > 3 ? ` (and ${warnings.length - 3} more)` : ''}.`,
        'notice',
      );
    await openStory(story, startStep, value);
    return true;
  } catch (e) {
    useStory.getState().set({ status: storyState().story ? 'ready' : 'idle' });
    storyMessage(`Could not open the story: ${reason(e)}. The view on screen is kept.`);
    return false;
  }
}

/** Reads a story file chosen by the user (Import story…). */
export async function importStoryFile(file: File): Promise<boolean> {
  try {
    if (file.size > MAX_STORY_BYTES)
      throw new StoryError(`${file.name} is too large for a story (${file.size} bytes; at most ${MAX_STORY_BYTES})`);
    const { story, warnings } = parseStoryText(await file.text());
    if (warnings.length) storyMessage(`The story was read with changes: ${warnings.slice(0, 3).join('; ')}.`, 'notice');
    await openStory(story, 0, null);
    return true;
  } catch (e) {
    storyMessage(`Could not open the story ${file.name}: ${reason(e)}. The view on screen is kept.`);
    return false;
  }
}

/** Plays a story from `startStep`; `ref` is what `?story=` should say (null: not linkable, e.g. imported). */
export async function openStory(story: Story, startStep = 0, ref: string | null = null): Promise<void> {
  useStory.getState().set({ story, step: Math.max(0, Math.min(story.steps.length - 1, startStep)), status: 'applying' });
  setQuery({ story: ref, step: null });
  await goToStep(storyState().step);
}

// ---------------------------------------------------------------- stepping

let stepToken = 0;
/** The selection / inspected network right after the step's view was applied (to see the user act). */
let baseline: { mask: Uint8Array; selected: string | null } | null = null;

const populationReady = (): boolean => {
  const s = getState();
  return !!s.population && s.populationStatus === 'ready' && !links?.linkedViewPending();
};

function whenReady(token: number): Promise<boolean> {
  return new Promise((resolve) => {
    const check = () => {
      if (token !== stepToken) return resolve(false);
      if (populationReady()) return resolve(true);
      setTimeout(check, 50);
    };
    check();
  });
}

/** Shows step `i` (clamped) of the story being played. */
export async function goToStep(i: number): Promise<void> {
  const st = storyState();
  const story = st.story;
  if (!story) return;
  const index = Math.max(0, Math.min(story.steps.length - 1, i));
  const token = ++stepToken;
  const step = story.steps[index];
  useStory.getState().set({ step: index, status: 'applying', waitDone: false });
  baseline = null;
  if (!(await whenReady(token))) return;
  // Leaving a trajectories step: back to the population's own embedding.
  if (step.view.epoch === null && getState().epoch !== null) exitTrajectories();
  await links?.applyLinkedView(step.view);
  if (!(await whenReady(token))) return;
  // A link only fills the PHATE panel with its settings; a story step shows them: re-embed when they differ.
  if (JSON.stringify(getState().phateRequest) !== embeddedRequest) {
    requestEmbed({}, 0);
    if (!(await whenEmbedded(token))) return;
  }
  if (step.view.epoch !== null) await showEpoch(step.view.epoch);
  if (token !== stepToken) return;
  focusPanel(step.focus);
  const s = getState();
  baseline = { mask: s.selectionMask.slice(), selected: s.selectedId };
  useStory.getState().set({ status: 'ready' });
  if (story.id && new URLSearchParams(location.search).has('story')) setQuery({ step: index > 0 ? String(index + 1) : null });
}

/** The PHATE request the embedding on screen was made with (recorded whenever a new embedding is shown). */
let embeddedRequest = '';

function watchEmbeddings(): void {
  embeddedRequest = JSON.stringify(getState().phateRequest);
  useStore.subscribe((s, prev) => {
    if (s.embeddingVersion !== prev.embeddingVersion) embeddedRequest = JSON.stringify(s.phateRequest);
  });
}

/** Waits for the re-embedding the step asked for (done, failed or cancelled: the step shows what there is). */
function whenEmbedded(token: number): Promise<boolean> {
  return new Promise((resolve) => {
    let seen = false;
    const t0 = performance.now();
    const check = () => {
      if (token !== stepToken) return resolve(false);
      const status = getState().phateRun.status;
      if (status === 'running') seen = true;
      // Not started within 3 s (nothing to embed): show the step as it is.
      else if (seen || JSON.stringify(getState().phateRequest) === embeddedRequest || performance.now() - t0 > 3000) return resolve(true);
      setTimeout(check, 50);
    };
    check();
  });
}

/** Trajectory steps: embed the checkpoints once, then show the step's epoch. */
async function showEpoch(epoch: number): Promise<void> {
  const pop = getState().population;
  const t = useTrajectory.getState();
  if (!(t.popId === pop?.id && t.status === 'done')) await computeTrajectories();
  if (useTrajectory.getState().status === 'done') getState().setEpoch(epoch);
}

export const nextStep = (): Promise<void> => goToStep(storyState().step + 1);
export const previousStep = (): Promise<void> => goToStep(storyState().step - 1);

/** Leaves the story; the view on screen stays. */
export function leaveStory(): void {
  stepToken++;
  baseline = null;
  focusPanel(null);
  useStory.getState().set({ story: null, step: 0, status: 'idle', waitDone: false });
  setQuery({ story: null, step: null });
}

let focused: Element | null = null;

function focusPanel(id: string | null): void {
  focused?.classList.remove('story-focus');
  focused = null;
  const sel = id ? PANEL_SELECTORS[id] : undefined;
  if (!sel) return;
  const el = document.querySelector(sel);
  if (!el) return;
  el.classList.add('story-focus');
  el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  focused = el;
}

// A step that waits for a lasso or a click counts as done once the user changed the selection / inspected a network.
function watchWaits(): void {
  useStore.subscribe((s) => {
    const st = storyState();
    const step: StoryStep | undefined = st.story?.steps[st.step];
    if (!step?.wait || st.waitDone || st.status !== 'ready' || !baseline) return;
    const done =
      step.wait === 'lasso'
        ? s.selectionActive && !sameMask(s.selectionMask, baseline.mask)
        : s.selectedId !== null && s.selectedId !== baseline.selected;
    if (done) useStory.getState().set({ waitDone: true });
  });
}

function sameMask(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------- presenter mode

/**
 * Presenter mode on or off. `fullscreen`: also ask for full-screen (from a button press, a user
 * gesture); a refusal is quiet here, since the layout already fills the window.
 */
export function setPresenting(on: boolean, fullscreen = false): void {
  useStory.getState().set({ presenting: on });
  setQuery({ present: on ? '' : null });
  if (on && fullscreen && !document.fullscreenElement) void document.documentElement.requestFullscreen?.().catch(() => {});
  if (!on && document.fullscreenElement) void document.exitFullscreen().catch(() => {});
}

export function setTheme(theme: 'dark' | 'light'): void {
  useStory.getState().set({ theme });
  setQuery({ theme: theme === 'light' ? 'light' : null });
}

/** F: full-screen on and off. Browsers may refuse (no user gesture, headless, iframes): then a notice, nothing else. */
export async function toggleFullscreen(): Promise<void> {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) await document.documentElement.requestFullscreen();
    else throw new Error('this browser has no full-screen API');
  } catch (e) {
    storyMessage(`Full-screen was refused by the browser (${reason(e)}); the browser's own full-screen key (F11) still works.`, 'notice');
  }
}

/** Keys typed into a field (or moving a slider) are the field's, not the player's. */
const typing = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement &&
  (t.isContentEditable ||
    t.tagName === 'TEXTAREA' ||
    t.tagName === 'SELECT' ||
    (t.tagName === 'INPUT' && (t as HTMLInputElement).type !== 'checkbox'));

/** → / ← step, Esc leaves presenter mode then the story, F full-screen (presenter mode). Capture phase: ahead of the view's own keys. */
function onKey(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
  const st = storyState();
  const consume = () => {
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  if (st.story && (e.key === 'ArrowRight' || e.key === 'PageDown')) {
    consume();
    void nextStep();
  } else if (st.story && (e.key === 'ArrowLeft' || e.key === 'PageUp')) {
    consume();
    void previousStep();
  } else if (e.key === 'Escape' && (st.presenting || st.story)) {
    consume();
    if (st.presenting) setPresenting(false);
    else leaveStory();
  } else if (st.presenting && (e.key === 'f' || e.key === 'F')) {
    consume();
    void toggleFullscreen();
  }
}

// ---------------------------------------------------------------- authoring

/** "Add this view as a step": the whole view as the link has it, with a caption. */
export function addViewAsStep(caption: string, title = '', wait: StoryStep['wait'] = null): void {
  const step: StoryStep = { title: title.trim(), caption: caption.trim(), view: links!.currentViewState(), wait, focus: null };
  useStory.getState().set({ draft: [...storyState().draft, step] });
}

export function removeDraftStep(i: number): void {
  useStory.getState().set({ draft: storyState().draft.filter((_, k) => k !== i) });
}

export function draftStory(): Story {
  const st = storyState();
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
export function draftText(): string {
  return storyToText(draftStory());
}

/** Downloads the draft as `<id>.story.json`. */
export function exportDraft(): void {
  const story = draftStory();
  const blob = new Blob([storyToText(story)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${story.id}.story.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function playDraft(): void {
  if (storyState().draft.length === 0) return;
  void openStory(draftStory(), 0, null);
}

// ---------------------------------------------------------------- start

/** Reads ?present, ?theme, ?hide and ?story (after the app's first population is on screen), and listens for keys. */
export function startStories(session: NonNullable<typeof links>): void {
  if (links) return;
  links = session;
  const q = presentFromQuery(location.search, PANEL_IDS);
  useStory.getState().set({ presenting: q.present, theme: q.theme, hiddenPanels: q.hide });
  if (q.warnings.length) storyMessage(`The link's ${q.warnings.join('; ')}.`, 'notice');
  window.addEventListener('keydown', onKey, { capture: true });
  watchWaits();
  watchEmbeddings();
  void loadStoryIndex();
  const params = new URLSearchParams(location.search);
  const ref = params.get('story');
  if (ref !== null) {
    const step = Number(params.get('step') ?? '1');
    void openStoryRef(ref, Number.isInteger(step) && step > 0 ? step - 1 : 0);
  }
}
