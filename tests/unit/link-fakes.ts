// Fakes for the link session (src/app/sharing/startup-link.ts) and its writer: an address bar
// with a session history, timers run by hand, a camera without a view, and loaders that put
// populations into a store of their own (createAppStore) the way the app's loaders do.
import type { CameraState } from '../../src/core/viewstate';
import type { Population } from '../../src/core/types';
import { syntheticPopulation } from '../../src/app/synthetic';
import { createAppStore, type AppState, type DemoEntry } from '../../src/state/store';
import type { AddressPort, HistoryPort, Timers } from '../../src/app/sharing/link-writer';
import { LinkSession, type LinkLoaders } from '../../src/app/sharing/startup-link';
import { grownSource } from '../../src/app/sharing/population-source';

/** window.location + window.history: pushState adds an entry, back() moves to the previous one and fires popstate. */
export class FakeAddress implements AddressPort, HistoryPort {
  readonly entries: string[];
  at = 0;
  pushes = 0;
  replaces = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(href: string) {
    this.entries = [new URL(href).href];
  }
  private get url(): URL {
    return new URL(this.entries[this.at]);
  }
  get href(): string {
    return this.url.href;
  }
  get search(): string {
    return this.url.search;
  }
  get hash(): string {
    return this.url.hash;
  }
  get pathname(): string {
    return this.url.pathname;
  }
  pushState(_d: unknown, _u: string, url: string): void {
    this.entries.splice(this.at + 1, Infinity, new URL(url, this.href).href);
    this.at++;
    this.pushes++;
  }
  replaceState(_d: unknown, _u: string, url: string): void {
    this.entries[this.at] = new URL(url, this.href).href;
    this.replaces++;
  }
  addEventListener(_type: 'popstate' | 'hashchange', f: () => void): void {
    this.listeners.push(f);
  }
  /** The back button: the previous entry, then popstate (the browser's order). */
  back(): void {
    this.at--;
    this.listeners.forEach((f) => f());
  }
}

/** Timers that run only when the test advances the clock; idle callbacks run at their deadline. */
export class ManualTimers implements Timers {
  now = 0;
  private tasks: { at: number; f: () => void; live: boolean }[] = [];
  after(ms: number, f: () => void): () => void {
    const t = { at: this.now + ms, f, live: true };
    this.tasks.push(t);
    return () => void (t.live = false);
  }
  idle(f: () => void, timeoutMs: number): () => void {
    return this.after(timeoutMs, f);
  }
  /** Runs every task due within `ms`, in time order (tasks they schedule too). */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = this.tasks.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.now = due.at;
      due.f();
    }
    this.now = end;
    this.tasks = this.tasks.filter((t) => t.live);
  }
  pending(): number {
    return this.tasks.filter((t) => t.live).length;
  }
}

/** The camera port as the session sees it, without a view: a requested camera is simply the current one. */
export function fakeCamera() {
  const moves: (() => void)[] = [];
  const cam = {
    pose: null as CameraState | null,
    resets: 0,
    current: () => cam.pose,
    isPending: () => false,
    request: (c: CameraState | null) => void (cam.pose = c),
    reset: () => void cam.resets++,
    onUserMove: (f: () => void) => {
      moves.push(f);
      return () => {};
    },
    /** The user drags the camera to `c`. */
    drag(c: CameraState) {
      cam.pose = c;
      moves.forEach((f) => f());
    },
  };
  return cam;
}

export const pose = (x: number): CameraState => ({ position: [x, 0.5, 3], target: [0, 0, 0], up: [0, 1, 0], zoom: 1 });

/** A small shown population (synthetic, already embedded) with its own id. */
export function population(id: string, n: number, seed = 1): Population {
  return { ...syntheticPopulation(n, seed), id, name: id };
}

/** Two demos and one population by URL; a model URL adds one network. */
export const DEMOS: DemoEntry[] = [
  { id: 'demo-a', name: 'Demo A', file: 'a.nmpop' },
  { id: 'demo-b', name: 'Demo B', file: 'b.nmpop' },
];
export const POP_URL = 'https://data.example/pops/shared.nmpop';
export const MODEL_URL = 'https://models.example/net1/model.json';

export interface World {
  store: ReturnType<typeof createAppStore>;
  address: FakeAddress;
  timers: ManualTimers;
  camera: ReturnType<typeof fakeCamera>;
  session: LinkSession;
  calls: string[];
  /** Settles the loaders' promises and the debounced URL writes. */
  settle(): Promise<void>;
}

/** A page opened at `href`: a fresh store, the fakes, and a link session over them. */
export function openPage(href: string, overrides: Partial<LinkLoaders> = {}): World {
  const store = createAppStore();
  const address = new FakeAddress(href);
  const timers = new ManualTimers();
  const camera = fakeCamera();
  const calls: string[] = [];
  const tick = () => new Promise<void>((r) => setTimeout(r, 0));
  const byDemo: Record<string, Population> = { 'demo-a': population('demo-a', 24, 1), 'demo-b': population('demo-b', 30, 2) };
  const loaders: LinkLoaders = {
    async loadDemoIndex(choose) {
      calls.push('loadDemoIndex');
      await tick();
      store.getState().setDemos(DEMOS);
      const pick = choose ? choose(DEMOS) : DEMOS[0];
      if (pick) await loaders.loadDemo(pick);
    },
    async loadDemo(entry) {
      calls.push(`loadDemo ${entry.id}`);
      await tick();
      store.getState().setPopulation(byDemo[entry.id]);
    },
    async loadPopulationUrl(url, report) {
      calls.push(`loadPopulationUrl ${url}`);
      await tick();
      if (url !== POP_URL) {
        report(`Could not load the linked population: ${url}: HTTP 404`);
        return false;
      }
      store.getState().setPopulation(population('shared-pop', 16, 3), { kind: 'url', url });
      return true;
    },
    // As link-loaders' addModelUrls: the grown population records its base and model URLs.
    async addModelUrls(urls) {
      calls.push(`addModelUrls ${urls.join(' ')}`);
      await tick();
      const s = store.getState();
      const parent = s.population!;
      const extra = population('tfjs', urls.length, 9).networks.map((n, i) => ({
        ...n,
        id: `tfjs-${i}`,
        origin: 'imported-tfjs' as const,
      }));
      const next: Population = { ...parent, id: `${parent.id}+tfjs-1`, networks: [...parent.networks, ...extra] };
      next.embedding = population('grown', next.networks.length, 4).embedding;
      s.setPopulation(next, grownSource(s, urls, next.networks.length));
      return true;
    },
    ...overrides,
  };
  const session = new LinkSession({
    store,
    location: address,
    history: address,
    events: address,
    timers,
    camera,
    loaders,
  });
  return {
    store,
    address,
    timers,
    camera,
    session,
    calls,
    async settle() {
      for (let i = 0; i < 10; i++) await tick();
      timers.advance(5000);
    },
  };
}

/** The state's visible error/notice texts. */
export const messages = (s: AppState): string[] => s.errors.map((e) => e.message);
