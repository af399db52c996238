// Valibot schemas of the bundle's flat pieces (docs/bundle-format.md), declared
// once; the TypeScript types in core/types are checked equal to what they infer.
// parseOrFail maps the first valibot issue to the BundleError message style the
// hand-written validator used: `path: expected …, got …` or `path: missing`.
// The whole document is declared in population-schema.ts from these pieces.
import * as v from 'valibot';
import {
  ACTIVATION_NAMES,
  ARCHITECTURE_NAMES,
  DATASET_NAMES,
  INIT_NAMES,
  OPTIMIZER_NAMES,
  POOLING_NAMES,
  type DatasetSpec,
  type HyperParams,
} from '../types';
import { architectureProblem } from '../architecture';
import { fail } from './errors';
import { describe } from './tensor';

type Msg = (issue: v.BaseIssue<unknown>) => string;
const got =
  (expected: string): Msg =>
  (issue) =>
    `${expected}, got ${describe(issue.input)}`;

interface Range {
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Exclusive upper bound. */
  below?: number;
}

/** The first bound `x` breaks, in words (the order the hand-written validator checked them), or null. */
function rangeError(r: Range, x: number): string | null {
  if (r.min !== undefined && x < r.min) return `expected ≥ ${r.min}, got ${x}`;
  if (r.max !== undefined && x > r.max) return `expected ≤ ${r.max}, got ${x}`;
  if (r.above !== undefined && !(x > r.above)) return `expected > ${r.above}, got ${x}`;
  if (r.below !== undefined && !(x < r.below)) return `expected < ${r.below}, got ${x}`;
  return null;
}

const inRange = (r: Range) =>
  v.check<number, Msg>(
    (x) => rangeError(r, x) === null,
    (i) => rangeError(r, i.input as number) ?? '',
  );

/** A finite number within a range. */
export const finite = (r: Range = {}) =>
  v.pipe(v.number(got('expected a finite number')), v.finite(got('expected a finite number')), inRange(r));
/** An integer within a range. */
export const integer = (r: Range = {}) => v.pipe(v.number(got('expected an integer')), v.integer(got('expected an integer')), inRange(r));
/** One of a const tuple of names (core/types). */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  v.picklist(values, got(`expected one of ${values.map((x) => `"${x}"`).join(', ')}`));
// v.object alone takes an array for an object; the bundle never does.
const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const plainObject = (expected = 'expected an object') => v.custom<Record<string, unknown>>(isPlainObject, got(expected));
/** Optional keys holding undefined count as absent (as JSON has it): they are dropped from the output. */
const dropUndefined = <T>(o: T): T => {
  for (const k of Object.keys(o as object)) if ((o as Record<string, unknown>)[k] === undefined) delete (o as Record<string, unknown>)[k];
  return o;
};
/** An object (never an array) with these entries; unknown keys are ignored. */
export const object = <E extends v.ObjectEntries>(entries: E, expected = 'expected an object') =>
  v.pipe(plainObject(expected), v.object(entries, got(expected)), v.transform(dropUndefined));
/** A string, optionally non-empty. */
export const text = (opts: { nonEmpty?: boolean } = {}) =>
  opts.nonEmpty
    ? v.pipe(v.string(got('expected a string')), v.minLength(1, 'expected a non-empty string'))
    : v.string(got('expected a string'));
/** An array of items. */
export const list = <S extends v.GenericSchema>(item: S) => v.array(item, got('expected an array'));
/** An object used as a map from any key to values of one schema. */
export const recordOf = <S extends v.GenericSchema>(value: S) =>
  v.pipe(plainObject(), v.record(v.string(), value, got('expected an object')));
export const bool = () => v.boolean(got('expected true or false'));

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
/**
 * A number that may legitimately be non-finite (metrics of diverged networks).
 * JSON has no NaN, so the encoder writes "NaN", "Infinity" and "-Infinity" as strings; the range applies to finite values.
 */
