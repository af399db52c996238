import { describe, expect, it } from 'vitest';
import { EmbeddingSession } from '../../src/core/embedding-session';
import { checkEmbeddingBudget, DEFAULT_EMBEDDING_BUDGET_BYTES, embeddingMemoryPlan } from '../../src/core/distance';
import { ckaDistanceMatrix } from '../../src/core/distance/cka';
import { embedPopulation } from '../../src/core/pipeline';
import { mulberry32, randn, type Rng } from '../../src/core/random';
import type { NetworkRecord, ProbeSet } from '../../src/core/types';

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

/** Three families of networks (random maps of the probe plus noise); `diverged` get NaN activations. */
function makeNetworks(rng: Rng, probe: ProbeSet, N: number, diverged: number[] = []): NetworkRecord[] {
  const families = [0, 1, 2].map(() => Float32Array.from({ length: 2 * 8 }, () => randn(rng)));
  return Array.from({ length: N }, (_, i): NetworkRecord => {
    const widths = [6, 8];
    const A = families[i % 3];
    const noise = 0.2 + 0.05 * (i % 5);
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
    const m = { epoch: 3, trainLoss: 0.3, trainAcc: 0.9, testLoss: 0.35, testAcc: 0.5 + 0.01 * i };
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
      status: diverged.includes(i) ? 'diverged' : 'ok',
      history: [m],
      final: m,
      layers,
    };
  });
}

function setup(N = 24, diverged: number[] = []) {
  const rng = mulberry32(7);
  const probe = makeProbe(rng);
  return { probe, networks: makeNetworks(rng, probe, N, diverged) };
}

describe('EmbeddingSession', () => {
  it('gives the pipeline embedding on a first diffusion run, with NaN rows for excluded networks', async () => {
    const { probe, networks } = setup(24, [5]);
    const session = new EmbeddingSession(networks, probe);
    const r = await session.run({ metric: 'diffusion', layer: 'last', phate: { nComponents: 3 } });
    const ref = await embedPopulation(networks, probe, { phate: { nComponents: 3 } });
    expect(r.included).toEqual(ref.included);
    expect(r.included).not.toContain(5);
    expect(Number.isNaN(r.embedding.embedding[5 * 3])).toBe(true);
    expect(r.embedding.t).toBe(ref.embedding.t);
    for (let i = 0; i < r.embedding.embedding.length; i++) {
      const a = r.embedding.embedding[i];
      const b = ref.embedding.embedding[i];
      if (Number.isNaN(b)) expect(Number.isNaN(a)).toBe(true);
      else expect(Math.abs(a - b)).toBeLessThan(1e-9);
    }
    expect(r.distances![5 * 24 + 6]).toBeNaN();
    expect(r.distances![5 * 24 + 5]).toBe(0);
  });

  it('counts constant representations (dead units); under 1 − CKA they are a piece of the graph of their own', async () => {
    const { probe, networks } = setup(24);
    const dead = [1, 3, 6, 10, 13, 17, 22];
    for (const i of dead) networks[i].layers[1].data.fill(0); // a dead ReLU layer: every probe maps to 0
    networks[20].layers[1].data.fill(0.5); // constant but not zero
    const session = new EmbeddingSession(networks, probe);
    const cka = await session.run({ metric: 'cka', layer: 'last', phate: { nComponents: 2, knn: 5 } });
    expect(cka.constant).toBe(8);
    expect(cka.included).toHaveLength(24); // they stay embedded
    // each has 7 others at distance 0 and the rest at 1: with knn < 8 its bandwidth is 0 and it joins nothing alive
    const { probe: p2, networks: alive } = setup(24);
    const aliveOnly = await new EmbeddingSession(
      alive.filter((_n, i) => !dead.includes(i) && i !== 20),
      p2,
    ).run({ metric: 'cka', layer: 'last', phate: { nComponents: 2, knn: 5 } });
    expect(cka.embedding.components).toBe(aliveOnly.embedding.components + 1);
    const joined = await session.run({ metric: 'cka', layer: 'last', phate: { nComponents: 2, knn: 8 } });
    expect(joined.embedding.components).toBeLessThan(cka.embedding.components);
    const first = await session.run({ metric: 'cka', layer: 0, phate: { nComponents: 2 } });
    expect(first.constant).toBe(0); // layer 0 of the same networks is alive
    expect(aliveOnly.constant).toBe(0);
  });

  it('changing t reuses the kernel; changing dims reuses the diffusion; both reuse the distances', async () => {
    const { probe, networks } = setup();
    const session = new EmbeddingSession(networks, probe);
    const a = await session.run({ metric: 'diffusion', layer: 'last', phate: { t: 'auto' } });
    expect(a.stageRuns).toMatchObject({ kernel: 1, diffusion: 1, mds: 1 });
    expect(a.distancesReused).toBe(false);
    const b = await session.run({ metric: 'diffusion', layer: 'last', phate: { t: a.tAuto + 7 } });
    expect(b.stageRuns).toMatchObject({ kernel: 1, diffusion: 2, mds: 2 });
    expect(b.distancesReused).toBe(true);
    expect(b.timings.kernel).toBe(0);
    expect(b.embedding.t).toBe(a.tAuto + 7);
    expect(b.tAuto).toBe(a.tAuto);
    const c = await session.run({ metric: 'diffusion', layer: 'last', phate: { t: a.tAuto + 7, nComponents: 2 } });
    expect(c.stageRuns).toMatchObject({ kernel: 1, diffusion: 2, mds: 3 });
    expect(c.embedding.nComponents).toBe(2);
    expect(c.embedding.embedding.length).toBe(24 * 2);
    const d = await session.run({ metric: 'diffusion', layer: 'last', phate: { t: a.tAuto + 7, nComponents: 2, knn: 7 } });
    expect(d.stageRuns.kernel).toBe(2);
    expect(d.knnEffective).toBe(7);
  });

  it('a cancelled run rejects, keeps the caches, and the next run completes', async () => {
    const { probe, networks } = setup();
    const session = new EmbeddingSession(networks, probe);
    await session.run({ metric: 'diffusion', layer: 'last', phate: {} });
    let cancel = false;
    const p = session.run(
      { metric: 'diffusion', layer: 'last', phate: { t: 3 } },
      {
        isCancelled: () => cancel,
        onProgress: (pr) => {
          if (pr.stage === 'mds') cancel = true;
        },
      },
    );
    await expect(p).rejects.toMatchObject({ name: 'CancelledError' });
    const r = await session.run({ metric: 'diffusion', layer: 'last', phate: { t: 3 } });
    expect(r.stageRuns.kernel).toBe(1);
    expect(r.embedding.t).toBe(3);
  });

  it('switching the metric computes that metric between the included networks', async () => {
    const { probe, networks } = setup(18, [2]);
    const session = new EmbeddingSession(networks, probe);
    const r = await session.run({ metric: 'cka', layer: 0, phate: {} });
    const layers = r.included.map((i) => networks[i].layers[0]);
    const D = ckaDistanceMatrix(layers, n);
    const M = r.included.length;
    for (let a = 0; a < M; a++)
      for (let b = 0; b < M; b++) expect(r.distances![r.included[a] * 18 + r.included[b]]).toBeCloseTo(D[a * M + b], 12);
    expect(r.metric).toBe('cka');
    expect(r.layer).toBe(0);
  });

  it('seeded distances are reused and a re-embed is aligned to the embedding on screen', async () => {
    const { probe, networks } = setup();
    const ref = await embedPopulation(networks, probe, {});
    const session = new EmbeddingSession(networks, probe);
    session.seed('diffusion', 'last', ref.distances!, ref.embedding);
    const r = await session.run({ metric: 'diffusion', layer: 'last', phate: { t: ref.embedding.t + 1 } });
    expect(r.distancesReused).toBe(true);
    // Aligned: closer to the old coordinates than the unaligned result would be after any reflection.
    let aligned = 0;
    let flipped = 0;
    const Y = r.embedding.embedding;
    const X = ref.embedding.embedding;
    const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const sx = norm(X);
    const sy = norm(Y);
    for (let i = 0; i < Y.length; i++) {
      aligned += (Y[i] / sy - X[i] / sx) ** 2;
      flipped += (-Y[i] / sy - X[i] / sx) ** 2;
    }
    expect(aligned).toBeLessThan(flipped);
    expect(aligned).toBeLessThan(0.5);
  });
});

