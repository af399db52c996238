// Large-N path (sparse kernel from rows, landmarks), alternative distance
// inputs, degenerate inputs and cooperative cancellation of the long stages.
import { describe, expect, it } from 'vitest';
import { CancelledError, PhateEngine, computeKernel, effectiveKnn, runPhate } from '../../src/core/phate';
import { sparseKernelSteps, drain } from '../../src/core/phate/sparseKernel';
import { landmarkOperator } from '../../src/core/phate/landmarks';
import { rowReader, type DistanceRows } from '../../src/core/phate/input';
import { denseToCsr } from '../../src/core/phate/kernel';
import { mulberry32, randn } from '../../src/core/random';
import { fixtureDistances, loadFixture } from './phateFixtures';

function euclidean(X: Float64Array, n: number, d: number): Float64Array {
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (X[i * d + k] - X[j * d + k]) ** 2;
      D[i * n + j] = Math.sqrt(s);
    }
  return D;
}

/** A random tree: 6 straight branches in 10-D, each starting at the end of an earlier one, with noise. */
function tree(n: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const d = 10;
  const nb = 6;
  const per = Math.floor(n / nb);
  const X = new Float64Array(n * d);
  const ends: Float64Array[] = [];
  let row = 0;
  for (let b = 0; b < nb; b++) {
    const start = b === 0 ? new Float64Array(d) : ends[Math.floor(rng() * ends.length)];
    const dir = Float64Array.from({ length: d }, () => randn(rng));
    const norm = Math.hypot(...dir);
    const count = b === nb - 1 ? n - row : per;
    for (let q = 0; q < count; q++, row++) {
      const s = (4 * q) / count;
      for (let k = 0; k < d; k++) X[row * d + k] = start[k] + (s * dir[k]) / norm + 0.1 * randn(rng);
    }
    ends.push(Float64Array.from({ length: d }, (_, k) => start[k] + (4 * dir[k]) / norm));
  }
  return euclidean(X, n, d);
}

function ranks(a: Float64Array): Float64Array {
  const idx = Array.from(a.keys()).sort((x, y) => a[x] - a[y]);
  const r = new Float64Array(a.length);
  idx.forEach((v, i) => (r[v] = i));
  return r;
}

function spearmanOfPairwiseDistances(A: Float64Array, B: Float64Array, k: number, sub: number[]): number {
  const da: number[] = [];
  const db: number[] = [];
  for (let a = 0; a < sub.length; a++)
    for (let b = a + 1; b < sub.length; b++) {
      let sa = 0;
      let sb = 0;
      for (let c = 0; c < k; c++) {
        sa += (A[sub[a] * k + c] - A[sub[b] * k + c]) ** 2;
        sb += (B[sub[a] * k + c] - B[sub[b] * k + c]) ** 2;
      }
      da.push(Math.sqrt(sa));
      db.push(Math.sqrt(sb));
    }
  const ra = ranks(Float64Array.from(da));
  const rb = ranks(Float64Array.from(db));
  const n = ra.length;
  const m = (n - 1) / 2;
  let sab = 0;
  let saa = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - m) * (rb[i] - m);
    saa += (ra[i] - m) ** 2;
  }
  return sab / saa;
}

