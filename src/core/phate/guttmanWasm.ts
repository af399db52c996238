// The Guttman transform of smacof.ts (guttman) as a tiny WebAssembly SIMD
// kernel: two pairs (i, j), (i, j+1) per f64x2 lane pair, the same float64
// operations per pair in the same order as the JS loop (so each pair's
// distance, weight and stress term are bit-identical); only the per-row sums
// and the stress are accumulated in two lanes, which changes the last bits of
// those sums. SMACOF spends > 90 % of the exact path here, and V8 does not
// vectorise the JS loop. The module is assembled below from opcodes (about
// 1 KB, no toolchain, no network); where WebAssembly SIMD is missing the
// solvers fall back to the JS loop. Up to 3 dimensions (missing ones read a
// zero column).
/** acc = B(X) X (not yet divided by N); returns the raw stress at X. */
export type GuttmanOp = (X: Float64Array, acc: Float64Array) => number;

// --- the wasm binary writer (shared: src/core/wasm/asm.ts) -----------------
import { section, sleb, str, uleb } from '../wasm/asm';
function f64Bytes(x: number): number[] {
  return Array.from(new Uint8Array(new Float64Array([x]).buffer));
}

// opcodes
const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const get = (l: number): number[] => [0x20, ...uleb(l)];
const set = (l: number): number[] => [0x21, ...uleb(l)];
const i32c = (v: number): number[] => [0x41, ...sleb(v)];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const memarg = (align: number): number[] => [align, 0];
const v128load = [...simd(0x00), ...memarg(3)];
const v128store = [...simd(0x0b), ...memarg(3)];
const f64x2splat = simd(0x14);
const f64x2lane = (i: number): number[] => [...simd(0x21), i];
const f64x2eq = simd(0x47);
const v128and = simd(0x4e);
const bitselect = simd(0x52);
const f64x2sqrt = simd(0xef);
const f64x2add = simd(0xf0);
const f64x2sub = simd(0xf1);
const f64x2mul = simd(0xf2);
const f64x2div = simd(0xf3);
const v128const = (bytes: number[]): number[] => [...simd(0x0c), ...bytes];
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_GE_U = 0x4f;
const I32_LT_U = 0x49;
const F64_ADD = 0xa0;
const F64_LOAD = [0x2b, 3, 0];
const F64_STORE = [0x39, 3, 0];
const END = 0x0b;

// params: 0 N, 1..3 X0..X2, 4..6 A0..A2, 7 Dc (byte addresses)
// i32 locals: 8 i, 9 jb (byte offset of j), 10 pb (byte offset into Dc), 11 endb (N * 8), 12 ib
// v128 locals: 13..15 xi0..2, 16..18 acc0..2, 19..21 d0..2, 22 dis, 23 t, 24 w, 25 stress, 26 e
const L = {
  N: 0,
  X: [1, 2, 3],
  A: [4, 5, 6],
  Dc: 7,
  i: 8,
  jb: 9,
  pb: 10,
  endb: 11,
  ib: 12,
  xi: [13, 14, 15],
  acc: [16, 17, 18],
  d: [19, 20, 21],
  dis: 22,
  t: 23,
  w: 24,
  stress: 25,
  e: 26,
};
const LOW_LANE_MASK = [...new Array(8).fill(0xff), ...new Array(8).fill(0)];

/** One chunk of two pairs (i, j), (i, j+1); `masked` keeps only the first (the odd last pair of a row). */
function chunk(masked: boolean): number[] {
  const c: number[] = [];
  for (let a = 0; a < 3; a++) c.push(...get(L.xi[a]), ...get(L.X[a]), ...get(L.jb), I32_ADD, ...v128load, ...f64x2sub, ...set(L.d[a]));
  // dis = sqrt(d0*d0 + d1*d1 + d2*d2) (same association as the JS loop)
  c.push(...get(L.d[0]), ...get(L.d[0]), ...f64x2mul, ...get(L.d[1]), ...get(L.d[1]), ...f64x2mul, ...f64x2add);
  c.push(...get(L.d[2]), ...get(L.d[2]), ...f64x2mul, ...f64x2add, ...f64x2sqrt, ...set(L.dis));
  c.push(...get(L.Dc), ...get(L.pb), I32_ADD, ...v128load, ...set(L.t));
  // stress += (dis - t)^2
  c.push(...get(L.dis), ...get(L.t), ...f64x2sub);
  if (masked) c.push(...v128const(LOW_LANE_MASK), ...v128and);
  c.push(...set(L.e), ...get(L.stress), ...get(L.e), ...get(L.e), ...f64x2mul, ...f64x2add, ...set(L.stress));
  // dis == 0 -> 1e-5; w = t / dis
  c.push(
    ...get(L.t),
    ...v128const([...f64Bytes(1e-5), ...f64Bytes(1e-5)]),
    ...get(L.dis),
    ...get(L.dis),
    ...v128const(new Array(16).fill(0)),
    ...f64x2eq,
    ...bitselect,
    ...f64x2div,
  );
  if (masked) c.push(...v128const(LOW_LANE_MASK), ...v128and);
  c.push(...set(L.w));
  for (let a = 0; a < 3; a++) {
    // wd = w * d_a; acc_a += wd; A_a[j] -= wd
    c.push(...get(L.w), ...get(L.d[a]), ...f64x2mul, ...set(L.d[a]));
    c.push(...get(L.acc[a]), ...get(L.d[a]), ...f64x2add, ...set(L.acc[a]));
    c.push(
      ...get(L.A[a]),
      ...get(L.jb),
      I32_ADD,
      ...get(L.A[a]),
      ...get(L.jb),
      I32_ADD,
      ...v128load,
      ...get(L.d[a]),
      ...f64x2sub,
      ...v128store,
    );
  }
  return c;
}

