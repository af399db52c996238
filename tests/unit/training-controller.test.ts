// The training controllers (src/app/training, issue 12 item 1) built with fakes,
// as Mosaic tests its Coordinator: a fake training worker that stores its
// networks in the run store (fake-indexeddb) and emits progress and network
// events, the real pipeline as the embedder, frames flushed by the test.
import { describe, expect, it } from 'vitest';
import { createTraining } from '../../src/app/training/training';
import { getState } from '../../src/state/store';
import { getTraining, runPhase } from '../../src/state/training';
import * as runStore from '../../src/workers/run-store';
import { encodeStoredNetwork } from '../../src/core/persist/stored-network';
import { expandPopulation } from '../../src/core/population/spec';
import { fakeNetwork, makeFakes } from './fakes/training-deps';

/** A small valid builder: 3 networks (3 learning rates × 1 seed), probe of 16 rows. */
function smallBuilder(): void {
  const b = getTraining().builder;
  getTraining().setBuilder({
    count: 3,
    probeN: 16,
    seeds: 1,
    sampling: 'grid',
    lr: { lo: 1e-3, hi: 1e-1, steps: 3 },
    space: { ...b.space, depth: [1], width: [4] },
  });
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe('RunController: a run with a fake worker', () => {
  it('shows progress and the finished networks, the run store keeps them, and the population is embedded and shown', async () => {
    const f = await makeFakes();
    const training = createTraining(f.deps);
    smallBuilder();
    await training.runs.start();

    expect(f.backendInits).toBe(1); // no backend yet: the run starts one first
    expect(f.trainer.calls).toEqual(['trainRun:new']);
    // Progress reached the job line once per (flushed) frame, counting finished networks.
    expect(f.trainer.shownMessages).toEqual([
      '0 of 3 networks · group 1/1 · epoch 1/1',
      '1 of 3 networks · group 1/1 · epoch 1/1',
      '2 of 3 networks · group 1/1 · epoch 1/1',
    ]);
    const t = getTraining();
    expect(t.finished.map((n) => n.id)).toEqual(['net-0', 'net-1', 'net-2']);
    expect(runPhase(t)).toBe('done');
    // The run store has the run, complete, and its three networks.
    const runId = t.runId!;
    expect((await runStore.getRun(runId))?.state).toBe('complete');
    expect((await runStore.getNetworks(runId)).map((n) => n.id)).toEqual(['net-0', 'net-1', 'net-2']);
    // The population on screen is the run, embedded.
    const pop = getState().population!;
    expect(pop.id).toBe(`browser-${runId}`);
    expect(pop.networks.map((n) => n.id)).toEqual(['net-0', 'net-1', 'net-2']);
    expect(pop.embedding?.embedding.length).toBe(3 * pop.embedding!.nComponents);
    expect(Array.from(pop.embedding!.embedding).every(Number.isFinite)).toBe(true);
    expect(getState().job).toMatchObject({ status: 'done', message: '3 of 3 networks embedded' });
    expect(f.embedder.calls).toEqual(['embed:3']);
    expect(f.frames.pending).toBe(0); // no frame left scheduled after the run
  });

  it('cancel: the worker gets cancel, the status ends cancelled, the finished network is kept and nothing is shown', async () => {
    const f = await makeFakes({ holdAfter: 1 });
    const training = createTraining(f.deps);
    smallBuilder();
    const done = training.runs.start();
    await until(() => getTraining().finished.length === 1, 'the first network');
    expect(training.runs.isBusy()).toBe(true);
    training.runs.cancel();
    expect(f.cancel.requested).toBe(true);
    expect(f.trainer.calls).toEqual(['trainRun:new', 'cancel']); // at once, not after the run
    expect(getState().job.message).toBe('cancelling…');
    await done;
    expect(f.trainer.calls).toEqual(['trainRun:new', 'cancel']);
    const t = getTraining();
    expect(runPhase(t)).toBe('cancelled');
    expect(t.kept).toEqual({ runId: t.runId, stored: 1, total: 3 });
    expect(getState().job.status).toBe('cancelled');
    expect(getState().job.message).toContain('1 of 3 networks finished and kept in this browser');
    expect(getState().population).toBeNull();
    expect(f.embedder.calls).toEqual([]);
    expect((await runStore.getRun(t.runId!))?.state).toBe('cancelled');
  });

  it('pause and resume reach the worker and the phase follows', async () => {
    const f = await makeFakes({ holdAfter: 1 });
    const training = createTraining(f.deps);
    smallBuilder();
    const done = training.runs.start();
    await until(() => getTraining().finished.length === 1, 'the first network');
    training.runs.pause();
    expect(runPhase(getTraining())).toBe('paused');
    training.runs.resume();
    expect(runPhase(getTraining())).toBe('training');
    training.runs.cancel();
    await done;
    expect(f.trainer.calls).toEqual(['trainRun:new', 'pause', 'resume', 'cancel']);
  });

  it('networks that could not be stored are kept in the tab, shown, and named in the notices', async () => {
    const f = await makeFakes({ unstoredFrom: 1 });
    const training = createTraining(f.deps);
    smallBuilder();
    await training.runs.start();
    const runId = getTraining().runId!;
    expect((await runStore.getNetworks(runId)).map((n) => n.index)).toEqual([0]);
    expect(training.sessions.get(runId)?.indices).toEqual([1, 2]);
    expect(getTraining().storageFailure).toBe('the quota is full (fake)');
    expect(
      getState()
        .errors.filter((e) => e.level === 'notice')
        .map((n) => n.message)
        .join('\n'),
    ).toContain('This run cannot be stored in this browser — the quota is full (fake)');
    expect(getState().population?.networks.length).toBe(3);
    expect(getState().job.message).toBe('3 of 3 networks embedded · 2 not stored: lost on reload');
    expect(getTraining().finished.map((n) => n.stored)).toEqual([undefined, false, false]);
  });

  it('a failing worker ends in an error with a message and keeps the population on screen', async () => {
    const f = await makeFakes();
    f.trainer.trainRun = async () => {
      throw new Error('training worker failed: could not start (script error)');
    };
    const training = createTraining(f.deps);
    smallBuilder();
    await training.runs.start();
    expect(runPhase(getTraining())).toBe('error');
    expect(getState().errors.map((e) => e.message)).toEqual(['Training failed: training worker failed: could not start (script error)']);
    expect(training.runs.isBusy()).toBe(false);
  });

  it('an invalid builder is refused with its message and no run starts', async () => {
    const f = await makeFakes();
    const training = createTraining(f.deps);
    getTraining().setBuilder({ count: 1 });
    await training.runs.start();
    expect(f.trainer.calls).toEqual([]);
    expect(getState().errors.map((e) => e.message)).toEqual(['Number of networks must be a whole number from 3 to 512.']);
  });
});

describe('RestoreOffers: a run found in the run store at startup', () => {
  /** A run of 3 networks as a tab left it: `stored` of them in IndexedDB, still marked running. */
  async function interruptedRun(stored: number): Promise<string> {
    const f0 = await makeFakes({ holdAfter: stored });
    const first = createTraining(f0.deps);
    smallBuilder();
    const done = first.runs.start();
    await until(() => getTraining().finished.length === stored, `${stored} networks`);
    const runId = getTraining().runId!;
    // The tab dies here: the record stays 'running' (the fake worker is never released).
    void done;
    await runStore.setRunState(runId, 'running');
    return runId;
  }

  it('offers it (interrupted, 2 of 3), marks it cancelled, and resume trains only the missing network', async () => {
    const runId = await interruptedRun(2);
    // The next visit: fresh stores, the same run store.
    const f = await makeFakes({}, { keepRunStore: true });
    const training = createTraining(f.deps);
    await training.restore.check();
    expect(getTraining().restoreOffer).toMatchObject({ runId, stored: 2, total: 3, interrupted: true, datasetName: 'moons' });
    expect((await runStore.getRun(runId))?.state).toBe('cancelled');

    await training.runs.resumeStored(runId);
    expect(f.trainer.requests.map((r) => [r.mode, r.runId])).toEqual([['resume', runId]]);
    expect(getTraining().finished.map((n) => n.index)).toEqual([2]);
    expect(getTraining().restoreOffer).toBeNull();
    expect(getState().population?.networks.map((n) => n.id)).toEqual(['net-0', 'net-1', 'net-2']);
  });

  it('a run killed before its first network finished is offered too (resume from the start) and keeps its mark', async () => {
    const f = await makeFakes();
    const spec = (await import('../../src/state/training')).builderSpec(getTraining().builder, 1);
    const now = new Date().toISOString();
    await runStore.putRun({
      runId: 'run-killed',
      spec,
      dataset: spec.dataset,
      datasetInfo: { inputDim: 2, numClasses: 2, classNames: ['0', '1'] },
      probe: { seed: 1, n: 0, inputDim: 2, indices: new Int32Array(0), x: new Float32Array(0), labels: new Int32Array(0) },
      total: expandPopulation(spec).length,
      state: 'running',
      backend: 'cpu',
      createdAt: now,
      updatedAt: now,
    });
    const training = createTraining(f.deps);
    await training.restore.check();
    expect(getTraining().restoreOffer).toMatchObject({ runId: 'run-killed', stored: 0, interrupted: true });
    expect((await runStore.getRun('run-killed'))?.state).toBe('running');
  });

  it('shows a stored run on restore, and discard forgets it', async () => {
    const training = createTraining((await makeFakes()).deps);
    smallBuilder();
    await training.runs.start();
    const runId = getTraining().runId!;
    // The next visit: nothing on screen, the run in the run store.
    const next = createTraining((await makeFakes({}, { keepRunStore: true })).deps);
    expect(getState().population).toBeNull();
    await next.restore.check();
    expect(getTraining().restoreOffer).toMatchObject({ runId, stored: 3, total: 3, interrupted: false });
    await next.viewer.show(runId);
    expect(getTraining().restoreOffer).toBeNull();
    expect(getState().population?.id).toBe(`browser-${runId}`);
    await next.restore.discard(runId);
    expect(await runStore.getRun(runId)).toBeUndefined();
    await next.restore.check();
    expect(getTraining().restoreOffer).toBeNull();
  });

  it('no IndexedDB: no offer, a warning, and startup goes on', async () => {
    const f = await makeFakes();
    const training = createTraining({
      ...f.deps,
      runStore: {
        ...f.deps.runStore,
        latestRestorableRun: async () => {
          throw new DOMException('', 'SecurityError');
        },
      },
    });
    await expect(training.restore.check()).resolves.toBeUndefined();
    expect(getTraining().restoreOffer).toBeNull();
    expect(f.warnings).toEqual(['stored runs unavailable: SecurityError']);
  });
});

/** A population of 3 networks ("Base") on the probe rows the builder's networks would be trained on. */
async function basePopulation() {
  smallBuilder();
  const { loadDataset } = await import('../../src/core/datasets');
  const { makeProbeSet } = await import('../../src/core/probe');
  const spec = (await import('../../src/state/training')).builderSpec(getTraining().builder, 7);
  const ds = loadDataset(spec.dataset);
  const probe = makeProbeSet(ds, 16, 7);
  const hps = expandPopulation(spec);
  const base = {
    id: 'base-pop',
    name: 'Base',
    provenance: {
      dataset: ds.spec,
      probe: { n: 16, seed: 7 },
      metric: { name: 'diffusion' as const },
      phate: (await import('../../src/core/phate/engine')).DEFAULT_PHATE_PARAMS,
      generator: 'test',
      createdAt: new Date(0).toISOString(),
    },
    probe,
    networks: hps.map((hp, i) => fakeNetwork(`base-${i}`, hp, probe, i)),
  };
  return { base, ds, probe };
}

/** An add-mode run of 3 networks joined to "Base" (fetchable from a URL when `fetchable`); returns its runId. */
async function addModeRun(fetchable: boolean): Promise<string> {
  const f = await makeFakes();
  const training = createTraining(f.deps);
  smallBuilder();
  const { base, ds, probe } = await basePopulation();
  if (fetchable) f.sources.byUrl.set('base-pop', base);
  getState().setPopulation(base);
  getTraining().setBuilder({
    add: { populationId: 'base-pop', populationName: 'Base', networks: 3, dataset: ds.spec, probe, usedSeeds: [1], selected: 0 },
  });
  await training.runs.start();
  return getTraining().runId!;
}

describe('RunController: add mode ("Train more like these")', () => {
  it('the finished networks join the population on screen as origin "sampled" and are selected', async () => {
    const f = await makeFakes();
    const training = createTraining(f.deps);
    smallBuilder();
    const { base, ds, probe } = await basePopulation();
    getState().setPopulation(base);
    f.sources.origins.set('base-pop', { kind: 'import', storedId: 'imp-1' });
    getTraining().setBuilder({
      add: { populationId: 'base-pop', populationName: 'Base', networks: 3, dataset: ds.spec, probe, usedSeeds: [1], selected: 0 },
    });
    await training.runs.start();
    const pop = getState().population!;
    expect(pop.networks.length).toBe(6);
    expect(pop.networks.slice(3).map((n) => n.origin)).toEqual(['sampled', 'sampled', 'sampled']);
    expect(getState().job.message).toContain('3 sampled networks added to the population');
    // The run remembers what it joined, so a restore can rebuild it from the stored import.
    const run = await runStore.getRun(getTraining().runId!);
    expect(run?.addTo).toEqual({ source: null, name: 'Base', networks: 3, baseImportId: 'imp-1' });
    expect(f.sources.origins.get(pop.id)).toEqual({ kind: 'run', runId: run!.runId });
    // A further run in the same add mode adds to the grown population.
    expect(getTraining().builder.add?.populationId).toBe(pop.id);
    // sanity: the stored encoding of a record round-trips through the fake
    expect(encodeStoredNetwork(pop.networks[0], 'x', 0, 16).id).toBe('base-0');
  });
  it('restore on the next visit fetches the population the run joined again and shows the two together', async () => {
    const runId = await addModeRun(true);
    expect((await runStore.getRun(runId))?.addTo).toEqual({ source: { kind: 'url', url: 'base-pop' }, name: 'Base', networks: 3 });
    const f = await makeFakes({}, { keepRunStore: true });
    const { base } = await basePopulation();
    f.sources.byUrl.set('base-pop', base);
    const next = createTraining(f.deps);
    await next.restore.check();
    expect(getTraining().restoreOffer).toMatchObject({ runId, stored: 3, joins: 'Base' });
    await next.viewer.show(runId);
    expect(f.sources.fetched).toEqual(['base-pop']);
    const pop = getState().population!;
    expect(pop.networks.map((n) => n.origin ?? 'base')).toEqual(['base', 'base', 'base', 'sampled', 'sampled', 'sampled']);
    expect(getState().job.status).toBe('done');
    expect(getState().errors).toEqual([]);
  });

  it('when that population cannot be fetched any more, the run is shown alone with a notice saying why', async () => {
    const runId = await addModeRun(true);
    const f = await makeFakes({}, { keepRunStore: true }); // this visit's sources know no URL: HTTP 404
    const next = createTraining(f.deps);
    await next.viewer.show(runId);
    const notices = getState()
      .errors.filter((e) => e.level === 'notice')
      .map((e) => e.message);
    expect(notices).toEqual([
      'These 3 networks were trained to join “Base”, which could not be loaded (HTTP 404 (base-pop)); they are shown as a population of their own.',
    ]);
    expect(getState().population?.id).toBe(`browser-${runId}`);
    expect(getState().population?.networks.length).toBe(3);
  });
});
