// Wire format v1 of the view state: one short key per field, defaults
// omitted. Each field has a writer (state → wire value) and a reader that
// validates a wire value and throws FieldError with a reason if it is unusable;
// the decoder turns those into warnings and keeps the default.
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

function obj(v: unknown): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`expected an object, got ${describe(v)}`);
  return v as Obj;
}

function int(v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    bad(`expected an integer in [${min}, ${max}], got ${describe(v)}`);
  return v as number;
}

function num(v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) bad(`expected a number in [${min}, ${max}], got ${describe(v)}`);
  return v as number;
}

function text(v: unknown, maxChars: number, nonEmpty = true): string {
  if (typeof v !== 'string') bad(`expected a string, got ${describe(v)}`);
  const s = v as string;
  if (nonEmpty && s.length === 0) bad('expected a non-empty string');
  if (s.length > maxChars) bad(`longer than ${maxChars} characters`);
  // Control characters have no business in ids or expressions.
  if (/[\u0000-\u001f\u007f]/.test(s)) bad('contains control characters');
  return s;
}

function key(v: unknown): string {
  if (typeof v !== 'string' || !KEY_PATTERN.test(v)) bad(`expected a name like "testAcc", got ${describe(v)}`);
  return v as string;
}

function oneOf<T extends string>(v: unknown, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) bad(`expected one of ${values.join(', ')}, got ${describe(v)}`);
  return v as T;
}

/** Sub-object fields: each present key is read; a bad one fails the whole sub-object (its parts depend on each other). */
function sub<T extends object>(o: Obj, base: T, readers: Record<string, [keyof T, (v: unknown) => unknown]>): T {
  const out = { ...base } as Record<keyof T, unknown>;
  for (const k of Object.keys(o)) {
    const r = readers[k];
    if (!r) bad(`unknown key "${k}"`);
    try {
      out[r[0]] = r[1](o[k]);
    } catch (e) {
      if (e instanceof FieldError) bad(`${k}: ${e.message}`);
      throw e;
    }
  }
  return out as T;
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
  const url = text(v, LIMITS.urlChars);
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
      return { kind: 'demo', id: text(rest, LIMITS.idChars) };
    case 'l':
      return { kind: 'local', id: text(rest, LIMITS.idChars) };
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
  read: (w: unknown, d: ViewState[K]) => ViewState[K];
}

const METRIC_KEYS = { n: 'name', l: 'layer', g: 'sigma', c: 'scale', u: 'tau' } as const;
const PHATE_KEYS = { k: 'knn', d: 'decay', t: 't', g: 'gamma', n: 'nComponents', s: 'solver', r: 'seed' } as const;

const nullableId = (w: unknown) => text(w, LIMITS.idChars);

function field<K extends ViewStateKey>(f: Field<K>): Field<K> {
  return f;
}

