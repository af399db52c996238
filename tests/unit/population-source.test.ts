// Where the population on screen came from, as store state (app/sharing/population-source.ts):
// the loader records it with setPopulation, re-embedding and features keep it, the next population
// replaces it; a grown population carries its base, its model URLs and its count; link reach.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/state/store';
import { populationIdentity } from '../../src/core/viewstate';
import { grownSource, identityOf, linkReach, modelUrlsOf, sourceMatches, sourceOf } from '../../src/app/sharing/population-source';
import { DEMOS, MODEL_URL, POP_URL, population } from './link-fakes';

function storeWithDemos() {
  const store = createAppStore();
  store.getState().setDemos(DEMOS);
  return store;
}

const grow = (pop: ReturnType<typeof population>, k: number, tag: string) => ({
  ...pop,
  id: `${pop.id}+tfjs-${tag}`,
  networks: [...pop.networks, ...population(tag, k, 7).networks.map((n, i) => ({ ...n, id: `${tag}-${i}` }))],
});

describe('population source (store state)', () => {
  it('names a demo by its id, a URL by its URL, and anything else as local', () => {
    const store = storeWithDemos();
    const s = () => store.getState();
    expect(sourceOf(s())).toBeNull();
    s().setPopulation(population('demo-b', 10));
    expect(sourceOf(s())).toEqual({ kind: 'demo', id: 'demo-b' });
    s().setPopulation(population('demo-b', 10), { kind: 'url', url: POP_URL });
    expect(sourceOf(s())).toEqual({ kind: 'url', url: POP_URL });
    expect(sourceMatches(s(), { kind: 'url', url: POP_URL })).toBe(true);
    // The same id by URL is not the demo (a link to the demo must load the demo).
    expect(sourceMatches(s(), { kind: 'demo', id: 'demo-b' })).toBe(false);
    s().setPopulation(population('my-file', 10));
    expect(sourceOf(s())).toEqual({ kind: 'local', id: 'my-file' });
    expect(sourceMatches(s(), null)).toBe(true);
  });

  it('survives re-embedding and features (same population), not the next population', () => {
    const store = storeWithDemos();
    const s = () => store.getState();
    const pop = population('shared-pop', 12);
    s().setPopulation(pop, { kind: 'url', url: POP_URL });
    // Features replace the networks array; the url stays (a WeakMap keyed by networks lost it).
    s().applyNetworks({ ...pop, networks: pop.networks.map((n) => ({ ...n })) });
    s().applyEmbedding({ ...s().population!, embedding: population('x', 12, 5).embedding }, null as never);
    expect(sourceOf(s())).toEqual({ kind: 'url', url: POP_URL });
    s().setPopulation(population('demo-a', 12));
    expect(s().populationSource).toBeNull();
    expect(sourceOf(s())).toEqual({ kind: 'demo', id: 'demo-a' });
  });

  it("a grown population's source carries its base, every model URL and its count", () => {
    const store = storeWithDemos();
    const s = () => store.getState();
    const base = population('demo-a', 8);
    s().setPopulation(base);
    const once = grow(base, 1, 'm1');
    const src1 = grownSource(s(), [MODEL_URL], once.networks.length);
    expect(src1).toEqual({ kind: 'grown', base: { kind: 'demo', id: 'demo-a' }, models: [MODEL_URL], count: 9 });
    s().setPopulation(once, src1);
    expect(modelUrlsOf(s())).toEqual([MODEL_URL]);
    expect(sourceOf(s())).toEqual({ kind: 'demo', id: 'demo-a' });
    expect(sourceMatches(s(), { kind: 'demo', id: 'demo-a' })).toBe(true);
    // Grown again: the base stays the demo, the models add up.
    const second = 'https://models.example/net2/model.json';
    const twice = grow(once, 2, 'm2');
    s().setPopulation(twice, grownSource(s(), [second], twice.networks.length));
    expect(s().populationSource).toEqual({ kind: 'grown', base: { kind: 'demo', id: 'demo-a' }, models: [MODEL_URL, second], count: 11 });
    expect(modelUrlsOf(s())).toEqual([MODEL_URL, second]);
    expect(linkReach(s())).toEqual({ reach: 'anyone' });
    // A record whose count is not the population's is not trusted.
    s().setPopulation(twice, { kind: 'grown', base: { kind: 'demo', id: 'demo-a' }, models: [MODEL_URL], count: 3 });
    expect(modelUrlsOf(s())).toEqual([]);
    expect(sourceOf(s())).toEqual({ kind: 'local', id: twice.id });
  });

  it('a population grown from a URL names that URL', () => {
    const store = storeWithDemos();
    const s = () => store.getState();
    const base = population('shared-pop', 5);
    s().setPopulation(base, { kind: 'url', url: POP_URL });
    const next = grow(base, 1, 'm');
    s().setPopulation(next, grownSource(s(), [MODEL_URL], next.networks.length));
    expect(sourceOf(s())).toEqual({ kind: 'url', url: POP_URL });
    expect(sourceMatches(s(), { kind: 'url', url: POP_URL })).toBe(true);
  });

  it("link reach says 'this-browser' for a file-loaded, trained or sampled population, 'anyone' for a demo or URL", () => {
    const store = storeWithDemos();
    const s = () => store.getState();
    s().setPopulation(population('my-experiment', 6));
    expect(linkReach(s())).toEqual({ reach: 'this-browser', why: 'it was opened from a file on this computer' });
    s().setPopulation(population('browser-run-abc', 6));
    expect(linkReach(s())).toEqual({ reach: 'this-browser', why: 'it was trained in this browser' });
    s().setPopulation(population('demo-a+sampled-x1', 6));
    expect(linkReach(s())).toEqual({ reach: 'this-browser', why: 'it was grown in this browser (“Train more like these”)' });
    s().setPopulation(population('demo-a', 6));
    expect(linkReach(s())).toEqual({ reach: 'anyone' });
    s().setPopulation(population('whatever', 6), { kind: 'url', url: POP_URL });
    expect(linkReach(s())).toEqual({ reach: 'anyone' });
  });

  it('the identity is set with each population: count and hash of its ids', () => {
    const store = storeWithDemos();
    const s = () => store.getState();
    expect(identityOf(s())).toBeNull();
    const pop = population('demo-a', 7);
    s().setPopulation(pop);
    expect(identityOf(s())).toEqual(populationIdentity(pop.networks.map((n) => n.id)));
    const other = grow(pop, 1, 'x');
    s().setPopulation(other);
    expect(identityOf(s())!.networks).toBe(8);
    expect(identityOf(s())!.hash).not.toBe(populationIdentity(pop.networks.map((n) => n.id)).hash);
  });
});
