import { describe, expect, it } from 'vitest';
import { decodePopulation, encodePopulation } from '../../src/core/bundle';
import { diffusionDistanceMatrix } from '../../src/core/distance';
import { embedPopulation } from '../../src/core/pipeline';
import { mulberry32, randn, type Rng } from '../../src/core/random';
import type { NetworkRecord, Population, ProbeSet } from '../../src/core/types';

const n = 32;

function makeProbe(rng: Rng): ProbeSet {
  return {
    seed: 1,
    n,
    inputDim: 2,
    indices: Int32Array.from({ length: n }, (_, i) => i),
    x: Float32Array.from({ length: n * 2 }, () => randn(rng)),
    labels: Int32Array.from({ length: n }, (_, i) => i % 2),
  };
}

/** Two families of "networks": ReLU of two different random maps of the probe, plus per-network noise. */
function makeNetworks(rng: Rng, probe: ProbeSet, N: number, diverged: number[], cancelled: number[]): NetworkRecord[] {
  const families = [0, 1].map(() => Float32Array.from({ length: 2 * 8 }, () => randn(rng)));
  return Array.from({ length: N }, (_, i): NetworkRecord => {
    const widths = [6, 8];
    const A = families[i % 2];
    const noise = 0.3 + 0.1 * (i % 3);
    const layers = widths.map((w, l) => {
      const data = new Float32Array(n * w);
      for (let p = 0; p < n; p++)
        for (let k = 0; k < w; k++) {
          const z = probe.x[p * 2] * A[k] + probe.x[p * 2 + 1] * A[8 + k] + noise * randn(rng);
          data[p * w + k] = l === 1 ? Math.max(0, z) : Math.tanh(z);
        }
      if (diverged.includes(i)) data.fill(NaN);
      return { layer: l, width: w, data };
    });
    const m = { epoch: 3, trainLoss: 0.3, trainAcc: 0.9, testLoss: 0.35, testAcc: 0.88 };
    const status = diverged.includes(i) ? 'diverged' : cancelled.includes(i) ? 'cancelled' : 'ok';
    return {
      id: `net-${i}`,
      hp: {
        architecture: 'mlp',
        widths,
        activation: 'relu',
        optimizer: 'adam',
        learningRate: 0.01,
        batchSize: 16,
        epochs: 3,
        dropout: 0,
        l2: 0,
        init: 'he_normal',
        seed: i,
      },
      status,
      history: [m],
      final: m,
      layers: cancelled.includes(i) ? [] : layers,
    };
  });
}

describe('embedPopulation', () => {
  const rng = mulberry32(42);
  const probe = makeProbe(rng);
  const N = 10;
  const diverged = [2, 7];
  const cancelled = [5];
  const networks = makeNetworks(rng, probe, N, diverged, cancelled);

  it('embeds the finite networks and keeps point i = network i, NaN rows for the excluded', async () => {
    const stages = new Set<string>();
    const out = await embedPopulation(networks, probe, { phate: { nComponents: 3 }, onProgress: (p) => stages.add(p.stage) });
    expect(out.included).toEqual([0, 1, 3, 4, 6, 8, 9]);
    expect(out.excluded.map((e) => e.index)).toEqual([2, 5, 7]);
    expect(out.excluded.find((e) => e.index === 2)!.reason).toMatch(/non-finite/);
    expect(out.excluded.find((e) => e.index === 5)!.reason).toMatch(/no activations/);
    expect(out.embedding.nComponents).toBe(3);
    expect(out.embedding.embedding.length).toBe(N * 3);
    for (let i = 0; i < N; i++) {
      const row = Array.from(out.embedding.embedding.subarray(i * 3, i * 3 + 3));
      if (out.included.includes(i)) expect(row.every(Number.isFinite)).toBe(true);
      else expect(row.every(Number.isNaN)).toBe(true);
    }
    expect(out.metric).toEqual({ layer: 'last', sigma: 0.5, scale: 'median', tau: 1 });
    expect(out.phate.nComponents).toBe(3);
    expect(stages.has('distance:operators')).toBe(true);
    // Distances: the included block equals a direct computation; excluded rows are NaN.
    const sub = diffusionDistanceMatrix(
      out.included.map((i) => networks[i].layers[1]),
      n,
    );
    const M = out.included.length;
    for (let a = 0; a < M; a++)
      for (let b = 0; b < M; b++) expect(out.distances![out.included[a] * N + out.included[b]]).toBe(sub[a * M + b]);
    for (let i = 0; i < N; i++) {
      expect(out.distances![i * N + i]).toBe(0);
      if (!out.included.includes(i)) expect(Number.isNaN(out.distances![i * N + ((i + 1) % N)])).toBe(true);
    }
    // The embedding reflects the two families: same-family pairs are closer on average.
    const Y = out.embedding.embedding;
    const dist = (i: number, j: number) => Math.hypot(Y[i * 3] - Y[j * 3], Y[i * 3 + 1] - Y[j * 3 + 1], Y[i * 3 + 2] - Y[j * 3 + 2]);
    let same = 0,
      ns = 0,
      diff = 0,
      nd = 0;
    for (const i of out.included)
      for (const j of out.included)
        if (i < j) {
          if (i % 2 === j % 2) ((same += dist(i, j)), ns++);
          else ((diff += dist(i, j)), nd++);
        }
    expect(same / ns).toBeLessThan(diff / nd);
  });

  it('its output is a valid bundle (NaN rows accepted for excluded networks)', async () => {
    const out = await embedPopulation(networks, probe);
    const pop: Population = {
      id: 'p',
      name: 'pipeline',
      provenance: {
        dataset: { name: 'moons', seed: 1 },
        probe: { n, seed: 1 },
        metric: { name: 'diffusion', ...out.metric },
        phate: out.phate,
        generator: 'test',
        createdAt: new Date(0).toISOString(),
      },
      probe,
      networks,
      distances: out.distances,
      embedding: out.embedding,
    };
    const back = decodePopulation(encodePopulation(pop));
    expect(back.embedding!.embedding.length).toBe(N * out.embedding.nComponents);
  });

  it('honours the layer option (first hidden layer gives different distances)', async () => {
    const last = await embedPopulation(networks, probe, { metric: { layer: 'last' } });
    const first = await embedPopulation(networks, probe, { metric: { layer: 0 } });
    expect(first.metric.layer).toBe(0);
    expect(first.distances![0 * N + 1]).not.toBe(last.distances![0 * N + 1]);
  });

  it('fails clearly with fewer than 3 embeddable networks', async () => {
    const few = makeNetworks(mulberry32(3), probe, 4, [0, 1], []);
    await expect(embedPopulation(few, probe)).rejects.toThrow(/need at least 3 networks with finite activations to embed, got 2 of 4/);
  });

  it('can be cancelled', async () => {
    await expect(embedPopulation(networks, probe, { isCancelled: () => true })).rejects.toThrow(/cancel/i);
    await expect(embedPopulation(networks, probe, { isCancelled: () => true })).rejects.toMatchObject({ name: 'CancelledError' });
  });
});
