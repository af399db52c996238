// The inner loop of the Householder tridiagonalisation (symmetricEigenvalues.ts)
// as a WebAssembly SIMD kernel: for one row j of the trailing matrix, apply
// the pending rank-2 update a_jk -= v_j q_k + q_j v_k and accumulate both
// halves of the symmetric matrix-vector product (s = sum a_jk u_k and
// p_k += a_jk u_j), two k per f64x2. Per element these are exactly the JS
// loop's float64 operations; only s is summed in two lanes (last bits).
// This loop is about 95 % of the O(n^3) spectrum of P P^T in PHATE's t selection.
import { F64, I32, V128, align16, hsum, instantiate, lazyModule, moduleBytes, op, whileLt, type WasmFunc } from '../wasm/asm';

// params: 0 row, 1 q, 2 v, 3 u, 4 p (byte addresses), 5 end (bytes of the paired part), 6 vj, 7 qj, 8 uj
// locals: 9 k (bytes), 10 VJ, 11 QJ, 12 UJ, 13 S, 14 X
const [ROW, Q, V, U, P, END, VJ_, QJ_, UJ_, K, VJ, QJ, UJ, S, X] = Array.from({ length: 15 }, (_, i) => i);

const at = (base: number): number[] => [...op.get(base), ...op.get(K), ...op.i32add];

function fusedRow(): WasmFunc {
  const body = [
    ...op.get(VJ_),
    ...op.f64x2splat,
    ...op.set(VJ),
    ...op.get(QJ_),
    ...op.f64x2splat,
    ...op.set(QJ),
    ...op.get(UJ_),
    ...op.f64x2splat,
    ...op.set(UJ),
    ...whileLt(K, END, 16, [
      // X = a_jk - (v_j q_k + q_j v_k); store it
      ...at(ROW),
      ...at(ROW),
      ...op.v128load,
      ...op.get(VJ),
      ...at(Q),
      ...op.v128load,
      ...op.f64x2mul,
      ...op.get(QJ),
      ...at(V),
      ...op.v128load,
      ...op.f64x2mul,
      ...op.f64x2add,
      ...op.f64x2sub,
      ...op.tee(X),
      ...op.v128store,
      // S += X u_k
      ...op.get(S),
      ...op.get(X),
      ...at(U),
      ...op.v128load,
      ...op.f64x2mul,
      ...op.f64x2add,
      ...op.set(S),
      // p_k += X u_j
      ...at(P),
      ...at(P),
      ...op.v128load,
      ...op.get(X),
      ...op.get(UJ),
      ...op.f64x2mul,
      ...op.f64x2add,
      ...op.v128store,
    ]),
    ...hsum(S),
  ];
  return {
    name: 'fused',
    params: [I32, I32, I32, I32, I32, I32, F64, F64, F64],
    results: [F64],
    locals: [I32, V128, V128, V128, V128, V128],
    body,
  };
}

/** Module bytes (exported for the size and validation checks). */
export const householderModuleBytes = (): Uint8Array<ArrayBuffer> => moduleBytes([fusedRow()]);

const householderModule = lazyModule(householderModuleBytes);

export function householderWasmAvailable(): boolean {
  return householderModule() !== null;
}

type Fused = (row: number, q: number, v: number, u: number, p: number, end: number, vj: number, qj: number, uj: number) => number;

export interface HouseholderWorkspace {
  /** The n x n matrix (a copy of the input), and the vectors p and q, all views of the kernel's memory. */
  a: Float64Array;
  p: Float64Array;
  q: Float64Array;
  /**
   * Row j (< l) of the pass over rows 0..l: the fused update + product for
   * k < 2*floor(j/2), in wasm; returns the partial s. The caller does the odd
   * k and the diagonal. Rows are j, vRow = pending vector, uRow = current.
   */
  fused(j: number, vRow: number, uRow: number, vj: number, qj: number, uj: number): number;
}

/** A workspace holding a copy of A (n x n), or null where WebAssembly SIMD is unavailable. */
export function householderWorkspace(A: Float64Array, n: number): HouseholderWorkspace | null {
  const mod = householderModule();
  if (!mod) return null;
  const aBytes = align16(n * n * 8);
  const vBytes = align16(n * 8);
  const { memory, exports } = instantiate<{ fused: Fused }>(mod, aBytes + 2 * vBytes);
  const buf = memory.buffer;
  const a = new Float64Array(buf, 0, n * n);
  a.set(A.subarray(0, n * n));
  const p = new Float64Array(buf, aBytes, n);
  const q = new Float64Array(buf, aBytes + vBytes, n);
  const rowBytes = n * 8;
  const pB = p.byteOffset;
  const qB = q.byteOffset;
  const f = exports.fused;
  return {
    a,
    p,
    q,
    fused: (j, vRow, uRow, vj, qj, uj) => f(j * rowBytes, qB, vRow * rowBytes, uRow * rowBytes, pB, (j >> 1) * 16, vj, qj, uj),
  };
}
