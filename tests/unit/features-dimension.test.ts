// PH fractal dimension and effective dimension against shared/fixtures/features/dimension.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectiveDimension, phDimension, defaultPhDimSizes } from '../../src/core/features';

function loadFixture(name: string): any {
  const file = path.resolve(__dirname, '../../../shared/fixtures/features', name);
  if (!existsSync(file)) throw new Error(`missing fixture ${file}: the repo must be checked out beside shared/`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

const rel = (got: number, ref: number, eps: number) => expect(Math.abs(got - ref)).toBeLessThanOrEqual(eps * Math.max(1, Math.abs(ref)));
const abs = (got: number, ref: number, eps: number) => expect(Math.abs(got - ref)).toBeLessThanOrEqual(eps);

const dim = loadFixture('dimension.json').clouds as any[];

describe.each(dim.map((c) => [c.name, c]))('dimension cloud %s', (_name, cl) => {
  const n: number = cl.n;
  const D: number = cl.D;
  const X = Float64Array.from((cl.X as number[][]).flat());

  it('PH dimension on prefix subsamples: E rel 1e-9, slope and R² abs 1e-8, PHdim abs 1e-7', () => {
    const r = phDimension(X, n, D, { sizes: cl.phdim.sizes, seed: 'prefix' });
    (cl.phdim.E as number[]).forEach((e, q) => rel(r.E[q], e, 1e-9));
    abs(r.slope, cl.phdim.slope_m, 1e-8);
    abs(r.intercept, cl.phdim.intercept, 1e-7);
    abs(r.r2, cl.phdim.r2, 1e-8);
    abs(r.phDim, cl.phdim.phdim, 1e-7);
  });

  it('PH dimension with our own seeded subsamples lands within the proposed tolerance of the truth', () => {
    for (const seed of [1, 2, 3]) {
      const r = phDimension(X, n, D, { sizes: cl.phdim.sizes, seed });
      abs(r.phDim, cl.true_intrinsic_dim, cl.phdim.proposed_tolerance_vs_truth);
    }
  });

  it('effective dimension: rel 1e-8 vs stored, within 0.02 of the linear dimension', () => {
    const e = effectiveDimension(X, n, D);
    rel(e.deff, cl.effective_dimension.D_eff, 1e-8);
    abs(e.deff, cl.true_linear_dim, 0.02);
  });
});

describe('PH dimension defaults', () => {
  it('default sizes give at least 5 ascending sizes ending at n', () => {
    for (const n of [64, 256, 512]) {
      const s = defaultPhDimSizes(n);
      expect(s.length).toBeGreaterThanOrEqual(5);
      expect(s[s.length - 1]).toBe(n);
      for (let q = 1; q < s.length; q++) expect(s[q]).toBeGreaterThan(s[q - 1]);
    }
  });

  it('is deterministic for a seed and gives NaN for too few points', () => {
    const cl = dim[1];
    const X = Float64Array.from((cl.X as number[][]).slice(0, 300).flat());
    const a = phDimension(X, 300, cl.D, { seed: 7 });
    const b = phDimension(X, 300, cl.D, { seed: 7 });
    expect(a.phDim).toBe(b.phDim);
    expect(Number.isNaN(phDimension(X, 3, cl.D).phDim)).toBe(true);
  });
});
