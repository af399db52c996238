// Wire format v1 of the view state: one short key per field, defaults
// omitted. Each field has a writer (state → wire value) and a valibot schema
// (wire value → state value), declared once here; a value the schema refuses
// becomes a FieldError with the reason, which the decoder turns into a warning
// while keeping the default. The schema's output type is checked against
// ViewState[K] by the table's typing.
import * as v from 'valibot';
import { DISTANCE_SCALES } from '../types';
import {
  COLOR_DOMAIN_NAMES,
  DATASET_NAMES,
  KEY_PATTERN,
  LIMITS,
  METRIC_NAMES,
  type CameraState,
  type MetricState,
  type PhateState,
  type PopulationIdentity,
  type PopulationSource,
  type SelectionState,
  type ViewState,
  type ViewStateKey,
} from './schema';

export class FieldError extends Error {}

function bad(msg: string): never {
  throw new FieldError(msg);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return v.length > 40 ? `"${v.slice(0, 37)}…"` : JSON.stringify(v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------- schema pieces (messages in the decoder's words)

const got = (expected: string) => (issue: v.BaseIssue<unknown>) => `${expected}, got ${describe(issue.input)}`;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

const int = (min: number, max: number) =>
  v.custom<number>(
    (x) => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max,
    got(`expected an integer in [${min}, ${max}]`),
  );

const num = (min: number, max: number) =>
  v.custom<number>(
    (x) => typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max,
    got(`expected a number in [${min}, ${max}]`),
  );

// Control characters have no business in ids or expressions.
const CONTROL = /[\u0000-\u001f\u007f]/;
const text = (maxChars: number, nonEmpty = true) =>
  v.pipe(
    v.string(got('expected a string')),
    v.check((s) => !nonEmpty || s.length > 0, 'expected a non-empty string'),
    v.check((s) => s.length <= maxChars, `longer than ${maxChars} characters`),
    v.check((s) => !CONTROL.test(s), 'contains control characters'),
  );

const key = v.custom<string>((x) => typeof x === 'string' && KEY_PATTERN.test(x), got('expected a name like "testAcc"'));

const oneOf = <const T extends string>(values: readonly T[]) => v.picklist(values, got(`expected one of ${values.join(', ')}`));

/** `literal` or a value of `schema` (layer "last", t "auto"). */
const orLiteral = <const L extends string, S extends v.GenericSchema<unknown, number>>(literal: L, schema: S) =>
  v.lazy((x) => (x === literal ? v.literal(literal) : schema));

/** A wire string parsed by one of the micro-format readers below (they throw FieldError with the reason). */
const parsedBy = <T>(read: (w: unknown) => T) =>
  v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      try {
        return read(dataset.value);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        addIssue({ message: e.message });
        return NEVER;
      }
    }),
  );

/** The first issue in words: where inside the value (sub-object key or list entry), then what is wrong. */
function issueText(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object') return issue.message; // an unknown key: the message names it
  const where = (issue.path ?? []).map((p) => (typeof p.key === 'number' ? `entry ${p.key}` : String(p.key)));
  return where.length ? `${where.join('.')}: ${issue.message}` : issue.message;
}

/** Read a wire value with a schema, or throw FieldError with the reason. */
export function readWith<S extends v.GenericSchema>(schema: S, w: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, w, { abortEarly: true });
  if (!r.success) bad(issueText(r.issues[0]));
  return r.output;
}

/** Fields whose values differ from `base` are written; readers start from `base`. */
function subWrite<T extends object>(v: T, base: T, names: Record<string, keyof T>): Obj | undefined {
  const o: Obj = {};
  for (const [short, long] of Object.entries(names)) if (v[long] !== base[long]) o[short] = v[long];
  return Object.keys(o).length ? o : undefined;
}

// ---------------------------------------------------------------- numbers of the camera

/** Round to `digits` significant digits (scale-free: scenes may be normalised or not). */
export function roundSig(x: number, digits = 5): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  const r = Number(x.toPrecision(digits));
  return r === 0 ? 0 : r; // no -0 in links
}

export function roundCamera(c: CameraState): CameraState {
  const v3 = (a: [number, number, number]): [number, number, number] => [roundSig(a[0]), roundSig(a[1]), roundSig(a[2])];
  return { position: v3(c.position), target: v3(c.target), up: v3(c.up), zoom: roundSig(c.zoom) };
}

// ---------------------------------------------------------------- selection as ranges