describe('sparse kernel and landmark operator', () => {
  it('the sparse kernel built from rows equals the dense kernel (networks200)', () => {
    const { D, N } = fixtureDistances(loadFixture('networks200'));
    const knn = effectiveKnn(5, N);
    const dense = computeKernel(D, N, { knn, decay: 40 });
    const { K } = drain(sparseKernelSteps(rowReader(D, N), N, knn, 40));
    const back = new Float64Array(N * N);
    for (let i = 0; i < N; i++) for (let p = K.rowPtr[i]; p < K.rowPtr[i + 1]; p++) back[i * N + K.cols[p]] = K.vals[p];
    let err = 0;
    for (let q = 0; q < N * N; q++) err = Math.max(err, Math.abs(back[q] - dense[q]));
    expect(err).toBeLessThan(1e-15);
  });

  it('the landmark operator is rownorm(C^T K) rownorm(K C) and row-stochastic', () => {
    const rng = mulberry32(1);
    const N = 30;
    const M = 8;
    const K = new Float64Array(N * N);
    for (let i = 0; i < N; i++)
      for (let j = i; j < N; j++) {
        const v = i === j || rng() < 0.3 ? rng() + 0.01 : 0;
        K[i * N + j] = K[j * N + i] = v;
      }
    const asg = Int32Array.from({ length: N }, (_, i) => (i * 7) % M);
    const { L, transitions } = landmarkOperator(denseToCsr(K, N), {
      count: M,
      assignment: asg,
      centres: Int32Array.from({ length: M }, (_, i) => i),
    });
    const pmn = new Float64Array(M * N);
    const pnm = new Float64Array(N * M);
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) {
        pmn[asg[i] * N + j] += K[i * N + j];
        pnm[i * M + asg[j]] += K[i * N + j];
      }
    const norm = (A: Float64Array, r: number, c: number) => {
      for (let a = 0; a < r; a++) {
        let s = 0;
        for (let j = 0; j < c; j++) s += A[a * c + j];
        for (let j = 0; j < c; j++) A[a * c + j] /= s;
      }
    };
    norm(pmn, M, N);
    norm(pnm, N, M);
    const dense = (A: { n: number; rowPtr: Int32Array; cols: Int32Array; vals: Float64Array }, c: number) => {
      const out = new Float64Array(A.n * c);
      for (let i = 0; i < A.n; i++) for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) out[i * c + A.cols[p]] = A.vals[p];
      return out;
    };
    const Ld = dense(L, M);
    const Td = dense(transitions, M);
    for (let a = 0; a < M; a++) {
      let row = 0;
      for (let b = 0; b < M; b++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += pmn[a * N + j] * pnm[j * M + b];
        expect(Ld[a * M + b]).toBeCloseTo(s, 14);
        row += Ld[a * M + b];
      }
      expect(row).toBeCloseTo(1, 14);
    }
    for (let q = 0; q < N * M; q++) expect(Td[q]).toBeCloseTo(pnm[q], 15);
  });
});

describe('distance inputs', () => {
  const { D, N } = fixtureDistances(loadFixture('networks60'));
  const rows: DistanceRows = { N, row: (i, out) => out.set(D.subarray(i * N, i * N + N)) };

  it('Float64, Float32 and a row callback give the same exact-path result', () => {
    const a = runPhate(D, N, { solver: 'fast' });
    const b = new PhateEngine(rows, N, { solver: 'fast' }).fitSync();
    expect(Array.from(b.embedding)).toEqual(Array.from(a.embedding));
    const c = new PhateEngine(Float32Array.from(D), N, { solver: 'fast' }).fitSync();
    expect(c.t).toBe(a.t);
    expect(c.embedding.every(Number.isFinite)).toBe(true);
  });

  it('the landmark path gives the same result from Float64 and from rows, and reports landmark timings', () => {
    const a = new PhateEngine(D, N, { solver: 'fast', nLandmark: 20 });
    const b = new PhateEngine(rows, N, { solver: 'fast', nLandmark: 20 });
    expect(a.usesLandmarks).toBe(true);
    const ra = a.fitSync();
    const rb = b.fitSync();
    expect(Array.from(rb.embedding)).toEqual(Array.from(ra.embedding));
    expect(ra.embedding.length).toBe(N * 3);
    expect(ra.timings).toHaveProperty('landmarks');
    expect(ra.components).toBe(new PhateEngine(D, N).fitSync().components);
  });

  it('row callbacks are checked as they are read', () => {
    const bad: DistanceRows = {
      N: 5,
      row: (i, out) =>
        out
          .fill(1)
          .fill(0, i, i + 1)
          .fill(NaN, 4, 5),
    };
    expect(() => new PhateEngine(bad, 5, { nLandmark: 3 }).fitSync()).toThrow(/non-finite/);
    expect(() => new PhateEngine(bad, 5)).toThrow(/non-finite/);
  });
});

describe('landmark embedding vs exact', () => {
  it('tree, N = 1000, 300 landmarks: Spearman of pairwise embedding distances >= 0.9', () => {
    const n = 1000;
    const D = tree(n, 5);
    // L = P_mn P_nm takes two diffusion steps per power, so landmark t corresponds to exact 2t.
    const lmEngine = new PhateEngine(D, n, { solver: 'fast', nLandmark: 300, t: 12 });
    const exEngine = new PhateEngine(D, n, { solver: 'fast', nLandmark: Infinity, t: 24 });
    const lm = lmEngine.fitSync();
    const ex = exEngine.fitSync();
    const sub = Array.from({ length: 300 }, (_, i) => Math.floor((i * n) / 300));
    const rho = spearmanOfPairwiseDistances(lm.embedding, ex.embedding, 3, sub);
    expect(rho).toBeGreaterThanOrEqual(0.9);
    // before MDS: landmark potential distances vs the exact ones between the landmark centres
    const centres = lmEngine.getKernel().landmarks!.clusters.centres;
    const M = centres.length;
    const PL = lmEngine.getPotentialDistances();
    const PE = exEngine.getPotentialDistances();
    const a: number[] = [];
    const b: number[] = [];
    for (let x = 0; x < M; x += 2)
      for (let y = x + 2; y < M; y += 2) {
        a.push(PL[x * M + y]);
        b.push(PE[centres[x] * n + centres[y]]);
      }
    const ra = ranks(Float64Array.from(a));
    const rb = ranks(Float64Array.from(b));
    let sab = 0;
    let saa = 0;
    const mid = (ra.length - 1) / 2;
    for (let i = 0; i < ra.length; i++) {
      sab += (ra[i] - mid) * (rb[i] - mid);
      saa += (ra[i] - mid) ** 2;
    }
    expect(sab / saa).toBeGreaterThanOrEqual(0.9); // measured 0.93
  }, 60_000);

  it('disconnected data: every component gets a landmark', () => {
    const rng = mulberry32(4);
    const n = 300;
    const X = Float64Array.from({ length: 2 * n }, (_, q) => rng() + (Math.floor(q / 2) % 3) * 50);
    const res = new PhateEngine(euclidean(X, n, 2), n, { solver: 'fast', nLandmark: 60 }).fitSync();
    expect(res.components).toBe(3);
    expect(res.embedding.every(Number.isFinite)).toBe(true);
  });
});

