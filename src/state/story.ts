// Stories, presenter mode and hidden panels (issue 13; docs/stories.md).
// Kept apart from the main store: the player (src/app/story) drives it and the
// caption card, the story panel and the app's classes read it.
import { create } from 'zustand';
import type { Story, StoryIndexEntry, StoryStep } from '../core/story/story';
import type { PresentTheme } from '../core/story/present';

export interface StoryState {
  /** The shipped stories (public/stories/index.json). */
  index: StoryIndexEntry[];
  /** The story being played, or null. */
  story: Story | null;
  /** 0-based step on screen. */
  step: number;
  /** 'loading' while a story file is fetched; 'applying' while a step's view is being put on screen. */
  status: 'idle' | 'loading' | 'applying' | 'ready';
  /** The step's wait ('lasso' / 'click') was satisfied. */
  waitDone: boolean;
  /** Presenter mode: only the manifold, the legend and the caption. */
  presenting: boolean;
  theme: PresentTheme;
  /** Panels hidden by the link (?hide=); not the same as panels the user collapsed. */
  hiddenPanels: string[];
  /** Steps being authored ("Add this view as a step"). */
  draft: StoryStep[];
  draftTitle: string;

  set(patch: Partial<StoryState>): void;
}

/** A story store of its own (the page has one, useStory; vitest builds fresh ones). */
export const createStoryStore = () =>
  create<StoryState>()((set) => ({
    index: [],
    story: null,
    step: 0,
    status: 'idle',
    waitDone: false,
    presenting: false,
    theme: 'dark',
    hiddenPanels: [],
    draft: [],
    draftTitle: 'My story',
    set: (patch) => set(patch),
  }));

export const useStory = createStoryStore();

export const storyState = (): StoryState => useStory.getState();
