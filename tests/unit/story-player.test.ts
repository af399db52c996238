// The story player (src/app/story/player.ts) built with fakes (issue 12): the real link
// session over a fake address bar and store (link-fakes), a story store of its own. A
// 3-step story authored from three selections plays forward and back, each step putting
// its own selection back; a step overtaken by a newer one is dropped.
import { describe, expect, it } from 'vitest';
import { idsClause } from '../../src/core/explore/selection';
import { StoryPlayer, type StoryLinks } from '../../src/app/story/player';
import type { ViewState } from '../../src/core/viewstate';
import { openPage } from './link-fakes';
import { storyFakes } from './fakes/story-deps';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

async function world() {
  const w = openPage('https://app.example/nm/');
  await w.session.start();
  await w.settle();
  const applied: ViewState[] = [];
  const links: StoryLinks = {
    applyLinkedView: (v) => {
      applied.push(v);
      return w.session.applyLinkedView(v);
    },
    linkedViewPending: () => w.session.linkedViewPending(),
    currentViewState: () => w.session.currentViewState(),
  };
  const fakes = storyFakes(w.store, links, w.address);
  const player = new StoryPlayer(fakes.deps);
  player.start();
  const selected = () => {
    const s = w.store.getState();
    return s.population!.networks.filter((_, i) => s.selectionMask[i]).map((n) => n.id);
  };
  const select = (indices: number[]) => w.store.getState().setSelection([idsClause('lasso', indices)]);
  return { w, fakes, player, applied, selected, select };
}

/** Authors a 3-step story from three selections (as "Add this view as a step" does), then selects something else. */
async function threeSteps(t: Awaited<ReturnType<typeof world>>) {
  const ids: string[][] = [];
  for (const [k, indices] of [
    [0, [1, 2]],
    [1, [3, 4, 5]],
    [2, [7]],
  ] as const) {
    t.select([...indices]);
    ids.push(t.selected());
    t.player.addViewAsStep(`step ${k + 1}`);
  }
  t.select([20, 21]);
  expect(t.selected()).not.toEqual(ids[0]);
  expect(t.fakes.story.getState().draft).toHaveLength(3);
  return ids;
}

describe('StoryPlayer', () => {
  it('plays a 3-step story: each step forward and back puts its own selection back', async () => {
    const t = await world();
    const ids = await threeSteps(t);
    await t.player.open(t.player.draftStory());
    const st = () => t.fakes.story.getState();
    expect(st().step).toBe(0);
    expect(st().status).toBe('ready');
    expect(t.selected()).toEqual(ids[0]);
    await t.player.next();
    expect(t.selected()).toEqual(ids[1]);
    await t.player.next();
    expect(st().step).toBe(2);
    expect(t.selected()).toEqual(ids[2]);
    // The user changes the selection on step 3; stepping back and forward puts each step's own back.
    t.select([10, 11, 12]);
    await t.player.previous();
    expect(st().step).toBe(1);
    expect(t.selected()).toEqual(ids[1]);
    await t.player.previous();
    expect(t.selected()).toEqual(ids[0]);
    await t.player.previous(); // clamped at the first step
    expect(st().step).toBe(0);
    expect(t.selected()).toEqual(ids[0]);
    await t.player.next();
    await t.player.next();
    expect(t.selected()).toEqual(ids[2]);
    // One applied view per step shown (the clamped step too).
    expect(t.applied).toHaveLength(8);
    // The same PHATE settings throughout: no step re-embeds.
    expect(t.fakes.embeds).toBe(0);
    t.player.leave();
    expect(st().story).toBeNull();
    // Leaving keeps the view on screen.
    expect(t.selected()).toEqual(ids[2]);
  });

  it('a wait step is done once the selection differs from the one the step put on screen', async () => {
    const t = await world();
    await threeSteps(t);
    const story = t.player.draftStory();
    story.steps[1] = { ...story.steps[1], wait: 'lasso' };
    await t.player.open(story, 1);
    expect(t.fakes.story.getState().waitDone).toBe(false);
    // Re-selecting the same networks is not the user's lasso.
    t.select([3, 4, 5]);
    expect(t.fakes.story.getState().waitDone).toBe(false);
    t.select([3, 4]);
    expect(t.fakes.story.getState().waitDone).toBe(true);
  });

  it('a step overtaken by a newer one (stepToken) is dropped: only the newer view is applied', async () => {
    const t = await world();
    const ids = await threeSteps(t);
    await t.player.open(t.player.draftStory());
    const before = t.applied.length;
    // The population is reloading: steps wait for it.
    t.w.store.getState().setPopulationStatus('loading');
    const stale = t.player.goTo(2);
    await tick();
    const fresh = t.player.goTo(1);
    await tick();
    expect(t.applied).toHaveLength(before);
    t.w.store.getState().setPopulationStatus('ready');
    await Promise.all([stale, fresh]);
    expect(t.applied).toHaveLength(before + 1);
    expect(t.fakes.story.getState().step).toBe(1);
    expect(t.fakes.story.getState().status).toBe('ready');
    expect(t.selected()).toEqual(ids[1]);
  });

  it('reads the shipped index once and opens ?story= by id; an unknown id is a message and keeps the view', async () => {
    const w = openPage('https://app.example/nm/?story=nope');
    await w.session.start();
    await w.settle();
    const fakes = storyFakes(w.store, w.session, w.address, {
      '/nm/stories/index.json': [{ id: 'tour', title: 'Tour', description: '', file: 'tour.story.json' }],
    });
    const player = new StoryPlayer(fakes.deps);
    player.start();
    player.start(); // once
    for (let i = 0; i < 20 && fakes.story.getState().status === 'loading'; i++) await tick();
    expect(fakes.fetched.filter((u) => u.endsWith('index.json'))).toHaveLength(1);
    expect(fakes.story.getState().index.map((e) => e.id)).toEqual(['tour']);
    expect(fakes.story.getState().story).toBeNull();
    expect(
      w.store
        .getState()
        .errors.map((e) => e.message)
        .join('\n'),
    ).toContain('this site has no story "nope" (it has tour)');
  });
});
