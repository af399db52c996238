// The raw float32 input of `netmanifold embed --raw` (docs/scale.md):
//   line 1: a JSON header, padded with spaces so that the data starts at a
//           multiple of 4 bytes, ended by '\n':
//           {"format":"netmanifold-raw","version":1,"kind":"activations","shape":[N,n,d],"dtype":"float32"}
//           or kind "distances" with shape [N,N]
//   then:   N·n·d (or N·N) float32 values, little-endian, row-major.
import fs from 'node:fs';
import os from 'node:os';

export interface RawHeader {
  format: 'netmanifold-raw';
  version: 1;
  kind: 'activations' | 'distances';
  shape: number[];
  dtype: 'float32';
}

const MAX_HEADER = 4096;

/** Writes a raw file (tests, benches, and what a Python exporter would write). */
export function writeRaw(file: string, kind: RawHeader['kind'], shape: number[], data: Float32Array): void {
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new Error(`writeRaw: shape ${shape.join('×')} needs ${count} values, got ${data.length}`);
  let head = JSON.stringify({ format: 'netmanifold-raw', version: 1, kind, shape, dtype: 'float32' });
  while ((head.length + 1) % 4 !== 0) head += ' ';
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, head + '\n');
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    for (let o = 0; o < bytes.length; o += 1 << 26) fs.writeSync(fd, bytes.subarray(o, Math.min(bytes.length, o + (1 << 26))));
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the header; throws a clear Error on anything that is not a raw file this version reads. */
export function readRawHeader(file: string): { header: RawHeader; dataOffset: number; fileBytes: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const fileBytes = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(MAX_HEADER, fileBytes));
    fs.readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.indexOf(10);
    if (nl < 0) throw new Error(`${file}: not a netmanifold raw file (no JSON header line in the first ${MAX_HEADER} bytes)`);
    let h: RawHeader;
    try {
      h = JSON.parse(buf.subarray(0, nl).toString('utf8')) as RawHeader;
    } catch {
      throw new Error(`${file}: the header line is not JSON`);
    }
    if (h?.format !== 'netmanifold-raw') throw new Error(`${file}: header format must be "netmanifold-raw"`);
    if (h.version !== 1) throw new Error(`${file}: raw format version ${String(h.version)} is not supported (this build reads version 1)`);
    if (h.dtype !== 'float32') throw new Error(`${file}: dtype must be "float32", got ${JSON.stringify(h.dtype)}`);
    const dims = h.kind === 'activations' ? 3 : h.kind === 'distances' ? 2 : 0;
    if (!dims) throw new Error(`${file}: kind must be "activations" or "distances", got ${JSON.stringify(h.kind)}`);
    if (!Array.isArray(h.shape) || h.shape.length !== dims || !h.shape.every((x) => Number.isInteger(x) && x >= 1)) {
      throw new Error(`${file}: shape must be ${dims === 3 ? '[N, n, d]' : '[N, N]'} of positive integers, got ${JSON.stringify(h.shape)}`);
    }
    if (h.kind === 'distances' && h.shape[0] !== h.shape[1])
      throw new Error(`${file}: a distance matrix must be square, got ${h.shape.join('×')}`);
    const dataOffset = nl + 1;
    if (dataOffset % 4 !== 0) throw new Error(`${file}: the data must start at a multiple of 4 bytes (pad the header line with spaces)`);
    const expected = dataOffset + 4 * h.shape.reduce((a, b) => a * b, 1);
    if (fileBytes !== expected)
      throw new Error(`${file}: shape ${h.shape.join('×')} needs ${expected} bytes with the header, the file has ${fileBytes}`);
    return { header: h, dataOffset, fileBytes };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the float32 payload (in 64 MiB chunks: files above 2 GB are fine). */
export function readRawData(file: string, dataOffset: number, count: number): Float32Array {
  if (os.endianness() !== 'LE') throw new Error('raw files are little-endian; this machine is big-endian');
  const out = new Float32Array(count);
  const bytes = new Uint8Array(out.buffer);
  const fd = fs.openSync(file, 'r');
  try {
    for (let o = 0; o < bytes.length;) {
      const got = fs.readSync(fd, bytes, o, Math.min(1 << 26, bytes.length - o), dataOffset + o);
      if (got <= 0) throw new Error(`${file}: unexpected end of file`);
      o += got;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}
