// The search mode's controller (app/search.ts) over fakes: a training worker that
// returns fake networks, an embedding worker that places them, a population
// loader whose final re-embed succeeds or is cancelled, a stored list that
// records what it keeps. The networks a search trained cost minutes, so they
// are kept in this browser whether or not the grown population could be shown.
import { beforeEach, describe, expect, it } from 'vitest';
import { SearchController, type SearchDeps } from '../../src/app/search';
import { createCancelFlag } from '../../src/app/jobs';
import type { WorkerHandle } from '../../src/app/workers';
import { createAppStore } from '../../src/state/store';
import { getTraining } from '../../src/state/training';
import { useSearch } from '../../src/state/search';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import { expandPopulation } from '../../src/core/population/spec';
import { embedPopulation } from '../../src/core/pipeline';
import { decodePopulation } from '../../src/core/bundle';
import { DEFAULT_PHATE_PARAMS } from '../../src/core/phate/engine';
import type { HyperParams, NetworkRecord, Population, ProbeSet } from '../../src/core/types';
import { mulberry32 } from '../../src/core/random';

/** A trained-looking record: random activations on the probe, one layer per hidden width of `hp` (a valid bundle's shape). */
function fakeNetwork(id: string, hp: HyperParams, probe: ProbeSet, seed: number): NetworkRecord {
  const rng = mulberry32(seed);
  const layers = hp.widths.map((width, layer) => ({ layer, width, data: Float32Array.from({ length: probe.n * width }, () => rng()) }));
  const acc = 0.5 + 0.4 * rng();
  const m = { epoch: hp.epochs, trainLoss: 1 - acc, trainAcc: acc, testLoss: 1 - acc, testAcc: acc };
  return { id, hp, status: 'ok', history: [m], final: m, layers };
}

async function basePopulation(): Promise<Population> {
  const ds = loadDataset({ name: 'moons', seed: 1 });
  const probe = makeProbeSet(ds, 16, 7);
  const hps = expandPopulation({
    dataset: ds.spec,
    probe: { n: 16, seed: 7 },
    space: {
      depth: [1, 2],
      width: [4, 8],
      activation: ['relu', 'tanh'],
      optimizer: ['adam'],
      learningRate: [1e-3, 1e-2],
      batchSize: [16],
      epochs: [2],
      dropout: [0],
      l2: [0],
      init: ['glorot_uniform'],
      seed: [1],
    },
    sampling: 'grid',
    count: 16,
    seed: 1,
  });
  const networks = hps.map((hp, i) => fakeNetwork(`base-${i}`, hp, probe, i));
  const e = await embedPopulation(networks, probe, {});
  return {
    id: 'base-pop',
    name: 'Base',
    provenance: {
      dataset: ds.spec,
      probe: { n: 16, seed: 7 },
      metric: { name: 'diffusion', ...e.metric },
      phate: DEFAULT_PHATE_PARAMS,
      generator: 'test',
      createdAt: new Date(0).toISOString(),
    },
    probe,
    networks,
    distances: e.distances,
    embedding: e.embedding,
  } as Population;
}

const handle = <T>(api: object) => ({ api, call: <R>(p: Promise<R>) => p, terminate: () => {} }) as unknown as WorkerHandle<T>;

function fakes(base: Population, showGrown: (next: Population) => Promise<boolean>) {
  const app = createAppStore();
  app.getState().setPopulation(base);
  app.getState().setBackend('cpu', []);
  const kept: { fileName: string; population: Population }[] = [];
  let trained = 0;
  const deps: SearchDeps = {
    stores: { app: app.getState, training: getTraining, search: useSearch.getState },
    trainWorker: () =>
      handle({
        trainNetworks: async (_ds: unknown, probe: ProbeSet, hps: HyperParams[]) =>
          hps.map((hp): NetworkRecord => fakeNetwork(`search-${trained++}`, hp, probe, 1000 + trained)),
        cancel: async () => {},
      }),
    embedWorker: () =>
      handle({
        embed: async (networks: NetworkRecord[], probe: ProbeSet) => embedPopulation(networks, probe, {}),
        cancel: async () => {},
      }),
    backend: { init: async () => {} },
    populations: { showGrown },
    stored: {
      remember: async (fileName, bytes) => void kept.push({ fileName, population: decodePopulation(new Uint8Array(bytes)) }),
    },
    cancel: createCancelFlag(),
    now: () => 0,
    seed: () => 3,
  };
  return { app, deps, kept };
}

beforeEach(() => {
  useSearch.getState().setSettings({ rounds: 1, perRound: 2, epochs: null, perturb: false });
  useSearch.getState().update({ status: 'idle', message: '' });
});

describe('SearchController', () => {
  it('adds the new networks, shows the grown population and keeps it in this browser', async () => {
    const base = await basePopulation();
    const { app, deps, kept } = fakes(base, async (next) => {
      app.getState().setPopulation({
        ...next,
        embedding: base.embedding && { ...base.embedding, embedding: new Float64Array(next.networks.length * 3) },
      });
      return true;
    });
    await new SearchController(deps).start();
    expect(app.getState().errors).toEqual([]);
    expect(useSearch.getState().status).toBe('done');
    const shown = app.getState().population!;
    expect(shown.networks).toHaveLength(base.networks.length + 4);
    expect(kept).toHaveLength(1);
    expect(kept[0].population.id).toBe(shown.id);
    expect(kept[0].population.networks).toHaveLength(base.networks.length + 4);
  });

  it('keeps the trained networks when the final re-embed is cancelled or fails, and says where they are', async () => {
    const base = await basePopulation();
    const { app, deps, kept } = fakes(base, async () => false);
    await new SearchController(deps).start();
    // The view keeps the population it had; the grown one (without an embedding) is stored to open later.
    expect(app.getState().population!.id).toBe(base.id);
    expect(kept).toHaveLength(1);
    const stored = kept[0].population;
    expect(stored.networks).toHaveLength(base.networks.length + 4);
    expect(stored.networks.slice(base.networks.length).map((n) => n.origin)).toEqual([
      'search-guided',
      'search-guided',
      'search-random',
      'search-random',
    ]);
    expect(stored.embedding).toBeUndefined();
    expect(useSearch.getState().status).toBe('error');
    expect(useSearch.getState().message).toMatch(/4 new networks are kept in Stored populations/);
  });

  it('keeps the networks when another population replaced the one searched', async () => {
    const base = await basePopulation();
    let shows = 0;
    const { app, deps, kept } = fakes(base, async () => {
      shows++;
      return true;
    });
    const search = new SearchController({
      ...deps,
      // The user opens another population while the networks train.
      trainWorker: () => {
        const w = deps.trainWorker();
        return handle({
          ...w.api,
          trainNetworks: async (...a: unknown[]) => {
            app.getState().setPopulation({ ...base, id: 'other-pop' });
            return (w.api.trainNetworks as (...b: unknown[]) => Promise<NetworkRecord[]>)(...a);
          },
        });
      },
    });
    await search.start();
    expect(shows).toBe(0);
    expect(app.getState().population!.id).toBe('other-pop');
    expect(kept).toHaveLength(1);
    expect(kept[0].population.networks).toHaveLength(base.networks.length + 4);
    expect(
      app
        .getState()
        .errors.map((e) => e.message)
        .join('\n'),
    ).toMatch(/kept in Stored populations/);
  });
});