function kernelBody(): number[] {
  const b: number[] = [];
  const zero = v128const(new Array(16).fill(0));
  b.push(...zero, ...set(L.stress), ...i32c(0), ...set(L.i));
  b.push(...get(L.N), ...i32c(3), I32_SHL, ...set(L.endb), ...i32c(0), ...set(L.pb));
  b.push(0x02, 0x40, 0x03, 0x40); // block $outer loop $rows
  b.push(...get(L.i), ...get(L.N), I32_GE_U, 0x0d, 1); // br_if $outer
  b.push(...get(L.i), ...i32c(3), I32_SHL, ...set(L.ib));
  for (let a = 0; a < 3; a++)
    b.push(...get(L.X[a]), ...get(L.ib), I32_ADD, ...F64_LOAD, ...f64x2splat, ...set(L.xi[a]), ...zero, ...set(L.acc[a]));
  b.push(...get(L.ib), ...i32c(8), I32_ADD, ...set(L.jb));
  b.push(0x02, 0x40, 0x03, 0x40); // block $pairsDone loop $pairs
  // while jb + 16 <= endb
  b.push(...get(L.jb), ...i32c(16), I32_ADD, ...get(L.endb), 0x4b /* i32.gt_u */, 0x0d, 1);
  b.push(...chunk(false));
  b.push(...get(L.jb), ...i32c(16), I32_ADD, ...set(L.jb), ...get(L.pb), ...i32c(16), I32_ADD, ...set(L.pb), 0x0c, 0); // br $pairs
  b.push(END, END);
  // odd last pair of the row
  b.push(...get(L.jb), ...get(L.endb), I32_LT_U, 0x04, 0x40, ...chunk(true), ...get(L.pb), ...i32c(8), I32_ADD, ...set(L.pb), END);
  // A_a[i] += sum of both lanes of acc_a
  for (let a = 0; a < 3; a++) {
    b.push(...get(L.A[a]), ...get(L.ib), I32_ADD, ...get(L.A[a]), ...get(L.ib), I32_ADD, ...F64_LOAD);
    b.push(...get(L.acc[a]), ...f64x2lane(0), ...get(L.acc[a]), ...f64x2lane(1), F64_ADD, F64_ADD, ...F64_STORE);
  }
  b.push(...get(L.i), ...i32c(1), I32_ADD, ...set(L.i), 0x0c, 0); // br $rows
  b.push(END, END);
  b.push(...get(L.stress), ...f64x2lane(0), ...get(L.stress), ...f64x2lane(1), F64_ADD, END);
  return b;
}

/** The kernel module bytes (exported for the size check: Chrome compiles at most 4 KB synchronously on the main thread). */
export function moduleBytes(): Uint8Array<ArrayBuffer> {
  const type = [1, 0x60, ...uleb(8), ...new Array(8).fill(I32), 1, F64];
  const imports = [1, ...str('env'), ...str('mem'), 0x02, 0x00, 1];
  const funcs = [1, 0];
  const exports = [1, ...str('g'), 0x00, 0];
  const locals = [2, 5, I32, 14, V128]; // 5 i32, 14 v128
  const body = [...locals, ...kernelBody()];
  const code = [1, ...uleb(body.length), ...body];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, type),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel module, or null where WebAssembly SIMD is unavailable (then the JS loop runs). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly === 'undefined') return null;
    const bytes = moduleBytes();
    if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** True when the SIMD kernel is available here. */
export function wasmGuttmanAvailable(): boolean {
  return kernelModule() !== null;
}

/**
 * The Guttman transform for condensed distances Dc of N points in k <= 3
 * dimensions as the wasm SIMD kernel (Dc is copied into its memory once), or
 * null where that is unavailable or k > 3 (callers then run the JS loop).
 */
export function wasmGuttman(Dc: Float64Array, N: number, k: number): GuttmanOp | null {
  const mod = k > 3 ? null : kernelModule();
  if (!mod) return null;
  const col = (N + 2) * 8 + 8; // one padding value for the masked lane, 16-byte aligned below
  const colBytes = Math.ceil(col / 16) * 16;
  const dcBytes = Math.ceil(((Dc.length + 2) * 8) / 16) * 16;
  const total = 6 * colBytes + dcBytes;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(total / 65536) + 1 });
  const g = (new WebAssembly.Instance(mod, { env: { mem: memory } }).exports as { g: (...a: number[]) => number }).g;
  const buf = memory.buffer;
  const Xc = [0, 1, 2].map((a) => new Float64Array(buf, a * colBytes, N + 2));
  const Ac = [0, 1, 2].map((a) => new Float64Array(buf, (3 + a) * colBytes, N + 2));
  const dcOff = 6 * colBytes;
  new Float64Array(buf, dcOff, Dc.length).set(Dc);
  const [X0, X1, X2] = Xc;
  const [A0, A1, A2] = Ac;
  return (X, acc) => {
    for (let i = 0; i < N; i++) {
      X0[i] = X[i * k];
      if (k > 1) X1[i] = X[i * k + 1];
      if (k > 2) X2[i] = X[i * k + 2];
    }
    A0.fill(0);
    A1.fill(0);
    A2.fill(0);
    const stress = g(N, X0.byteOffset, X1.byteOffset, X2.byteOffset, A0.byteOffset, A1.byteOffset, A2.byteOffset, dcOff);
    for (let i = 0; i < N; i++) {
      acc[i * k] = A0[i];
      if (k > 1) acc[i * k + 1] = A1[i];
      if (k > 2) acc[i * k + 2] = A2[i];
    }
    return stress;
  };
}
