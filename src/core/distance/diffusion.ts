// Diffusion-operator distance between networks (METHODS §2a).
//
// For each network i: D_i = pairwise Euclidean distances between the rows of
// its probe activations H_i (n×d_i), optionally divided by the median
// off-diagonal entry, W_i = exp(−D_i²/(2σ²)), P_i = row-normalise(W_i),
// optionally raised to the power τ. Then d(i,j) = ‖P_i − P_j‖_F, computed for
// all pairs from Gram products of the flattened P_i.
//
// Non-finite input: diverged networks carry NaN activations. This module does
// NOT silently drop them (that would shift indices); it throws an Error naming
// the offending network index. Callers exclude such networks first — see
// src/core/pipeline.ts, which does so and reports which ones it kept.

import { hiddenLayerWidths } from '../architecture';
import type { DiffusionDistanceOptions, LayerActivations, NetworkRecord, Progress } from '../types';
import type { WorkHooks } from './hooks';
import { drainSteps, type Steps } from '../cancel';

export const DEFAULT_DIFFUSION_OPTIONS: DiffusionDistanceOptions = {
  layer: 'last',
  sigma: 0.5,
  scale: 'median',
  tau: 1,
};

/** Fill in defaults and reject nonsense (σ ≤ 0, non-integer τ). */
export function resolveDiffusionOptions(opts?: Partial<DiffusionDistanceOptions>): DiffusionDistanceOptions {
  const o: DiffusionDistanceOptions = { ...DEFAULT_DIFFUSION_OPTIONS };
  if (opts) {
    for (const k of Object.keys(opts) as (keyof DiffusionDistanceOptions)[]) {
      if (opts[k] !== undefined) (o as any)[k] = opts[k];
    }
  }
  if (!(o.sigma > 0) || !Number.isFinite(o.sigma)) throw new Error(`diffusion distance: sigma must be a positive number, got ${o.sigma}`);
  if (!Number.isInteger(o.tau) || o.tau < 1) throw new Error(`diffusion distance: tau must be a positive integer, got ${o.tau}`);
  if (o.scale !== 'median' && o.scale !== 'raw')
    throw new Error(`diffusion distance: scale must be 'median' or 'raw', got ${String(o.scale)}`);
  if (o.layer !== 'last' && !(Number.isInteger(o.layer) && o.layer >= 0)) {
    throw new Error(`diffusion distance: layer must be 'last' or a non-negative integer, got ${String(o.layer)}`);
  }
  return o;
}

/**
 * The hidden layer to compare for one network. 'last' = the highest layer index
 * present; a number is clamped to the network's depth (its hidden layer count − 1),
 * so the same option works across architectures of different depth.
 */
export function selectLayer(net: NetworkRecord, layer: 'last' | number): LayerActivations | undefined {
  if (net.layers.length === 0) return undefined;
  if (layer === 'last') {
    let best = net.layers[0];
    for (const l of net.layers) if (l.layer > best.layer) best = l;
    return best;
  }
  const depth = Math.max(hiddenLayerWidths(net.hp).length, 1 + Math.max(...net.layers.map((l) => l.layer)));
  const idx = Math.min(Math.max(0, Math.floor(layer)), depth - 1);
  return net.layers.find((l) => l.layer === idx);
}

/** True when every value is finite (no NaN, no ±Infinity). */
export function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/** Median of a Float64Array (mean of the two middle values for even length); sorts a copy. */
function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** n×n Euclidean distances between rows of H (n×d, row-major), as float64. */
export function pairwiseRowDistances(H: Float32Array, n: number, d: number): Float64Array {
  const D = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const ra = a * d;
    for (let b = a + 1; b < n; b++) {
      const rb = b * d;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = H[ra + k] - H[rb + k];
        s += t * t;
      }
      const v = Math.sqrt(s);
      D[a * n + b] = v;
      D[b * n + a] = v;
    }
  }
  return D;
}

/**
 * The divisor of 'median' mode. Normally the median off-diagonal distance.
 * Zero-median guard (documented choice): if more than half the pairs coincide,
 * use the median of the positive off-diagonal distances instead; if all rows are
 * equal (e.g. a dead ReLU layer), every distance is 0, the divisor is 1 and the
 * operator becomes the uniform matrix 1/n — a fully collapsed representation.
 */
