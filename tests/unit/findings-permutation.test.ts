// Findings with uncertainty (issue 14 item 5): the permutation p of the
// neighbour-mean ρ over a fixed kNN graph, k chosen from N, and no verdict
// where N is too small or p is not small.
import { describe, expect, it } from 'vitest';
import { findingRows, type FindingSeries } from '../../src/core/explore/findings';
import { NeighbourRho, neighbourRhoPermutation } from '../../src/core/explore/neighbour-permutation';
import { describeFinding, findingVerdict, findingsK, FINDINGS_MIN_VERDICT_N } from '../../src/core/explore/finding-verdict';
import { neighbourSpearmanFrom, spearmanFinite, neighbourMeans } from '../../src/core/explore/smooth';
import { kNearest } from '../../src/core/explore/neighbours';
import { mulberry32 } from '../../src/core/random';

/** side × side grid in the plane: a known neighbour graph. */
function grid(side: number) {
  const n = side * side;
  const coords = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    coords[i * 2] = i % side;
    coords[i * 2 + 1] = Math.floor(i / side) + 0.001 * (i % side); // break distance ties deterministically
  }
  return { n, coords, src: { coords, dim: 2 } };
}

function tableOf(src: { coords: Float64Array; dim: number }, n: number, k: number): Int32Array {
  const t = new Int32Array(n * k).fill(-1);
  for (let i = 0; i < n; i++) kNearest(src, i, k).forEach((nb, q) => (t[i * k + q] = nb.index));
  return t;
}

describe('NeighbourRho (the statistic the permutations recompute)', () => {
  it('equals spearmanFinite of values against their neighbour means, ties included', () => {
    const { n, src } = grid(12);
    const k = 6;
    const rng = mulberry32(3);
    const values = Float64Array.from({ length: n }, () => Math.round(rng() * 5)); // many ties
    const stat = new NeighbourRho(tableOf(src, n, k), k, n);
    expect(stat.rho(values)).toBeCloseTo(spearmanFinite(values, neighbourMeans(values, src, k)), 12);
  });
});

describe('neighbourRhoPermutation', () => {
  const { n, coords, src } = grid(15);
  const k = 8;
  const table = tableOf(src, n, k);

  it('a smooth field over the grid gets the smallest reachable p', () => {
    const rng = mulberry32(11);
    const field = Float64Array.from({ length: n }, (_, i) => coords[i * 2] + 0.5 * coords[i * 2 + 1] + 0.3 * rng());
    const r = neighbourRhoPermutation(field, table, k, 999, 5);
    expect(r.rho).toBeGreaterThan(0.8);
    expect(r.p).toBe(1 / 1000);
  });

  it('shuffled fields give p-values spread over (0, 1], not small', () => {
    const ps: number[] = [];
    for (let s = 0; s < 60; s++) {
      const rng = mulberry32(100 + s);
      const field = Float64Array.from({ length: n }, () => rng());
      ps.push(neighbourRhoPermutation(field, table, k, 199, 7 + s).p);
    }
    const mean = ps.reduce((a, b) => a + b, 0) / ps.length;
    expect(mean).toBeGreaterThan(0.35);
    expect(mean).toBeLessThan(0.65);
    // Under the null about 5 % fall at or below 0.05; 60 draws: allow up to 9 (P(X ≥ 10) < 0.2 %).
    expect(ps.filter((p) => p <= 0.05).length).toBeLessThanOrEqual(9);
    // Spread: both halves are populated.
    expect(ps.filter((p) => p < 0.5).length).toBeGreaterThan(15);
    expect(ps.filter((p) => p >= 0.5).length).toBeGreaterThan(15);
  });

  it('is deterministic by seed, and the seed matters', () => {
    const rng = mulberry32(21);
    // A weak field: p lands mid-range, where the shuffles decide it.
    const field = Float64Array.from({ length: n }, (_, i) => 0.01 * coords[i * 2] + rng());
    const a = neighbourRhoPermutation(field, table, k, 199, 42);
    const b = neighbourRhoPermutation(field, table, k, 199, 42);
    expect(a.p).toBeGreaterThan(0.02);
    expect(b).toEqual(a);
    const others = [1, 2, 3, 4, 5].map((s) => neighbourRhoPermutation(field, table, k, 199, s).p);
    expect(others.some((p) => p !== a.p)).toBe(true);
  });

  it('permutations = 0 gives ρ with p NaN', () => {
    const r = neighbourRhoPermutation(
      Float64Array.from({ length: n }, (_, i) => i),
      table,
      k,
      0,
      1,
    );
    expect(Number.isFinite(r.rho)).toBe(true);
    expect(r.p).toBeNaN();
  });
});

describe('k from N and verdicts', () => {
  it('findingsK is min(10, ⌊√N⌋), at least 1 and below N', () => {
    expect(findingsK(12)).toBe(3);
    expect(findingsK(50)).toBe(7);
    expect(findingsK(100)).toBe(10);
    expect(findingsK(2000)).toBe(10);
    expect(findingsK(2)).toBe(1);
  });

  it('12 networks on a clean gradient: k = 10 hides it (the reported bug), k = 3 finds it, and there is no verdict either way', () => {
    const N = 12;
    const coords = Float64Array.from({ length: N * 2 }, (_, i) => (i % 2 === 0 ? i / 2 : 0.01 * (i % 5)));
    const acc = Float64Array.from({ length: N }, (_, i) => 0.5 + 0.04 * i); // accuracy rises along the line
    const src = { coords, dim: 2 };
    // With 10 of 11 others as "neighbours", the mean falls as the own value rises.
    const rho10 = neighbourSpearmanFrom(acc, src, 10);
    expect(rho10).toBeLessThan(0.5);
    const k = findingsK(N);
    const series: FindingSeries[] = [{ id: 'testAcc', label: 'accuracy', values: acc }];
    const [row] = findingRows(series, src, null, k, { permutations: 999, seed: 1 });
    expect(row.k).toBe(3);
    expect(row.rhoEmbedding).toBeGreaterThan(0.9);
    expect(row.rhoEmbedding - rho10).toBeGreaterThan(0.4);
    expect(row.pEmbedding).toBeLessThan(0.01);
    expect(findingVerdict(row.rhoEmbedding, row.pEmbedding, row.n)).toBe('none');
    expect(row.sentence).toMatch(/^no verdict on accuracy: 12 networks are too few/);
    expect(row.sentence).not.toMatch(/not organised/);
  });

  it('verdict bands need N ≥ 20 and p ≤ 0.05', () => {
    expect(findingVerdict(0.86, 0.001, 300)).toBe('smooth');
    expect(findingVerdict(0.5, 0.001, 300)).toBe('fairly smooth');
    expect(findingVerdict(0.25, 0.01, 300)).toBe('weakly organised');
    expect(findingVerdict(0.86, 0.2, 300)).toBe('none');
    expect(findingVerdict(0.86, NaN, 300)).toBe('none');
    expect(findingVerdict(0.86, 0.001, FINDINGS_MIN_VERDICT_N - 1)).toBe('none');
    expect(describeFinding('accuracy', 0.857, 0.001, 300, 10)).toBe('accuracy is smooth on this manifold: ρ = 0.86, p = 0.001, k = 10');
    expect(describeFinding('accuracy', -0.01, 0.52, 300, 10)).toBe(
      'no verdict on accuracy: ρ is not distinguishable from shuffled values (ρ = −0.01, p = 0.52, k = 10)',
    );
    expect(describeFinding('accuracy', 0.5, NaN, 300, 10)).toMatch(/significance not computed yet/);
  });
});