/** Every ViewState field with its short key; the order is the order of the wire JSON. */
export const FIELDS = [
  field({ wire: 's', state: 'source', write: (v) => (v ? sourceToWire(v) : undefined), read: sourceFromWire }),
  field({
    wire: 'pop',
    state: 'population',
    write: (v) => (v ? `${v.networks}.${v.hash}` : undefined),
    read: (w): PopulationIdentity => {
      const m = typeof w === 'string' ? /^(\d{1,9})\.([0-9a-f]{8})$/.exec(w) : null;
      if (!m) bad(`expected "<networks>.<8 hex digits>", got ${describe(w)}`);
      return { networks: Number(m![1]), hash: m![2] };
    },
  }),
  field({ wire: 'd', state: 'dataset', write: (v) => v ?? undefined, read: (w) => oneOf(w, DATASET_NAMES) }),
  field({
    wire: 'm',
    state: 'metric',
    write: (v, d) => subWrite(v, d, METRIC_KEYS),
    read: (w, d) =>
      sub<MetricState>(obj(w), d, {
        n: ['name', (x) => oneOf(x, METRIC_NAMES)],
        l: ['layer', (x) => (x === 'last' ? 'last' : int(x, 0, LIMITS.maxLayer))],
        g: ['sigma', (x) => num(x, 1e-6, 1e6)],
        c: ['scale', (x) => oneOf(x, ['median', 'raw'] as const)],
        u: ['tau', (x) => int(x, 1, 1000)],
      }),
  }),
  field({
    wire: 'p',
    state: 'phate',
    write: (v, d) => subWrite(v, d, PHATE_KEYS),
    read: (w, d) =>
      sub<PhateState>(obj(w), d, {
        k: ['knn', (x) => int(x, 1, 10_000)],
        d: ['decay', (x) => num(x, 1e-6, 1e6)],
        t: ['t', (x) => (x === 'auto' ? 'auto' : int(x, 1, 100_000))],
        g: ['gamma', (x) => num(x, -1, 1)],
        n: ['nComponents', (x) => int(x, 2, 3)],
        s: ['solver', key],
        r: ['seed', (x) => int(x, -(2 ** 31), 2 ** 32 - 1)],
      }),
  }),
  field({ wire: 'c', state: 'colorBy', write: (v, d) => (v === d ? undefined : v), read: key }),
  field({ wire: 'z', state: 'sizeBy', write: (v) => v ?? undefined, read: key }),
  field({ wire: 'cd', state: 'colorDomain', write: (v, d) => (v === d ? undefined : v), read: (w) => oneOf(w, COLOR_DOMAIN_NAMES) }),
  field({
    wire: 'cam',
    state: 'camera',
    write: (v) => {
      if (!v) return undefined;
      const c = roundCamera(v);
      return [...c.position, ...c.target, ...c.up, c.zoom];
    },
    read: (w): CameraState => {
      if (!Array.isArray(w) || w.length !== 10) bad(`expected 10 numbers (position, target, up, zoom), got ${describe(w)}`);
      const a = (w as unknown[]).map((x) => num(x, -1e12, 1e12));
      if (!(a[9] > 0)) bad(`zoom must be > 0, got ${a[9]}`);
      if (a[6] === 0 && a[7] === 0 && a[8] === 0) bad('up vector is zero');
      return { position: [a[0], a[1], a[2]], target: [a[3], a[4], a[5]], up: [a[6], a[7], a[8]], zoom: a[9] };
    },
  }),
  field({
    wire: 'sel',
    state: 'selection',
    write: (v) => {
      if (!v) return undefined;
      if (v.by === 'index') return indicesToRanges(normaliseIndices(v.indices));
      return v.ids.slice();
    },
    read: (w): SelectionState => {
      if (typeof w === 'string') return { by: 'index', indices: rangesToIndices(w) };
      if (!Array.isArray(w)) bad(`expected a range string or a list of ids, got ${describe(w)}`);
      const ids = w as unknown[];
      if (ids.length > LIMITS.selectionSize) bad(`more than ${LIMITS.selectionSize} ids`);
      const out = ids.map((x) => text(x, LIMITS.idChars));
      if (new Set(out).size !== out.length) bad('duplicate ids');
      return { by: 'id', ids: out };
    },
  }),
  field({ wire: 'f', state: 'filter', write: (v) => (v === '' ? undefined : v), read: (w) => text(w, LIMITS.filterChars, false) }),
  field({ wire: 'i', state: 'inspected', write: (v) => v ?? undefined, read: nullableId }),
  field({ wire: 'pin', state: 'pinned', write: (v) => v ?? undefined, read: nullableId }),
  field({
    wire: 'pn',
    state: 'panels',
    write: (v) => (v.length ? v.slice() : undefined),
    read: (w) => {
      if (!Array.isArray(w)) bad(`expected a list of panel names, got ${describe(w)}`);
      if (w.length > LIMITS.panels) bad(`more than ${LIMITS.panels} panels`);
      const out = (w as unknown[]).map(key);
      if (new Set(out).size !== out.length) bad('duplicate panel names');
      return out;
    },
  }),
  field({ wire: 'e', state: 'epoch', write: (v) => v ?? undefined, read: (w) => int(w, 0, LIMITS.maxEpoch) }),
] as Field<ViewStateKey>[];

/** Sorted, de-duplicated copy (a selection by index is a set). */
export function normaliseIndices(indices: number[]): number[] {
  return Array.from(new Set(indices)).sort((a, b) => a - b);
}
