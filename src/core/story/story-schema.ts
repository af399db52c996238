// The story file (docs/stories.md) declared once, as a valibot schema: what
// each field may hold, its default, and the words a teacher reads when it is
// wrong ("step 3's caption is empty"). A step's view is checked here only as an
// object; story.ts decodes it with the link's view-state decoder.
import * as v from 'valibot';
import { STORY_WAITS } from '../types';
import { KEY_PATTERN } from '../viewstate/schema';

export const STORY_FORMAT = 'netmanifold-story';
export const STORY_VERSION = 1;

export { STORY_WAITS };
/** What a step may wait for before it counts as done (the player says so; → still moves on). */
export type StoryWait = (typeof STORY_WAITS)[number];

export const STORY_LIMITS = {
  /** Largest story file accepted, in bytes. */
  fileBytes: 1_000_000,
  steps: 200,
  captionChars: 1200,
  titleChars: 120,
  idChars: 80,
} as const;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const kind = (x: unknown) => (x === null ? 'null' : Array.isArray(x) ? 'a list' : typeof x);
const json = (x: unknown) => JSON.stringify(x ?? null);

// Messages are templates: {what} is the field in words ("the story title", "step 2's caption"), {step} the step.

/** An object with these entries; a missing required key gets the message its schema gives for nothing. */
function object<E extends v.ObjectEntries>(entries: E, notObject: string) {
  return v.pipe(
    v.custom<Obj>(isObj, notObject),
    v.object(entries, (issue) => {
      const key = issue.path?.[issue.path.length - 1]?.key;
      const r = typeof key === 'string' && key in entries ? v.safeParse(entries[key], undefined) : null;
      return r && !r.success ? r.issues[0].message : notObject;
    }),
  );
}

const text = (max: number, opts: { required?: boolean } = {}) =>
  v.pipe(
    v.custom<string>(
      (x) => typeof x === 'string',
      (i) => `{what} should be text, got ${kind(i.input)}`,
    ),
    v.check((s) => !opts.required || s.trim() !== '', '{what} is empty'),
    v.check((s) => s.length <= max, `{what} is longer than ${max} characters`),
  );

const StepSchema = object(
  {
    caption: text(STORY_LIMITS.captionChars, { required: true }),
    title: v.optional(text(STORY_LIMITS.titleChars), ''),
    wait: v.nullish(
      v.picklist(STORY_WAITS, (i) => `{step}: "wait" should be one of ${STORY_WAITS.join(', ')}, got ${JSON.stringify(i.input)}`),
      null,
    ),
    focus: v.nullish(
      v.custom<string>(
        (x) => typeof x === 'string' && KEY_PATTERN.test(x),
        (i) => `{step}: "focus" should be a panel name like "findings", got ${JSON.stringify(i.input)}`,
      ),
      null,
    ),
    /** The view as the link's hash encodes it; decoded (and checked) by the view-state decoder. */
    view: v.optional(v.unknown()),
  },
  '{step} should be an object with "caption" and "view"',
);

export const StoryFileSchema = object(
  {
    format: v.custom<typeof STORY_FORMAT>(
      (x) => x === STORY_FORMAT,
      (i) => `not a Netmanifold story (its "format" is ${json(i.input)}, expected "${STORY_FORMAT}")`,
    ),
    version: v.custom<number>(
      (x) => typeof x === 'number' && Number.isInteger(x) && x >= 1,
      (i) => `the story's "version" should be a positive integer, got ${json(i.input)}`,
    ),
    id: v.optional(text(STORY_LIMITS.idChars, { required: true }), 'story'),
    title: text(STORY_LIMITS.titleChars, { required: true }),
    description: v.optional(text(STORY_LIMITS.captionChars), ''),
    steps: v.pipe(
      v.custom<unknown[]>(Array.isArray, 'the story has no "steps" list'),
      v.check((s) => s.length > 0, 'the story has no steps'),
      v.check(
        (s) => s.length <= STORY_LIMITS.steps,
        (i) => `the story has ${(i.input as unknown[]).length} steps; at most ${STORY_LIMITS.steps}`,
      ),
      v.array(StepSchema),
    ),
  },
  'a story file should be a JSON object with "format", "title" and "steps"',
);

export type StoryDocument = v.InferOutput<typeof StoryFileSchema>;

const TOP: Record<string, string> = { id: 'the story id', title: 'the story title', description: 'the story description' };

/** The first issue of a story file in words: the template's {what} and {step} filled in from the issue's path. */
export function storyIssueMessage(issue: v.BaseIssue<unknown>): string {
  const keys = (issue.path ?? []).map((p) => p.key);
  const step = keys[0] === 'steps' && typeof keys[1] === 'number' ? `step ${keys[1] + 1}` : '';
  const what =
    keys.length === 1 ? (TOP[String(keys[0])] ?? String(keys[0])) : step && keys.length === 3 ? `${step}'s ${String(keys[2])}` : step;
  return issue.message.replace('{what}', what).replace('{step}', step);
}
