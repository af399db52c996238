// Fakes for the story player (src/app/story/player.ts): a story store of its own, fetch
// answering from a table, timers on the event loop with a clock that advances per call,
// recorded embeds / trajectory calls, and a page without a DOM that records the focused
// panel, the key listener and downloads.
import { createStoryStore } from '../../../src/state/story';
import type { AppState } from '../../../src/state/store';
import type { AddressPort, HistoryPort } from '../../../src/app/sharing/link-writer';
import type { StoryLinks, StoryPlayerDeps } from '../../../src/app/story/player';

export interface StoryFakes {
  deps: StoryPlayerDeps;
  story: ReturnType<typeof createStoryStore>;
  /** Every URL fetched. */
  fetched: string[];
  embeds: number;
  epochs: number[];
  focused: string | null;
  downloads: string[];
  key: ((e: KeyboardEvent) => void) | null;
}

export function storyFakes(
  store: StoryPlayerDeps['store'] & { getState(): AppState },
  links: StoryLinks,
  address: AddressPort & HistoryPort,
  files: Record<string, unknown> = {},
): StoryFakes {
  const story = createStoryStore();
  let clock = 0;
  const f: StoryFakes = {
    story,
    fetched: [],
    embeds: 0,
    epochs: [],
    focused: null,
    downloads: [],
    key: null,
    deps: {
      store,
      story,
      links,
      base: '/nm/',
      location: address,
      history: address,
      fetch: async (url) => {
        f.fetched.push(url);
        const path = new URL(url, address.href).pathname;
        if (!(path in files)) return new Response('not found', { status: 404 });
        return new Response(JSON.stringify(files[path]), { status: 200 });
      },
      timers: {
        after: (_ms, g) => void setTimeout(g, 0),
        now: () => (clock += 10),
      },
      embed: () => void f.embeds++,
      trajectories: { exit: () => {}, show: async (epoch) => void f.epochs.push(epoch) },
      page: {
        focus: (selector) => {
          f.focused = selector;
          return () => void (f.focused = null);
        },
        onKey: (g) => void (f.key = g),
        fullscreen: { active: () => false, request: async () => {}, exit: async () => {} },
        download: (_blob, name) => void f.downloads.push(name),
      },
    },
  };
  return f;
}
