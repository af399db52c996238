// CKA, RSA and Wasserstein distances under a feature memory budget
// (src/core/distance/blocked.ts): with a budget too small for every network's
// feature (packed Gram, ranks, death list) the pairs run block pair by block
// pair with features rebuilt; the result must be identical to the resident
// computation (and to the metric's own pairwise function), float32 output must
// be the rounded float64 result, progress must reach its total and cancel must
// stop it.
import { describe, expect, it } from 'vitest';
import { ckaDistanceSteps, ckaFeatureBytes, linearCka } from '../../src/core/distance/cka';
import { rsaDistanceSteps, rsaFeatureBytes, rsaSpearman } from '../../src/core/distance/rsa';
import { wassersteinFeatureBytes, wassersteinH0, wassersteinH0DistanceSteps } from '../../src/core/distance/wasserstein';
import { featureBlocks, type BlockedMatrixOptions } from '../../src/core/distance/blocked';
import { mstEdgeLengthsOfPoints } from '../../src/core/features/mst';
import { drainSteps, isCancelled, type Steps } from '../../src/core/cancel';
import { mulberry32 } from '../../src/core/random';
import type { Progress } from '../../src/core/types';
import type { WorkHooks } from '../../src/core/distance/hooks';

const n = 12;
type Layers = { data: Float32Array; width: number }[];
function nets(N: number, seed: number): Layers {
  const rng = mulberry32(seed);
  const L = Array.from({ length: N }, (_, i) => {
    const d = 2 + (i % 4);
    return { data: Float32Array.from({ length: n * d }, () => rng() * 2 - 1), width: d };
  });
  L[3] = { data: new Float32Array(n * 3).fill(0.5), width: 3 }; // constant: the degenerate branch of each metric
  return L;
}

type StepsFn = (layers: Layers, n: number, hooks?: WorkHooks, matrix?: BlockedMatrixOptions) => Steps<Float64Array | Float32Array>;
const metrics: { name: string; steps: StepsFn; bytes: number; pair: (a: Layers[number], b: Layers[number]) => number }[] = [
  {
    name: 'cka',
    steps: ckaDistanceSteps,
    bytes: ckaFeatureBytes(n),
    pair: (a, b) => Math.min(1, Math.max(0, 1 - linearCka(a.data, a.width, b.data, b.width, n))),
  },
  { name: 'rsa', steps: rsaDistanceSteps, bytes: rsaFeatureBytes(n), pair: (a, b) => 1 - rsaSpearman(a.data, a.width, b.data, b.width, n) },
  {
    name: 'wasserstein',
    steps: wassersteinH0DistanceSteps,
    bytes: wassersteinFeatureBytes(n),
    pair: (a, b) => wassersteinH0(mstEdgeLengthsOfPoints(a.data, n, a.width), mstEdgeLengthsOfPoints(b.data, n, b.width)),
  },
];

describe('feature block layout', () => {
  it('resident when all features fit, else blocks of floor(budget / 2 / bytes)', () => {
    expect(featureBlocks(10, 100, 1000)).toEqual({ rows: 10, resident: true });
    expect(featureBlocks(10, 100, 999)).toEqual({ rows: 4, resident: false });
    expect(featureBlocks(10, 100, 1)).toEqual({ rows: 1, resident: false });
  });
});

for (const m of metrics) {
  describe(`${m.name} distances in blocks`, () => {
    const N = 11;
    const L = nets(N, 17);
    const ref = drainSteps(m.steps(L, n)) as Float64Array;

    it('the resident result is the metric of each pair (to 1e-12) with a zero diagonal', () => {
      expect(ref).toBeInstanceOf(Float64Array);
      for (let i = 0; i < N; i++) {
        expect(ref[i * N + i]).toBe(0);
        for (let j = i + 1; j < N; j++) {
          expect(ref[i * N + j]).toBe(ref[j * N + i]);
          // the constant network: CKA/RSA give 1 by convention (the pair functions give NaN there)
          if (m.name !== 'wasserstein' && (i === 3 || j === 3)) expect(ref[i * N + j]).toBe(1);
          else expect(Math.abs(ref[i * N + j] - m.pair(L[i], L[j]))).toBeLessThan(1e-12);
        }
      }
    });

    for (const budget of [1, 2 * m.bytes, 5 * m.bytes, 6 * m.bytes]) {
      it(`budget ${budget} bytes: identical to resident, into float64 and float32`, () => {
        const got = drainSteps(m.steps(L, n, undefined, { featureBudgetBytes: budget }));
        expect(Array.from(got)).toEqual(Array.from(ref));
        const out = new Float32Array(N * N);
        expect(drainSteps(m.steps(L, n, undefined, { out, featureBudgetBytes: budget }))).toBe(out);
        for (let q = 0; q < N * N; q++) expect(out[q]).toBe(Math.fround(ref[q]));
      });
    }

    it('progress counts feature builds and block pairs up to their totals; cancel stops it', () => {
      const seen: Progress[] = [];
      // blocks of 2 over 11 networks: 6 blocks, 21 block pairs
      drainSteps(m.steps(L, n, { onProgress: (p) => seen.push(p) }, { featureBudgetBytes: 4 * m.bytes }));
      const pairs = seen.filter((p) => p.stage === `distance:${m.name}`);
      expect(pairs.at(-1)).toMatchObject({ done: 21, total: 21 });
      for (let i = 1; i < pairs.length; i++) expect(pairs[i].done).toBeGreaterThan(pairs[i - 1].done);
      const feats = seen.filter((p) => p.stage === `distance:${m.name}-features`);
      expect(feats.at(-1)!.done).toBe(feats.at(-1)!.total);
      // 11 first builds + block J rebuilt for each I < J: sum over J of J·rows(J)
      expect(feats.at(-1)!.total).toBe(11 + 2 * (1 + 2 + 3 + 4) + 1 * 5);

      let polls = 0;
      let err: unknown;
      try {
        drainSteps(m.steps(L, n, undefined, { featureBudgetBytes: 4 * m.bytes }), { isCancelled: () => ++polls > 20 });
      } catch (e) {
        err = e;
      }
      expect(isCancelled(err)).toBe(true);
      expect(polls).toBe(21);
    });
  });
}
