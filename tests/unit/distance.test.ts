import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DIFFUSION_OPTIONS,
  diffusionDistanceMatrix,
  diffusionOperator,
  medianScale,
  pairwiseRowDistances,
  selectLayer,
} from '../../src/core/distance';
import { mulberry32, permutation, randn, type Rng } from '../../src/core/random';
import type { DiffusionDistanceOptions, NetworkRecord } from '../../src/core/types';

function randomH(rng: Rng, n: number, d: number): Float32Array {
  const H = new Float32Array(n * d);
  for (let i = 0; i < H.length; i++) H[i] = randn(rng);
  return H;
}

/** A low-dimensional cloud embedded into d dims with a random linear map, ReLU'd: network-like activations. */
function activationLike(rng: Rng, n: number, d: number): Float32Array {
  const z = randomH(rng, n, 2);
  const A = randomH(rng, 2, d);
  const H = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) H[i * d + k] = Math.max(0, z[i * 2] * A[k] + z[i * 2 + 1] * A[d + k]);
  return H;
}

function frobDiff(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

const opts = (o: Partial<DiffusionDistanceOptions> = {}): DiffusionDistanceOptions => ({ ...DEFAULT_DIFFUSION_OPTIONS, ...o });

describe('diffusionOperator', () => {
  it('is row-stochastic and non-negative', () => {
    const n = 40;
    const P = diffusionOperator(randomH(mulberry32(1), n, 5), n, 5, opts());
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) {
        expect(P[i * n + j]).toBeGreaterThanOrEqual(0);
        s += P[i * n + j];
      }
      expect(s).toBeCloseTo(1, 12);
    }
  });

  it('follows the definition W = exp(-(D/median)^2 / (2 sigma^2)), row-normalised', () => {
    const n = 12;
    const d = 3;
    const H = randomH(mulberry32(2), n, d);
    const D = pairwiseRowDistances(H, n, d);
    const off: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off.push(D[i * n + j]);
    off.sort((a, b) => a - b);
    const med = (off[off.length / 2 - 1] + off[off.length / 2]) / 2;
    expect(medianScale(D, n)).toBeCloseTo(med, 14);
    const P = diffusionOperator(H, n, d, opts({ sigma: 0.7 }));
    for (let i = 0; i < n; i++) {
      const w = Array.from({ length: n }, (_, j) => Math.exp(-((D[i * n + j] / med) ** 2) / (2 * 0.49)));
      const s = w.reduce((a, b) => a + b, 0);
      for (let j = 0; j < n; j++) expect(P[i * n + j]).toBeCloseTo(w[j] / s, 12);
    }
  });

  it('tau = 2 gives P·P', () => {
    const n = 15;
    const H = randomH(mulberry32(3), n, 4);
    const P = diffusionOperator(H, n, 4, opts());
    const P2 = diffusionOperator(H, n, 4, opts({ tau: 2 }));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += P[i * n + k] * P[k * n + j];
        expect(P2[i * n + j]).toBeCloseTo(s, 13);
      }
  });

  it('zero-median guard: all-equal rows (dead layer) give the uniform operator, not NaN', () => {
    const n = 10;
    const H = new Float32Array(n * 4).fill(0);
    const P = diffusionOperator(H, n, 4, opts());
    for (const v of P) expect(v).toBeCloseTo(1 / n, 15);
  });

  it('zero-median guard: mostly duplicated rows fall back to the median of positive distances', () => {
    const n = 10;
    const H = new Float32Array(n); // d = 1: seven rows at 0, three distinct
    H[7] = 1;
    H[8] = 2;
    H[9] = 4;
    const D = pairwiseRowDistances(H, n, 1);
    const s = medianScale(D, n);
    expect(s).toBeGreaterThan(0);
    const P = diffusionOperator(H, n, 1, opts());
    for (const v of P) expect(Number.isFinite(v)).toBe(true);
  });

  it('throws on non-finite activations', () => {
    const H = randomH(mulberry32(4), 8, 2);
    H[5] = NaN;
    expect(() => diffusionOperator(H, 8, 2, opts())).toThrow(/non-finite/);
  });
});

