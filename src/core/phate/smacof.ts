// Metric SMACOF exactly as sklearn 1.2.1 `_smacof_single` (metric=True) runs
// it for phate: stress measured before the Guttman update, dis==0 -> 1e-5,
// X <- B X / N, stop when old - stress/sum(row norms of new X) < eps.
// Stepwise (SmacofSolver.step) so that a host loop can yield and cancel.
// The transform itself runs in the wasm SIMD kernel of guttmanWasm.ts where
// available (same per-pair arithmetic), else in the JS loop below.
import { wasmGuttman, type GuttmanOp } from './guttmanWasm';

export interface SmacofOptions {
  maxIter?: number;
  eps?: number;
  /** Run the JS Guttman loop even where the wasm kernel is available (tests compare the two). */
  jsOnly?: boolean;
}

/** The fastest Guttman transform available for these distances (wasm SIMD, else JS). */
export function guttmanOp(Dc: Float64Array, N: number, k: number, jsOnly = false): GuttmanOp {
  return (jsOnly ? null : wasmGuttman(Dc, N, k)) ?? ((X, acc) => guttman(Dc, X, N, k, acc));
}

export interface SmacofResult {
  X: Float64Array;
  iterations: number;
  /** Raw stress sum_{i<j}(dis - D)^2 of the last iteration (before its update). */
  stress: number;
}

/** Upper triangle of a symmetric N x N matrix, row by row (i < j): the memory-friendly form for pair loops. */
export function condensed(D: Float64Array, N: number): Float64Array {
  const out = new Float64Array((N * (N - 1)) / 2);
  let p = 0;
  for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) out[p++] = D[i * N + j];
  return out;
}

/**
 * One Guttman transform: acc = B(X) X (not yet divided by N), returns the raw
 * stress at X. (B X)_i = sum_j w_ij (x_i - x_j), w_ij = D_ij / dis_ij.
 */
export function guttman(Dc: Float64Array, X: Float64Array, N: number, k: number, acc: Float64Array): number {
  acc.fill(0);
  let stress = 0;
  let p = 0;
  if (k === 3) {
    for (let i = 0; i < N; i++) {
      const x0 = X[3 * i];
      const x1 = X[3 * i + 1];
      const x2 = X[3 * i + 2];
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      for (let j = i + 1; j < N; j++, p++) {
        const d0 = x0 - X[3 * j];
        const d1 = x1 - X[3 * j + 1];
        const d2 = x2 - X[3 * j + 2];
        let dis = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
        const target = Dc[p];
        const e = dis - target;
        stress += e * e;
        if (dis === 0) dis = 1e-5;
        const w = target / dis;
        const w0 = w * d0;
        const w1 = w * d1;
        const w2 = w * d2;
        a0 += w0;
        a1 += w1;
        a2 += w2;
        acc[3 * j] -= w0;
        acc[3 * j + 1] -= w1;
        acc[3 * j + 2] -= w2;
      }
      acc[3 * i] += a0;
      acc[3 * i + 1] += a1;
      acc[3 * i + 2] += a2;
    }
  } else if (k === 2) {
    for (let i = 0; i < N; i++) {
      const x0 = X[2 * i];
      const x1 = X[2 * i + 1];
      let a0 = 0;
      let a1 = 0;
      for (let j = i + 1; j < N; j++, p++) {
        const d0 = x0 - X[2 * j];
        const d1 = x1 - X[2 * j + 1];
        let dis = Math.sqrt(d0 * d0 + d1 * d1);
        const target = Dc[p];
        const e = dis - target;
        stress += e * e;
        if (dis === 0) dis = 1e-5;
        const w = target / dis;
        const w0 = w * d0;
        const w1 = w * d1;
        a0 += w0;
        a1 += w1;
        acc[2 * j] -= w0;
        acc[2 * j + 1] -= w1;
      }
      acc[2 * i] += a0;
      acc[2 * i + 1] += a1;
    }
  } else {
    const diff = new Float64Array(k);
    for (let i = 0; i < N; i++) {
      for (let j = i + 1; j < N; j++, p++) {
        let s = 0;
        for (let c = 0; c < k; c++) {
          diff[c] = X[i * k + c] - X[j * k + c];
          s += diff[c] * diff[c];
        }
        let dis = Math.sqrt(s);
        const target = Dc[p];
        const e = dis - target;
        stress += e * e;
        if (dis === 0) dis = 1e-5;
        const w = target / dis;
        for (let c = 0; c < k; c++) {
          acc[i * k + c] += w * diff[c];
          acc[j * k + c] -= w * diff[c];
        }
      }
    }
  }
  return stress;
}

/** sklearn 1.2.1 metric SMACOF, one iteration per step(). */
export class SmacofSolver {
  readonly N: number;
  readonly k: number;
  X: Float64Array;
  iterations = 0;
  stress = NaN;
  done = false;
  private readonly transform: GuttmanOp;
  private readonly acc: Float64Array;
  private old: number | null = null;
  private readonly maxIter: number;
  private readonly eps: number;

  /** Dc: condensed target distances (see condensed()); X0: N x k start (copied). */
  constructor(Dc: Float64Array, N: number, X0: Float64Array, k: number, opts: SmacofOptions = {}) {
    this.N = N;
    this.k = k;
    this.transform = guttmanOp(Dc, N, k, opts.jsOnly);
    this.X = Float64Array.from(X0);
    this.acc = new Float64Array(N * k);
    this.maxIter = opts.maxIter ?? 3000;
    this.eps = opts.eps ?? 1e-6;
    if (this.maxIter <= 0) this.done = true;
  }

  /** Runs one iteration; returns true when finished. */
  step(): boolean {
    if (this.done) return true;
    const { N, k, acc } = this;
    const stress = this.transform(this.X, acc);
    let norm = 0;
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) {
        const v = acc[i * k + c] / N;
        acc[i * k + c] = v;
        s += v * v;
      }
      norm += Math.sqrt(s);
    }
    const prevX = this.X;
    this.X = acc.slice();
    this.acc.set(prevX);
    this.iterations++;
    this.stress = stress;
    const ratio = stress / norm;
    if ((this.old !== null && this.old - ratio < this.eps) || this.iterations >= this.maxIter) this.done = true;
    this.old = ratio;
    return this.done;
  }
}

/** Synchronous metric SMACOF from X0 on the full N x N distance matrix D. */
export function smacof(
  D: Float64Array,
  N: number,
  X0: Float64Array,
  opts: SmacofOptions = {},
  onIter?: (iter: number, stress: number) => void,
  k = X0.length / N,
): SmacofResult {
  const solver = new SmacofSolver(condensed(D, N), N, X0, k, opts);
  while (!solver.step()) onIter?.(solver.iterations, solver.stress);
  onIter?.(solver.iterations, solver.stress);
  return { X: solver.X, iterations: solver.iterations, stress: solver.stress };
}
