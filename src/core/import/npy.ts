// NumPy .npy reader (format versions 1.0, 2.0, 3.0; see numpy.lib.format).
// Supports little/big-endian f2/f4/f8, i1/i2/i4/i8, u1/u2/u4/u8 and b1 in C
// order; Fortran-order arrays are transposed into C order. Floats come back as
// Float32Array (f2, f4) or Float64Array (f8); integers and booleans as Int32Array
// (64-bit and u32 values must fit in int32, else a clear error).
import { halfBitsToFloat32 } from '../bundle/half';

export class NpyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyError';
  }
}

export interface NpyArray {
  /** Normalised dtype without byte order, e.g. 'f4', 'i8', 'u1'. */
  dtype: string;
  shape: number[];
  data: Float32Array | Float64Array | Int32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const SIZES: Record<string, number> = { f2: 2, f4: 4, f8: 8, i1: 1, i2: 2, i4: 4, i8: 8, u1: 1, u2: 2, u4: 4, u8: 8, b1: 1 };
/** Refuse arrays above this many elements (2^28 floats = 1 GiB). */
const MAX_ELEMENTS = 2 ** 28;

export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && MAGIC.every((b, i) => bytes[i] === b);
}

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
}

function parseHeader(text: string, name: string): Header {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  if (!descr) {
    if (/['"]descr['"]\s*:\s*\[/.test(text))
      throw new NpyError(`${name}: structured arrays (record dtypes) are not supported; save a plain numeric array`);
    throw new NpyError(`${name}: header has no 'descr' (not a valid .npy file)`);
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  if (!fortran) throw new NpyError(`${name}: header has no 'fortran_order'`);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!shape) throw new NpyError(`${name}: header has no 'shape'`);
  const dims = shape[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      if (!/^\d+L?$/.test(s)) throw new NpyError(`${name}: bad shape entry '${s}'`);
      return parseInt(s, 10);
    });
  return { descr: descr[1], fortran: fortran[1] === 'True', shape: dims };
}

/** Parse a .npy file. `name` is used in error messages. Throws NpyError only. */
export function parseNpy(bytes: Uint8Array, name = 'array.npy'): NpyArray {
  try {
    return parseNpyUnsafe(bytes, name);
  } catch (e) {
    if (e instanceof NpyError) throw e;
    throw new NpyError(`${name}: not a readable .npy file (${e instanceof Error ? e.message : String(e)})`);
  }
}

function parseNpyUnsafe(bytes: Uint8Array, name: string): NpyArray {
  if (!isNpy(bytes)) throw new NpyError(`${name}: not a .npy file (missing \\x93NUMPY magic)`);
  if (bytes.length < 10) throw new NpyError(`${name}: truncated header`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyError(`${name}: truncated header`);
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw new NpyError(`${name}: unsupported .npy format version ${major}.${bytes[7]} (supported: 1.0, 2.0, 3.0)`);
  }
  if (start + headerLen > bytes.length) throw new NpyError(`${name}: truncated header`);
  const headerBytes = bytes.subarray(start, start + headerLen);
  // v1/v2 headers are latin-1 (ASCII in practice), v3 UTF-8.
  let text = '';
  if (major === 3) text = new TextDecoder('utf-8').decode(headerBytes);
  else for (let i = 0; i < headerBytes.length; i++) text += String.fromCharCode(headerBytes[i]);
  const h = parseHeader(text, name);

  const order = h.descr[0];
  const dtype = order === '<' || order === '>' || order === '|' || order === '=' ? h.descr.slice(1) : h.descr;
  const size = SIZES[dtype];
  if (!size) throw new NpyError(`${name}: unsupported dtype '${h.descr}' (supported: f2, f4, f8, i1, i2, i4, i8, u1, u2, u4, u8, b1)`);
  const little = order !== '>'; // '=' is native, and every platform writing these is little-endian
  let count = 1;
  for (const d of h.shape) count *= d;
  if (count > MAX_ELEMENTS) throw new NpyError(`${name}: ${count} elements is too large (at most ${MAX_ELEMENTS})`);
  const dataStart = start + headerLen;
  const available = bytes.length - dataStart;
  if (available < count * size)
    throw new NpyError(`${name}: truncated data (${available} bytes for ${count} × ${size}-byte values; shape (${h.shape.join(', ')}))`);
  if (available > count * size)
    throw new NpyError(
      `${name}: ${available - count * size} unexpected bytes after the data (shape (${h.shape.join(', ')}) needs ${count * size})`,
    );

  const dv = new DataView(bytes.buffer, bytes.byteOffset + dataStart, count * size);
  let data: Float32Array | Float64Array | Int32Array;
  if (dtype === 'f4') {
    data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = dv.getFloat32(4 * i, little);
  } else if (dtype === 'f8') {
    data = new Float64Array(count);
    for (let i = 0; i < count; i++) data[i] = dv.getFloat64(8 * i, little);
  } else if (dtype === 'f2') {
    data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = halfBitsToFloat32(dv.getUint16(2 * i, little));
  } else {
    const out = new Int32Array(count);
    const read: (i: number) => number =
      dtype === 'i1'
        ? (i) => dv.getInt8(i)
        : dtype === 'u1' || dtype === 'b1'
          ? (i) => dv.getUint8(i)
          : dtype === 'i2'
            ? (i) => dv.getInt16(2 * i, little)
            : dtype === 'u2'
              ? (i) => dv.getUint16(2 * i, little)
              : dtype === 'i4'
                ? (i) => dv.getInt32(4 * i, little)
                : dtype === 'u4'
                  ? (i) => dv.getUint32(4 * i, little)
                  : dtype === 'i8'
                    ? (i) => Number(dv.getBigInt64(8 * i, little))
                    : (i) => Number(dv.getBigUint64(8 * i, little));
    for (let i = 0; i < count; i++) {
      const v = read(i);
      if (v > 2147483647 || v < -2147483648) throw new NpyError(`${name}: value ${v} at flat index ${i} does not fit in int32`);
      out[i] = v;
    }
    data = out;
  }
  if (h.fortran && h.shape.length > 1) data = fortranToC(data, h.shape);
  return { dtype, shape: h.shape, data };
}

/** Reorder a column-major (Fortran) array into row-major (C) order. */
function fortranToC<T extends Float32Array | Float64Array | Int32Array>(src: T, shape: number[]): T {
  const k = shape.length;
  const fStride = new Array<number>(k);
  let s = 1;
  for (let j = 0; j < k; j++) {
    fStride[j] = s;
    s *= shape[j];
  }
  const out = new (src.constructor as new (n: number) => T)(src.length);
  const idx = new Array<number>(k).fill(0);
  let f = 0; // Fortran offset of the current C-order multi-index
  for (let c = 0; c < src.length; c++) {
    out[c] = src[f];
    // Increment the multi-index in C order (last axis fastest) and track f.
    for (let j = k - 1; j >= 0; j--) {
      idx[j]++;
      f += fStride[j];
      if (idx[j] < shape[j]) break;
      f -= fStride[j] * shape[j];
      idx[j] = 0;
    }
  }
  return out;
}

/** Write a C-order little-endian .npy (v1.0) of f4, f8 or i4; used by tests and tools. */
export function writeNpy(data: Float32Array | Float64Array | Int32Array, shape: number[]): Uint8Array {
  const descr = data instanceof Float32Array ? '<f4' : data instanceof Float64Array ? '<f8' : '<i4';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, 10 + header.length);
  const size = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float32Array) body.setFloat32(i * size, data[i], true);
    else if (data instanceof Float64Array) body.setFloat64(i * size, data[i], true);
    else body.setInt32(i * size, data[i], true);
  }
  return out;
}
