// app/features.ts FeaturesController with a pool of fake features workers (issue 12 item 1):
// the population is split over the pool and the results merged into it; cancel reaches every
// worker and stale results are dropped; a new population starts features, a derived one does not.
import { describe, expect, it } from 'vitest';
import { FeaturesController, type FeaturesWorkerPort } from '../../src/app/features';
import { CancelledError } from '../../src/core/cancel';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import { DEFAULT_PHATE_PARAMS } from '../../src/core/phate/engine';
import type { Population } from '../../src/core/types';
import type { NetworkFeatureResult } from '../../src/workers/features.worker';
import { getState, useStore } from '../../src/state/store';
import { fakeNetwork } from './fakes/training-deps';

const initial = useStore.getState();
const ds = loadDataset({ name: 'moons', seed: 1, samples: 60 });
const probe = makeProbeSet(ds, 8, 1);

function population(id: string, n: number): Population {
  const hp = {
    widths: [4],
    activation: 'relu',
    optimizer: 'adam',
    learningRate: 0.01,
    batchSize: 8,
    epochs: 1,
    dropout: 0,
    l2: 0,
    init: 'glorot_uniform',
    seed: 1,
  } as const;
  return {
    id,
    name: id,
    provenance: {
      dataset: ds.spec,
      probe: { n: 8, seed: 1 },
      metric: { name: 'diffusion' },
      phate: DEFAULT_PHATE_PARAMS,
      generator: 'test',
      createdAt: '',
    },
    probe,
    networks: Array.from({ length: n }, (_, i) => fakeNetwork(`${id}-${i}`, { ...hp, widths: [4] }, probe, i)),
  };
}

/** A worker whose compute answers when the test says so. */
class FakeFeaturesWorker implements FeaturesWorkerPort {
  computes: { indices: number[]; resolve(): void; reject(e: Error): void }[] = [];
  cancels = 0;
  compute(_nets: unknown, indices: number[], _probe: unknown, onDone: () => void): Promise<NetworkFeatureResult[]> {
    return new Promise((resolve, reject) =>
      this.computes.push({
        indices,
        resolve: () => {
          indices.forEach(() => onDone());
          resolve(indices.map((index) => ({ index, features: { silhouette: index / 10 }, layerProfile: { layers: [0], features: {} } })));
        },
        reject,
      }),
    );
  }
  analyse = async () => null;
  embedLayer = async () => null;
  cancel(): void {
    this.cancels++;
  }
}

function setup() {
  useStore.setState(initial, true);
  const workers = [new FakeFeaturesWorker(), new FakeFeaturesWorker()];
  const derived = new WeakSet<Population>();
  const timers: (() => void)[] = [];
  const controller = new FeaturesController({
    app: getState,
    subscribe: (l) => useStore.subscribe(l),
    workers,
    derived,
    now: () => 0,
    later: (fn) => void timers.push(fn),
  });
  return { controller, workers, derived, timers };
}

describe('FeaturesController', () => {
  it('splits the networks over the pool, merges the results into the population and reports done', async () => {
    const f = setup();
    getState().setPopulation(population('p', 5));
    const done = f.controller.compute();
    expect(getState().featuresJob).toMatchObject({ status: 'running', done: 0, total: 5 });
    expect(f.workers.map((w) => w.computes[0].indices)).toEqual([
      [0, 2, 4],
      [1, 3],
    ]);
    f.workers.forEach((w) => w.computes[0].resolve());
    await done;
    const pop = getState().population!;
    expect(pop.networks.map((n) => n.features?.silhouette)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(pop.networks.every((n) => n.layerProfile)).toBe(true);
    expect(f.derived.has(pop)).toBe(true);
    expect(getState().featuresJob).toMatchObject({ status: 'done', done: 5 });
  });

  it('cancel reaches every worker, the status is cancelled, and late results are dropped', async () => {
    const f = setup();
    getState().setPopulation(population('p', 4));
    const before = getState().population;
    const done = f.controller.compute();
    f.controller.cancel();
    expect(f.workers.map((w) => w.cancels)).toEqual([1, 1]);
    expect(getState().featuresJob.status).toBe('cancelled');
    f.workers.forEach((w) => w.computes[0].resolve());
    await done;
    expect(getState().population).toBe(before);
    expect(getState().featuresJob.status).toBe('cancelled');
  });

  it('a failing worker is an error status and message; a cancelled one is not an error', async () => {
    const f = setup();
    getState().setPopulation(population('p', 2));
    const done = f.controller.compute();
    f.workers[0].computes[0].reject(new Error('features worker failed: out of memory'));
    await done;
    expect(getState().featuresJob).toMatchObject({ status: 'error', message: 'features worker failed: out of memory' });
    expect(getState().errors.map((e) => e.message)).toEqual(['Computing features failed: features worker failed: out of memory']);
    const again = f.controller.compute(true);
    f.workers[1].computes[1].reject(new CancelledError('features cancelled'));
    await again;
    expect(getState().featuresJob.status).toBe('cancelled');
    expect(getState().errors).toHaveLength(1);
  });

  it('start(): a new population gets features after a pause; one it derived does not; training stops them', async () => {
    const f = setup();
    const stop = f.controller.start();
    getState().setPopulation(population('p', 2));
    expect(f.timers).toHaveLength(1);
    f.timers.shift()!();
    expect(f.workers[0].computes).toHaveLength(1);
    const derived = population('d', 2);
    f.derived.add(derived);
    getState().setPopulation(derived);
    expect(f.timers).toHaveLength(0);
    getState().setJob({ stage: 'training' });
    expect(f.workers[0].cancels).toBeGreaterThanOrEqual(2);
    stop();
  });
});
