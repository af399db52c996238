// ViewState <-> URL hash fragment (docs/sharing.md).
//   "j.<base64url(JSON)>"               short states
//   "z.<base64url(deflate-raw(JSON))>"  long ones (whichever is shorter is written)
// The JSON uses the short keys of fields.ts, with defaults omitted, and "v" =
// version. Older links (v0, query-style) are migrated. Decoding validates every
// field; an invalid field is dropped with a warning, and ViewStateError is thrown
// only when nothing in the hash is usable.
import { deflateSync, inflateSync } from 'fflate';
import { base64ToBytes, bytesToBase64 } from '../bundle/base64';
import { ViewStateError } from './errors';
import { FIELDS, FieldError, describe, readField } from './fields';
import { looksLikeV0, migrate, parseV0 } from './migrate';
import { DEFAULT_VIEW_STATE, LIMITS, VIEW_STATE_VERSION, defaultViewState, type ViewState } from './schema';

export interface DecodedViewState {
  state: ViewState;
  /** One line per dropped or adjusted field, in words, for a notice in the UI. */
  warnings: string[];
}

export function toBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const std = s.replace(/-/g, '+').replace(/_/g, '/');
  return base64ToBytes(std + '='.repeat((4 - (std.length % 4)) % 4));
}

/** The wire object of a state (short keys, defaults omitted). */
export function viewStateToWire(s: ViewState): Record<string, unknown> {
  const w: Record<string, unknown> = { v: VIEW_STATE_VERSION };
  for (const f of FIELDS) {
    const value = f.write(s[f.state], DEFAULT_VIEW_STATE[f.state]);
    if (value !== undefined) w[f.wire] = value;
  }
  return w;
}

/** Hash fragment (without '#') for a valid state. The camera is rounded to 5 significant digits. */
export function encodeViewState(s: ViewState): string {
  const json = JSON.stringify(viewStateToWire(s));
  const bytes = new TextEncoder().encode(json);
  const plain = `j.${toBase64Url(bytes)}`;
  if (json.length < 80) return plain; // deflate cannot win by much on tiny inputs
  const packed = `z.${toBase64Url(deflateSync(bytes, { level: 9 }))}`;
  return packed.length < plain.length ? packed : plain;
}

function parseBody(body: string): Record<string, unknown> {
  const kind = body.slice(0, 2);
  let bytes: Uint8Array | null = fromBase64Url(body.slice(2));
  if (bytes === null) throw new ViewStateError('the link is damaged: its view state is not valid base64url (was it cut off or edited?)');
  if (kind === 'z.') {
    try {
      bytes = inflateSync(bytes);
    } catch {
      throw new ViewStateError('the link is damaged: its compressed view state does not decompress (was it cut off?)');
    }
  }
  if (bytes.length > LIMITS.jsonBytes)
    throw new ViewStateError(`the link's view state is too large (${bytes.length} bytes; at most ${LIMITS.jsonBytes})`);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ViewStateError('the link is damaged: its view state is not readable JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new ViewStateError(`the link's view state is ${describe(doc)}, not an object`);
  return doc as Record<string, unknown>;
}

/** Decode a hash (with or without '#'). Throws ViewStateError only when nothing is usable. */
export function decodeViewState(hash: string): DecodedViewState {
  if (typeof hash !== 'string') throw new ViewStateError('no view state given');
  const body = hash.replace(/^#/, '').trim();
  const state = defaultViewState();
  const warnings: string[] = [];
  if (body === '') return { state, warnings };
  if (body.length > LIMITS.hashChars)
    throw new ViewStateError(`the link is too long (${body.length} characters; at most ${LIMITS.hashChars})`);

  let wire: Record<string, unknown>;
  if (body.startsWith('j.') || body.startsWith('z.')) wire = parseBody(body);
  else if (looksLikeV0(body)) wire = parseV0(body);
  else throw new ViewStateError(`not a Netmanifold view link (the part after '#' starts with ${describe(body.slice(0, 12))})`);

  let version: number;
  if (wire.v === undefined) {
    warnings.push(`the link has no version; read as version ${VIEW_STATE_VERSION}`);
    version = VIEW_STATE_VERSION;
  } else if (typeof wire.v !== 'number' || !Number.isInteger(wire.v) || wire.v < 0) {
    warnings.push(`the link's version ${describe(wire.v)} is invalid; read as version ${VIEW_STATE_VERSION}`);
    version = VIEW_STATE_VERSION;
  } else if (wire.v > VIEW_STATE_VERSION) {
    warnings.push(
      `the link was made by a newer Netmanifold (view version ${wire.v}); only the parts this version understands are restored`,
    );
    version = VIEW_STATE_VERSION;
  } else {
    version = wire.v;
  }
  if (version < VIEW_STATE_VERSION) {
    const migrated = migrate(wire, version, VIEW_STATE_VERSION, warnings);
    if (!migrated) throw new ViewStateError(`view links of version ${version} are no longer supported`);
    wire = migrated;
  }

  const known = new Set(FIELDS.map((f) => f.wire));
  let present = 0;
  let used = 0;
  for (const k of Object.keys(wire)) {
    if (k === 'v') continue;
    present++;
    if (!known.has(k)) warnings.push(`unknown field "${k.slice(0, 40)}" ignored`);
  }
  const mutable = state as unknown as Record<string, unknown>;
  for (const f of FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(wire, f.wire)) continue;
    try {
      mutable[f.state] = readField(f, wire[f.wire], DEFAULT_VIEW_STATE[f.state]);
      used++;
    } catch (e) {
      if (!(e instanceof FieldError)) throw new ViewStateError(`could not read ${f.state}: ${e instanceof Error ? e.message : String(e)}`);
      warnings.push(`${f.state} ignored: ${e.message}`);
    }
  }
  if (present > 0 && used === 0) throw new ViewStateError(`nothing in the link is usable: ${warnings.join('; ')}`);
  return { state, warnings };
}
