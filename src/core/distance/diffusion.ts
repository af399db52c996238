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

import type { DiffusionDistanceOptions, LayerActivations, NetworkRecord, Progress } from '../types';
import { throwIfCancelled, type WorkHooks } from './hooks';

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
  if (o.scale !== 'median' && o.scale !== 'raw') throw new Error(`diffusion distance: scale must be 'median' or 'raw', got ${String(o.scale)}`);
  if (o.layer !== 'last' && !(Number.isInteger(o.layer) && o.layer >= 0)) {
    throw new Error(`diffusion distance: layer must be 'last' or a non-negative integer, got ${String(o.layer)}`);
  }
  return o;
}

/**
 * The hidden layer to compare for one network. 'last' = the highest layer index
 * present; a number is clamped to the network's depth (hp.widths.length − 1),
 * so the same option works across architectures of different depth.
 */
export function selectLayer(net: NetworkRecord, layer: 'last' | number): LayerActivations | undefined {
  if (net.layers.length === 0) return undefined;
  if (layer === 'last') {
    let best = net.layers[0];
    for (const l of net.layers) if (l.layer > best.layer) best = l;
    return best;
  }
  const depth = Math.max(net.hp.widths.length, 1 + Math.max(...net.layers.map((l) => l.layer)));
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

/**
 * N×N diffusion-operator distances between networks, one activation matrix each
 * (all with the same probe size n; widths may differ). Returns a symmetric
 * matrix with zero diagonal.
 *
 * Memory: the flattened operators are stored as one N×n² Float32Array
 * (N = 200, n = 256: 52 MB), dot products are accumulated in float64, blocked
 * over columns so every block of all N rows stays in cache. The float32 storage
 * bounds the relative error of a distance by about 1e-7·‖P‖_F.
 */
export function diffusionDistanceMatrix(
  layers: { data: Float32Array; width: number }[],
  n: number,
  opts?: Partial<DiffusionDistanceOptions>,
  hooks?: WorkHooks,
): Float64Array {
  const o = resolveDiffusionOptions(opts);
  const N = layers.length;
  const m = n * n;
  for (let i = 0; i < N; i++) {
    const L = layers[i];
    if (L.data.length !== n * L.width) {
      throw new Error(`diffusion distance: network ${i}: expected ${n}×${L.width} = ${n * L.width} activations, got ${L.data.length}`);
    }
    if (!allFinite(L.data)) {
      throw new Error(`diffusion distance: network ${i} has non-finite activations (NaN or ±Infinity; diverged?); exclude it before computing distances`);
    }
  }
  const flat = new Float32Array(N * m);
  const report = (p: Progress) => hooks?.onProgress?.(p);
  for (let i = 0; i < N; i++) {
    throwIfCancelled(hooks);
    flat.set(diffusionOperator(layers[i].data, n, layers[i].width, o), i * m);
    report({ stage: 'distance:operators', done: i + 1, total: N, message: `diffusion operator ${i + 1}/${N}` });
  }

  // Gram matrix G = F·Fᵀ (upper triangle), accumulated block by block.
  const G = new Float64Array(N * N);
  const nBlocks = Math.ceil(m / GRAM_BLOCK);
  for (let blk = 0; blk < nBlocks; blk++) {
    throwIfCancelled(hooks);
    const k0 = blk * GRAM_BLOCK;
    const k1 = Math.min(m, k0 + GRAM_BLOCK);
    for (let i = 0; i < N; i++) {
      const ri = i * m;
      let j = i;
      // Four partner rows at a time: row i is read once per four dot products.
      for (; j + 3 < N; j += 4) {
        const r0 = j * m;
        const r1 = r0 + m;
        const r2 = r1 + m;
        const r3 = r2 + m;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = k0; k < k1; k++) {
          const x = flat[ri + k];
          s0 += x * flat[r0 + k];
          s1 += x * flat[r1 + k];
          s2 += x * flat[r2 + k];
          s3 += x * flat[r3 + k];
        }
        const g = i * N + j;
        G[g] += s0;
        G[g + 1] += s1;
        G[g + 2] += s2;
        G[g + 3] += s3;
      }
      for (; j < N; j++) {
        const rj = j * m;
        let s = 0;
        for (let k = k0; k < k1; k++) s += flat[ri + k] * flat[rj + k];
        G[i * N + j] += s;
      }
    }
    if ((blk & 7) === 7 || blk === nBlocks - 1) {
      report({ stage: 'distance:gram', done: blk + 1, total: nBlocks, message: 'pairwise Gram products' });
    }
  }

  const out = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      const d2 = G[i * N + i] + G[j * N + j] - 2 * G[i * N + j];
      const d = d2 > 0 ? Math.sqrt(d2) : 0;
      out[i * N + j] = d;
      out[j * N + i] = d;
    }
  }
  return out;
}
