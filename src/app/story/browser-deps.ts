// The story player's ports in the page (player.ts): the stores, fetch, window's
// address and history, timers, the PHATE and trajectory controllers, and the DOM
// (the focused panel, keys, full-screen, downloads).
import { getState, useStore } from '../../state/store';
import { useStory } from '../../state/story';
import type { TrajectoryController } from '../trajectory';
import type { PhateController } from '../phate';
import type { StoryLinks, StoryPage, StoryPlayerDeps } from './player';
import { downloadBlob } from '../download';

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
  download: downloadBlob,
};

/** The app's controllers a story drives (start.ts passes them). */
export interface StoryControllers {
  /** A step's re-embed uses the PHATE panel's settings. */
  phate: Pick<PhateController, 'requestEmbed'>;
  /** Trajectory steps embed the checkpoints once, then show their epoch. */
  trajectories: Pick<TrajectoryController, 'computeTrajectories' | 'exitTrajectories' | 'current'>;
}

/** Trajectory steps: embed the checkpoints once, then show the step's epoch. */
async function showEpoch(c: StoryControllers, epoch: number): Promise<void> {
  const pop = getState().population;
  const t = c.trajectories.current();
  if (!(t.popId === pop?.id && t.status === 'done')) await c.trajectories.computeTrajectories();
  if (c.trajectories.current().status === 'done') getState().setEpoch(epoch);
}

export function browserStoryDeps(links: StoryLinks, c: StoryControllers): StoryPlayerDeps {
  return {
    store: useStore,
    story: useStory,
    links,
    fetch: (url, init) => fetch(url, init),
    base: import.meta.env.BASE_URL,
    location: window.location,
    history: window.history,
    timers: { after: (ms, f) => void setTimeout(f, ms), now: () => performance.now() },
    embed: () => c.phate.requestEmbed({}, 0),
    trajectories: { exit: () => c.trajectories.exitTrajectories(), show: (epoch) => showEpoch(c, epoch) },
    page: browserStoryPage,
  };
}
