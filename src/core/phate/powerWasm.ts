// One step of csrPowerDense's chain, S = A R for a sparse A (CSR) and a dense
// n x w column panel R, as a WebAssembly SIMD kernel: eight columns of a row
// of S stay in four f64x2 accumulators while the row's nonzeros stream by.
// Each S_ij is summed over the row's nonzeros in CSR order starting from 0,
// exactly as the JS loop does, so the result is bit-identical.
import { I32, V128, align16, instantiate, lazyModule, moduleBytes, op, whileLt, type WasmFunc } from '../wasm/asm';
import type { Csr } from './kernel';

// params: 0 rowPtr, 1 cols, 2 vals, 3 R, 4 S (byte addresses), 5 n, 6 row bytes of R and S (multiple of 64)
// locals: 7 i, 8 c (bytes), 9 pq (4 * nonzero index), 10 pend, 11 srow, 12 rk; 13 V, 14..17 acc
const [RP, COLS, VALS, R, S, N, WB, I, C, PQ, PEND, SROW, RK, V] = Array.from({ length: 14 }, (_, i) => i);
const ACC = [14, 15, 16, 17];

function step(): WasmFunc {
  const rowPtrAt = [...op.get(RP), ...op.get(I), ...op.i32(2), ...op.i32shl, ...op.i32add];
  const inner = [
    ...op.get(VALS),
    ...op.get(PQ),
    ...op.i32(1),
    ...op.i32shl,
    ...op.i32add,
    ...op.f64load,
    ...op.f64x2splat,
    ...op.set(V),
    ...op.get(R),
    ...op.get(COLS),
    ...op.get(PQ),
    ...op.i32add,
    ...op.i32loadAt(0),
    ...op.get(WB),
    ...op.i32mul,
    ...op.i32add,
    ...op.get(C),
    ...op.i32add,
    ...op.set(RK),
    ...ACC.flatMap((a, m) => [
      ...op.get(a),
      ...op.get(V),
      ...op.get(RK),
      ...op.v128loadAt(16 * m),
      ...op.f64x2mul,
      ...op.f64x2add,
      ...op.set(a),
    ]),
  ];
  const chunk = [
    ...ACC.flatMap((a) => [...op.v128zero, ...op.set(a)]),
    ...rowPtrAt,
    ...op.i32loadAt(0),
    ...op.i32(2),
    ...op.i32shl,
    ...op.set(PQ),
    ...whileLt(PQ, PEND, 4, inner),
    ...ACC.flatMap((a, m) => [...op.get(SROW), ...op.get(C), ...op.i32add, ...op.get(a), ...op.v128storeAt(16 * m)]),
  ];
  const row = [
    ...rowPtrAt,
    ...op.i32loadAt(4),
    ...op.i32(2),
    ...op.i32shl,
    ...op.set(PEND),
    ...op.get(S),
    ...op.get(I),
    ...op.get(WB),
    ...op.i32mul,
    ...op.i32add,
    ...op.set(SROW),
    ...op.i32(0),
    ...op.set(C),
    ...whileLt(C, WB, 64, chunk),
  ];
  return {
    name: 'step',
    params: [I32, I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128],
    body: whileLt(I, N, 1, row),
  };
}

export const powerModuleBytes = (): Uint8Array<ArrayBuffer> => moduleBytes([step()]);
const powerModule = lazyModule(powerModuleBytes);

export function powerWasmAvailable(): boolean {
  return powerModule() !== null;
}

export interface PowerWorkspace {
  /** Row stride of the panels (the panel width rounded up to 8 columns). */
  stride: number;
  /** The current panel R (n x stride) and the next one; swap() exchanges them. */
  R: Float64Array;
  S: Float64Array;
  /** S = A R, then swap so that R holds the product. */
  stepAndSwap(): void;
}

/** A for the chain copied into kernel memory, panels of up to `panel` columns; null without WebAssembly SIMD. */
export function powerWorkspace(A: Csr, panel: number): PowerWorkspace | null {
  const mod = powerModule();
  if (!mod) return null;
  const n = A.n;
  const nnz = A.rowPtr[n];
  const stride = Math.ceil(Math.min(panel, n) / 8) * 8;
  const rpB = align16((n + 1) * 4);
  const colB = align16(nnz * 4);
  const valB = align16(nnz * 8);
  const panB = align16(n * stride * 8);
  const { memory, exports } = instantiate<{ step: (...a: number[]) => void }>(mod, rpB + colB + valB + 2 * panB);
  const buf = memory.buffer;
  new Int32Array(buf, 0, n + 1).set(A.rowPtr.subarray(0, n + 1));
  new Int32Array(buf, rpB, nnz).set(A.cols.subarray(0, nnz));
  new Float64Array(buf, rpB + colB, nnz).set(A.vals.subarray(0, nnz));
  const base = rpB + colB + valB;
  let rOff = base;
  let sOff = base + panB;
  const ws: PowerWorkspace = {
    stride,
    R: new Float64Array(buf, rOff, n * stride),
    S: new Float64Array(buf, sOff, n * stride),
    stepAndSwap() {
      exports.step(0, rpB, rpB + colB, rOff, sOff, n, stride * 8);
      [rOff, sOff] = [sOff, rOff];
      [ws.R, ws.S] = [ws.S, ws.R];
    },
  };
  return ws;
}
