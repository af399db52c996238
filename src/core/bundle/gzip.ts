// Checked gunzip (RFC 1952). fflate's gunzipSync trusts the file: it neither
// verifies the CRC-32 and length in the trailer (a flipped byte can inflate to
// different content and be accepted) nor bounds the output (a gzip bomb is
// inflated in full before anything else looks at it). Here the deflate body is
// streamed through fflate's Inflate, the output is counted against a cap as it
// grows, and CRC-32 and ISIZE are compared with the trailer at the end.
import { Inflate } from 'fflate';
import { BundleError } from './errors';
import { Crc32, crc32 } from './crc32';

/** Largest decompressed size accepted (bigger would not fit a JS string of JSON anyway, ~512 MiB). */
export const MAX_DECOMPRESSED_BYTES = 400 * 1024 * 1024;

const MB = 1024 * 1024;
/** Compressed bytes pushed per step: one step inflates at most ~66 MB past the cap (deflate is ~1032:1 at most); smaller steps cost speed. */
const STEP = 64 * 1024;

export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

export interface GunzipOptions {
  /** Decompressed-size cap in bytes (default MAX_DECOMPRESSED_BYTES). */
  maxBytes?: number;
  /** What the file is, for messages (default "the file"). */
  what?: string;
}

const corrupt = (what: string, detail: string) => new BundleError('', `${what} is corrupt: ${detail}`);

/** Offset of the deflate body after the gzip header; throws BundleError for a bad header. */
function headerEnd(b: Uint8Array, what: string): number {
  if (b.length < 18) throw corrupt(what, `a gzip file has at least 18 bytes, this one ${b.length} (truncated?)`);
  if (b[2] !== 8) throw corrupt(what, `unknown gzip compression method ${b[2]} (expected 8, deflate)`);
  const flg = b[3];
  if (flg & 0xe0) throw corrupt(what, 'reserved gzip header flags are set');
  let p = 10;
  if (flg & 4) {
    if (p + 2 > b.length) throw corrupt(what, 'the gzip header is truncated');
    p += 2 + (b[p] | (b[p + 1] << 8));
  }
  for (const bit of [8, 16]) {
    if (!(flg & bit)) continue;
    while (p < b.length && b[p] !== 0) p++;
    p++;
  }
  if (flg & 2) {
    if (p + 2 > b.length) throw corrupt(what, 'the gzip header is truncated');
    const want = b[p] | (b[p + 1] << 8);
    if ((crc32(b.subarray(0, p)) & 0xffff) !== want) throw corrupt(what, 'the gzip header checksum does not match');
    p += 2;
  }
  if (p + 8 > b.length) throw corrupt(what, 'the gzip header runs past the end of the file (truncated?)');
  return p;
}

const u32le = (b: Uint8Array, p: number) => (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;

/**
 * Decompress one gzip member, verifying its CRC-32 and length and refusing
 * output above `maxBytes`. Throws BundleError (never a raw inflate error).
 */
export function gunzipChecked(bytes: Uint8Array, opts: GunzipOptions = {}): Uint8Array {
  const what = opts.what ?? 'the file';
  const max = opts.maxBytes ?? MAX_DECOMPRESSED_BYTES;
  if (!isGzip(bytes)) throw new BundleError('', `${what} is not gzip data`);
  const start = headerEnd(bytes, what);
  const end = bytes.length - 8;
  const chunks: Uint8Array[] = [];
  const crc = new Crc32();
  let total = 0;
  let finished = false;
  const tooBig = () =>
    new BundleError(
      '',
      `${what} decompresses to more than ${Math.round(max / MB)} MB, which is more than this app accepts (a damaged file or a decompression bomb?)`,
    );
  const inflate = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > max) throw tooBig();
    crc.update(chunk);
    chunks.push(chunk);
    if (final) finished = true;
  });
  try {
    for (let p = start; p < end; p += STEP) {
      const q = Math.min(end, p + STEP);
      inflate.push(bytes.subarray(p, q), q === end);
    }
    if (start === end) inflate.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof BundleError) throw e;
    const m = e instanceof Error ? e.message : String(e);
    if (/stream finished/.test(m)) throw corrupt(what, 'there are stray bytes between the end of the compressed data and the gzip trailer');
    throw corrupt(what, `the compressed data does not decode (${m}; truncated or damaged file?)`);
  }
  if (!finished) throw corrupt(what, 'the compressed data ends early (truncated file?)');
  if (crc.value !== u32le(bytes, end))
    throw corrupt(what, 'its gzip checksum (CRC-32) does not match the decompressed content (damaged in transfer or on disk?)');
  if (total >>> 0 !== u32le(bytes, end + 4))
    throw corrupt(what, `its gzip trailer records ${u32le(bytes, end + 4)} bytes but it decompresses to ${total}`);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
