// CRC-32 (IEEE 802.3, the polynomial of gzip and zip), table-driven. fflate's
// gunzip/unzip do not verify the checksums a file carries; this does.

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Running CRC-32: update with chunks, read `value` (unsigned 32-bit). */
export class Crc32 {
  private c = 0xffffffff;
  update(bytes: Uint8Array): this {
    let c = this.c;
    for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    this.c = c;
    return this;
  }
  get value(): number {
    return (this.c ^ 0xffffffff) >>> 0;
  }
}

/** CRC-32 of one buffer (unsigned 32-bit). */
export function crc32(bytes: Uint8Array): number {
  return new Crc32().update(bytes).value;
}
