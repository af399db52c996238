// Modular addition (a + b) mod P over all P² pairs, as two one-hot tokens flattened to 2P values:
// token 0 is a, token 1 is b (inputShape [2, P]). An MLP reads the 2P values; an attention model
// reads 2 tokens. The set is fixed; the seed only chooses the train/test split.
import { MODADD_P } from './info';

/** All P² pairs, a-major: row a·P + b has ones at a and P + b, label (a + b) mod P. */
export function modaddRaw(p: number = MODADD_P): { x: Float32Array; y: Int32Array; a: Int32Array; b: Int32Array } {
  const n = p * p;
  const x = new Float32Array(n * 2 * p);
  const y = new Int32Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      const r = i * p + j;
      x[r * 2 * p + i] = 1;
      x[r * 2 * p + p + j] = 1;
      a[r] = i;
      b[r] = j;
      y[r] = (i + j) % p;
    }
  return { x, y, a, b };
}
