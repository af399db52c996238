// A minimal WebAssembly binary writer for small SIMD kernels: opcodes as
// byte arrays, a few structured-control helpers and a module builder whose
// functions share one imported memory (env.mem). No toolchain, no binary file.
// Kernels stay well under 4 KB (Chrome compiles at most that synchronously on
// a page's main thread).

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const mem3 = [3, 0];

/** Opcodes (each a byte array, or a function of its immediate). */
export const op = {
  get: (l: number): number[] => [0x20, ...uleb(l)],
  set: (l: number): number[] => [0x21, ...uleb(l)],
  tee: (l: number): number[] => [0x22, ...uleb(l)],
  i32: (v: number): number[] => [0x41, ...sleb(v)],
  i32add: [0x6a],
  i32sub: [0x6b],
  i32mul: [0x6c],
  i32shl: [0x74],
  i32geu: [0x4f],
  i32ltu: [0x49],
  i32gtu: [0x4b],
  f64load: [0x2b, ...mem3],
  f64store: [0x39, ...mem3],
  f64storeAt: (off: number): number[] => [0x39, 3, ...uleb(off)],
  f64add: [0xa0],
  f64mul: [0xa2],
  v128load: [...simd(0x00), ...mem3],
  /** v128.load / v128.store / i32.load with a constant byte offset. */
  v128loadAt: (off: number): number[] => [...simd(0x00), 3, ...uleb(off)],
  v128storeAt: (off: number): number[] => [...simd(0x0b), 3, ...uleb(off)],
  i32loadAt: (off: number): number[] => [0x28, 2, ...uleb(off)],
  v128store: [...simd(0x0b), ...mem3],
  v128zero: [...simd(0x0c), ...new Array<number>(16).fill(0)],
  f64x2splat: simd(0x14),
  f64x2lane: (i: number): number[] => [...simd(0x21), i],
  f64x2add: simd(0xf0),
  f64x2sub: simd(0xf1),
  f64x2mul: simd(0xf2),
  end: [0x0b],
  /** br_if to the label `depth` levels out. */
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
};

/** Sum of both lanes of the f64x2 in local l (lane 0 + lane 1). */
export const hsum = (l: number): number[] => [...op.get(l), ...op.f64x2lane(0), ...op.get(l), ...op.f64x2lane(1), ...op.f64add];

/**
 * `while (get(counter) < get(limit)) { body; counter += step }` over i32 locals
 * (unsigned compare); body may not branch out of the loop.
 */
export function whileLt(counter: number, limit: number, step: number, body: number[]): number[] {
  return [
    0x02,
    0x40, // block
    0x03,
    0x40, // loop
    ...op.get(counter),
    ...op.get(limit),
    ...op.i32geu,
    ...op.brIf(1),
    ...body,
    ...op.get(counter),
    ...op.i32(step),
    ...op.i32add,
    ...op.set(counter),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

/** whileLt with the step in an i32 local. */
export function whileLtBy(counter: number, limit: number, stepLocal: number, body: number[]): number[] {
  return [
    0x02,
    0x40,
    0x03,
    0x40,
    ...op.get(counter),
    ...op.get(limit),
    ...op.i32geu,
    ...op.brIf(1),
    ...body,
    ...op.get(counter),
    ...op.get(stepLocal),
    ...op.i32add,
    ...op.set(counter),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

export interface WasmFunc {
  name: string;
  params: number[];
  results: number[];
  /** Types of the extra locals, in index order after the params. */
  locals: number[];
  body: number[];
}

/** Module bytes: every function gets its own type, imports env.mem, exports each function by name. */
export function moduleBytes(funcs: WasmFunc[]): Uint8Array<ArrayBuffer> {
  const types = [...uleb(funcs.length)];
  for (const f of funcs) types.push(0x60, ...uleb(f.params.length), ...f.params, ...uleb(f.results.length), ...f.results);
  const imports = [1, ...str('env'), ...str('mem'), 0x02, 0x00, 1];
  const fsec = [...uleb(funcs.length), ...funcs.flatMap((_, i) => uleb(i))];
  const exports = [...uleb(funcs.length), ...funcs.flatMap((f, i) => [...str(f.name), 0x00, ...uleb(i)])];
  const code = [...uleb(funcs.length)];
  for (const f of funcs) {
    // run-length encode the local types
    const groups: number[][] = [];
    for (const t of f.locals) {
      const g = groups[groups.length - 1];
      if (g && g[1] === t) g[0]++;
      else groups.push([1, t]);
    }
    const body = [...uleb(groups.length), ...groups.flatMap(([c, t]) => [...uleb(c), t]), ...f.body, ...op.end];
    code.push(...uleb(body.length), ...body);
  }
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, fsec),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

/** Compiles bytes once (lazily); null where WebAssembly (SIMD) is unavailable, so callers run their JS loops. */
export function lazyModule(build: () => Uint8Array<ArrayBuffer>): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled !== undefined) return compiled;
    compiled = null;
    try {
      if (typeof WebAssembly === 'undefined') return null;
      const bytes = build();
      if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
    return compiled;
  };
}

/**
 * Size from which callers use the kernels by default (useWasm undefined):
 * below it the JS loops take milliseconds anyway. In the app's browser test
 * (a small demo population, a loaded 2-core machine) the kernels at every
 * size went with longer main-thread frame gaps while t was re-embedded; the
 * cause is not known, so small inputs keep the JS loops. useWasm = true forces
 * the kernels (tests), false the JS loops.
 */
export const WASM_AUTO_MIN_N = 512;

/** Whether a kernel runs for size n: forced by useWasm, else from WASM_AUTO_MIN_N. */
export const wantWasm = (useWasm: boolean | undefined, n: number): boolean =>
  useWasm === undefined ? n >= WASM_AUTO_MIN_N : useWasm && n >= 2;

/** Bytes rounded up to a multiple of 16 (v128 alignment of each array placed in memory). */
export const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** A fresh memory of at least `bytes`, and the kernel exports instantiated on it. */
export function instantiate<T>(mod: WebAssembly.Module, bytes: number): { memory: WebAssembly.Memory; exports: T } {
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
  const exports = new WebAssembly.Instance(mod, { env: { mem: memory } }).exports as T;
  return { memory, exports };
}
