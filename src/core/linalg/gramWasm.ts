// Dot products of row blocks: the Gram product of the potential distances
// (potential.ts gramLowerSteps) and A Q in classic MDS (topEigenpairs.ts), as
// a WebAssembly SIMD kernel: rows (i, i+1) against four rows j0..j0+3 at a
// time, eight f64x2 accumulators over the columns two by two. Products are
// the JS loop's; each dot product is summed in two lanes (last bits differ).
import { I32, V128, align16, hsum, instantiate, lazyModule, moduleBytes, op, whileLt, whileLtBy, type WasmFunc } from '../wasm/asm';

// params: 0 a0 (address of row i), 1 bStart (row 0), 2 bEnd, 3 SB (row bytes of C), 4 g0 (address of G[i, 0]), 5 NB (row bytes of G)
// locals: 6 k, 7 bj, 8 b1, 9 b2, 10 b3, 11 a1, 12 g, 13 step4; v128 14 A0, 15 A1, 16..19 B, 20..27 S
const [A0P, BSTART, BEND, SB, G0, NB, K, BJ, B1, B2, B3, A1P, G, STEP4, A0, A1] = Array.from({ length: 16 }, (_, i) => i);
const B = [16, 17, 18, 19];
const S = [20, 21, 22, 23, 24, 25, 26, 27]; // S[r * 4 + m]

function rowPair(): WasmFunc {
  const rows = [BJ, B1, B2, B3];
  const inner = [
    ...op.get(A0P),
    ...op.get(K),
    ...op.i32add,
    ...op.v128load,
    ...op.set(A0),
    ...op.get(A1P),
    ...op.get(K),
    ...op.i32add,
    ...op.v128load,
    ...op.set(A1),
    ...rows.flatMap((r, m) => [...op.get(r), ...op.get(K), ...op.i32add, ...op.v128load, ...op.set(B[m])]),
    ...[A0, A1].flatMap((a, r) =>
      B.flatMap((b, m) => [...op.get(S[r * 4 + m]), ...op.get(a), ...op.get(b), ...op.f64x2mul, ...op.f64x2add, ...op.set(S[r * 4 + m])]),
    ),
  ];
  const block = [
    ...op.get(BJ),
    ...op.get(SB),
    ...op.i32add,
    ...op.tee(B1),
    ...op.get(SB),
    ...op.i32add,
    ...op.tee(B2),
    ...op.get(SB),
    ...op.i32add,
    ...op.set(B3),
    ...S.flatMap((s) => [...op.v128zero, ...op.set(s)]),
    ...op.i32(0),
    ...op.set(K),
    ...whileLt(K, SB, 16, inner),
    ...[0, 1].flatMap((r) =>
      B.flatMap((_, m) => [
        ...op.get(G0),
        ...op.get(G),
        ...op.i32add,
        ...(r ? [...op.get(NB), ...op.i32add] : []),
        ...hsum(S[r * 4 + m]),
        ...op.f64storeAt(8 * m),
      ]),
    ),
    ...op.get(G),
    ...op.i32(32),
    ...op.i32add,
    ...op.set(G),
  ];
  const body = [
    ...op.get(A0P),
    ...op.get(SB),
    ...op.i32add,
    ...op.set(A1P),
    ...op.get(SB),
    ...op.i32(2),
    ...op.i32shl,
    ...op.set(STEP4),
    ...op.get(BSTART),
    ...op.set(BJ),
    ...whileLtBy(BJ, BEND, STEP4, block),
  ];
  const locals = [I32, I32, I32, I32, I32, I32, I32, I32, ...new Array<number>(14).fill(V128)];
  return { name: 'pair', params: [I32, I32, I32, I32, I32, I32], results: [], locals, body };
}

export const gramModuleBytes = (): Uint8Array<ArrayBuffer> => moduleBytes([rowPair()]);
const gramModule = lazyModule(gramModuleBytes);

export function gramWasmAvailable(): boolean {
  return gramModule() !== null;
}

export interface GramWorkspace {
  /** C copied with rows padded to an even column count (zeros), row stride `stride`. */
  C: Float64Array;
  stride: number;
  /** The n x n output (lower triangle written by the caller and the kernel). */
  G: Float64Array;
  /** G[i][j], G[i+1][j] for j < 4 * blocks, as four-row blocks. */
  rowPair(i: number, blocks: number): void;
}

export interface ProductWorkspace {
  /** Q^T (m rows padded to a multiple of 4, stride `stride`): the caller fills the first m rows. */
  Qt: Float64Array;
  stride: number;
  /** Y = A Q into out (n x m row-major). */
  multiply(out: Float64Array): void;
}

/** Y = A Q for a fixed n x n A (copied into kernel memory) and n x m blocks Q (dot products of rows of A and Q^T). */
export function productWorkspace(A: Float64Array, n: number, m: number): ProductWorkspace | null {
  const mod = gramModule();
  if (!mod) return null;
  const stride = n + (n & 1);
  const mp = Math.ceil(m / 4) * 4;
  const aBytes = align16(n * stride * 8);
  const qBytes = align16(mp * stride * 8);
  const { memory, exports } = instantiate<{ pair: (...a: number[]) => void }>(mod, aBytes + qBytes + align16(n * mp * 8));
  const buf = memory.buffer;
  const Ac = new Float64Array(buf, 0, n * stride);
  for (let a = 0; a < n; a++) Ac.set(A.subarray(a * n, (a + 1) * n), a * stride);
  const Qt = new Float64Array(buf, aBytes, mp * stride);
  const yOff = aBytes + qBytes;
  const Y = new Float64Array(buf, yOff, n * mp);
  const SBy = stride * 8;
  return {
    Qt,
    stride,
    multiply(out) {
      let i = 0;
      for (; i + 1 < n; i += 2) exports.pair(i * SBy, aBytes, aBytes + mp * SBy, SBy, yOff + i * mp * 8, mp * 8);
      for (; i < n; i++)
        for (let j = 0; j < mp; j++) {
          let s = 0;
          for (let k = 0; k < stride; k++) s += Ac[i * stride + k] * Qt[j * stride + k];
          Y[i * mp + j] = s;
        }
      for (let r = 0; r < n; r++) for (let j = 0; j < m; j++) out[r * m + j] = Y[r * mp + j];
    },
  };
}

/** Workspace for the Gram matrix of the n x cols row-major C; null without WebAssembly SIMD. */
export function gramWorkspace(Cin: Float64Array, n: number, cols: number): GramWorkspace | null {
  const mod = gramModule();
  if (!mod) return null;
  const stride = cols + (cols & 1);
  const cBytes = align16(n * stride * 8);
  const { memory, exports } = instantiate<{ pair: (...a: number[]) => void }>(mod, cBytes + align16(n * n * 8));
  const buf = memory.buffer;
  const C = new Float64Array(buf, 0, n * stride);
  for (let a = 0; a < n; a++) C.set(Cin.subarray(a * cols, (a + 1) * cols), a * stride);
  const G = new Float64Array(buf, cBytes, n * n);
  const SBy = stride * 8;
  const NBy = n * 8;
  return {
    C,
    stride,
    G,
    rowPair: (i, blocks) => exports.pair(i * SBy, 0, blocks * 4 * SBy, SBy, cBytes + i * NBy, NBy),
  };
}
