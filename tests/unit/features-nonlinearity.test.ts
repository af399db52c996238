// Nonlinearity profile R(k) (METHODS §4.8, "inspired by") against shared/fixtures/features/nonlinearity.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kmeans, nonlinearityProfile, prepareNonlinearity } from '../../src/core/features';

function loadFixture(name: string): any {
  const file = path.resolve(__dirname, '../../../shared/fixtures/features', name);
  if (!existsSync(file)) throw new Error(`missing fixture ${file}: the repo must be checked out beside shared/`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

const fx = loadFixture('nonlinearity.json');
const n: number = fx.n;
const din: number = fx.d_in;
const dout: number = fx.d_out;
const ks: number[] = fx.ks;
const X = Float64Array.from((fx.X as number[][]).flat());
const cases = fx.cases as any[];

describe('nonlinearity with the stored k-means cells (exact path)', () => {
  const prep = prepareNonlinearity(X, n, din, {
    ks,
    alpha: fx.ridge_alpha,
    labels: ks.map((k) => Int32Array.from(fx.kmeans.labels[String(k)])),
  });
  it.each(cases.map((c) => [c.name, c]))('%s: R(k) within rel 1e-6 or abs 1e-15, slope abs 1e-6', (_name, cs) => {
    const Y = Float64Array.from((cs.Y as number[][]).flat());
    const p = nonlinearityProfile(prep, Y, dout);
    (cs.R as number[]).forEach((r, q) => expect(Math.abs(p.R[q] - r)).toBeLessThanOrEqual(Math.max(1e-6 * Math.abs(r), 1e-15)));
    expect(Math.abs(p.slope - cs.loglog_slope)).toBeLessThanOrEqual(1e-6);
  });
});

describe('nonlinearity with our own seeded k-means', () => {
  const prep = prepareNonlinearity(X, n, din, { ks, alpha: fx.ridge_alpha, seed: 0 });

  it('k-means inertia is at most 1.05 × scikit-learn’s', () => {
    ks.forEach((k, q) => {
      const lab = prep.labels[q];
      const { inertia } = kmeans(X, n, din, k, { seed: 0 });
      expect(inertia).toBeLessThanOrEqual(1.05 * fx.kmeans.inertia[String(k)]);
      // the prep's labels are that same clustering
      if (k > 1) expect(Array.from(lab)).toEqual(Array.from(kmeans(X, n, din, k, { seed: 0 }).labels));
    });
  });

  it.each(cases.map((c) => [c.name, c]))('%s: R(1) rel 1e-8, R(k) within 30%%, slope ±0.15, documented properties', (_name, cs) => {
    const Y = Float64Array.from((cs.Y as number[][]).flat());
    const p = nonlinearityProfile(prep, Y, dout);
    expect(Math.abs(p.r1 - cs.R1)).toBeLessThanOrEqual(1e-8 * Math.abs(cs.R1));
    if (cs.name === 'linear') {
      for (const r of p.R) expect(r).toBeLessThan(1e-6);
      return;
    }
    (cs.R as number[]).forEach((r, q) => expect(Math.abs(p.R[q] - r)).toBeLessThanOrEqual(0.3 * r));
    expect(Math.abs(p.slope - cs.loglog_slope)).toBeLessThanOrEqual(0.15);
    for (let q = 1; q < p.R.length; q++) expect(p.R[q]).toBeLessThan(p.R[q - 1]);
    expect(p.slope).toBeLessThan(-0.3);
  });
});
