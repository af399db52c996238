// Shared helpers of the PHATE fixture tests: load /work/shared/fixtures/phate/*.json
// (the repo must be checked out beside shared/), and compare embeddings the way
// fixtures/phate/compare.py does.
import fs from 'node:fs';
import path from 'node:path';
import { procrustesTo } from '../../src/core/phate/mds';

export const FIXTURE_DIR = path.resolve(__dirname, '../../../shared/fixtures/phate');
export const FIXTURE_NAMES = ['networks60', 'networks200', 'tree300', 'swissroll300'] as const;

export interface Mat {
  shape: [number, number];
  data: number[];
}

export interface PhateFixture {
  name: string;
  kind: 'precomputed_distance' | 'features';
  input: Mat;
  graph: {
    n_connected_components: number;
    K_sparse: { shape: [number, number]; row: number[]; col: number[]; val: number[] };
    optimal_t: number;
    vne: number[];
    bandwidth_derived: number[];
    K?: Mat;
    P?: Mat;
    potential?: Mat;
    potential_distance?: Mat;
  };
  runs: {
    params: { n_components: number; mds_solver: string };
    embedding: Mat;
    classic_mds_init: Mat;
    stress1_of_embedding: number;
  }[];
}

export function loadFixture(name: string): PhateFixture {
  const file = path.join(FIXTURE_DIR, `${name}.json`);
  if (!fs.existsSync(file)) {
    throw new Error(`PHATE fixture ${file} is missing: the repository must be checked out beside shared/ (shared/fixtures/phate)`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PhateFixture;
}

/** The N x N distance matrix PHATE gets: the input itself, or Euclidean pdist of feature rows. */
export function fixtureDistances(fx: PhateFixture): { D: Float64Array; N: number } {
  const [n, d] = fx.input.shape;
  if (fx.kind === 'precomputed_distance') return { D: Float64Array.from(fx.input.data), N: n };
  const X = fx.input.data;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (X[i * d + c] - X[j * d + c]) ** 2;
      D[i * n + j] = D[j * n + i] = Math.sqrt(s);
    }
  }
  return { D, N: n };
}

/** Reference K, dense (stored dense for networks60, else from the upper-triangle COO). */
export function referenceKernel(fx: PhateFixture): Float64Array {
  if (fx.graph.K) return Float64Array.from(fx.graph.K.data);
  const s = fx.graph.K_sparse;
  const n = s.shape[0];
  const K = new Float64Array(n * n);
  for (let q = 0; q < s.val.length; q++) {
    K[s.row[q] * n + s.col[q]] = s.val[q];
    K[s.col[q] * n + s.row[q]] = s.val[q];
  }
  return K;
}

/** scipy.spatial.procrustes(ref, cand) disparity. */
export function procrustesDisparity(ref: Float64Array, cand: Float64Array, N: number, k: number): number {
  const A = Float64Array.from(ref);
  for (let c = 0; c < k; c++) {
    let m = 0;
    for (let i = 0; i < N; i++) m += A[i * k + c];
    for (let i = 0; i < N; i++) A[i * k + c] -= m / N;
  }
  let norm = 0;
  for (const v of A) norm += v * v;
  norm = Math.sqrt(norm);
  const B = procrustesTo(ref, cand, N, k);
  let s = 0;
  for (let i = 0; i < A.length; i++) s += (A[i] / norm - B[i]) ** 2;
  return s;
}

/** Condensed pairwise distances of an N x k embedding. */
export function pdist(Y: ArrayLike<number>, N: number, k: number): Float64Array {
  const out = new Float64Array((N * (N - 1)) / 2);
  let p = 0;
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += (Y[i * k + c] - Y[j * k + c]) ** 2;
      out[p++] = Math.sqrt(s);
    }
  }
  return out;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Average ranks (ties share their mean rank), as scipy.stats.rankdata. */
function ranks(a: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: a.length }, (_, i) => i).sort((x, y) => a[x] - a[y]);
  const r = new Float64Array(a.length);
  for (let s = 0; s < idx.length;) {
    let e = s;
    while (e + 1 < idx.length && a[idx[e + 1]] === a[idx[s]]) e++;
    for (let q = s; q <= e; q++) r[idx[q]] = (s + e) / 2 + 1;
    s = e + 1;
  }
  return r;
}

export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(ranks(a), ranks(b));
}

/** Reference run of the fixture for (n_components, solver). */
export function referenceRun(fx: PhateFixture, k: number, solver: string) {
  const run = fx.runs.find((r) => r.params.n_components === k && r.params.mds_solver === solver);
  if (!run) throw new Error(`${fx.name}: no reference run for n_components=${k}, solver=${solver}`);
  return run;
}
