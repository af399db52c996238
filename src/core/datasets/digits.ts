// The 8x8 handwritten digits, decoded once from the generated base64 module.
// Synchronous on purpose: works the same in Node, in the browser and in workers.
import { DIGITS_BASE64, DIGITS_COLS, DIGITS_ROWS } from './digits-data';

export const DIGITS_INPUT_DIM = 64;

let table: Uint8Array | null = null;

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** All 1,797 digits: x in [0,1] (pixel / 16), n x 64 row-major, and labels. */
export function loadDigitsRaw(): { x: Float32Array; y: Int32Array } {
  if (!table) {
    table = decodeBase64(DIGITS_BASE64);
    if (table.length !== DIGITS_ROWS * DIGITS_COLS) throw new Error('digits-data.ts is corrupt; rerun scripts/make-digits-data.mjs');
  }
  const x = new Float32Array(DIGITS_ROWS * DIGITS_INPUT_DIM);
  const y = new Int32Array(DIGITS_ROWS);
  for (let r = 0; r < DIGITS_ROWS; r++) {
    const row = r * DIGITS_COLS;
    for (let c = 0; c < DIGITS_INPUT_DIM; c++) x[r * DIGITS_INPUT_DIM + c] = table[row + c] / 16;
    y[r] = table[row + DIGITS_INPUT_DIM];
  }
  return { x, y };
}
