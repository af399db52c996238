// Stories (issue 13, docs/stories.md): an ordered list of steps, each a view
// state plus a caption. A step's view is the very object a link's hash encodes
// (the wire object of src/core/viewstate, short keys, "v" = version), stored
// decoded as JSON; it is read by the same decoder (validation, migration of old
// versions, warnings for dropped fields), so stories and links cannot drift apart.
import { decodeViewState, toBase64Url, viewStateToWire } from '../viewstate/codec';
import { ViewStateError } from '../viewstate/errors';
import { FieldError, checkPopulationUrl } from '../viewstate/fields';
import { KEY_PATTERN, type ViewState } from '../viewstate/schema';

export const STORY_FORMAT = 'netmanifold-story';
export const STORY_VERSION = 1;

/** What a step may wait for before it counts as done (the player says so; → still moves on). */
export type StoryWait = 'lasso' | 'click';
export const STORY_WAITS: readonly StoryWait[] = ['lasso', 'click'];

export const STORY_LIMITS = {
  /** Largest story file accepted, in bytes. */
  fileBytes: 1_000_000,
  steps: 200,
  captionChars: 1200,
  titleChars: 120,
  idChars: 80,
} as const;

/** One step as stored in a story file. */
export interface StoryStepFile {
  /** Short heading shown above the caption. */
  title?: string;
  caption: string;
  /** The view, as the link's hash encodes it (viewStateToWire). */
  view: Record<string, unknown>;
  wait?: StoryWait;
  /** Panel to bring into view and highlight (a panel id, e.g. "findings"). */
  focus?: string;
}

export interface StoryFile {
  format: typeof STORY_FORMAT;
  version: typeof STORY_VERSION;
  id: string;
  title: string;
  description?: string;
  steps: StoryStepFile[];
}

/** A step read and validated: its view decoded into a full ViewState. */
export interface StoryStep {
  title: string;
  caption: string;
  view: ViewState;
  wait: StoryWait | null;
  focus: string | null;
}

export interface Story {
  id: string;
  title: string;
  description: string;
  steps: StoryStep[];
}

export interface ParsedStory {
  story: Story;
  /** One line per field of a step's view that was dropped or adjusted ("step 3: …"). */
  warnings: string[];
}

/** Thrown when a story file cannot be used at all; the message says why, in words. */
export class StoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoryError';
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown, what: string, max: number, required: boolean): string {
  if (v === undefined && !required) return '';
  if (typeof v !== 'string')
    throw new StoryError(`${what} should be text, got ${v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v}`);
  if (required && v.trim() === '') throw new StoryError(`${what} is empty`);
  if (v.length > max) throw new StoryError(`${what} is longer than ${max} characters`);
  return v;
}

/** Decodes one step's view with the link decoder (same validation and migrations). */
export function decodeStepView(view: unknown, where: string): { state: ViewState; warnings: string[] } {
  if (!isObj(view))
    throw new StoryError(
      `${where}: "view" should be an object (a link's view state), got ${view === null ? 'null' : Array.isArray(view) ? 'a list' : typeof view}`,
    );
  const hash = `j.${toBase64Url(new TextEncoder().encode(JSON.stringify(view)))}`;
  try {
    return decodeViewState(hash);
  } catch (e) {
    if (e instanceof ViewStateError) throw new StoryError(`${where}: its view is not usable (${e.message.replace(/\blink\b/g, 'view')})`);
    throw e;
  }
}

