// Population runs as the app drives them: resume trains only the missing
// networks and gives the same records as one uninterrupted run; pause holds
// the trainer without losing state; a diverging rate is marked and the others
// finish; the compact IndexedDB record round-trips; the run store (idb over
// fake-indexeddb) keeps runs and networks; the time estimate is sane.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { NetworkRecord, PopulationSpec } from '../../src/core/types';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import { expandPopulation, networkId } from '../../src/core/population/spec';
import { PauseGate, missingIndices, runPopulation, type RunProgress } from '../../src/core/train/population-run';
import { decodeStoredNetwork, encodeStoredNetwork, storedNetworkBytes } from '../../src/core/persist/stored-network';
import { calibrateThroughput, dataShape, estimateSeconds } from '../../src/core/train/estimate';
import * as runStore from '../../src/workers/run-store';

const spec: PopulationSpec = {
  dataset: { name: 'moons', seed: 3, samples: 160 },
  space: {
    depth: [1, 2],
    width: [6],
    activation: ['relu', 'tanh'],
    optimizer: ['adam'],
    learningRate: [1e-2, 3e-2],
    batchSize: [32],
    epochs: [3],
    dropout: [0],
    l2: [0],
    init: ['glorot_uniform'],
    seed: [1],
  },
  sampling: 'grid',
  count: 8,
  seed: 5,
  probe: { n: 24, seed: 1 },
};
const ds = loadDataset(spec.dataset);
const probe = makeProbeSet(ds, spec.probe.n, spec.probe.seed);
const hps = expandPopulation(spec);

function sameRecord(a: NetworkRecord, b: NetworkRecord): void {
  expect(a.id).toBe(b.id);
  expect(a.status).toBe(b.status);
  expect(a.history.length).toBe(b.history.length);
  a.history.forEach((m, i) => expect(m.trainLoss).toBeCloseTo(b.history[i].trainLoss, 5));
  a.layers.forEach((l, i) => {
    const o = b.layers[i].data;
    let maxDiff = 0;
    for (let k = 0; k < l.data.length; k++) maxDiff = Math.max(maxDiff, Math.abs(l.data[k] - o[k]));
    expect(maxDiff).toBeLessThan(1e-4);
  });
}

