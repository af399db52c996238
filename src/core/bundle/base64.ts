// Standard base64 (RFC 4648, with padding) for bytes, without Buffer or btoa,
// so it runs the same in Node, workers and the page.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 8192; // keep each String.fromCharCode call small
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Uint16Array(Math.ceil((end - start) / 3) * 4);
    let o = 0;
    for (let i = start; i < end; i += 3) {
      const b0 = bytes[i];
      const b1 = i + 1 < end ? bytes[i + 1] : 0;
      const b2 = i + 2 < end ? bytes[i + 2] : 0;
      codes[o++] = ALPHABET.charCodeAt(b0 >> 2);
      codes[o++] = ALPHABET.charCodeAt(((b0 & 3) << 4) | (b1 >> 4));
      codes[o++] = i + 1 < end ? ALPHABET.charCodeAt(((b1 & 15) << 2) | (b2 >> 6)) : 61; // '='
      codes[o++] = i + 2 < end ? ALPHABET.charCodeAt(b2 & 63) : 61;
    }
    parts.push(String.fromCharCode.apply(null, codes as unknown as number[]));
  }
  return parts.join('');
}

/** Number of bytes a well-formed base64 string decodes to (−1 if its length is impossible). */
export function base64DecodedLength(s: string): number {
  if (s.length % 4 !== 0) return -1;
  let pad = 0;
  if (s.length > 0 && s.charCodeAt(s.length - 1) === 61) pad++;
  if (s.length > 1 && s.charCodeAt(s.length - 2) === 61) pad++;
  return (s.length / 4) * 3 - pad;
}

/** Decode base64; returns null on any malformed input (bad length or character). */
export function base64ToBytes(s: string): Uint8Array | null {
  const len = base64DecodedLength(s);
  if (len < 0) return null;
  const out = new Uint8Array(len);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    const last = i + 4 === s.length;
    const v0 = c0 < 128 ? DECODE[c0] : -1;
    const v1 = c1 < 128 ? DECODE[c1] : -1;
    const v2 = c2 === 61 && last ? 0 : c2 < 128 ? DECODE[c2] : -1;
    const v3 = c3 === 61 && last ? 0 : c3 < 128 ? DECODE[c3] : -1;
    if ((v0 | v1 | v2 | v3) < 0) return null;
    if (c2 === 61 && c3 !== 61) return null;
    const triple = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    if (o < len) out[o++] = (triple >> 16) & 255;
    if (o < len) out[o++] = (triple >> 8) & 255;
    if (o < len) out[o++] = triple & 255;
  }
  return out;
}
