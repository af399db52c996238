// Diffusion stage: P^t, the potential U = -log(P^t + 1e-7), and the Euclidean
// distances between rows of U (the MDS input). P^t is block diagonal over the
// connected components, so everything is done per component; entries of U
// between components are the constant potential(0).
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

/** Dense A^t of a sparse n x n matrix by t-1 sparse-times-dense products (cheap while nnz/row << n). */
export function csrPowerDense(A: Csr, t: number): Float64Array {
  const n = A.n;
  let R = new Float64Array(n * n);
  if (t === 0) {
    for (let i = 0; i < n; i++) R[i * n + i] = 1;
    return R;
  }
  for (let i = 0; i < n; i++) for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) R[i * n + A.cols[p]] = A.vals[p];
  let S = new Float64Array(n * n);
  for (let step = 1; step < t; step++) {
    // S = A R: row i of S is a combination of rows of R
    S.fill(0);
    for (let i = 0; i < n; i++) {
      const si = i * n;
      for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) {
        const v = A.vals[p];
        const rk = A.cols[p] * n;
        for (let j = 0; j < n; j++) S[si + j] += v * R[rk + j];
      }
    }
    const tmp = R;
    R = S;
    S = tmp;
  }
  return R;
}

/** Per-component dense blocks of P^t (block c is members[c].length squared). */
export function componentPowers(P: Csr, members: Int32Array[], t: number): Float64Array[] {
  return members.map((m) => csrPowerDense(m.length === P.n ? P : csrSubmatrix(P, m), t));
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

/**
 * Squared Euclidean distances between rows a, b of the n x cols matrix U,
 * written into out[(offA + a) * ld + offB + b] via the index maps; 4 rows at a time.
 */
function rowDistancesInto(U: Float64Array, n: number, cols: number, out: Float64Array, N: number, idx: Int32Array | null): void {
  const g = (a: number): number => (idx ? idx[a] : a);
  let a = 0;
  for (; a + 3 < n; a += 4) {
    const r0 = a * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    for (let b = a + 1; b < n; b++) {
      const rb = b * cols;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < cols; k++) {
        const ub = U[rb + k];
        const d0 = U[r0 + k] - ub;
        const d1 = U[r1 + k] - ub;
        const d2 = U[r2 + k] - ub;
        const d3 = U[r3 + k] - ub;
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
      const gb = g(b);
      setSym(out, N, g(a), gb, s0);
      if (b > a + 1) setSym(out, N, g(a + 1), gb, s1);
      if (b > a + 2) setSym(out, N, g(a + 2), gb, s2);
      if (b > a + 3) setSym(out, N, g(a + 3), gb, s3);
    }
  }
  for (; a < n; a++) {
    const ra = a * cols;
    for (let b = a + 1; b < n; b++) {
      const rb = b * cols;
      let s = 0;
      for (let k = 0; k < cols; k++) {
        const d = U[ra + k] - U[rb + k];
        s += d * d;
      }
      setSym(out, N, g(a), g(b), s);
    }
  }
}

function setSym(out: Float64Array, N: number, i: number, j: number, sq: number): void {
  const d = Math.sqrt(sq);
  out[i * N + j] = d;
  out[j * N + i] = d;
}

/** Euclidean distances between the rows of the dense N x N matrix U (scipy pdist, squareform). */
export function pairwiseRowDistances(U: Float64Array, N: number, cols = N): Float64Array {
  const out = new Float64Array(N * N);
  rowDistancesInto(U, N, cols, out, N, null);
  return out;
}

/**
 * Distances between rows of the full potential from its component blocks:
 * same component -> distance within the block (other columns are equal
 * constants); different components -> sqrt(r_i + r_j), r_i = sum over i's
 * block of (U_ik - u0)^2 with u0 = potential(0).
 */
export function potentialDistancesFromBlocks(blocks: Float64Array[], members: Int32Array[], N: number, u0: number): Float64Array {
  const out = new Float64Array(N * N);
  const r = new Float64Array(N);
  members.forEach((m, c) => {
    const n = m.length;
    const U = blocks[c];
    rowDistancesInto(U, n, n, out, N, m);
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        const d = U[a * n + k] - u0;
        s += d * d;
      }
      r[m[a]] = s;
    }
  });
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