describe('population runs', () => {
  let full: Map<number, NetworkRecord>;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const r = await runPopulation(tf, ds, probe, spec);
    full = new Map(r.finished.map((f) => [f.index, f.record]));
  });

  it('trains every network of the spec with population-wide ids, and leaks no tensors', async () => {
    expect(full.size).toBe(hps.length);
    for (const [i, rec] of full) expect(rec.id).toBe(networkId(hps[i], i));
    const before = tf.memory().numTensors;
    await runPopulation(tf, ds, probe, spec, { indices: [0, 1] });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resume: training only the missing networks gives the records of an uninterrupted run', async () => {
    const missing = missingIndices(hps.length, [0, 2, 3, 6]);
    expect(missing).toEqual([1, 4, 5, 7]);
    const r = await runPopulation(tf, ds, probe, spec, { indices: missing });
    expect(r.finished.map((f) => f.index).sort()).toEqual(missing);
    expect(r.missing).toEqual([]);
    for (const f of r.finished) sameRecord(f.record, full.get(f.index)!);
  });

  it('cancel keeps the networks that finished and lists the rest as missing', async () => {
    let groupsDone = 0;
    const r = await runPopulation(tf, ds, probe, spec, {
      hooks: {
        onNetwork: () => {
          groupsDone++;
        },
        isCancelled: () => groupsDone >= 2,
      },
    });
    expect(r.cancelled).toBe(true);
    expect(r.finished.length).toBeGreaterThanOrEqual(2);
    expect(r.finished.length).toBeLessThan(hps.length);
    expect([...r.finished.map((f) => f.index), ...r.missing].sort((a, b) => a - b)).toEqual(hps.map((_, i) => i));
    for (const f of r.finished) sameRecord(f.record, full.get(f.index)!);
  });

  it('pause holds the trainer until resume, and the result is unchanged', async () => {
    const gate = new PauseGate();
    const progress: RunProgress[] = [];
    gate.pause();
    const t0 = performance.now();
    const running = runPopulation(tf, ds, probe, spec, {
      indices: [0, 1],
      hooks: { waitWhilePaused: () => gate.wait(), pausedSeconds: () => gate.pausedSeconds(), onProgress: (p) => progress.push(p) },
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(progress.length).toBe(0); // held before the first step
    expect(gate.pausedSeconds()).toBeGreaterThan(0.1);
    gate.resume();
    const r = await running;
    const wall = (performance.now() - t0) / 1000;
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1];
    expect(last.networksTotal).toBe(hps.length);
    expect(last.epochs).toBe(3);
    expect(Number.isFinite(last.loss)).toBe(true);
    // the pause is not counted as training time
    expect(last.elapsedSeconds).toBeLessThan(wall - 0.1);
    for (const f of r.finished) sameRecord(f.record, full.get(f.index)!);
  });

  it('a NaN-producing learning rate marks that network diverged; the others finish as usual', async () => {
    const bad: PopulationSpec = {
      ...spec,
      space: { ...spec.space, depth: [1], activation: ['relu'], optimizer: ['sgd'], learningRate: [3e-2, 1e6] },
    };
    const r = await runPopulation(tf, ds, probe, bad);
    const byRate = new Map(r.finished.map((f) => [f.record.hp.learningRate, f.record]));
    expect(byRate.get(1e6)!.status).toBe('diverged');
    expect(byRate.get(1e6)!.statusReason).toMatch(/NaN|infinite|exploded|Infinity/);
    expect(byRate.get(3e-2)!.status).toBe('ok');
    expect(byRate.get(3e-2)!.history.length).toBe(4);
  });

  it('the compact stored record round-trips (final activations exact, checkpoints within half precision)', () => {
    const rec = full.get(5)!;
    const stored = encodeStoredNetwork(rec, 'run-x', 5, probe.n);
    const back = decodeStoredNetwork(stored, probe.n);
    expect(back.id).toBe(rec.id);
    expect(back.hp).toEqual(rec.hp);
    expect(back.history).toEqual(rec.history);
    expect(back.final).toEqual(rec.final);
    back.layers.forEach((l, i) => expect(Array.from(l.data)).toEqual(Array.from(rec.layers[i].data)));
    expect(back.checkpoints!.map((c) => c.epoch)).toEqual(rec.checkpoints!.map((c) => c.epoch));
    back.checkpoints!.forEach((c, k) =>
      c.layers.forEach((l, i) => {
        const o = rec.checkpoints![k].layers[i].data;
        l.data.forEach((v, j) => expect(Math.abs(v - o[j])).toBeLessThanOrEqual(Math.abs(o[j]) * 4.9e-4 + 3e-8));
      }),
    );
    const floats = rec.layers.reduce((s, l) => s + l.data.length, 0);
    const bytes = storedNetworkBytes(stored);
    expect(bytes).toBeGreaterThan(4 * floats);
    expect(bytes).toBeLessThan(4 * floats + 2 * floats * rec.checkpoints!.length + 2000);
  });

  it('the run store keeps runs and networks, lists indices, prunes and deletes', async () => {
    const now = new Date().toISOString();
    const base = {
      spec,
      dataset: ds.spec,
      datasetInfo: { inputDim: 2, numClasses: 2, classNames: ['a', 'b'] },
      probe,
      total: hps.length,
      state: 'running' as const,
      backend: 'cpu',
      updatedAt: now,
    };
    for (let k = 0; k < 5; k++) await runStore.putRun({ ...base, runId: `r${k}`, createdAt: `2024-01-0${k + 1}T00:00:00Z` });
    for (const i of [3, 1]) await runStore.putNetwork(encodeStoredNetwork(full.get(i)!, 'r4', i, probe.n));
    expect(await runStore.storedIndices('r4')).toEqual([1, 3]);
    const nets = await runStore.getNetworks('r4');
    expect(nets.map((n) => n.id)).toEqual([full.get(1)!.id, full.get(3)!.id]);
    sameRecord(decodeStoredNetwork(nets[1], probe.n), full.get(3)!);
    expect((await runStore.latestRestorableRun())?.run.runId).toBe('r4');
    await runStore.setRunState('r4', 'cancelled');
    expect((await runStore.getRun('r4'))?.state).toBe('cancelled');
    // A run about to be written that joins r0 keeps r0 although it is past the newest 3.
    const incoming = { ...base, runId: 'r5', createdAt: '2024-01-06T00:00:00Z', addTo: { baseRunId: 'r0' } } as Parameters<
      typeof runStore.putRun
    >[0];
    await runStore.pruneRuns(3, incoming);
    expect((await runStore.listRuns()).map((r) => r.runId)).toEqual(['r4', 'r3', 'r2', 'r0']);
    await runStore.pruneRuns(3);
    expect((await runStore.listRuns()).map((r) => r.runId)).toEqual(['r4', 'r3', 'r2']);
    await runStore.deleteRun('r4');
    expect(await runStore.storedIndices('r4')).toEqual([]);
    // r3 is still marked running with nothing stored (killed before its first network finished): it is offered (issue 16).
    const offered = await runStore.latestRestorableRun();
    expect(offered?.run.runId).toBe('r3');
    expect(offered?.stored).toBe(0);
    // A run that ended (cancelled, complete) with nothing stored is not offered.
    for (const id of ['r3', 'r2']) await runStore.setRunState(id, 'cancelled');
    expect(await runStore.latestRestorableRun()).toBeNull();
  });

  it('the calibrated estimate is positive, grows with the population and reuses measured groups', async () => {
    const c = await calibrateThroughput(tf, ds, probe, hps);
    const d = dataShape(ds, probe);
    const timings = Object.values(c.groups);
    expect(timings.length).toBeGreaterThan(0);
    for (const t of timings) expect(t.stepSeconds).toBeGreaterThan(0);
    expect(c.flopsPerSecond).toBeGreaterThan(0);
    const one = estimateSeconds(hps.slice(0, 1), d, c);
    const all = estimateSeconds(hps, d, c);
    expect(one).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(one);
    // Every group already measured: a second call measures nothing and keeps the timings.
    const again = await calibrateThroughput(tf, ds, probe, hps, { previous: c });
    expect(Object.keys(again.groups)).toEqual(Object.keys(c.groups));
    expect(again.measuredSeconds).toBeLessThan(0.05);
  });
});