/** Sorted unique indices → "0-5,7,9-10". */
export function indicesToRanges(indices: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length;) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    parts.push(j > i ? `${indices[i]}-${indices[j]}` : `${indices[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function rangesToIndices(s: unknown): number[] {
  if (typeof s !== 'string') bad(`expected a range list like "0-5,7", got ${describe(s)}`);
  const str = s as string;
  if (str === '') return [];
  const out: number[] = [];
  for (const part of str.split(',')) {
    const m = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(part);
    if (!m) bad(`bad range "${part.slice(0, 20)}"`);
    const a = Number(m![1]);
    const b = m![2] === undefined ? a : Number(m![2]);
    if (b < a) bad(`range "${part}" runs backwards`);
    if (out.length && a <= out[out.length - 1]) bad('ranges must be increasing and disjoint');
    if (out.length + (b - a + 1) > LIMITS.selectionSize) bad(`more than ${LIMITS.selectionSize} indices`);
    for (let k = a; k <= b; k++) out.push(k);
  }
  return out;
}

// ---------------------------------------------------------------- sources

export function sourceToWire(s: PopulationSource): string {
  return s.kind === 'demo' ? `d:${s.id}` : s.kind === 'local' ? `l:${s.id}` : `u:${s.url}`;
}

/** A population URL: absolute http(s), or relative to the page (no other schemes: no javascript:, data:, file:). */
export function checkPopulationUrl(v: unknown): string {
  const url = readWith(text(LIMITS.urlChars), v);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name !== 'http' && name !== 'https') bad(`only http(s) or relative URLs are allowed, got a "${name}:" URL`);
    try {
      new URL(url);
    } catch {
      bad(`not a valid URL: ${describe(url)}`);
    }
  }
  if (/\s/.test(url)) bad('URL contains whitespace');
  return url;
}

export function sourceFromWire(v: unknown): PopulationSource {
  if (typeof v !== 'string' || v.length < 3 || v[1] !== ':') bad(`expected "d:<demo>", "u:<url>" or "l:<id>", got ${describe(v)}`);
  const s = v as string;
  const rest = s.slice(2);
  switch (s[0]) {
    case 'd':
      return { kind: 'demo', id: readWith(text(LIMITS.idChars), rest) };
    case 'l':
      return { kind: 'local', id: readWith(text(LIMITS.idChars), rest) };
    case 'u':
      return { kind: 'url', url: checkPopulationUrl(rest) };
    default:
      return bad(`unknown source kind "${s[0]}"`);
  }
}

// ---------------------------------------------------------------- field table

interface Field<K extends ViewStateKey> {
  /** Short wire key. */
  wire: string;
  state: K;
  /** Wire value, or undefined to omit (value equals the default). */
  write: (v: ViewState[K], d: ViewState[K]) => unknown;
  /** Schema of the wire value; its output is the state value (sub-objects start from the default `d`). */
  schema: (d: ViewState[K]) => v.GenericSchema<unknown, ViewState[K]>;
}

/** A sub-object entry: its state key and the schema of its value, whose output must be that key's type. */
type SubEntry<T> = { [K in keyof T]: readonly [K, v.GenericSchema<unknown, T[K]>] }[keyof T];

/**
 * A sub-object (metric, phate): short keys, each optional, unknown keys refused; the result starts from the
 * default. A bad key fails the whole sub-object (its parts depend on each other).
 */
function sub<T extends object>(entries: Record<string, SubEntry<T>>) {
  const schemas = Object.fromEntries(Object.entries(entries).map(([k, [, s]]) => [k, v.optional(s)]));
  const object = v.pipe(
    v.custom<Obj>(isObj, got('expected an object')),
    v.strictObject(schemas, (issue) => `unknown key "${String(issue.input).slice(0, 40)}"`),
  );
  return (base: T) =>
    v.pipe(
      object,
      v.transform((o): T => {
        const out = { ...base } as Record<keyof T, unknown>;
        for (const [short, x] of Object.entries(o)) if (x !== undefined) out[entries[short][0]] = x;
        return out as T;
      }),
    );
}

const METRIC_KEYS = { n: 'name', l: 'layer', g: 'sigma', c: 'scale', u: 'tau' } as const;
const PHATE_KEYS = { k: 'knn', d: 'decay', t: 't', g: 'gamma', n: 'nComponents', s: 'solver', r: 'seed' } as const;

const METRIC = sub<MetricState>({
  n: ['name', oneOf(METRIC_NAMES)],
  l: ['layer', orLiteral('last', int(0, LIMITS.maxLayer))],
  g: ['sigma', num(1e-6, 1e6)],
  c: ['scale', oneOf(DISTANCE_SCALES)],
  u: ['tau', int(1, 1000)],
});

const PHATE = sub<PhateState>({
  k: ['knn', int(1, 10_000)],
  d: ['decay', num(1e-6, 1e6)],
  t: ['t', orLiteral('auto', int(1, 100_000))],
  g: ['gamma', num(-1, 1)],
  n: ['nComponents', v.custom<2 | 3>((x) => x === 2 || x === 3, got('expected an integer in [2, 3]'))],
  s: ['solver', key],
  r: ['seed', int(-(2 ** 31), 2 ** 32 - 1)],
});

const POPULATION = v.pipe(
  v.custom<string>((w) => typeof w === 'string' && /^(\d{1,9})\.([0-9a-f]{8})$/.test(w), got('expected "<networks>.<8 hex digits>"')),
  v.transform((w): PopulationIdentity => ({ networks: Number(w.slice(0, w.indexOf('.'))), hash: w.slice(w.indexOf('.') + 1) })),
);

const CAMERA = v.pipe(
  v.custom<unknown[]>((w) => Array.isArray(w) && w.length === 10, got('expected 10 numbers (position, target, up, zoom)')),
  v.array(num(-1e12, 1e12)),
  v.check(
    (a) => a[9] > 0,
    (i) => `zoom must be > 0, got ${(i.input as number[])[9]}`,
  ),
  v.check((a) => !(a[6] === 0 && a[7] === 0 && a[8] === 0), 'up vector is zero'),
  v.transform((a): CameraState => ({ position: [a[0], a[1], a[2]], target: [a[3], a[4], a[5]], up: [a[6], a[7], a[8]], zoom: a[9] })),
);

const SELECTION_IDS = v.pipe(
  v.array(text(LIMITS.idChars)),
  v.check((ids) => ids.length <= LIMITS.selectionSize, `more than ${LIMITS.selectionSize} ids`),
  v.check((ids) => new Set(ids).size === ids.length, 'duplicate ids'),
  v.transform((ids): SelectionState => ({ by: 'id', ids })),
);
const SELECTION_RANGES = v.pipe(
  parsedBy(rangesToIndices),
  v.transform((indices): SelectionState => ({ by: 'index', indices })),
);
/** A range string ("0-5,7") selects by index, a list of ids by id. */
const SELECTION = v.lazy((w) =>
  typeof w === 'string'
    ? SELECTION_RANGES
    : Array.isArray(w)
      ? SELECTION_IDS
      : v.custom<SelectionState>(() => false, got('expected a range string or a list of ids')),
);

const PANELS = v.pipe(
  v.custom<unknown[]>(Array.isArray, got('expected a list of panel names')),
  v.check((w) => w.length <= LIMITS.panels, `more than ${LIMITS.panels} panels`),
  v.array(key),
  v.check((names) => new Set(names).size === names.length, 'duplicate panel names'),
);

const ID = text(LIMITS.idChars);

function field<K extends ViewStateKey>(f: Field<K>): Field<K> {
  return f;
}
const fixed =
  <T>(schema: v.GenericSchema<unknown, T>) =>
  () =>
    schema;

/** Every ViewState field with its short key; the order is the order of the wire JSON. */
export const FIELDS = [
  field({ wire: 's', state: 'source', write: (v) => (v ? sourceToWire(v) : undefined), schema: fixed(parsedBy(sourceFromWire)) }),
  field({ wire: 'pop', state: 'population', write: (v) => (v ? `${v.networks}.${v.hash}` : undefined), schema: fixed(POPULATION) }),
  field({ wire: 'd', state: 'dataset', write: (v) => v ?? undefined, schema: fixed(oneOf(DATASET_NAMES)) }),
  field({ wire: 'm', state: 'metric', write: (v, d) => subWrite(v, d, METRIC_KEYS), schema: METRIC }),
  field({ wire: 'p', state: 'phate', write: (v, d) => subWrite(v, d, PHATE_KEYS), schema: PHATE }),
  field({ wire: 'c', state: 'colorBy', write: (v, d) => (v === d ? undefined : v), schema: fixed(key) }),
  field({ wire: 'z', state: 'sizeBy', write: (v) => v ?? undefined, schema: fixed(key) }),
  field({ wire: 'cd', state: 'colorDomain', write: (v, d) => (v === d ? undefined : v), schema: fixed(oneOf(COLOR_DOMAIN_NAMES)) }),
  field({
    wire: 'cam',
    state: 'camera',
    write: (v) => {
      if (!v) return undefined;
      const c = roundCamera(v);
      return [...c.position, ...c.target, ...c.up, c.zoom];
    },
    schema: fixed(CAMERA),
  }),
  field({
    wire: 'sel',
    state: 'selection',
    write: (v) => {
      if (!v) return undefined;
      if (v.by === 'index') return indicesToRanges(normaliseIndices(v.indices));
      return v.ids.slice();
    },
    schema: fixed(SELECTION),
  }),
  field({ wire: 'f', state: 'filter', write: (v) => (v === '' ? undefined : v), schema: fixed(text(LIMITS.filterChars, false)) }),
  field({ wire: 'i', state: 'inspected', write: (v) => v ?? undefined, schema: fixed(ID) }),
  field({ wire: 'pin', state: 'pinned', write: (v) => v ?? undefined, schema: fixed(ID) }),
  field({ wire: 'pn', state: 'panels', write: (v) => (v.length ? v.slice() : undefined), schema: fixed(PANELS) }),
  field({ wire: 'e', state: 'epoch', write: (v) => v ?? undefined, schema: fixed(int(0, LIMITS.maxEpoch)) }),
] as Field<ViewStateKey>[];

/** Read one field's wire value: its state value, or a FieldError saying why it is unusable. */
export function readField<K extends ViewStateKey>(f: Field<K>, w: unknown, d: ViewState[K]): ViewState[K] {
  return readWith(f.schema(d), w);
}

/** Sorted, de-duplicated copy (a selection by index is a set). */
export function normaliseIndices(indices: number[]): number[] {
  return Array.from(new Set(indices)).sort((a, b) => a - b);
}
