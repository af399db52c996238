// Findings rows (core/explore/findings): the shared neighbour table gives the
// same ρ as the per-series search, missing values fall back to the search over
// finite rows, series with fewer than 3 values are left out, and every ρ
// carries its permutation p.
import { describe, expect, it } from 'vitest';
import { findingRows, type FindingSeries } from '../../src/core/explore/findings';
import { neighbourSpearmanFrom } from '../../src/core/explore/smooth';
import { euclideanDistanceMatrix } from '../../src/core/explore/neighbours';
import { mulberry32, randn } from '../../src/core/random';

function cloud(n: number, seed: number) {
  const rng = mulberry32(seed);
  const coords = new Float64Array(n * 3);
  for (let i = 0; i < coords.length; i++) coords[i] = randn(rng);
  const smooth = new Float64Array(n);
  const noise = new Float64Array(n);
  const holes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    smooth[i] = coords[i * 3] + 0.1 * randn(rng);
    noise[i] = rng();
    holes[i] = rng() < 0.2 ? NaN : coords[i * 3 + 1];
  }
  return { coords, smooth, noise, holes };
}

describe('findingRows', () => {
  const n = 300;
  const k = 10;
  const { coords, smooth, noise, holes } = cloud(n, 7);
  const series: FindingSeries[] = [
    { id: 'smooth', label: 'smooth', values: smooth },
    { id: 'noise', label: 'noise', values: noise },
    { id: 'holes', label: 'holes', values: holes },
    { id: 'empty', label: 'empty', values: new Float64Array(n).fill(NaN) },
  ];
  const emb = { coords, dim: 3 };
  const dist = {
    distances: euclideanDistanceMatrix(
      coords.subarray(0, n * 2).map((_, i) => coords[Math.floor(i / 2) * 3 + (i % 2)]),
      2,
    ),
    n,
  };

  it('matches neighbourSpearmanFrom for every series in both sources', () => {
    const rows = findingRows(series, emb, dist, k);
    expect(rows.map((r) => r.id)).toEqual(['smooth', 'noise', 'holes']);
    for (const r of rows) {
      const v = series.find((s) => s.id === r.id)!.values;
      expect(r.rhoEmbedding).toBeCloseTo(neighbourSpearmanFrom(v, emb, k), 12);
      expect(r.rhoDistance).toBeCloseTo(neighbourSpearmanFrom(v, dist, k), 12);
    }
    expect(rows[0].rhoEmbedding).toBeGreaterThan(0.7);
    expect(Math.abs(rows[1].rhoEmbedding)).toBeLessThan(0.3);
    expect(rows[2].n).toBe(Array.from(holes).filter(Number.isFinite).length);
    // Permutation p-values (issue 14): smooth fields, with or without missing values, get the smallest p; noise does not.
    expect(rows[0].pEmbedding).toBeLessThanOrEqual(0.002);
    expect(rows[0].pDistance).toBeLessThanOrEqual(0.002);
    expect(rows[2].pEmbedding).toBeLessThanOrEqual(0.002);
    expect(rows[1].pEmbedding).toBeGreaterThan(0.01);
    expect(rows[0].k).toBe(k);
    expect(rows[0].sentence).toMatch(/^smooth is smooth on this manifold: ρ = 0\.\d\d, p = 0\.00\d, k = 10$/);
  });

  it('without a distance matrix ρ distance is NaN', () => {
    const rows = findingRows(series.slice(0, 1), emb, null, k);
    expect(rows[0].rhoDistance).toBeNaN();
    expect(rows[0].pDistance).toBeNaN();
    expect(rows[0].sentence).toMatch(/smooth/);
  });
});
