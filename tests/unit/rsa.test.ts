// RSA distance (1 − Spearman ρ of distance matrices) against shared/fixtures/features/cka.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rsaDistanceMatrix, rsaSpearman } from '../../src/core/distance/rsa';
import { argsortFloat64, averageRanks } from '../../src/core/features';
import { mulberry32, randn } from '../../src/core/random';

function loadFixture(name: string): any {
  const file = path.resolve(__dirname, '../../../shared/fixtures/features', name);
  if (!existsSync(file)) throw new Error(`missing fixture ${file}: the repo must be checked out beside shared/`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

const fx = loadFixture('cka.json');
const n: number = fx.n;
const p: number = fx.p;
const X = Float64Array.from((fx.X as number[][]).flat());

describe('RSA fixtures (abs 1e-9)', () => {
  it.each((fx.pairs as any[]).map((pr) => [pr.name, pr]))('%s: ρ and 1 − ρ', (_name, pr) => {
    const Y = Float64Array.from((pr.Y as number[][]).flat());
    expect(Math.abs(rsaSpearman(X, p, Y, pr.q, n) - pr.spearman_rho)).toBeLessThanOrEqual(1e-9);
  });

  it('the pairwise matrix reproduces rsa_distance, symmetric with a zero diagonal', () => {
    const layers = [
      { data: X, width: p },
      ...(fx.pairs as any[]).map((pr) => ({ data: Float64Array.from((pr.Y as number[][]).flat()), width: pr.q })),
    ];
    const N = layers.length;
    const M = rsaDistanceMatrix(layers, n);
    (fx.pairs as any[]).forEach((pr, j) => expect(Math.abs(M[j + 1] - pr.rsa_distance)).toBeLessThanOrEqual(1e-9));
    for (let i = 0; i < N; i++) {
      expect(M[i * N + i]).toBe(0);
      for (let j = 0; j < N; j++) expect(M[i * N + j]).toBe(M[j * N + i]);
    }
  });
});

describe('RSA properties', () => {
  it('average ranks handle ties like scipy', () => {
    expect(Array.from(averageRanks([3, 1, 3, 2, 3]))).toEqual([4, 1, 4, 2, 4]);
  });

  it('radix argsort is a stable numeric sort (negatives, ties, tiny and huge magnitudes)', () => {
    const rng = mulberry32(2);
    for (let t = 0; t < 50; t++) {
      const m = 1 + Math.floor(rng() * 300);
      const v = Float64Array.from({ length: m }, () =>
        rng() < 0.3 ? Math.round(randn(rng) * 3) + 0.5 : randn(rng) * 10 ** Math.floor(rng() * 20 - 10),
      );
      const o = argsortFloat64(v);
      const ref = Array.from({ length: m }, (_, i) => i).sort((a, b) => v[a] - v[b] || a - b);
      expect(Array.from(o)).toEqual(ref);
    }
  });

  it('identical networks are at distance 0; a monotone distortion of the geometry is invisible', () => {
    const rng = mulberry32(9);
    const A = Float32Array.from({ length: 40 * 6 }, () => randn(rng));
    const B = Float32Array.from({ length: 40 * 4 }, () => randn(rng));
    const M = rsaDistanceMatrix(
      [
        { data: A, width: 6 },
        { data: A.slice(), width: 6 },
        { data: B, width: 4 },
      ],
      40,
    );
    expect(M[1]).toBeLessThan(1e-12);
    expect(M[2]).toBeGreaterThan(0.5);
    // scaling multiplies every distance: ranks unchanged
    const s = rsaDistanceMatrix(
      [
        { data: A, width: 6 },
        { data: A.map((v) => 10 * v), width: 6 },
      ],
      40,
    );
    expect(s[1]).toBeLessThan(1e-12);
  });
});
