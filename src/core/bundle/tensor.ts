// Typed arrays inside the JSON document:
//   { "dtype": "f32" | "f64" | "f16" | "i32", "shape": [rows, cols], "b64": "<base64 of little-endian bytes>" }
// The shape's product is the number of values; the base64 must decode to exactly
// product × bytes-per-value bytes.

import { base64DecodedLength, base64ToBytes, bytesToBase64 } from './base64';
import { fail } from './errors';
import { decodeHalf, encodeHalf } from './half';

export type DType = 'f64' | 'f32' | 'f16' | 'i32';

export interface TensorJson {
  dtype: DType;
  shape: number[];
  b64: string;
}

const BYTES: Record<DType, number> = { f64: 8, f32: 4, f16: 2, i32: 4 };

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bytes of a typed array in little-endian order (a view when the platform is little-endian). */
function leBytes(a: Float64Array | Float32Array | Int32Array | Uint16Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.byteLength);
  const dv = new DataView(out.buffer);
  const bpe = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Float64Array) dv.setFloat64(i * bpe, a[i], true);
    else if (a instanceof Float32Array) dv.setFloat32(i * bpe, a[i], true);
    else if (a instanceof Int32Array) dv.setInt32(i * bpe, a[i], true);
    else dv.setUint16(i * bpe, a[i], true);
  }
  return out;
}

function fromLeBytes(bytes: Uint8Array, dtype: DType): Float64Array | Float32Array | Int32Array | Uint16Array {
  // bytes comes fresh from base64ToBytes, so its buffer is aligned at offset 0.
  if (LITTLE_ENDIAN) {
    const buf = bytes.buffer as ArrayBuffer;
    if (dtype === 'f64') return new Float64Array(buf, 0, bytes.length / 8);
    if (dtype === 'f32') return new Float32Array(buf, 0, bytes.length / 4);
    if (dtype === 'i32') return new Int32Array(buf, 0, bytes.length / 4);
    return new Uint16Array(buf, 0, bytes.length / 2);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length / BYTES[dtype];
  if (dtype === 'f64') return Float64Array.from({ length: n }, (_, i) => dv.getFloat64(i * 8, true));
  if (dtype === 'f32') return Float32Array.from({ length: n }, (_, i) => dv.getFloat32(i * 4, true));
  if (dtype === 'i32') return Int32Array.from({ length: n }, (_, i) => dv.getInt32(i * 4, true));
  return Uint16Array.from({ length: n }, (_, i) => dv.getUint16(i * 2, true));
}

export function encodeTensor(a: Float64Array | Float32Array | Int32Array, shape: number[], dtype: DType): TensorJson {
  let raw: Float64Array | Float32Array | Int32Array | Uint16Array;
  if (dtype === 'f16') raw = encodeHalf(a);
  else if (dtype === 'f64') raw = a instanceof Float64Array ? a : Float64Array.from(a);
  else if (dtype === 'f32') raw = a instanceof Float32Array ? a : Float32Array.from(a);
  else raw = a instanceof Int32Array ? a : Int32Array.from(a);
  return { dtype, shape: shape.slice(), b64: bytesToBase64(leBytes(raw)) };
}

const fmtShape = (s: readonly number[]) => s.join('×');

/**
 * Validate and decode a tensor field. `expected` is the required shape; `want`
 * says what the caller stores it as (f16 is widened to Float32Array).
 */
export function decodeTensor(v: unknown, path: string, expected: readonly number[], allowed: readonly DType[], want: 'f64'): Float64Array;
export function decodeTensor(v: unknown, path: string, expected: readonly number[], allowed: readonly DType[], want: 'f32'): Float32Array;
export function decodeTensor(v: unknown, path: string, expected: readonly number[], allowed: readonly DType[], want: 'i32'): Int32Array;
export function decodeTensor(
  v: unknown,
  path: string,
  expected: readonly number[],
  allowed: readonly DType[],
  want: 'f64' | 'f32' | 'i32',
): Float64Array | Float32Array | Int32Array {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    fail(path, `expected a tensor object {dtype, shape, b64}, got ${describe(v)}`);
  const t = v as Record<string, unknown>;
  const dtype = t.dtype;
  if (typeof dtype !== 'string' || !(allowed as readonly string[]).includes(dtype)) {
    fail(`${path}.dtype`, `expected one of ${allowed.map((d) => `"${d}"`).join(', ')}, got ${describe(dtype)}`);
  }
  const shape = t.shape;
  if (!Array.isArray(shape) || shape.some((s) => typeof s !== 'number' || !Number.isInteger(s) || s < 0)) {
    fail(`${path}.shape`, `expected an array of non-negative integers, got ${describe(shape)}`);
  }
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  const want_count = expected.reduce((a, b) => a * b, 1);
  if (count !== want_count) {
    fail(path, `expected ${fmtShape(expected)}${expected.length > 1 ? ` = ${want_count}` : ''} values, got ${count}`);
  }
  if (shape.length !== expected.length || shape.some((s, i) => s !== expected[i])) {
    fail(`${path}.shape`, `expected [${expected.join(', ')}], got [${shape.join(', ')}]`);
  }
  const b64 = t.b64;
  if (typeof b64 !== 'string') fail(`${path}.b64`, `expected a base64 string, got ${describe(b64)}`);
  const dt = dtype as DType;
  const needBytes = count * BYTES[dt];
  const haveBytes = base64DecodedLength(b64);
  if (haveBytes < 0) fail(`${path}.b64`, `malformed base64 (length ${b64.length} is not a multiple of 4)`);
  if (haveBytes !== needBytes) fail(`${path}.b64`, `${count} ${dt} values need ${needBytes} bytes, base64 holds ${haveBytes}`);
  const bytes = base64ToBytes(b64);
  if (!bytes) fail(`${path}.b64`, 'malformed base64 (invalid character or padding)');
  const raw = fromLeBytes(bytes, dt);
  if (want === 'i32') {
    if (!(raw instanceof Int32Array)) fail(`${path}.dtype`, 'expected integer data');
    return raw;
  }
  if (dt === 'f16') {
    const f = decodeHalf(raw as Uint16Array);
    return want === 'f64' ? Float64Array.from(f) : f;
  }
  if (want === 'f64') return raw instanceof Float64Array ? raw : Float64Array.from(raw);
  return raw instanceof Float32Array ? raw : Float32Array.from(raw);
}

/** Short description of a JSON value for messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'string') return v.length > 40 ? `a string ("${v.slice(0, 37)}...")` : `"${v}"`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}
