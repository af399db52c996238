// Checked unzip. fflate's unzipSync reads the central directory and inflates
// each entry but never compares the result with the CRC-32 the zip records, so
// a damaged entry comes out as different bytes. Here every extracted entry is
// checked against its central-directory CRC-32 and size.
import { strFromU8, unzipSync, type UnzipFileFilter } from 'fflate';
import { BundleError } from '../bundle/errors';
import { crc32 } from '../bundle/crc32';

interface CentralEntry {
  crc: number;
  size: number;
}

const u16 = (b: Uint8Array, p: number) => b[p] | (b[p + 1] << 8);
const u32 = (b: Uint8Array, p: number) => (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;

/** CRC-32 and size of each entry by name (names decoded as fflate does), from the central directory. */
function centralDirectory(b: Uint8Array): Map<string, CentralEntry> {
  let e = b.length - 22;
  const stop = Math.max(0, e - 65535);
  while (e >= stop && u32(b, e) !== 0x06054b50) e--;
  if (e < stop) throw new BundleError('', 'not a readable zip file: no end-of-archive record (truncated?)');
  let count = u16(b, e + 10);
  let p = u32(b, e + 16);
  // Zip64: the real count and offset are in the zip64 end record.
  if (p === 0xffffffff || count === 0xffff) {
    const loc = e - 20;
    if (loc < 0 || u32(b, loc) !== 0x07064b50) throw new BundleError('', 'not a readable zip file: broken zip64 locator');
    const z = u32(b, loc + 8);
    if (z + 56 > b.length || u32(b, z) !== 0x06064b50) throw new BundleError('', 'not a readable zip file: broken zip64 end record');
    count = u32(b, z + 32);
    p = u32(b, z + 48);
  }
  const out = new Map<string, CentralEntry>();
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50)
      throw new BundleError('', `not a readable zip file: its directory entry ${i + 1} of ${count} is damaged`);
    const nameLen = u16(b, p + 28);
    if (p + 46 + nameLen > b.length) throw new BundleError('', 'not a readable zip file: its directory is truncated');
    const name = strFromU8(b.subarray(p + 46, p + 46 + nameLen), !(u16(b, p + 8) & 2048));
    out.set(name, { crc: u32(b, p + 16), size: u32(b, p + 24) });
    p += 46 + nameLen + u16(b, p + 30) + u16(b, p + 32);
  }
  return out;
}

/**
 * unzipSync with every extracted entry's CRC-32 and size verified against the
 * zip's directory. `filter` as fflate's (it may throw a BundleError to stop).
 * Throws BundleError only.
 */
export function unzipChecked(bytes: Uint8Array, filter?: UnzipFileFilter): Record<string, Uint8Array> {
  let entries: Record<string, Uint8Array>;
  let dir: Map<string, CentralEntry>;
  try {
    dir = centralDirectory(bytes);
    entries = unzipSync(bytes, filter ? { filter } : {});
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError('', `not a readable zip file (truncated or corrupt?): ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const [name, data] of Object.entries(entries)) {
    const want = dir.get(name);
    if (!want) throw new BundleError('', `the zip is corrupt: entry "${name}" is not in its directory`);
    if (data.length !== want.size && want.size !== 0xffffffff) {
      throw new BundleError('', `the zip is corrupt: "${name}" unpacks to ${data.length} bytes, its directory records ${want.size}`);
    }
    if (crc32(data) !== want.crc)
      throw new BundleError('', `the zip is corrupt: "${name}" does not match its CRC-32 checksum (damaged in transfer or on disk?)`);
  }
  return entries;
}
