// Diffusion stage: P^t, the potential U = -log(P^t + 1e-7), and the Euclidean
// distances between rows of U (the MDS input). P^t is block diagonal over the
// connected components, so everything is done per component; entries of U
// between components are the constant potential(0).
import { powerWorkspace } from './powerWasm';
import { wantWasm } from '../wasm/asm';
import { gramWorkspace, type GramWorkspace } from '../linalg/gramWasm';
import { componentMembers, csrSubmatrix, connectedComponents, denseToCsr, type Components, type Csr } from './kernel';

export const POTENTIAL_LOG_EPS = 1e-7;

/** Potential transform of one value (phate: gamma 1 log, -1 identity, else power). */
export function potentialValue(p: number, gamma: number): number {
  if (gamma === 1) return -Math.log(p + POTENTIAL_LOG_EPS);
  if (gamma === -1) return p;
  const c = (1 - gamma) / 2;
  return Math.pow(p, c) / c;
}

/** U = potential(P^t) elementwise (new array). */
export function potential(Pt: Float64Array, gamma = 1): Float64Array {
  const U = new Float64Array(Pt.length);
  for (let i = 0; i < Pt.length; i++) U[i] = potentialValue(Pt[i], gamma);
  return U;
}

/**
 * Dense A^t of a sparse n x n matrix by t-1 sparse-times-dense products
 * (cheap while nnz/row << n). Columns are independent (A^t[:, J] =
 * A^(t-1) A[:, J]), so the chain runs on one panel of `panel` columns at a
 * time, which stays in cache for all t steps.
 */
export function csrPowerDense(A: Csr, t: number, panel = 64): Float64Array {
  return drainSteps(csrPowerDenseSteps(A, t, panel));
}

function drainSteps<T>(gen: Generator<void, T>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/** csrPowerDense as a generator that yields after every column panel (cooperative cancel). */
export function* csrPowerDenseSteps(A: Csr, t: number, panel = 64, useWasm?: boolean): Generator<void, Float64Array> {
  const n = A.n;
  const out = new Float64Array(n * n);
  if (t === 0) {
    for (let i = 0; i < n; i++) out[i * n + i] = 1;
    return out;
  }
  const ws = wantWasm(useWasm, n) && t > 1 ? powerWorkspace(A, panel) : null;
  if (ws) {
    // the wasm SIMD step (powerWasm.ts): same sums in the same order, panels padded to 8 columns
    const st = ws.stride;
    for (let c0 = 0; c0 < n; c0 += st) {
      const w = Math.min(st, n - c0);
      const R = ws.R;
      R.fill(0);
      for (let i = 0; i < n; i++) {
        for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) {
          const c = A.cols[p] - c0;
          if (c >= 0 && c < w) R[i * st + c] = A.vals[p];
        }
      }
      for (let step = 1; step < t; step++) ws.stepAndSwap();
      const Rt = ws.R;
      for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) out[i * n + c0 + j] = Rt[i * st + j];
      yield;
    }
    return out;
  }
  const w0 = Math.min(panel, n);
  let R = new Float64Array(n * w0);
  let S = new Float64Array(n * w0);
  for (let c0 = 0; c0 < n; c0 += w0) {
    const w = Math.min(w0, n - c0);
    R.fill(0);
    for (let i = 0; i < n; i++) {
      for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) {
        const c = A.cols[p] - c0;
        if (c >= 0 && c < w) R[i * w + c] = A.vals[p];
      }
    }
    for (let step = 1; step < t; step++) {
      // S = A R: row i of S is a combination of rows of R
      S.fill(0);
      for (let i = 0; i < n; i++) {
        const si = i * w;
        for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) {
          const v = A.vals[p];
          const rk = A.cols[p] * w;
          for (let j = 0; j < w; j++) S[si + j] += v * R[rk + j];
        }
      }
      const tmp = R;
      R = S;
      S = tmp;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) out[i * n + c0 + j] = R[i * w + j];
    yield;
  }
  return out;
}

/** Per-component dense blocks of P^t (block c is members[c].length squared). */
export function componentPowers(P: Csr, members: Int32Array[], t: number): Float64Array[] {
  return drainSteps(componentPowersSteps(P, members, t));
}