describe('diffusionDistanceMatrix', () => {
  const n = 48;
  const rng = mulberry32(7);
  const nets = Array.from({ length: 6 }, (_, i) => {
    const d = 4 + i;
    return { data: activationLike(rng, n, d), width: d };
  });

  it('is symmetric with zero diagonal and positive off-diagonal entries for different networks', () => {
    const N = nets.length;
    const D = diffusionDistanceMatrix(nets, n);
    expect(D.length).toBe(N * N);
    for (let i = 0; i < N; i++) {
      expect(D[i * N + i]).toBe(0);
      for (let j = 0; j < N; j++) {
        expect(D[i * N + j]).toBe(D[j * N + i]);
        if (i !== j) expect(D[i * N + j]).toBeGreaterThan(1e-3);
      }
    }
  });

  it('identical networks are at distance exactly 0', () => {
    const D = diffusionDistanceMatrix([nets[0], nets[1], { data: nets[0].data.slice(), width: nets[0].width }], n);
    expect(D[0 * 3 + 2]).toBe(0);
    expect(D[1 * 3 + 2]).toBeGreaterThan(0);
  });

  it("'median' mode is scale invariant, 'raw' mode is not", () => {
    const H = nets[2].data;
    const H37 = H.map((v) => v * 3.7);
    const pair = [nets[2], { data: H37, width: nets[2].width }];
    const med = diffusionDistanceMatrix(pair, n, { scale: 'median' });
    expect(med[1]).toBeLessThan(1e-5);
    const raw = diffusionDistanceMatrix(pair, n, { scale: 'raw' });
    expect(raw[1]).toBeGreaterThan(0.1);
  });

  it('a permutation of hidden units (columns) gives distance ~0', () => {
    const { data, width } = nets[3];
    const perm = permutation(width, mulberry32(11));
    const permuted = new Float32Array(data.length);
    for (let i = 0; i < n; i++) for (let k = 0; k < width; k++) permuted[i * width + k] = data[i * width + perm[k]];
    const D = diffusionDistanceMatrix([nets[3], { data: permuted, width }], n);
    expect(D[1]).toBeLessThan(1e-6);
  });

  it('equals the direct ‖P_i − P_j‖_F computation', () => {
    for (const tau of [1, 3]) {
      const o = opts({ tau, sigma: 0.4 });
      const N = nets.length;
      const D = diffusionDistanceMatrix(nets, n, o);
      const Ps = nets.map((L) => diffusionOperator(L.data, n, L.width, o));
      for (let i = 0; i < N; i++)
        for (let j = 0; j < N; j++) {
          const direct = frobDiff(Ps[i], Ps[j]);
          expect(Math.abs(D[i * N + j] - direct)).toBeLessThan(1e-6 * (1 + direct));
        }
    }
  });

  it('satisfies the triangle inequality', () => {
    const N = nets.length;
    const D = diffusionDistanceMatrix(nets, n);
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) for (let k = 0; k < N; k++) expect(D[i * N + j]).toBeLessThanOrEqual(D[i * N + k] + D[k * N + j] + 1e-9);
  });

  it('names the network with non-finite activations', () => {
    const bad = { data: nets[1].data.slice(), width: nets[1].width };
    bad.data[3] = NaN;
    expect(() => diffusionDistanceMatrix([nets[0], nets[2], bad], n)).toThrow(/network 2 has non-finite/);
  });

  it('rejects activation arrays of the wrong length', () => {
    expect(() => diffusionDistanceMatrix([nets[0], { data: new Float32Array(10), width: 3 }], n)).toThrow(/network 1: expected 48×3/);
  });

  it('reports progress and honours cancellation', () => {
    const seen: string[] = [];
    diffusionDistanceMatrix(nets, n, {}, { onProgress: (p) => seen.push(p.stage) });
    expect(seen).toContain('distance:operators');
    expect(seen).toContain('distance:gram');
    expect(() => diffusionDistanceMatrix(nets, n, {}, { isCancelled: () => true })).toThrow(/cancelled/);
  });

  it('rejects invalid options', () => {
    expect(() => diffusionDistanceMatrix(nets, n, { sigma: 0 })).toThrow(/sigma/);
    expect(() => diffusionDistanceMatrix(nets, n, { tau: 1.5 })).toThrow(/tau/);
  });
});

describe('selectLayer', () => {
  const layer = (i: number) => ({ layer: i, width: 2, data: new Float32Array(2) });
  const net = { hp: { widths: [2, 2, 2] }, layers: [layer(0), layer(1), layer(2)] } as unknown as NetworkRecord;
  it("picks the last hidden layer for 'last' and clamps numeric indices", () => {
    expect(selectLayer(net, 'last')!.layer).toBe(2);
    expect(selectLayer(net, 0)!.layer).toBe(0);
    expect(selectLayer(net, 1)!.layer).toBe(1);
    expect(selectLayer(net, 9)!.layer).toBe(2);
  });
  it('returns undefined when the network has no activations', () => {
    expect(selectLayer({ ...net, layers: [] }, 'last')).toBeUndefined();
  });
});