export function medianScale(D: Float64Array, n: number): number {
  const off = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) off[k++] = D[a * n + b];
  if (off.length === 0) return 1;
  const m = median(off);
  if (m > 0) return m;
  let pos = 0;
  for (let i = 0; i < off.length; i++) if (off[i] > 0) off[pos++] = off[i];
  return pos === 0 ? 1 : median(off.subarray(0, pos));
}

/** C = A·B for n×n row-major matrices (i-k-j loop order for cache). */
function matmulSquare(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = A[ci + k];
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) C[ci + j] += aik * B[bk + j];
    }
  }
  return C;
}

/** P^τ by repeated squaring (τ a positive integer). */
function matrixPower(P: Float64Array, n: number, tau: number): Float64Array {
  let result: Float64Array | null = null;
  let base = P;
  let e = tau;
  while (e > 0) {
    if (e & 1) result = result ? matmulSquare(result, base, n) : base;
    e >>= 1;
    if (e > 0) base = matmulSquare(base, base, n);
  }
  return result as Float64Array;
}

/**
 * The n×n diffusion operator P_i of one network's activations H (n×d, row-major).
 * Throws on non-finite activations (exclude diverged networks before calling).
 */
export function diffusionOperator(H: Float32Array, n: number, d: number, opts: DiffusionDistanceOptions): Float64Array {
  if (H.length !== n * d) throw new Error(`diffusionOperator: expected ${n}×${d} = ${n * d} values, got ${H.length}`);
  if (!allFinite(H)) throw new Error('diffusionOperator: activations contain non-finite values (NaN or ±Infinity)');
  const P = pairwiseRowDistances(H, n, d);
  const scale = opts.scale === 'median' ? medianScale(P, n) : 1;
  // W = exp(−(D/scale)²/(2σ²)), in place; the diagonal is exp(0) = 1 so row sums are ≥ 1.
  const c = 1 / (2 * opts.sigma * opts.sigma * scale * scale);
  for (let a = 0; a < n; a++) {
    const r = a * n;
    let sum = 0;
    for (let b = 0; b < n; b++) {
      const dd = P[r + b];
      const w = Math.exp(-dd * dd * c);
      P[r + b] = w;
      sum += w;
    }
    const inv = 1 / sum;
    for (let b = 0; b < n; b++) P[r + b] *= inv;
  }
  return opts.tau === 1 ? P : matrixPower(P, n, opts.tau);
}

/** Entries per Gram block: N rows × this many float32 stay in cache together. */
const GRAM_BLOCK = 2048;

/** Default memory for the flattened operators of one distance computation (bytes). */
export const DEFAULT_OPERATOR_BUDGET_BYTES = 256 * 2 ** 20;

export interface DiffusionMatrixOptions {
  /**
   * Bytes the flattened float32 operators may take at once (default 256 MiB).
   * When all N of them (N·n²·4 bytes) do not fit, the Gram products run over
   * pairs of network blocks that do, recomputing each block's operators per
   * pair (time grows by about N / block, memory stays bounded).
   */
  operatorBudgetBytes?: number;
  /** Where to write the N×N distances (default a new Float64Array; a Float32Array halves the memory at large N). */
  out?: Float64Array | Float32Array;
}

/**
 * g[a·nb + b] += dot(A row a, B row b) over columns k0..k1 (four B rows at a
 * time, so each A row is read once per four dot products); with `upper` only
 * b ≥ a (A and B are the same block).
 */
function gramPanel(
  A: Float32Array,
  na: number,
  B: Float32Array,
  nb: number,
  m: number,
  k0: number,
  k1: number,
  g: Float64Array,
  upper: boolean,
): void {
  for (let a = 0; a < na; a++) {
    const ra = a * m;
    let b = upper ? a : 0;
    for (; b + 3 < nb; b += 4) {
      const r0 = b * m;
      const r1 = r0 + m;
      const r2 = r1 + m;
      const r3 = r2 + m;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = k0; k < k1; k++) {
        const x = A[ra + k];
        s0 += x * B[r0 + k];
        s1 += x * B[r1 + k];
        s2 += x * B[r2 + k];
        s3 += x * B[r3 + k];
      }
      const q = a * nb + b;
      g[q] += s0;
      g[q + 1] += s1;
      g[q + 2] += s2;
      g[q + 3] += s3;
    }
    for (; b < nb; b++) {
      const rb = b * m;
      let s = 0;
      for (let k = k0; k < k1; k++) s += A[ra + k] * B[rb + k];
      g[a * nb + b] += s;
    }
  }
}