/** componentPowers as a generator (yields per column panel). */
export function* componentPowersSteps(P: Csr, members: Int32Array[], t: number): Generator<void, Float64Array[]> {
  const out: Float64Array[] = [];
  for (const m of members) out.push(yield* csrPowerDenseSteps(m.length === P.n ? P : csrSubmatrix(P, m), t));
  return out;
}

/** Dense P^t (N x N) of a dense row-stochastic P. */
export function matrixPower(P: Float64Array, N: number, t: number): Float64Array {
  if (!Number.isInteger(t) || t < 0) throw new Error(`matrix power t must be a non-negative integer, got ${t}`);
  const comp = connectedComponents(P, N);
  const members = componentMembers(comp);
  const blocks = componentPowers(denseToCsr(P, N), members, t);
  const out = new Float64Array(N * N);
  members.forEach((m, c) => {
    const n = m.length;
    const B = blocks[c];
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) out[m[a] * N + m[b]] = B[a * n + b];
  });
  return out;
}

function dot(U: Float64Array, ra: number, rb: number, cols: number): number {
  let s = 0;
  for (let k = 0; k < cols; k++) s += U[ra + k] * U[rb + k];
  return s;
}

/**
 * Lower triangle (j <= i) of the Gram matrix G = U U^T of an n x cols matrix,
 * with a 2 x 4 register-blocked kernel (about 2x the speed of direct differences).
 */
function* gramLowerSteps(U: Float64Array, n: number, cols: number, work = 4e6, useWasm?: boolean): Generator<void, Float64Array> {
  const ws = wantWasm(useWasm, n) ? gramWorkspace(U, n, cols) : null;
  if (ws) return yield* gramLowerWasmSteps(ws, n, work);
  const G = new Float64Array(n * n);
  let i0 = 0;
  let done = 0;
  for (; i0 + 1 < n; i0 += 2) {
    done += 2 * i0 * cols;
    if (done > work) {
      done = 0;
      yield;
    }
    const r0 = i0 * cols;
    const r1 = r0 + cols;
    let j0 = 0;
    for (; j0 + 3 <= i0 + 1; j0 += 4) {
      const q0 = j0 * cols;
      const q1 = q0 + cols;
      const q2 = q1 + cols;
      const q3 = q2 + cols;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
      for (let k = 0; k < cols; k++) {
        const a0 = U[r0 + k];
        const a1 = U[r1 + k];
        const b0 = U[q0 + k];
        const b1 = U[q1 + k];
        const b2 = U[q2 + k];
        const b3 = U[q3 + k];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s02 += a0 * b2;
        s03 += a0 * b3;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s12 += a1 * b2;
        s13 += a1 * b3;
      }
      const g0 = i0 * n + j0;
      const g1 = g0 + n;
      G[g0] = s00;
      G[g0 + 1] = s01;
      G[g0 + 2] = s02;
      G[g0 + 3] = s03;
      G[g1] = s10;
      G[g1 + 1] = s11;
      G[g1 + 2] = s12;
      G[g1 + 3] = s13;
    }
    for (let j = j0; j <= i0 + 1; j++) {
      if (j <= i0) G[i0 * n + j] = dot(U, r0, j * cols, cols);
      G[(i0 + 1) * n + j] = dot(U, r1, j * cols, cols);
    }
  }
  for (; i0 < n; i0++) for (let j = 0; j <= i0; j++) G[i0 * n + j] = dot(U, i0 * cols, j * cols, cols);
  return G;
}

/** gramLowerSteps on the wasm kernel (gramWasm.ts): four-row blocks there, the last 1-3 columns of each row pair here. */
function* gramLowerWasmSteps(ws: GramWorkspace, n: number, work: number): Generator<void, Float64Array> {
  const { C, stride, G } = ws;
  let done = 0;
  let i0 = 0;
  for (; i0 + 1 < n; i0 += 2) {
    done += 2 * i0 * stride;
    if (done > work) {
      done = 0;
      yield;
    }
    const blocks = (i0 + 2) >> 2;
    ws.rowPair(i0, blocks);
    const r0 = i0 * stride;
    const r1 = r0 + stride;
    for (let j = blocks * 4; j <= i0 + 1; j++) {
      if (j <= i0) G[i0 * n + j] = dot(C, r0, j * stride, stride);
      G[(i0 + 1) * n + j] = dot(C, r1, j * stride, stride);
    }
  }
  for (; i0 < n; i0++) for (let j = 0; j <= i0; j++) G[i0 * n + j] = dot(C, i0 * stride, j * stride, stride);
  return G;
}

