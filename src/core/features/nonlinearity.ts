// Nonlinearity profile (METHODS §4.8, [ours] "inspired by" Janik & Witaszczyk;
// their exact definition is not available). Ridge regression from the probe
// inputs to the layer's activations within each of k k-means cells of the
// input (k = 1, 2, 4, 8, 16); R(k) = pooled unexplained variance fraction.
// The cells and the per-cell Cholesky factors depend only on the probe inputs,
// so they are prepared once and shared by every network and layer.

import { kmeans } from './kmeans';
import { fitLogLog } from './stats';
import type { FloatArray } from './types';

export const NONLINEARITY_KS = [1, 2, 4, 8, 16];
export const NONLINEARITY_ALPHA = 1e-3;

interface Cell {
  rows: Int32Array;
  /** Centred inputs of the cell, rows.length × din. */
  xc: Float64Array;
  /** Lower Cholesky factor of Xcᵀ Xc + αI (din×din). */
  chol: Float64Array;
}

export interface NonlinearityPrep {
  n: number;
  din: number;
  ks: number[];
  alpha: number;
  /** Cell labels per k (as given or from k-means). */
  labels: Int32Array[];
  cells: Cell[][];
}

export interface NonlinearityOptions {
  ks?: number[];
  alpha?: number;
  /** Seed of k-means (default 0). */
  seed?: number;
  /** Use these cell labels instead of k-means (one Int32Array per k). */
  labels?: Int32Array[];
}

function cholesky(G: Float64Array, m: number): Float64Array {
  const L = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let s = G[j * m + j];
    for (let k = 0; k < j; k++) s -= L[j * m + k] * L[j * m + k];
    if (!(s > 0)) throw new Error('nonlinearity: ridge Gram matrix not positive definite');
    const ljj = Math.sqrt(s);
    L[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let t = G[i * m + j];
      for (let k = 0; k < j; k++) t -= L[i * m + k] * L[j * m + k];
      L[i * m + j] = t / ljj;
    }
  }
  return L;
}

/** Solves (L Lᵀ) b = r in place for one right-hand side. */
function cholSolve(L: Float64Array, m: number, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * m + k] * b[k];
    b[i] = s / L[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < m; k++) s -= L[k * m + i] * b[k];
    b[i] = s / L[i * m + i];
  }
}

/** Cells and factorisations for the probe inputs x (n × din). */
export function prepareNonlinearity(x: FloatArray, n: number, din: number, opts: NonlinearityOptions = {}): NonlinearityPrep {
  const ks = opts.ks ?? NONLINEARITY_KS;
  const alpha = opts.alpha ?? NONLINEARITY_ALPHA;
  const labels = ks.map(
    (k, q) => opts.labels?.[q] ?? (k === 1 ? new Int32Array(n) : kmeans(x, n, din, k, { seed: opts.seed ?? 0 }).labels),
  );
  const cells = labels.map((lab) => {
    let K = 0;
    for (let i = 0; i < n; i++) if (lab[i] + 1 > K) K = lab[i] + 1;
    const out: Cell[] = [];
    for (let c = 0; c < K; c++) {
      const rowsList: number[] = [];
      for (let i = 0; i < n; i++) if (lab[i] === c) rowsList.push(i);
      if (rowsList.length === 0) continue;
      const rows = Int32Array.from(rowsList);
      const m = rows.length;
      const mean = new Float64Array(din);
      for (const i of rows) for (let t = 0; t < din; t++) mean[t] += x[i * din + t];
      for (let t = 0; t < din; t++) mean[t] /= m;
      const xc = new Float64Array(m * din);
      for (let r = 0; r < m; r++) for (let t = 0; t < din; t++) xc[r * din + t] = x[rows[r] * din + t] - mean[t];
      const G = new Float64Array(din * din);
      for (let r = 0; r < m; r++)
        for (let a = 0; a < din; a++) {
          const va = xc[r * din + a];
          for (let b = 0; b <= a; b++) G[a * din + b] += va * xc[r * din + b];
        }
      for (let a = 0; a < din; a++) {
        G[a * din + a] += alpha;
        for (let b = 0; b < a; b++) G[b * din + a] = G[a * din + b];
      }
      out.push({ rows, xc, chol: cholesky(G, din) });
    }
    return out;
  });
  return { n, din, ks, alpha, labels, cells };
}

export interface NonlinearityProfile {
  ks: number[];
  /** R(k) per k. */
  R: Float64Array;
  /** R(1): the linear-fit deficit. */
  r1: number;
  /** Least-squares slope of ln R(k) against ln k (NaN if some R(k) ≤ 0). */
  slope: number;
}

/** R(k) of the map from the prepared inputs to H (n × w). NaN if H has zero variance. */
export function nonlinearityProfile(prep: NonlinearityPrep, H: FloatArray, w: number): NonlinearityProfile {
  const { n, din } = prep;
  if (H.length !== n * w) throw new Error(`nonlinearity: expected ${n}×${w} activations`);
  const gmean = new Float64Array(w);
  for (let i = 0; i < n; i++) for (let t = 0; t < w; t++) gmean[t] += H[i * w + t];
  for (let t = 0; t < w; t++) gmean[t] /= n;
  let sst = 0;
  for (let i = 0; i < n; i++)
    for (let t = 0; t < w; t++) {
      const v = H[i * w + t] - gmean[t];
      sst += v * v;
    }
  const R = new Float64Array(prep.ks.length);
  const ymean = new Float64Array(w);
  const B = new Float64Array(din * w); // din × w coefficients
  const col = new Float64Array(din);
  for (let q = 0; q < prep.ks.length; q++) {
    let sse = 0;
    for (const cell of prep.cells[q]) {
      const { rows, xc, chol } = cell;
      const m = rows.length;
      ymean.fill(0);
      for (const i of rows) for (let t = 0; t < w; t++) ymean[t] += H[i * w + t];
      for (let t = 0; t < w; t++) ymean[t] /= m;
      // B = (XcᵀXc + αI)⁻¹ Xcᵀ Yc, one output column at a time.
      for (let t = 0; t < w; t++) {
        col.fill(0);
        for (let r = 0; r < m; r++) {
          const y = H[rows[r] * w + t] - ymean[t];
          for (let a = 0; a < din; a++) col[a] += xc[r * din + a] * y;
        }
        cholSolve(chol, din, col);
        for (let a = 0; a < din; a++) B[a * w + t] = col[a];
      }
      // Residuals computed explicitly: the expanded form loses the digits of tiny R.
      for (let r = 0; r < m; r++) {
        const o = rows[r] * w;
        for (let t = 0; t < w; t++) {
          let yh = 0;
          for (let a = 0; a < din; a++) yh += xc[r * din + a] * B[a * w + t];
          const e = H[o + t] - ymean[t] - yh;
          sse += e * e;
        }
      }
    }
    R[q] = sst > 0 ? sse / sst : NaN;
  }
  let positive = true;
  for (let q = 0; q < R.length; q++) if (!(R[q] > 0)) positive = false;
  const slope = positive && R.length >= 2 ? fitLogLog(prep.ks, R).slope : NaN;
  return { ks: prep.ks, R, r1: R[0], slope };
}
