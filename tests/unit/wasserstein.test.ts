// W1 between H0 diagrams against shared/fixtures/features/cka.json, plus properties.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wassersteinH0, wassersteinH0DistanceMatrix, wassersteinH0Matrix } from '../../src/core/distance/wasserstein';
import { mstEdgeLengthsOfPoints } from '../../src/core/features';
import { mulberry32 } from '../../src/core/random';

function loadFixture(name: string): any {
  const file = path.resolve(__dirname, '../../../shared/fixtures/features', name);
  if (!existsSync(file)) throw new Error(`missing fixture ${file}: the repo must be checked out beside shared/`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

const fx = loadFixture('cka.json');
const n: number = fx.n;
const p: number = fx.p;
const X = Float64Array.from((fx.X as number[][]).flat());

describe('W1 between H0 diagrams (fixtures)', () => {
  it('H0 deaths of X (abs 1e-8)', () => {
    const h = mstEdgeLengthsOfPoints(X, n, p);
    (fx.h0_deaths_X as number[]).forEach((v, i) => expect(Math.abs(h[i] - v)).toBeLessThanOrEqual(1e-8));
  });

  it.each((fx.pairs as any[]).map((pr) => [pr.name, pr]))('%s: W1 from the points (rel 1e-8)', (_name, pr) => {
    const Y = Float64Array.from((pr.Y as number[][]).flat());
    const M = wassersteinH0DistanceMatrix(
      [
        { data: X, width: p },
        { data: Y, width: pr.q },
      ],
      n,
    );
    expect(Math.abs(M[1] - pr.wasserstein1_h0)).toBeLessThanOrEqual(1e-8 * Math.max(1, pr.wasserstein1_h0));
    const hY = mstEdgeLengthsOfPoints(Y, n, pr.q);
    (pr.h0_deaths_Y as number[]).forEach((v, i) => expect(Math.abs(hY[i] - v)).toBeLessThanOrEqual(1e-8));
  });
});

/** Brute force: minimum over all partial matchings (tiny diagrams only). */
function bruteW1(a: number[], b: number[]): number {
  let best = Infinity;
  const used = new Array(b.length).fill(false);
  const rec = (i: number, cost: number) => {
    if (cost >= best) return;
    if (i === a.length) {
      let c = cost;
      b.forEach((v, j) => {
        if (!used[j]) c += v / 2;
      });
      best = Math.min(best, c);
      return;
    }
    rec(i + 1, cost + a[i] / 2);
    for (let j = 0; j < b.length; j++) {
      if (used[j]) continue;
      used[j] = true;
      rec(i + 1, cost + Math.abs(a[i] - b[j]));
      used[j] = false;
    }
  };
  rec(0, 0);
  return best;
}

describe('W1 properties', () => {
  it('the DP equals brute-force optimal matching on random small diagrams', () => {
    const rng = mulberry32(3);
    for (let t = 0; t < 40; t++) {
      const a = Array.from({ length: 1 + Math.floor(rng() * 5) }, () => rng() * 3);
      const b = Array.from({ length: Math.floor(rng() * 6) }, () => rng() * 3);
      expect(Math.abs(wassersteinH0(a, b) - bruteW1(a, b))).toBeLessThan(1e-12);
    }
  });

  it('symmetric, zero on identical diagrams, zero diagonal', () => {
    const rng = mulberry32(4);
    const dgs = Array.from({ length: 4 }, () => Array.from({ length: 20 }, () => rng()));
    dgs.push(dgs[0].slice().reverse());
    const M = wassersteinH0Matrix(dgs);
    const N = dgs.length;
    for (let i = 0; i < N; i++) {
      expect(M[i * N + i]).toBe(0);
      for (let j = 0; j < N; j++) expect(M[i * N + j]).toBe(M[j * N + i]);
    }
    expect(M[0 * N + 4]).toBe(0);
    expect(M[1]).toBeGreaterThan(0);
  });
});