/**
 * Euclidean distances between rows a < b of the n x cols matrix U, written to
 * out[g(a) * N + g(b)] (and its mirror) with g = idx or identity. Uses the
 * Gram form |u_a|^2 + |u_b|^2 - 2 u_a.u_b on column-centred rows, which keeps
 * the cancellation error far below the 1e-4 tolerance of the reference.
 */
function* rowDistancesInto(
  U: Float64Array,
  n: number,
  cols: number,
  out: Float64Array,
  N: number,
  idx: Int32Array | null,
): Generator<void, void> {
  const C = new Float64Array(n * cols);
  const mean = new Float64Array(cols);
  for (let a = 0; a < n; a++) for (let k = 0; k < cols; k++) mean[k] += U[a * cols + k];
  for (let k = 0; k < cols; k++) mean[k] /= n;
  for (let a = 0; a < n; a++) for (let k = 0; k < cols; k++) C[a * cols + k] = U[a * cols + k] - mean[k];
  const G = yield* gramLowerSteps(C, n, cols);
  for (let a = 0; a < n; a++) {
    const ga = idx ? idx[a] : a;
    const gaa = G[a * n + a];
    for (let b = 0; b < a; b++) {
      const gb = idx ? idx[b] : b;
      setSym(out, N, ga, gb, Math.max(0, gaa + G[b * n + b] - 2 * G[a * n + b]));
    }
  }
}

/** Lower triangle of U U^T (n x cols), JS loop or wasm kernel (tests and benches compare the two). */
export function gramLower(U: Float64Array, n: number, cols: number, useWasm?: boolean): Float64Array {
  return drainSteps(gramLowerSteps(U, n, cols, 4e6, useWasm));
}

function setSym(out: Float64Array, N: number, i: number, j: number, sq: number): void {
  const d = Math.sqrt(sq);
  out[i * N + j] = d;
  out[j * N + i] = d;
}

/** Euclidean distances between the rows of the dense N x N matrix U (scipy pdist, squareform). */
export function pairwiseRowDistances(U: Float64Array, N: number, cols = N): Float64Array {
  const out = new Float64Array(N * N);
  drainSteps(rowDistancesInto(U, N, cols, out, N, null));
  return out;
}

/**
 * Distances between rows of the full potential from its component blocks:
 * same component -> distance within the block (other columns are equal
 * constants); different components -> sqrt(r_i + r_j), r_i = sum over i's
 * block of (U_ik - u0)^2 with u0 = potential(0).
 */
export function potentialDistancesFromBlocks(blocks: Float64Array[], members: Int32Array[], N: number, u0: number): Float64Array {
  return drainSteps(potentialDistancesFromBlocksSteps(blocks, members, N, u0));
}

/** potentialDistancesFromBlocks as a generator (yields inside the blocked Gram product). */
export function* potentialDistancesFromBlocksSteps(
  blocks: Float64Array[],
  members: Int32Array[],
  N: number,
  u0: number,
): Generator<void, Float64Array> {
  const out = new Float64Array(N * N);
  const r = new Float64Array(N);
  for (let c = 0; c < members.length; c++) {
    const m = members[c];
    const n = m.length;
    const U = blocks[c];
    yield* rowDistancesInto(U, n, n, out, N, m);
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        const d = U[a * n + k] - u0;
        s += d * d;
      }
      r[m[a]] = s;
    }
  }
  if (members.length > 1) {
    const label = new Int32Array(N);
    members.forEach((m, c) => m.forEach((i) => (label[i] = c)));
    for (let i = 0; i < N; i++) {
      for (let j = i + 1; j < N; j++) {
        if (label[i] !== label[j]) setSym(out, N, i, j, r[i] + r[j]);
      }
    }
  }
  return out;
}

/** Applies the potential transform to each block in place. */
export function potentialBlocksInPlace(blocks: Float64Array[], gamma: number): void {
  for (const B of blocks) for (let i = 0; i < B.length; i++) B[i] = potentialValue(B[i], gamma);
}

export type { Components };