/** Reads a story file's text. Throws StoryError with a reason a user can act on. */
export function parseStoryText(textIn: string): ParsedStory {
  if (textIn.length > STORY_LIMITS.fileBytes)
    throw new StoryError(`the story file is too large (${textIn.length} characters; at most ${STORY_LIMITS.fileBytes})`);
  let doc: unknown;
  try {
    doc = JSON.parse(textIn);
  } catch (e) {
    throw new StoryError(`the story file is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseStory(doc);
}

/** Validates a parsed story document. */
export function parseStory(doc: unknown): ParsedStory {
  if (!isObj(doc)) throw new StoryError('a story file should be a JSON object with "format", "title" and "steps"');
  if (doc.format !== STORY_FORMAT)
    throw new StoryError(`not a Netmanifold story (its "format" is ${JSON.stringify(doc.format ?? null)}, expected "${STORY_FORMAT}")`);
  if (typeof doc.version !== 'number' || !Number.isInteger(doc.version) || doc.version < 1)
    throw new StoryError(`the story's "version" should be a positive integer, got ${JSON.stringify(doc.version ?? null)}`);
  const warnings: string[] = [];
  if (doc.version > STORY_VERSION)
    warnings.push(
      `the story was written by a newer Netmanifold (story version ${doc.version}); only what this version understands is shown`,
    );
  const id = doc.id === undefined ? 'story' : text(doc.id, 'the story id', STORY_LIMITS.idChars, true);
  const title = text(doc.title, 'the story title', STORY_LIMITS.titleChars, true);
  const description = text(doc.description, 'the story description', STORY_LIMITS.captionChars, false);
  if (!Array.isArray(doc.steps)) throw new StoryError('the story has no "steps" list');
  if (doc.steps.length === 0) throw new StoryError('the story has no steps');
  if (doc.steps.length > STORY_LIMITS.steps) throw new StoryError(`the story has ${doc.steps.length} steps; at most ${STORY_LIMITS.steps}`);
  const steps = doc.steps.map((raw, i): StoryStep => {
    const where = `step ${i + 1}`;
    if (!isObj(raw)) throw new StoryError(`${where} should be an object with "caption" and "view"`);
    const caption = text(raw.caption, `${where}'s caption`, STORY_LIMITS.captionChars, true);
    const stepTitle = text(raw.title, `${where}'s title`, STORY_LIMITS.titleChars, false);
    let wait: StoryWait | null = null;
    if (raw.wait !== undefined && raw.wait !== null) {
      if (!STORY_WAITS.includes(raw.wait as StoryWait))
        throw new StoryError(`${where}: "wait" should be one of ${STORY_WAITS.join(', ')}, got ${JSON.stringify(raw.wait)}`);
      wait = raw.wait as StoryWait;
    }
    let focus: string | null = null;
    if (raw.focus !== undefined && raw.focus !== null) {
      if (typeof raw.focus !== 'string' || !KEY_PATTERN.test(raw.focus))
        throw new StoryError(`${where}: "focus" should be a panel name like "findings", got ${JSON.stringify(raw.focus)}`);
      focus = raw.focus;
    }
    const { state, warnings: w } = decodeStepView(raw.view, where);
    for (const line of w) warnings.push(`${where}: ${line}`);
    return { title: stepTitle, caption, view: state, wait, focus };
  });
  return { story: { id, title, description, steps }, warnings };
}

/** The file form of a story: each view written as the link writes it (short keys, defaults omitted). */
export function storyToFile(story: Story): StoryFile {
  return {
    format: STORY_FORMAT,
    version: STORY_VERSION,
    id: story.id,
    title: story.title,
    ...(story.description ? { description: story.description } : {}),
    steps: story.steps.map((s) => ({
      ...(s.title ? { title: s.title } : {}),
      caption: s.caption,
      view: viewStateToWire(s.view),
      ...(s.wait ? { wait: s.wait } : {}),
      ...(s.focus ? { focus: s.focus } : {}),
    })),
  };
}

/** Story file text (pretty-printed, so a teacher can edit captions by hand). */
export function storyToText(story: Story): string {
  return `${JSON.stringify(storyToFile(story), null, 2)}\n`;
}

// ---------------------------------------------------------------- the shipped list and ?story=

export interface StoryIndexEntry {
  id: string;
  title: string;
  file: string;
  description?: string;
}

/** Reads public/stories/index.json. */
export function parseStoryIndex(doc: unknown): StoryIndexEntry[] {
  if (!Array.isArray(doc)) throw new StoryError('the story list (stories/index.json) should be a JSON list');
  return doc.map((e, i) => {
    if (!isObj(e) || typeof e.id !== 'string' || typeof e.file !== 'string' || typeof e.title !== 'string')
      throw new StoryError(`entry ${i + 1} of the story list needs "id", "title" and "file"`);
    return { id: e.id, title: e.title, file: e.file, ...(typeof e.description === 'string' ? { description: e.description } : {}) };
  });
}

/** `?story=` names a shipped story by id, or a story file by URL (anything with a '/', a '.json' or a scheme). */
export type StoryRef = { kind: 'id'; id: string } | { kind: 'url'; url: string };

export function storyRefFrom(value: string): StoryRef {
  const v = value.trim();
  if (v === '') throw new StoryError('the link\'s "story" parameter is empty');
  if (v.length > 2048) throw new StoryError('the link\'s "story" parameter is too long');
  if (/[\s\u0000-\u001f]/.test(v)) throw new StoryError('the link\'s "story" parameter contains spaces or control characters');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(v) || v.includes('/') || /\.json$/i.test(v)) {
    // Checked as a population URL is (?population=): absolute http(s) or relative, nothing else.
    try {
      return { kind: 'url', url: checkPopulationUrl(v) };
    } catch (e) {
      throw new StoryError(`a story URL must be http(s) or relative: ${e instanceof FieldError ? e.message : String(e)}`);
    }
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/.test(v)) throw new StoryError(`"${v.slice(0, 40)}" is not a story id`);
  return { kind: 'id', id: v };
}