export const numberOrNonFinite = (r: Range = {}) =>
  v.pipe(
    v.custom<number | string>(
      (x) => typeof x === 'number' || (typeof x === 'string' && Object.prototype.hasOwnProperty.call(NON_FINITE, x)),
      got('expected a number (or "NaN", "Infinity", "-Infinity")'),
    ),
    v.transform((x): number => (typeof x === 'number' ? x : NON_FINITE[x])),
    v.check<number, Msg>(
      (x) => !Number.isFinite(x) || rangeError(r, x) === null,
      (i) => rangeError(r, i.input as number) ?? '',
    ),
  );

/** `literal` or a value of `schema` (e.g. t: "auto" or an integer). */
export const orLiteral = <const L extends string, S extends v.GenericSchema<unknown, number>>(literal: L, schema: S, expected: string) =>
  v.union([v.literal(literal), schema], got(expected));

export const DatasetSpecSchema = object({
  name: oneOf(DATASET_NAMES),
  seed: integer(),
  samples: v.optional(integer({ min: 1 })),
  noise: v.optional(finite({ min: 0 })),
  testFraction: v.optional(finite({ above: 0, below: 1 })),
});

export const CnnParamsSchema = object({
  convDepth: integer({ min: 1, max: 8 }),
  channels: integer({ min: 1 }),
  kernel: integer({ min: 1 }),
  pooling: oneOf(POOLING_NAMES),
});

export const AttentionParamsSchema = object({
  blocks: integer({ min: 1, max: 4 }),
  embedDim: integer({ min: 1 }),
  heads: integer({ min: 1 }),
});

const HyperParamsEntries = object({
  // Migration: bundles written before families existed carry no architecture and are MLPs.
  architecture: v.optional(oneOf(ARCHITECTURE_NAMES), 'mlp'),
  cnn: v.optional(CnnParamsSchema),
  attention: v.optional(AttentionParamsSchema),
  widths: v.pipe(v.array(integer({ min: 1 }), got('expected an array')), v.minLength(1, 'expected at least one hidden layer')),
  activation: oneOf(ACTIVATION_NAMES),
  optimizer: oneOf(OPTIMIZER_NAMES),
  learningRate: finite({ above: 0 }),
  batchSize: integer({ min: 1 }),
  epochs: integer({ min: 0 }),
  dropout: finite({ min: 0, below: 1 }),
  l2: finite({ min: 0 }),
  init: oneOf(INIT_NAMES),
  seed: integer(),
});

export const HyperParamsSchema = v.pipe(
  HyperParamsEntries,
  v.check(
    (hp) => architectureProblem(hp) === null,
    (i) => architectureProblem(i.input as HyperParams) ?? '',
  ),
);

// The hand-written types and the schemas must describe the same thing.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const typesAgree: [
  Equal<v.InferOutput<typeof HyperParamsSchema>, HyperParams>,
  Equal<v.InferOutput<typeof DatasetSpecSchema>, DatasetSpec>,
] = [true, true];
void typesAgree;

/** `networks[3].hp.widths[1]`: the issue's path below `base`. */
export const pathOf = (base: string, issue: v.BaseIssue<unknown>): string => {
  let p = base;
  for (const item of issue.path ?? []) {
    const k = item.key as string | number;
    p = typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${k}` : k;
  }
  return p;
};

/** Parse `value` at `path` with a schema, or throw the BundleError of its first issue. */
export function parseOrFail<S extends v.GenericSchema>(schema: S, value: unknown, path: string): v.InferOutput<S> {
  const r = v.safeParse(schema, value, { abortEarly: true });
  if (r.success) return r.output;
  const issue = r.issues[0];
  const p = pathOf(path, issue);
  // A required key that is absent (or undefined) is reported with input undefined.
  if (issue.input === undefined && p) fail(p, 'missing');
  fail(p || 'bundle', issue.message);
}