/** Most networks per Gram block: a block pair's float64 products (block²·8 bytes) stay small (128 MiB). */
const MAX_GRAM_BLOCK_ROWS = 4096;

/**
 * Block layout of one distance computation: `rows` networks per block;
 * `resident` when all N operators fit the budget at once (built once, the
 * Gram still runs per block pair), else two blocks live at a time and are
 * rebuilt per pair.
 */
export function operatorBlocks(N: number, n: number, budgetBytes: number): { rows: number; resident: boolean } {
  const per = n * n * 4;
  const resident = N * per <= budgetBytes;
  const rows = resident ? N : Math.max(1, Math.floor(budgetBytes / (2 * per)));
  return { rows: Math.min(rows, MAX_GRAM_BLOCK_ROWS), resident };
}

/**
 * N×N diffusion-operator distances between networks, one activation matrix each
 * (all with the same probe size n; widths may differ). Returns a symmetric
 * matrix with zero diagonal.
 *
 * Memory: the flattened operators are stored as float32 (N = 200, n = 256:
 * 52 MB), dot products are accumulated in float64, blocked over columns so
 * every block of rows stays in cache. Above `operatorBudgetBytes` the
 * networks are split into blocks and the Gram matrix is built block pair by
 * block pair (operators recomputed, never all held); no N×N Gram matrix is
 * kept either: distances are written from each block pair's products and the
 * squared norms. The float32 storage bounds the relative error of a distance
 * by about 1e-7·‖P‖_F; blocked and unblocked results are identical.
 */
export function diffusionDistanceMatrix(
  layers: { data: Float32Array; width: number }[],
  n: number,
  opts?: Partial<DiffusionDistanceOptions>,
  hooks?: WorkHooks,
  matrix: DiffusionMatrixOptions = {},
): Float64Array {
  return diffusionDistancesInto(layers, n, opts, hooks, matrix) as Float64Array;
}

/** diffusionDistanceMatrix writing into `matrix.out` (Float64Array or Float32Array, N×N). */
export function diffusionDistancesInto(
  layers: { data: Float32Array; width: number }[],
  n: number,
  opts?: Partial<DiffusionDistanceOptions>,
  hooks?: WorkHooks,
  matrix: DiffusionMatrixOptions = {},
): Float64Array | Float32Array {
  return drainSteps(diffusionDistanceSteps(layers, n, opts, hooks, matrix), hooks);
}

/**
 * diffusionDistancesInto as steps: yields between operators and Gram panels,
 * where the caller polls for a cancel (drainSteps / runSteps in core/cancel.ts).
 */
