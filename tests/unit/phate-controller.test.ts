// app/phate.ts PhateController with a fake PHATE worker and a clock the test drives
// (issue 12 item 1): a new population is loaded into the worker after a pause; slider
// changes coalesce into one embed whose result replaces the embedding; cancel reaches
// the worker and is not an error; a worker that died is loaded again before the next embed.
import { describe, expect, it } from 'vitest';
import { PhateController, type PhateWorkerPort } from '../../src/app/phate';
import { syntheticPopulation } from '../../src/app/synthetic';
import { CancelledError } from '../../src/core/cancel';
import type { SessionResult } from '../../src/core/embedding-session';
import type { Population } from '../../src/core/types';
import { getState, useStore } from '../../src/state/store';

const initial = useStore.getState();

function setup() {
  useStore.setState(initial, true);
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let nextTimer = 1;
  const log: string[] = [];
  const embeds: { resolve(r: SessionResult): void; reject(e: Error): void }[] = [];
  const worker: PhateWorkerPort = {
    load: async (networks, _probe, seed) => void log.push(`load:${networks.length}${seed ? ':seeded' : ''}`),
    embed: (req) => {
      log.push(`embed:${req.phate?.knn}`);
      return new Promise((resolve, reject) => embeds.push({ resolve, reject }));
    },
    cancel: () => void log.push('cancel'),
  };
  const derived = new WeakSet<Population>();
  const controller = new PhateController({
    app: getState,
    setApp: (fn) => useStore.setState(fn),
    subscribe: (l) => useStore.subscribe(l),
    worker,
    derived,
    scheduleFindings: () => void log.push('findings'),
    clock: {
      now: () => 1000,
      frame: () => 1,
      cancelFrame: () => {},
      setTimeout: (fn, ms) => {
        timers.set(nextTimer, { fn, ms });
        return nextTimer++ as unknown as ReturnType<typeof setTimeout>;
      },
      clearTimeout: (id) => void timers.delete(id as unknown as number),
    },
  });
  /** Runs the timers set so far, in order of their delay. */
  const runTimers = async () => {
    const due = [...timers.entries()].sort((a, b) => a[1].ms - b[1].ms);
    timers.clear();
    for (const [, t] of due) {
      t.fn();
      await new Promise((r) => setTimeout(r, 0)); // the worker answers before the next timer
    }
  };
  return { controller, log, embeds, timers, derived, runTimers };
}

function result(pop: Population): SessionResult {
  const e = pop.embedding!;
  return {
    embedding: { ...e, embedding: e.embedding.map((v) => v * 2) },
    included: pop.networks.map((_, i) => i),
    metric: 'diffusion',
    layer: 'last',
    phate: { knn: 7, decay: 40, t: 'auto', gamma: 1, nComponents: 3, solver: 'smacof', seed: 1 } as SessionResult['phate'],
    tAuto: 5,
    knnEffective: 7,
    stageRuns: {} as SessionResult['stageRuns'],
    timings: {},
    mdsIterations: 10,
    distancesReused: true,
    constant: 0,
  };
}

describe('PhateController', () => {
  it('a new population: request from its provenance, findings scheduled, loaded into the worker after a pause', async () => {
    const f = setup();
    const stop = f.controller.start();
    const pop = syntheticPopulation(12, 1);
    getState().setPopulation(pop);
    expect(getState().phateRequest.knn).toBe(pop.provenance.phate.knn);
    expect(f.log).toEqual(['findings']);
    expect([...f.timers.values()].map((t) => t.ms)).toEqual([300]);
    await f.runTimers();
    expect(f.log).toEqual(['findings', 'load:12']);
    stop();
  });

  it('slider changes coalesce into one embed; its result replaces the embedding as a derived population', async () => {
    const f = setup();
    f.controller.start();
    const pop = syntheticPopulation(12, 1);
    getState().setPopulation(pop);
    f.controller.requestEmbed({ knn: 6 });
    f.controller.requestEmbed({ knn: 7 });
    expect(f.timers.size).toBe(2); // the load pause and one embed
    await f.runTimers();
    expect(f.log.filter((l) => l.startsWith('embed'))).toEqual(['embed:7']);
    expect(getState().phateRun.status).toBe('running');
    f.embeds[0].resolve(result(pop));
    await new Promise((r) => setTimeout(r, 0));
    const next = getState().population!;
    expect(next).not.toBe(pop);
    expect(f.derived.has(next)).toBe(true);
    expect(next.embedding!.embedding[0]).toBe(pop.embedding!.embedding[0] * 2);
    expect(getState().phateRun).toMatchObject({ status: 'done', seconds: 0 });
    expect(getState().phateInfo?.knnEffective).toBe(7);
    // The derived population is not a new one: no second load, only the findings follow it.
    expect(f.log.filter((l) => l.startsWith('load'))).toEqual(['load:12']);
    expect(f.log.at(-1)).toBe('findings');
  });

  it('cancel reaches the worker; the overtaken embed is not an error and the embedding stays', async () => {
    const f = setup();
    f.controller.start();
    const pop = syntheticPopulation(12, 1);
    getState().setPopulation(pop);
    f.controller.requestEmbed({ knn: 9 }, 0);
    await f.runTimers();
    f.controller.cancel();
    expect(f.log).toContain('cancel');
    expect(getState().phateRun.status).toBe('cancelled');
    f.embeds[0].reject(new CancelledError());
    await new Promise((r) => setTimeout(r, 0));
    expect(getState().phateRun.status).toBe('cancelled');
    expect(getState().errors).toEqual([]);
    expect(getState().population).toBe(pop);
  });

  it('a failing embed is an error with a message; after the worker died the population is loaded again', async () => {
    const f = setup();
    f.controller.start();
    const pop = syntheticPopulation(12, 1);
    getState().setPopulation(pop);
    f.controller.requestEmbed({ knn: 9 }, 0);
    await f.runTimers();
    f.embeds[0].reject(new Error('PHATE worker failed: out of memory'));
    await new Promise((r) => setTimeout(r, 0));
    expect(getState().phateRun).toMatchObject({ status: 'error', message: 'PHATE worker failed: out of memory' });
    expect(getState().errors.map((e) => e.message)).toEqual(['Re-embedding failed: PHATE worker failed: out of memory']);
    f.controller.workerDied();
    f.controller.requestEmbed({ knn: 8 }, 0);
    await f.runTimers();
    expect(f.log.filter((l) => l.startsWith('load'))).toEqual(['load:12', 'load:12']);
  });
});
