// The story player's ports in the page (player.ts): the stores, fetch, window's
// address and history, timers, the PHATE and trajectory controllers, and the DOM
// (the focused panel, keys, full-screen, downloads).
import { getState, useStore } from '../../state/store';
import { useStory } from '../../state/story';
import { computeTrajectories, exitTrajectories, useTrajectory } from '../trajectory';
import type { PhateController } from '../phate';
import type { StoryLinks, StoryPage, StoryPlayerDeps } from './player';

export const browserStoryPage: StoryPage = {
  focus(selector) {
    const el = document.querySelector(selector);
    if (!el) return null;
    el.classList.add('story-focus');
    el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    return () => el.classList.remove('story-focus');
  },
  onKey: (f) => window.addEventListener('keydown', f, { capture: true }),
  fullscreen: {
    active: () => !!document.fullscreenElement,
    request: () => {
      if (!document.documentElement.requestFullscreen) throw new Error('this browser has no full-screen API');
      return document.documentElement.requestFullscreen();
    },
    exit: () => document.exitFullscreen(),
  },
  download(blob, name) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  },
};

/** Trajectory steps: embed the checkpoints once, then show the step's epoch. */
async function showEpoch(epoch: number): Promise<void> {
  const pop = getState().population;
  const t = useTrajectory.getState();
  if (!(t.popId === pop?.id && t.status === 'done')) await computeTrajectories();
  if (useTrajectory.getState().status === 'done') getState().setEpoch(epoch);
}

/** `phate` is the app's PHATE controller (start.ts passes it): a step's re-embed uses the panel's settings. */
export function browserStoryDeps(links: StoryLinks, phate: Pick<PhateController, 'requestEmbed'>): StoryPlayerDeps {
  return {
    store: useStore,
    story: useStory,
    links,
    fetch: (url, init) => fetch(url, init),
    base: import.meta.env.BASE_URL,
    location: window.location,
    history: window.history,
    timers: { after: (ms, f) => void setTimeout(f, ms), now: () => performance.now() },
    embed: () => phate.requestEmbed({}, 0),
    trajectories: { exit: exitTrajectories, show: showEpoch },
    page: browserStoryPage,
  };
}