export function* diffusionDistanceSteps(
  layers: { data: Float32Array; width: number }[],
  n: number,
  opts?: Partial<DiffusionDistanceOptions>,
  hooks?: WorkHooks,
  matrix: DiffusionMatrixOptions = {},
): Steps<Float64Array | Float32Array> {
  const o = resolveDiffusionOptions(opts);
  const N = layers.length;
  const m = n * n;
  for (let i = 0; i < N; i++) {
    const L = layers[i];
    if (L.data.length !== n * L.width) {
      throw new Error(`diffusion distance: network ${i}: expected ${n}×${L.width} = ${n * L.width} activations, got ${L.data.length}`);
    }
    if (!allFinite(L.data)) {
      throw new Error(
        `diffusion distance: network ${i} has non-finite activations (NaN or ±Infinity; diverged?); exclude it before computing distances`,
      );
    }
  }
  const out = matrix.out ?? new Float64Array(N * N);
  if (out.length !== N * N) throw new Error(`diffusion distance: output must hold ${N}×${N} values, got ${out.length}`);
  const budget = matrix.operatorBudgetBytes ?? DEFAULT_OPERATOR_BUDGET_BYTES;
  const { rows: bs, resident } = operatorBlocks(N, n, budget);
  const nb = Math.ceil(N / bs);
  const report = (p: Progress) => hooks?.onProgress?.(p);
  const pairs = (nb * (nb + 1)) / 2;
  let pairsDone = 0;
  let built = 0;
  // operator evaluations: once each when resident, else a block is rebuilt for each partner
  const rowsOf = (blk: number) => Math.min(bs, N - blk * bs);
  let buildTotal = N;
  if (!resident) for (let I = 0; I + 1 < nb; I++) for (let J = I; J < nb; J++) buildTotal += rowsOf(J);
  const F = resident ? new Float32Array(N * m) : null;
  const isBuilt = new Uint8Array(nb);
  const scratch = resident ? [] : [new Float32Array(Math.min(bs, N) * m), new Float32Array(Math.min(bs, N) * m)];
  /** The operators of block blk (rows × n²), built into scratch[slot] (or once into F). */
  function* block(blk: number, slot: number): Steps<{ F: Float32Array; rows: number }> {
    const i0 = blk * bs;
    const cnt = Math.min(bs, N - i0);
    const into = F ? F.subarray(i0 * m, (i0 + cnt) * m) : scratch[slot];
    if (F && isBuilt[blk]) return { F: into, rows: cnt };
    for (let a = 0; a < cnt; a++) {
      yield;
      into.set(diffusionOperator(layers[i0 + a].data, n, layers[i0 + a].width, o), a * m);
      built++;
      if (nb === 1 || (built & 15) === 0)
        report({
          stage: 'distance:operators',
          done: built,
          total: buildTotal,
          message:
            nb === 1
              ? `diffusion operator ${built}/${N}`
              : `diffusion operators ${built}/${buildTotal}, block pair ${pairsDone + 1}/${pairs}`,
        });
    }
    isBuilt[blk] = 1;
    return { F: into, rows: cnt };
  }
  const sq = new Float64Array(N); // ‖P_i‖², from the diagonal blocks
  const nBlocks = Math.ceil(m / GRAM_BLOCK);
  function* gram(A: Float32Array, na: number, B: Float32Array, nbRows: number, same: boolean): Steps<Float64Array> {
    const g = new Float64Array(na * nbRows);
    for (let blk = 0; blk < nBlocks; blk++) {
      yield;
      const k0 = blk * GRAM_BLOCK;
      gramPanel(A, na, B, nbRows, m, k0, Math.min(m, k0 + GRAM_BLOCK), g, same);
      if (nb === 1 && ((blk & 7) === 7 || blk === nBlocks - 1))
        report({ stage: 'distance:gram', done: blk + 1, total: nBlocks, message: 'pairwise Gram products' });
    }
    return g;
  }
  const write = (i: number, j: number, gij: number): void => {
    const d2 = sq[i] + sq[j] - 2 * gij;
    const d = d2 > 0 ? Math.sqrt(d2) : 0;
    out[i * N + j] = d;
    out[j * N + i] = d;
  };
  // Diagonal blocks first: they give the squared norms every off-diagonal pair needs.
  let single: Float64Array | null = null;
  for (let I = 0; I < nb; I++) {
    const A = yield* block(I, 0);
    const g = yield* gram(A.F, A.rows, A.F, A.rows, true);
    const na = A.rows;
    for (let a = 0; a < na; a++) sq[I * bs + a] = g[a * na + a];
    if (nb === 1) single = g;
    else for (let a = 0; a < na; a++) for (let b = a + 1; b < na; b++) write(I * bs + a, I * bs + b, g[a * na + b]);
    pairsDone++;
    if (nb > 1) report({ stage: 'distance:gram', done: pairsDone, total: pairs, message: `block pair ${pairsDone}/${pairs}` });
  }
  if (single) for (let a = 0; a < N; a++) for (let b = a + 1; b < N; b++) write(a, b, single[a * N + b]);
  for (let I = 0; I + 1 < nb; I++) {
    const A = yield* block(I, 0);
    for (let J = I + 1; J < nb; J++) {
      const B = yield* block(J, 1);
      const g = yield* gram(A.F, A.rows, B.F, B.rows, false);
      for (let a = 0; a < A.rows; a++) for (let b = 0; b < B.rows; b++) write(I * bs + a, J * bs + b, g[a * B.rows + b]);
      pairsDone++;
      report({ stage: 'distance:gram', done: pairsDone, total: pairs, message: `block pair ${pairsDone}/${pairs}` });
    }
  }
  for (let i = 0; i < N; i++) out[i * N + i] = 0;
  return out;
}