describe('degenerate inputs', () => {
  const finite = (n: number, D: Float64Array, p = {}) => {
    for (const solver of ['smacof', 'fast']) {
      const res = runPhate(D, n, { solver, ...p });
      expect(res.embedding.length).toBe(n * 3);
      expect(res.embedding.every(Number.isFinite)).toBe(true);
    }
  };

  it('all distances equal (60 points)', () => {
    const n = 60;
    const D = new Float64Array(n * n).fill(1);
    for (let i = 0; i < n; i++) D[i * n + i] = 0;
    finite(n, D);
  });

  it('duplicate points (each point three times) and all points identical', () => {
    const n = 30;
    const X = Float64Array.from({ length: 2 * n }, (_, q) => (q % 2 ? Math.sin(Math.floor(q / 6)) : Math.floor(q / 6)));
    finite(n, euclidean(X, n, 2));
    finite(n, new Float64Array(n * n));
    const res = runPhate(new Float64Array(n * n), n);
    expect(res.embedding.every((v) => v === 0)).toBe(true);
  });

  it('N = 3 in 3-D and 2-D', () => {
    finite(3, Float64Array.of(0, 1, 2, 1, 0, 1, 2, 1, 0));
    const res = runPhate(Float64Array.of(0, 1, 1, 1, 0, 1, 1, 1, 0), 3, { nComponents: 2 });
    expect(res.embedding.every(Number.isFinite)).toBe(true);
  });

  it('the landmark path with duplicates stops early when every point coincides with a landmark', () => {
    const n = 40;
    const X = Float64Array.from({ length: 2 * n }, (_, q) => Math.floor(q / 16)); // 5 distinct points, 8 copies each
    const engine = new PhateEngine(euclidean(X, n, 2), n, { solver: 'fast', nLandmark: 20 });
    const res = engine.fitSync();
    expect(engine.getKernel().landmarks!.clusters.count).toBe(5);
    expect(res.embedding.every(Number.isFinite)).toBe(true);
  });
});

describe('cooperative long stages', () => {
  it('a cancel during the spectrum (VNE eigen-solve) is seen before the solve ends', async () => {
    const n = 700;
    const D = tree(n, 2);
    const engine = new PhateEngine(D, n);
    let inSpectrum = false;
    let checksInSpectrum = 0;
    const hooks = {
      onProgress: (p: { stage: string }) => {
        inSpectrum = p.stage === 'tSelection';
      },
      isCancelled: () => inSpectrum && ++checksInSpectrum > 3,
    };
    await expect(engine.fit(hooks)).rejects.toBeInstanceOf(CancelledError);
    expect(engine.stageRuns.spectrum).toBe(0);
    expect(checksInSpectrum).toBeGreaterThan(3);
  });

  it('a cancel during P^t, the potential distances or classic MDS stops that stage', async () => {
    const n = 600;
    const D = tree(n, 3);
    for (const stage of ['diffusionPower', 'potentialDistances', 'mds']) {
      const engine = new PhateEngine(D, n, { t: 30 });
      let inStage = false;
      let checks = 0;
      const hooks = {
        onProgress: (p: { stage: string }) => {
          inStage = p.stage === stage;
        },
        isCancelled: () => inStage && ++checks > 2,
      };
      await expect(engine.fit(hooks)).rejects.toBeInstanceOf(CancelledError);
      expect(stage === 'mds' ? engine.stageRuns.mds : engine.stageRuns.diffusion).toBe(0);
    }
  });
});
