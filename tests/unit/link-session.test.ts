// The link session (app/sharing/startup-link.ts) and its writer (link-writer.ts) against a fake
// address bar and history, hand-run timers, a camera without a view and fake loaders: what the
// page opens with, round trips of links, debounced writes, back/forward, ?model= links.
import { describe, expect, it } from 'vitest';
import { idsClause } from '../../src/core/explore/selection';
import { decodeViewState, encodeViewState } from '../../src/core/viewstate';
import { CAMERA_DEBOUNCE_MS, SYNC_DEBOUNCE_MS } from '../../src/app/sharing/link-writer';
import { MODEL_URL, POP_URL, messages, openPage, pose } from './link-fakes';

const hashState = (href: string) => decodeViewState(new URL(href).hash.slice(1)).state;
const selectedIds = (w: ReturnType<typeof openPage>) => {
  const s = w.store.getState();
  return s.population!.networks.filter((_, i) => s.selectionMask[i]).map((n) => n.id);
};

describe('LinkSession: opening the page', () => {
  it('without a link loads the first demo and replaces the entry with its view once', async () => {
    const w = openPage('https://app.example/nm/');
    await w.session.start();
    await w.settle();
    expect(w.calls).toEqual(['loadDemoIndex', 'loadDemo demo-a']);
    expect(w.store.getState().population?.id).toBe('demo-a');
    expect(w.address.pushes).toBe(0);
    expect(w.address.replaces).toBe(1);
    expect(hashState(w.address.href).source).toEqual({ kind: 'demo', id: 'demo-a' });
    expect(w.session.linkedViewPending()).toBe(false);
  });

  it('a link with a population source round-trips: population, selection, inspected network, colour', async () => {
    const a = openPage(`https://app.example/nm/?population=${encodeURIComponent(POP_URL)}`);
    await a.session.start();
    await a.settle();
    expect(a.calls).toContain(`loadPopulationUrl ${POP_URL}`);
    const sa = a.store.getState();
    expect(sa.population?.id).toBe('shared-pop');
    sa.setSelection([idsClause('lasso', [1, 4, 6])]);
    sa.setSelected(sa.population!.networks[4].id);
    sa.setColorColumn('depth');
    a.camera.drag(pose(2));
    const link = a.session.currentLink();
    expect(new URL(link).searchParams.get('population')).toBe(POP_URL);

    const b = openPage(link);
    await b.session.start();
    await b.settle();
    const sb = b.store.getState();
    expect(b.calls).toContain(`loadPopulationUrl ${POP_URL}`);
    expect(sb.populationSource).toEqual({ kind: 'url', url: POP_URL });
    expect(selectedIds(b)).toEqual(selectedIds(a));
    expect(sb.selectedId).toBe(sa.population!.networks[4].id);
    expect(sb.colorColumn).toBe('depth');
    expect(b.camera.pose).toEqual(hashState(link).camera);
    expect(messages(sb)).toEqual([]);
    // The same view gives the same link.
    expect(b.session.currentLink()).toBe(link);
  });

  it('a link to a demo loads that demo; a demo this site lacks says so and shows the first', async () => {
    const a = openPage('https://app.example/nm/?demo=demo-b');
    await a.session.start();
    await a.settle();
    expect(a.store.getState().population?.id).toBe('demo-b');
    // The address already shows this view: nothing is written until it changes.
    expect(a.address.replaces + a.address.pushes).toBe(0);
    const link = a.session.currentLink();
    expect(new URL(link).searchParams.has('demo')).toBe(false);
    expect(hashState(link).source).toEqual({ kind: 'demo', id: 'demo-b' });

    const b = openPage('https://app.example/nm/?demo=gone');
    await b.session.start();
    await b.settle();
    expect(b.store.getState().population?.id).toBe('demo-a');
    expect(messages(b.store.getState()).join()).toMatch(/names a demo population "gone" that this site does not have; showing Demo A/);
  });

  it('an unreadable hash is reported and the demo is still shown', async () => {
    const w = openPage('https://app.example/nm/#v=99&garbage');
    await w.session.start();
    await w.settle();
    expect(w.store.getState().population?.id).toBe('demo-a');
    expect(messages(w.store.getState()).join()).toMatch(/This link's view could not be restored/);
  });

  it('a population URL that fails is reported and the first demo is shown instead', async () => {
    const w = openPage(`https://app.example/nm/?population=${encodeURIComponent('https://data.example/missing.nmpop')}`);
    await w.session.start();
    await w.settle();
    expect(w.store.getState().population?.id).toBe('demo-a');
    expect(messages(w.store.getState()).join()).toMatch(/Could not load the linked population: .*HTTP 404/);
    expect(w.session.linkedViewPending()).toBe(false);
  });

  it("a link to a population from its author's file shows the demo with a calm notice, without its selection", async () => {
    const a = openPage('https://app.example/nm/');
    await a.session.start();
    await a.settle();
    const local = { ...hashState(a.address.href), source: { kind: 'local' as const, id: 'my-file' }, inspected: 'syn-3' };
    const b = openPage(`https://app.example/nm/#${encodeViewState(local)}`);
    await b.session.start();
    await b.settle();
    const sb = b.store.getState();
    expect(sb.population?.id).toBe('demo-a');
    expect(sb.selectedId).toBeNull();
    expect(sb.errors.map((e) => e.level)).toEqual(['notice']);
    expect(messages(sb)[0]).toMatch(/opened from a file \(“my-file”\)/);
  });
});

describe('LinkWriter: keeping the address in sync', () => {
  it('writes store changes once after a quiet spell, as a history entry', async () => {
    const w = openPage('https://app.example/nm/');
    await w.session.start();
    await w.settle();
    const s = w.store.getState();
    s.setSelection([idsClause('lasso', [0, 1])]);
    s.setSelection([idsClause('lasso', [0, 1, 2])]);
    w.timers.advance(SYNC_DEBOUNCE_MS - 1);
    expect(w.address.pushes).toBe(0);
    w.timers.advance(2000);
    expect(w.address.pushes).toBe(1);
    const state = hashState(w.address.href);
    expect(state.selection).toEqual({ by: 'id', ids: ['syn-0', 'syn-1', 'syn-2'] });
  });

  it('camera moves replace the entry after the camera rests, and never push', async () => {
    const w = openPage('https://app.example/nm/');
    await w.session.start();
    await w.settle();
    const replaces = w.address.replaces;
    w.camera.drag(pose(1));
    w.camera.drag(pose(2));
    w.timers.advance(CAMERA_DEBOUNCE_MS - 1);
    expect(w.address.replaces).toBe(replaces);
    w.timers.advance(1);
    expect(w.address.replaces).toBe(replaces + 1);
    expect(w.address.pushes).toBe(0);
    expect(hashState(w.address.href).camera?.position[0]).toBeCloseTo(2, 3);
  });

  it('back steps to the previous view: the selection made since is undone', async () => {
    const w = openPage('https://app.example/nm/');
    await w.session.start();
    await w.settle();
    w.store.getState().setSelected('syn-5');
    await w.settle();
    expect(w.address.pushes).toBe(1);
    w.address.back();
    await w.settle();
    expect(w.store.getState().selectedId).toBeNull();
    // Applying the address's state is not a new change to write.
    expect(w.address.pushes).toBe(1);
    expect(w.address.entries).toHaveLength(2);
  });
});

describe('LinkSession: TF.js models by URL', () => {
  it("with a hash, the link's view waits for the models, then names one; the link carries ?model=", async () => {
    const a = openPage(`https://app.example/nm/?model=${encodeURIComponent(MODEL_URL)}`);
    await a.session.start();
    expect(a.session.linkedViewPending()).toBe(true);
    await a.settle();
    expect(a.calls).toEqual(['loadDemoIndex', 'loadDemo demo-a', `addModelUrls ${MODEL_URL}`]);
    const sa = a.store.getState();
    expect(sa.population?.networks.length).toBe(25);
    expect(sa.populationSource).toEqual({ kind: 'grown', base: { kind: 'demo', id: 'demo-a' }, models: [MODEL_URL], count: 25 });
    sa.setSelected('tfjs-0');
    const link = a.session.currentLink();
    expect(new URL(link).searchParams.getAll('model')).toEqual([MODEL_URL]);
    expect(hashState(link).source).toEqual({ kind: 'demo', id: 'demo-a' });

    const b = openPage(link);
    await b.session.start();
    await b.settle();
    expect(b.calls).toEqual(['loadDemoIndex', 'loadDemo demo-a', `addModelUrls ${MODEL_URL}`]);
    expect(b.store.getState().selectedId).toBe('tfjs-0');
    expect(b.session.linkedViewPending()).toBe(false);
    expect(b.session.currentLink()).toBe(link);
  });

  it('while the models are being added, the address keeps the link (nothing is written over it)', async () => {
    const a = openPage(`https://app.example/nm/?model=${encodeURIComponent(MODEL_URL)}`);
    await a.session.start();
    await a.settle();
    a.store.getState().setSelected('tfjs-0');
    const link = a.session.currentLink();

    let release = () => {};
    const b = openPage(link, {
      addModelUrls: () => new Promise<boolean>((r) => (release = () => r(false))),
    });
    await b.session.start();
    await b.settle(); // the demo is on screen; the models are still coming
    expect(b.store.getState().population?.id).toBe('demo-a');
    expect(b.session.linkedViewPending()).toBe(true);
    b.store.getState().setColorColumn('depth');
    b.timers.advance(10_000);
    expect(b.address.href).toBe(link);
    expect(b.address.pushes + b.address.replaces).toBe(0);
    release();
    await b.settle();
    expect(b.session.linkedViewPending()).toBe(false);
  });
});
