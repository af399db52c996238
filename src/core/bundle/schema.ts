// Valibot schemas of the bundle's flat pieces (docs/bundle-format.md), declared
// once; the TypeScript types in core/types are checked equal to what they infer.
// parseOrFail maps the first valibot issue to the BundleError message style the
// hand-written validator uses: `path: expected …, got …` or `path: missing`.
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
const plainObject = v.custom<Record<string, unknown>>(
  (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
  got('expected an object'),
);
const object = <E extends v.ObjectEntries>(entries: E) => v.pipe(plainObject, v.object(entries, got('expected an object')));

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

const pathOf = (base: string, issue: v.BaseIssue<unknown>): string => {
  let p = base;
  for (const item of issue.path ?? []) {
    const k = item.key as string | number;
    p = typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${k}` : k;
  }
  return p;
};

/** Parse `value` at `path` with a schema, or throw the BundleError of its first issue. Optional keys holding undefined are dropped. */
export function parseOrFail<S extends v.GenericSchema>(schema: S, value: unknown, path: string): v.InferOutput<S> {
  const r = v.safeParse(schema, value, { abortEarly: true });
  if (r.success) {
    const out = r.output as Record<string, unknown>;
    if (typeof out === 'object' && out !== null && !Array.isArray(out))
      for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    return r.output;
  }
  const issue = r.issues[0];
  const p = pathOf(path, issue);
  // A required key that is absent (or undefined) is reported by the parent object with input undefined.
  if (issue.input === undefined && issue.path && issue.path.length > 0) fail(p, 'missing');
  fail(p || 'bundle', issue.message);
}