describe('large populations: memory plan and budget (distance/budget.ts)', () => {
  it('plans float64 distances up to 2,000 networks, float32 above, and no N×N copy above 4,000', () => {
    const p2 = embeddingMemoryPlan(2000, 2000, 256, 'diffusion');
    expect(p2).toMatchObject({ entryBytes: 8, keepFull: true });
    const p10 = embeddingMemoryPlan(10000, 10000, 256, 'diffusion');
    expect(p10).toMatchObject({ entryBytes: 4, keepFull: false });
    const p20 = embeddingMemoryPlan(20000, 20000, 256, 'diffusion');
    // 20,000² float32 = 1.6 GB plus bounded operator and landmark memory: inside the default 2 GiB
    expect(p20.bytes).toBeGreaterThan(20000 * 20000 * 4);
    expect(p20.bytes).toBeLessThanOrEqual(DEFAULT_EMBEDDING_BUDGET_BYTES);
    // the other metrics write into the same float32 matrix, their per-network features capped by the operator budget
    for (const metric of ['cka', 'rsa', 'wasserstein-h0']) {
      const p = embeddingMemoryPlan(20000, 20000, 256, metric);
      expect(p.bytes).toBeLessThanOrEqual(p20.bytes);
      expect(p.bytes).toBeGreaterThan(20000 * 20000 * 4);
    }
  });

  it('above the budget a run is refused with a message before any distance work, and the session still works', async () => {
    const rng = mulberry32(5);
    const probe = makeProbe(rng);
    const networks = makeNetworks(rng, probe, 12);
    const session = new EmbeddingSession(networks, probe, { memoryBudgetBytes: 1000 });
    const seen: string[] = [];
    await expect(session.run({ metric: 'diffusion', layer: 'last', phate: {} }, { onProgress: (p) => seen.push(p.stage) })).rejects.toThrow(
      /needs about .* of memory, above the memory budget .*netmanifold embed/,
    );
    expect(seen).toEqual([]);
    expect(() => checkEmbeddingBudget(25000, 25000, 256, 'diffusion')).toThrow(/25,000 networks/);
    const ok = new EmbeddingSession(networks, probe);
    const r = await ok.run({ metric: 'diffusion', layer: 'last', phate: {} });
    expect(r.distances!.length).toBe(144);
  });
});
