// computeNetworkFeatures / computeLayerProfile / FEATURE_INFO on synthetic networks.
import { describe, expect, it } from 'vitest';
import {
  FEATURE_IDS,
  FEATURE_INFO,
  LAYER_FEATURE_IDS,
  analyseRepresentation,
  computeLayerProfile,
  computeNetworkFeatures,
  computePopulationFeatures,
  nonlinearityPrepFor,
} from '../../src/core/features';
import { mulberry32, randn } from '../../src/core/random';
import type { NetworkRecord, ProbeSet } from '../../src/core/types';

const n = 60;
const din = 2;

function makeProbe(): ProbeSet {
  const rng = mulberry32(1);
  const x = new Float32Array(n * din);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 3;
    x[i * din] = labels[i] * 2 + 0.3 * randn(rng);
    x[i * din + 1] = 0.3 * randn(rng);
  }
  return { seed: 1, n, inputDim: din, indices: Int32Array.from({ length: n }, (_, i) => i), x, labels };
}

/** A random 2-layer ReLU network's activations on the probe inputs. */
function makeNet(probe: ProbeSet, seed: number, widths = [8, 5]): NetworkRecord {
  const rng = mulberry32(seed);
  let inp = Float32Array.from(probe.x);
  let w0 = din;
  const layers = widths.map((w, layer) => {
    const W = Float32Array.from({ length: w0 * w }, () => randn(rng));
    const out = new Float32Array(n * w);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < w; j++) {
        let s = 0.1;
        for (let k = 0; k < w0; k++) s += inp[i * w0 + k] * W[k * w + j];
        out[i * w + j] = Math.max(0, s);
      }
    inp = out;
    w0 = w;
    return { layer, width: w, data: out };
  });
  const final = { epoch: 10, trainLoss: 0.2, trainAcc: 0.95, testLoss: 0.3, testAcc: 0.9 };
  return {
    id: `net-${seed}`,
    hp: {
      architecture: 'mlp',
      widths,
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 1e-3,
      batchSize: 32,
      epochs: 10,
      dropout: 0,
      l2: 0,
      init: 'he_normal',
      seed,
    },
    status: 'ok',
    history: [final],
    final,
    layers,
  };
}

describe('FEATURE_INFO', () => {
  it('every feature id has a label, description and a source; per-layer ids are flagged', () => {
    for (const id of FEATURE_IDS) {
      const f = FEATURE_INFO[id];
      expect(f.label.length).toBeGreaterThan(0);
      expect(f.description.length).toBeGreaterThan(10);
      expect(['paper', 'ours', 'inspired']).toContain(f.source);
    }
    expect([...LAYER_FEATURE_IDS].sort()).toEqual(['effDim', 'nonlinR1', 'nonlinSlope', 'phDim', 'phDimR2']);
    expect(FEATURE_INFO.nonlinSlope.source).toBe('inspired');
  });
});

describe('computeNetworkFeatures', () => {
  const probe = makeProbe();

  it('returns every registered id, finite for a healthy network, with the performance values', () => {
    const f = computeNetworkFeatures(makeNet(probe, 2), probe);
    expect(Object.keys(f).sort()).toEqual([...FEATURE_IDS].sort());
    for (const id of FEATURE_IDS) expect(Number.isFinite(f[id]), id).toBe(true);
    expect(f.genGap).toBeCloseTo(0.05, 12);
    expect(f.silhouette).toBeGreaterThan(-1);
    expect(f.silhouette).toBeLessThanOrEqual(1);
    expect(f.dendrogramPurity).toBeGreaterThan(0);
    expect(f.dendrogramPurity).toBeLessThanOrEqual(1);
  });

  it('is deterministic and agrees with analyseRepresentation on the last layer', () => {
    const net = makeNet(probe, 3);
    const a = computeNetworkFeatures(net, probe);
    const b = computeNetworkFeatures(net, probe);
    expect(a).toEqual(b);
    const L = net.layers[1];
    const an = analyseRepresentation(L.data, n, L.width, probe.labels, { nonlinearityPrep: nonlinearityPrepFor(probe) });
    expect(a.dse).toBe(an.dse[0]);
    expect(a.h1Count).toBe(an.rips.h1.length / 2);
    expect(an.linkage.length).toBe((n - 1) * 4);
  });

  it('a diverged network keeps its performance numbers and gets NaN representation features', () => {
    const net = makeNet(probe, 4);
    net.layers[1].data[7] = NaN;
    const f = computeNetworkFeatures(net, probe);
    expect(f.testAcc).toBe(0.9);
    expect(Number.isNaN(f.dse)).toBe(true);
    expect(Number.isNaN(f.phDim)).toBe(true);
  });

  it('a collapsed representation (most probes on one point, or all) does not throw; DSE stays finite', () => {
    const net = makeNet(probe, 7);
    const L = net.layers[1];
    for (let i = 0; i < 40 * L.width; i++) L.data[i] = 0; // 40 of 60 probes at the origin: median distance 0
    const f = computeNetworkFeatures(net, probe);
    expect(Number.isFinite(f.dse)).toBe(true);
    expect(Number.isFinite(f.silhouette)).toBe(true);
    L.data.fill(1);
    const g = computeNetworkFeatures(net, probe);
    expect(g.dse).toBeLessThan(1e-10); // spectrum [1, 0, …, 0] up to round-off
    expect(g.h0TotalPersistence).toBe(0);
    expect(g.h1Count).toBe(0);
  });

  it('h1: false skips the H1 features', () => {
    const f = computeNetworkFeatures(makeNet(probe, 5), probe, { h1: false });
    expect('h1Count' in f).toBe(false);
    expect(Number.isFinite(f.h0TotalPersistence)).toBe(true);
  });
});

describe('computePopulationFeatures', () => {
  it('equals per-network computation, reports progress and can be cancelled', () => {
    const probe = makeProbe();
    const nets = [makeNet(probe, 11), makeNet(probe, 12), makeNet(probe, 13)];
    const seen: number[] = [];
    const all = computePopulationFeatures(nets, probe, {}, { onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([1, 2, 3]);
    nets.forEach((net, i) => expect(all[i]).toEqual(computeNetworkFeatures(net, probe)));
    expect(() => computePopulationFeatures(nets, probe, {}, { isCancelled: () => true })).toThrow(/cancelled/);
  });
});

describe('computeLayerProfile', () => {
  it('gives one value per hidden layer for each per-layer feature', () => {
    const probe = makeProbe();
    const net = makeNet(probe, 6, [12, 8, 4]);
    const prof = computeLayerProfile(net, probe);
    expect(prof.layers).toEqual([0, 1, 2]);
    expect(prof.widths).toEqual([12, 8, 4]);
    for (const v of Object.values(prof.features)) {
      expect(v.length).toBe(3);
      for (const x of v) expect(Number.isFinite(x)).toBe(true);
    }
    // the last layer's profile matches the scalar feature of that layer
    const f = computeNetworkFeatures(net, probe);
    expect(prof.features.effDim[2]).toBe(f.effDim);
    expect(prof.features.phDim[2]).toBe(f.phDim);
    expect(prof.features.nonlinR1[2]).toBe(f.nonlinR1);
  });
});
