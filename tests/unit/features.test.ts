// Per-network features against the reference fixtures in shared/fixtures/features/clouds.json
// (tolerances from its README; every expected number is read from the file).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  averageLinkage,
  copheneticCorrelation,
  dendrogramPurity,
  diffusionSpectralEntropy,
  diffusionSpectrum,
  effectiveDimension,
  fisherRatio,
  medianOffDiagonal,
  mstEdgeLengths,
  pairwiseDistances,
  ripsPersistence,
  silhouette,
  summariseRips,
  symmetricEigenvalues,
} from '../../src/core/features';

function loadFixture(name: string): any {
  const file = path.resolve(__dirname, '../../../shared/fixtures/features', name);
  if (!existsSync(file)) throw new Error(`missing fixture ${file}: the repo must be checked out beside shared/`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

const rel = (got: number, ref: number, eps: number) => expect(Math.abs(got - ref)).toBeLessThanOrEqual(eps * Math.max(1, Math.abs(ref)));
const abs = (got: number, ref: number, eps: number) => expect(Math.abs(got - ref)).toBeLessThanOrEqual(eps);

const clouds = loadFixture('clouds.json').clouds as any[];

describe.each(clouds.map((c) => [c.name, c]))('cloud %s', (_name, cl) => {
  const n: number = cl.n;
  const d: number = cl.d;
  const X = Float64Array.from((cl.X as number[][]).flat());
  const labels = Int32Array.from(cl.labels);
  const D = pairwiseDistances(X, n, d);

  it('silhouette: mean and every sample (abs 1e-8)', () => {
    const s = silhouette(D, n, labels);
    abs(s.mean, cl.silhouette.mean, 1e-8);
    cl.silhouette.samples.forEach((v: number, i: number) => abs(s.samples[i], v, 1e-8));
  });

  it('Fisher ratio and traces (rel 1e-8)', () => {
    const f = fisherRatio(X, n, d, labels);
    rel(f.ratio, cl.fisher.ratio, 1e-8);
    rel(f.trSB, cl.fisher.tr_SB, 1e-8);
    rel(f.trSW, cl.fisher.tr_SW, 1e-8);
  });

  it('average linkage: topology exact, heights rel 1e-8, purity abs 1e-9, cophenetic abs 1e-8', () => {
    const Z = averageLinkage(D, n);
    const ref = cl.linkage_average.Z as number[][];
    expect(Z.length).toBe(ref.length * 4);
    ref.forEach((row, i) => {
      expect(Z[4 * i]).toBe(Math.min(row[0], row[1]));
      expect(Z[4 * i + 1]).toBe(Math.max(row[0], row[1]));
      rel(Z[4 * i + 2], row[2], 1e-8);
      expect(Z[4 * i + 3]).toBe(row[3]);
    });
    abs(dendrogramPurity(Z, labels), cl.linkage_average.dendrogram_purity, 1e-9);
    abs(copheneticCorrelation(Z, D, n), cl.linkage_average.cophenetic_correlation, 1e-8);
  });

  it('diffusion operator spectrum and DSE at every τ', () => {
    rel(medianOffDiagonal(D, n), cl.diffusion.median_offdiag_distance, 1e-9);
    const sp = diffusionSpectrum(D, n, cl.diffusion.sigma);
    cl.diffusion.degrees_first5.forEach((v: number, i: number) => rel(sp.degrees[i], v, 1e-9));
    const ev = cl.diffusion.eigenvalues_desc as number[];
    expect(sp.eigenvalues.length).toBe(ev.length);
    ev.forEach((v, i) => abs(sp.eigenvalues[i], v, 1e-9));
    for (const [tau, v] of Object.entries(cl.diffusion.dse_multiscale as Record<string, number>)) {
      abs(diffusionSpectralEntropy(sp.eigenvalues, Number(tau)), v, 1e-8);
    }
    abs(diffusionSpectralEntropy(sp.eigenvalues), cl.diffusion.dse_bits, 1e-8);
  });

  it('effective dimension (rel 1e-8) and covariance spectrum (abs 1e-8·λmax)', () => {
    const e = effectiveDimension(X, n, d);
    rel(e.deff, cl.effective_dimension.D_eff, 1e-8);
    const ev = cl.effective_dimension.covariance_eigenvalues_desc as number[];
    ev.forEach((v, i) => abs(e.eigenvalues[i], v, 1e-8 * ev[0]));
  });

  it('Rips H0/H1 diagrams match gudhi (abs 1e-8, counts exact) and the summaries', () => {
    const dg = ripsPersistence(D, n);
    const r = cl.rips;
    expect(dg.h0.length).toBe(r.n_h0_finite);
    (r.h0_finite as number[][]).forEach(([b, dth], i) => {
      expect(b).toBe(0);
      abs(dg.h0[i], dth, 1e-8);
    });
    expect(dg.h0Essential).toBe(r.h0_infinite_births.length);
    expect(dg.h1.length / 2).toBe(r.n_h1);
    (r.h1 as number[][]).forEach(([b, dth], i) => {
      abs(dg.h1[2 * i], b, 1e-8);
      abs(dg.h1[2 * i + 1], dth, 1e-8);
    });
    expect(dg.h1Essential.length).toBe(0);
    const s = summariseRips(dg);
    rel(s.h0.total, r.total_persistence.h0, 1e-8);
    rel(s.h1.total, r.total_persistence.h1, 1e-8);
    abs(s.h0.entropy, r.persistence_entropy.h0, 1e-8);
    abs(s.h1.entropy, r.persistence_entropy.h1, 1e-8);
    rel(s.h0.max, r.h0_max_finite_death, 1e-8);
    expect(s.h1LongBars).toBe(r.h1_bars_longer_than_10pct_h0max);
  });

  it('H0 total persistence equals the MST length (property and fixture)', () => {
    const mst = mstEdgeLengths(D, n);
    const total = mst.reduce((a, b) => a + b, 0);
    rel(total, cl.rips.mst_total_length, 1e-8);
    const dg = ripsPersistence(D, n, { maxDim: 0 });
    rel(summariseRips(dg).h0.total, total, 1e-12);
  });

  it('Rips H1 is unchanged by an explicit infinite threshold (the enclosing radius cuts nothing that matters)', () => {
    const a = ripsPersistence(D, n);
    const b = ripsPersistence(D, n, { threshold: Infinity });
    expect(Array.from(b.h1)).toEqual(Array.from(a.h1));
    expect(b.h1Essential.length).toBe(0);
  });
});

describe('symmetric eigensolver', () => {
  it('recovers a known spectrum Q diag(λ) Qᵀ', () => {
    const n = 7;
    const lam = [5, 3, 2.5, 1, 0, -0.5, -4];
    // Q from Householder reflection I − 2vvᵀ/vᵀv (orthogonal)
    const v = [1, -2, 0.5, 3, -1, 0.25, 2];
    const vv = v.reduce((s, x) => s + x * x, 0);
    const Q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) A[i * n + j] += Q(i, k) * lam[k] * Q(j, k);
    const ev = symmetricEigenvalues(A, n);
    lam.forEach((l, i) => abs(ev[i], l, 1e-12));
  });
});

describe('Rips persistence with ties and duplicates', () => {
  it('a k×k unit grid has (k−1)² H1 bars [1, √2] (every unit square is a loop filled at its diagonal)', () => {
    const k = 6;
    const X = new Float64Array(k * k * 2);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) X.set([i, j], 2 * (i * k + j));
    const D = pairwiseDistances(X, k * k, 2);
    const dg = ripsPersistence(D, k * k);
    expect(dg.h0.length).toBe(k * k - 1);
    for (const v of dg.h0) expect(v).toBe(1);
    expect(dg.h1.length / 2).toBe((k - 1) * (k - 1));
    for (let q = 0; q < dg.h1.length / 2; q++) {
      expect(dg.h1[2 * q]).toBe(1);
      expect(dg.h1[2 * q + 1]).toBeCloseTo(Math.SQRT2, 14);
    }
  });

  it('duplicated points change no non-zero bar', () => {
    const cl = clouds[4]; // rings: long H1 bars
    const X = Float64Array.from((cl.X as number[][]).flat());
    const extra = Float64Array.from((cl.X as number[][]).slice(0, 30).flat());
    const Xd = new Float64Array(X.length + extra.length);
    Xd.set(X);
    Xd.set(extra, X.length);
    const a = ripsPersistence(pairwiseDistances(X, cl.n, cl.d), cl.n);
    const b = ripsPersistence(pairwiseDistances(Xd, cl.n + 30, cl.d), cl.n + 30);
    expect(Array.from(b.h0)).toEqual(Array.from(a.h0));
    expect(Array.from(b.h1)).toEqual(Array.from(a.h1));
  });
});
