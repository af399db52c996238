// 1 − linear CKA against shared/fixtures/features/cka.json, plus invariance properties.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ckaDistanceMatrix, linearCka } from '../../src/core/distance/cka';
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

/** Random orthogonal q×q matrix: product of Householder reflections of Gaussian vectors. */
function randomOrthogonal(q: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const Q = new Float64Array(q * q);
  for (let i = 0; i < q; i++) Q[i * q + i] = 1;
  for (let r = 0; r < q; r++) {
    const v = Float64Array.from({ length: q }, () => randn(rng));
    const vv = v.reduce((s, x) => s + x * x, 0);
    // Q ← Q (I − 2vvᵀ/vᵀv)
    for (let i = 0; i < q; i++) {
      let s = 0;
      for (let k = 0; k < q; k++) s += Q[i * q + k] * v[k];
      for (let k = 0; k < q; k++) Q[i * q + k] -= (2 * s * v[k]) / vv;
    }
  }
  return Q;
}

function matmul(A: ArrayLike<number>, r: number, c: number, B: ArrayLike<number>, c2: number): Float64Array {
  const out = new Float64Array(r * c2);
  for (let i = 0; i < r; i++) for (let k = 0; k < c; k++) for (let j = 0; j < c2; j++) out[i * c2 + j] += A[i * c + k] * B[k * c2 + j];
  return out;
}

describe('linear CKA fixtures (abs 1e-9)', () => {
  it.each((fx.pairs as any[]).map((pr) => [pr.name, pr]))('%s', (_name, pr) => {
    const Y = Float64Array.from((pr.Y as number[][]).flat());
    expect(Math.abs(linearCka(X, p, Y, pr.q, n) - pr.linear_cka)).toBeLessThanOrEqual(1e-9);
  });

  it('the pairwise matrix reproduces every 1 − CKA and is symmetric with a zero diagonal', () => {
    const layers = [
      { data: X, width: p },
      ...(fx.pairs as any[]).map((pr) => ({ data: Float64Array.from((pr.Y as number[][]).flat()), width: pr.q })),
    ];
    const N = layers.length;
    const M = ckaDistanceMatrix(layers, n);
    (fx.pairs as any[]).forEach((pr, j) => {
      expect(Math.abs(M[j + 1] - pr.one_minus_cka)).toBeLessThanOrEqual(1e-9);
    });
    for (let i = 0; i < N; i++) {
      expect(M[i * N + i]).toBe(0);
      for (let j = 0; j < N; j++) expect(M[i * N + j]).toBe(M[j * N + i]);
    }
  });
});

describe('CKA properties', () => {
  it('CKA(X, XQ) = 1 for a random orthogonal Q, and is scale invariant', () => {
    const Q = randomOrthogonal(p, 11);
    const XQ = matmul(X, n, p, Q, p);
    expect(Math.abs(linearCka(X, p, XQ, p, n) - 1)).toBeLessThan(1e-12);
    const scaled = XQ.map((v) => 3.7 * v);
    const M = ckaDistanceMatrix(
      [
        { data: X, width: p },
        { data: scaled, width: p },
      ],
      n,
    );
    expect(M[1]).toBeLessThan(1e-12);
  });

  it('identical networks are at distance 0; float32 activations work; constant networks are handled', () => {
    const rng = mulberry32(5);
    const A = Float32Array.from({ length: 64 * 8 }, () => Math.max(0, randn(rng)));
    const B = Float32Array.from({ length: 64 * 5 }, () => randn(rng));
    const C = new Float32Array(64 * 3).fill(0.25);
    const M = ckaDistanceMatrix(
      [
        { data: A, width: 8 },
        { data: A.slice(), width: 8 },
        { data: B, width: 5 },
        { data: C, width: 3 },
        { data: C, width: 3 },
      ],
      64,
    );
    expect(M[0 * 5 + 1]).toBeLessThan(1e-12);
    expect(M[0 * 5 + 2]).toBeGreaterThan(0.05);
    expect(M[3 * 5 + 4]).toBe(0);
    expect(M[0 * 5 + 3]).toBe(1);
  });

  it('rejects non-finite activations and shape mismatches', () => {
    const A = new Float32Array(10 * 2).fill(1);
    A[3] = NaN;
    expect(() => ckaDistanceMatrix([{ data: A, width: 2 }], 10)).toThrow(/non-finite/);
    expect(() => ckaDistanceMatrix([{ data: A, width: 3 }], 10)).toThrow(/expected/);
  });
});
