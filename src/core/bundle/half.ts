// IEEE 754 half-precision (binary16) encode/decode for compact activations.
//
// Precision: 11 significant bits, so relative error ≤ 2^-11 ≈ 4.9e-4 for
// |x| in [6.1e-5, 65504]; below that (subnormals) absolute error ≤ 2^-25 ≈ 3e-8.
// Rounding is to nearest, ties to even. Finite values beyond ±65504 SATURATE to
// ±65504 rather than becoming ±Infinity, so a finite activation never turns into
// a non-finite one (which would mark its network as diverged). NaN and ±Infinity
// are preserved.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function float32ToHalfBits(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 255) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7bff;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) !== 0)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) !== 0)) half++;
  if (half >= 0x7c00) half = 0x7bff; // rounding carried into Infinity: saturate
  return sign | half;
}

let table: Float32Array | null = null;

function halfTable(): Float32Array {
  if (table) return table;
  table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    table[h] = e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
  }
  return table;
}

export function halfBitsToFloat32(h: number): number {
  return halfTable()[h & 0xffff];
}

export function encodeHalf(a: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = float32ToHalfBits(a[i]);
  return out;
}

export function decodeHalf(h: Uint16Array): Float32Array {
  const t = halfTable();
  const out = new Float32Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = t[h[i]];
  return out;
}
