// Stories (issue 13, docs/stories.md): an ordered list of steps, each a view
// state plus a caption. A step's view is the very object a link's hash encodes
// (the wire object of src/core/viewstate, short keys, "v" = version), stored
// decoded as JSON; it is read by the same decoder (validation, migration of old
// versions, warnings for dropped fields), so stories and links cannot drift apart.
import * as v from 'valibot';
import { decodeViewState, toBase64Url, viewStateToWire } from '../viewstate/codec';
import { ViewStateError } from '../viewstate/errors';
import { FieldError, checkPopulationUrl } from '../viewstate/fields';
import type { ViewState } from '../viewstate/schema';
import {
  STORY_FORMAT,
  STORY_LIMITS,
  STORY_VERSION,
  StoryFileSchema,
  storyIssueMessage,
  type StoryDocument,
  type StoryWait,
} from './story-schema';

export { STORY_FORMAT, STORY_LIMITS, STORY_VERSION, STORY_WAITS, type StoryWait } from './story-schema';

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

// The schema's reading of a step and the in-memory step agree on every field but the view (decoded below).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const typesAgree: Equal<Omit<StoryDocument['steps'][number], 'view'>, Omit<StoryStep, 'view'>> = true;
void typesAgree;

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

/** Validates a parsed story document: the schema (story-schema.ts), then each step's view through the link decoder. */
export function parseStory(doc: unknown): ParsedStory {
  const r = v.safeParse(StoryFileSchema, doc, { abortEarly: true });
  if (!r.success) throw new StoryError(storyIssueMessage(r.issues[0]));
  const { version, id, title, description } = r.output;
  const warnings: string[] = [];
  if (version > STORY_VERSION)
    warnings.push(`the story was written by a newer Netmanifold (story version ${version}); only what this version understands is shown`);
  const steps = r.output.steps.map((raw, i): StoryStep => {
    const where = `step ${i + 1}`;
    const { state, warnings: w } = decodeStepView(raw.view, where);
    for (const line of w) warnings.push(`${where}: ${line}`);
    return { title: raw.title, caption: raw.caption, view: state, wait: raw.wait, focus: raw.focus };
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
