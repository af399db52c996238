// The training worker's run writer (src/workers/run-store.ts): it never throws, keeps what
// it cannot store and names the reason once; storage errors in words (issue 17).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as runStore from '../../src/workers/run-store';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import type { StoredNetwork } from '../../src/core/persist/stored-network';

const ds = loadDataset({ name: 'moons', seed: 1, samples: 40 });
const probe = makeProbeSet(ds, 8, 1);
const now = new Date().toISOString();
const run: runStore.StoredRun = {
  runId: 'w1',
  spec: {
    dataset: ds.spec,
    space: {
      depth: [1],
      width: [4],
      activation: ['relu'],
      optimizer: ['adam'],
      learningRate: [0.01],
      batchSize: [8],
      epochs: [1],
      dropout: [0],
      l2: [0],
      init: ['glorot_uniform'],
      seed: [1],
    },
    sampling: 'grid',
    count: 2,
    seed: 1,
    probe: { n: 8, seed: 1 },
  },
  dataset: ds.spec,
  datasetInfo: { inputDim: 2, numClasses: 2, classNames: ['a', 'b'] },
  probe,
  total: 2,
  state: 'running',
  backend: 'cpu',
  createdAt: now,
  updatedAt: now,
};
// The writer only passes records through; their content does not matter here.
const net = (index: number) => ({ runId: 'w1', index, id: `n${index}` }) as unknown as StoredNetwork;

describe('storageFailureReason', () => {
  it('names a full quota even when the DOMException has no message', () => {
    expect(runStore.storageFailureReason(new DOMException('', 'QuotaExceededError'))).toMatch(
      /storage quota .* is full \(QuotaExceededError\)/,
    );
    expect(runStore.storageFailureReason(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toContain(
      'QuotaExceededError: The quota has been exceeded.',
    );
  });
  it('names IndexedDB as unavailable on a SecurityError, and never returns an empty reason', () => {
    expect(runStore.storageFailureReason(new DOMException('The operation is insecure.', 'SecurityError'))).toMatch(
      /IndexedDB is not available .*SecurityError/,
    );
    expect(runStore.storageFailureReason(new Error('disk on fire'))).toBe('IndexedDB failed (disk on fire)');
    expect(runStore.storageFailureReason(undefined)).toMatch(/\S/);
  });
});

describe('RunWriter', () => {
  const open = IDBFactory.prototype.open;
  afterEach(async () => {
    IDBFactory.prototype.open = open;
    await runStore.closeRunDb();
  });

  it('stores the run and its networks when storage works', async () => {
    const failures: string[] = [];
    const w = new runStore.RunWriter((r) => failures.push(r));
    await w.begin(run);
    expect(await w.network(net(0))).toBe(true);
    await w.finish('w1', 'cancelled');
    expect(failures).toEqual([]);
    expect(w.unstored).toEqual([]);
    expect((await runStore.getRun('w1'))?.state).toBe('cancelled');
    await runStore.deleteRun('w1');
  });

  it('with IndexedDB unavailable: never throws, keeps every network, reports the reason once', async () => {
    await runStore.closeRunDb();
    IDBFactory.prototype.open = function () {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    const failures: string[] = [];
    const w = new runStore.RunWriter((r) => failures.push(r));
    await w.begin(run);
    expect(await w.network(net(0))).toBe(false);
    expect(await w.network(net(1))).toBe(false);
    await w.finish('w1', 'complete');
    expect(w.unstored.map((n) => n.index)).toEqual([0, 1]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/IndexedDB is not available/);
    expect(w.failure).toBe(failures[0]);
  });

  it('when a network write fails mid-run: that network is kept in memory, later ones are still tried', async () => {
    const failures: string[] = [];
    const w = new runStore.RunWriter((r) => failures.push(r));
    await w.begin(run);
    // A record IndexedDB cannot clone makes the put fail (as a full quota would abort it).
    const bad = { ...net(0), bad: () => 1 } as unknown as StoredNetwork;
    expect(await w.network(bad)).toBe(false);
    expect(await w.network(net(1))).toBe(true);
    expect(w.unstored).toEqual([bad]);
    expect(failures).toHaveLength(1);
    expect(await runStore.storedIndices('w1')).toEqual([1]);
    await runStore.deleteRun('w1');
  });
});
