// Helpers that know the app's test hooks (data-testid attributes and window.__netmanifold).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { REPO_ROOT, launchChromium, openPage, startStaticServer, type AppPage, type StaticServer } from './harness';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface ProjectedPoint {
  index: number;
  id: string;
  x: number;
  y: number;
  visible: boolean;
}

export const sel = (testId: string): string => `[data-testid="${testId}"]`;

/** Number of networks in the demo population the app loads first (public/demo/index.json[0]). */
export function demoNetworkCount(): { name: string; count: number } {
  const demoDir = path.join(REPO_ROOT, 'public/demo');
  const indexFile = path.join(demoDir, 'index.json');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing: the demo population is not shipped yet`);
  const entries = JSON.parse(readFileSync(indexFile, 'utf8')) as Array<{ id: string; file: string }>;
  if (!Array.isArray(entries) || entries.length === 0) throw new Error('public/demo/index.json lists no population');
  const { file } = entries[0];
  const candidates = [path.join(demoDir, file), path.join(REPO_ROOT, 'public', file)];
  const bundlePath = candidates.find((p) => existsSync(p));
  if (!bundlePath) throw new Error(`demo bundle '${file}' not found (looked at ${candidates.join(', ')})`);
  let bytes = new Uint8Array(readFileSync(bundlePath));
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const population = JSON.parse(new TextDecoder().decode(bytes)) as { networks?: unknown[] };
  if (!Array.isArray(population.networks)) throw new Error(`${bundlePath} has no networks array`);
  return { name: file, count: population.networks.length };
}

/** Waits for the manifold to be ready and drawn; fails at once, with the app's error text, on status=error. */
export async function waitForManifoldReady(page: Page, timeout = 90_000): Promise<void> {
  const handle = await page.waitForFunction(
    () => {
      const m = document.querySelector('[data-testid="manifold"]');
      const status = m?.getAttribute('data-status');
      if (status === 'error') return status;
      // Ready means drawn: data-point-count is set once a frame with the points has rendered.
      return status === 'ready' && m?.hasAttribute('data-point-count') ? status : false;
    },
    undefined,
    { timeout, polling: 100 },
  );
  if ((await handle.jsonValue()) === 'error') {
    const text = await page.locator(sel('error')).allInnerTexts();
    throw new Error(`manifold status=error: ${text.join(' | ') || '(no error text)'}`);
  }
}

export async function manifoldAttrs(
  page: Page,
): Promise<{ status: string | null; count: number; populationId: string | null; backend: string | null }> {
  const m = page.locator(sel('manifold'));
  return {
    status: await m.getAttribute('data-status'),
    count: Number(await m.getAttribute('data-point-count')),
    populationId: await m.getAttribute('data-population-id'),
    backend: await m.getAttribute('data-backend'),
  };
}

export async function projectPoints(page: Page): Promise<ProjectedPoint[]> {
  return page.evaluate(() => {
    const api = (window as unknown as { __netmanifold?: { projectPoints(): ProjectedPoint[] } }).__netmanifold;
    if (!api) throw new Error('window.__netmanifold is not defined');
    return api.projectPoints();
  });
}

/**
 * Waits `atLeast` ms (for a glide or tween to start), then until the projected points stop moving:
 * two reads 250 ms apart within 0.25 px. Camera damping, Fit and the glide between embeddings run
 * on frames, and under load they end later than any fixed wait.
 */
export async function waitForViewStill(page: Page, atLeast = 0, timeout = 30_000): Promise<void> {
  if (atLeast > 0) await page.waitForTimeout(atLeast);
  const moved = async () => {
    const a = await projectPoints(page);
    await page.waitForTimeout(250);
    const b = await projectPoints(page);
    if (a.length !== b.length) return Infinity;
    let d = 0;
    for (let i = 0; i < a.length; i++) {
      const m = Math.max(Math.abs(a[i].x - b[i].x), Math.abs(a[i].y - b[i].y));
      if (Number.isFinite(m)) d = Math.max(d, m);
      else if (Number.isFinite(a[i].x) !== Number.isFinite(b[i].x)) return Infinity;
    }
    return d;
  };
  await expect.poll(moved, { timeout, interval: 0, message: 'the view kept moving (projected points, px per 250 ms)' }).toBeLessThan(0.25);
}

/** The visible point inside the manifold box farthest from its nearest neighbour: unambiguous to hover. */
export async function mostIsolatedVisiblePoint(page: Page): Promise<ProjectedPoint> {
  const box = await page.locator(sel('manifold')).boundingBox();
  if (!box) throw new Error('manifold has no bounding box');
  const margin = 12;
  const inside = (await projectPoints(page)).filter(
    (p) =>
      p.visible && p.x > box.x + margin && p.x < box.x + box.width - margin && p.y > box.y + margin && p.y < box.y + box.height - margin,
  );
  if (inside.length === 0) throw new Error('no visible point inside the manifold view');
  // Only points the mouse can actually reach: not under a toolbar, legend or banner.
  const reachable = await page.evaluate(
    (pts) =>
      pts.map((p) => {
        const el = document.elementFromPoint(p.x, p.y);
        return !!el && (el.tagName === 'CANVAS' || el.classList.contains('brush-overlay')) && !!el.closest('[data-testid="manifold"]');
      }),
    inside.map(({ x, y }) => ({ x, y })),
  );
  const clickable = inside.filter((_, i) => reachable[i]);
  if (clickable.length === 0) throw new Error('every visible point is covered by an overlay (toolbar, legend or banner)');
  let best = clickable[0];
  let bestGap = -1;
  for (const p of clickable) {
    let gap = Infinity;
    for (const q of inside) if (q !== p) gap = Math.min(gap, Math.hypot(p.x - q.x, p.y - q.y));
    if (gap > bestGap) {
      bestGap = gap;
      best = p;
    }
  }
  return best;
}

/**
 * Fraction of the given points whose screenshot pixel differs from the view's background
 * (the most common colour of the manifold box's border): a blank canvas scores 0.
 */
export async function fractionOfPointsDrawn(browser: Browser, page: Page, points: ProjectedPoint[]): Promise<number> {
  const box = await page.locator(sel('manifold')).boundingBox();
  if (!box) throw new Error('manifold has no bounding box');
  const png = (await page.screenshot()).toString('base64');
  const scratch = await browser.newPage();
  try {
    return await scratch.evaluate(
      async ({ png, box, points }) => {
        const blob = await (await fetch(`data:image/png;base64,${png}`)).blob();
        const bmp = await createImageBitmap(blob);
        const canvas = new OffscreenCanvas(bmp.width, bmp.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bmp, 0, 0);
        const img = ctx.getImageData(0, 0, bmp.width, bmp.height);
        const rgb = (x: number, y: number): number => {
          const i = (Math.round(y) * img.width + Math.round(x)) * 4;
          return (img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2];
        };
        const counts = new Map<number, number>();
        const x0 = box.x + 2,
          x1 = box.x + box.width - 3,
          y0 = box.y + 2,
          y1 = box.y + box.height - 3;
        for (let x = x0; x <= x1; x += 4) for (const y of [y0, y1]) counts.set(rgb(x, y), (counts.get(rgb(x, y)) ?? 0) + 1);
        for (let y = y0; y <= y1; y += 4) for (const x of [x0, x1]) counts.set(rgb(x, y), (counts.get(rgb(x, y)) ?? 0) + 1);
        const background = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
        const drawn = points.filter((p) => rgb(p.x, p.y) !== background).length;
        return drawn / points.length;
      },
      { png, box, points },
    );
  } finally {
    await scratch.close();
  }
}

export interface ProgressSample {
  stage: string | null;
  done: number;
  total: number;
  t: number;
}

/** Records every change of the train progress bar inside the page, so fast stages are not missed. */
export async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __progressLog: ProgressSample[] };
    w.__progressLog = [];
    const sample = (): void => {
      const el = document.querySelector('[data-testid="train-progress"]');
      if (!el) return;
      const s = {
        stage: el.getAttribute('data-stage'),
        done: Number(el.getAttribute('data-done')),
        total: Number(el.getAttribute('data-total')),
        t: performance.now(),
      };
      const last = w.__progressLog[w.__progressLog.length - 1];
      if (!last || last.stage !== s.stage || last.done !== s.done || last.total !== s.total) w.__progressLog.push(s);
    };
    new MutationObserver(sample).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-stage', 'data-done', 'data-total'],
    });
    sample();
  });
}

export async function progressLog(page: Page): Promise<ProgressSample[]> {
  return page.evaluate(() => (window as unknown as { __progressLog: ProgressSample[] }).__progressLog);
}

/** Waits until the progress bar's data-stage is one of `stages`; returns it. */
export async function waitForStage(page: Page, stages: string[], timeout: number): Promise<string> {
  const handle = await page.waitForFunction(
    (stages) => {
      const s = document.querySelector('[data-testid="train-progress"]')?.getAttribute('data-stage');
      return s && stages.includes(s) ? s : false;
    },
    stages,
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as string;
}

/** Opens the train panel, fills dataset/count/epochs, and presses start. */
export async function startTraining(page: Page, opts: { dataset: string; count: number; epochs: number }): Promise<void> {
  const panel = page.locator(sel('train-panel'));
  if (!(await panel.isVisible())) await page.locator(sel('train-toggle')).click();
  await panel.waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator(sel('train-dataset')).selectOption(opts.dataset);
  await page.locator(sel('train-count')).fill(String(opts.count));
  await page.locator(sel('train-epochs')).fill(String(opts.epochs));
  await page.locator(sel('train-start')).click();
}

/**
 * One app page for a describe block: beforeAll serves the build, launches Chromium and opens the
 * app at `query` (e.g. '?demo=moons-mlp'), waiting until the manifold is drawn; afterAll closes
 * everything. Read `.app` / `.page` inside the tests.
 */
export function useAppPage(opts: { query?: string; viewport?: { width: number; height: number }; chromiumArgs?: string[] } = {}): {
  readonly app: AppPage;
  readonly page: Page;
} {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let app: AppPage | undefined;
  beforeAll(async () => {
    server = await startStaticServer();
    browser = await launchChromium(opts.chromiumArgs);
    app = await openPage(browser, `${server.url}${opts.query ?? ''}`, opts.viewport ?? { width: 1440, height: 960 });
    await waitForManifoldReady(app.page);
  });
  afterAll(async () => {
    await app?.page
      .context()
      .close()
      .catch(() => {});
    await browser?.close();
    await server?.close();
  });
  return {
    get app() {
      if (!app) throw new Error('the app page is not open (beforeAll failed?)');
      return app;
    },
    get page() {
      return this.app.page;
    },
  };
}

/**
 * A static server and a Chromium for a whole describe block; `open(query, viewport)` opens the
 * app in a fresh context (not waiting for the manifold). afterAll closes every page, the browser
 * and the server. For files that open several pages; useAppPage is for one.
 */
export function useBrowser(): {
  readonly server: StaticServer;
  open(query?: string, viewport?: { width: number; height: number }): Promise<AppPage>;
} {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const opened: AppPage[] = [];
  beforeAll(async () => {
    server = await startStaticServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const app of opened)
      await app.page
        .context()
        .close()
        .catch(() => {});
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the static server is not running (beforeAll failed?)');
      return server;
    },
    async open(query = '', viewport) {
      if (!browser || !server) throw new Error('the browser is not running (beforeAll failed?)');
      const app = await openPage(browser, `${server.url}${query}`, viewport);
      opened.push(app);
      return app;
    },
  };
}

/** Evaluates `expr` with `s` = the app's store state, in the page (e.g. 's.population.networks.length'). */
export const storeValue = (page: Page, expr: string) =>
  // The expression is compiled by the DevTools protocol (a string evaluate), not by new Function in the
  // page, which the site's Content-Security-Policy (no 'unsafe-eval') would refuse.
  page.evaluate(`((s) => (${expr}))(window.__netmanifold.getState())`);

/** Every message in the error banner, joined with " | ". */
export async function errorText(page: Page): Promise<string> {
  return (await page.locator(sel('error')).allInnerTexts()).join(' | ');
}

/** Waits until a population is drawn and `predicate` (over `s`, the store state) holds; says what the app showed if not. */
export async function waitForPopulation(page: Page, predicate: string, timeout = 120_000): Promise<void> {
  try {
    // Polled from Node with string evaluates (see storeValue): waitForFunction compiles a string
    // predicate with new Function in the page, which the site's CSP refuses.
    const ready = `(() => {
      const s = window.__netmanifold?.getState();
      const m = document.querySelector('[data-testid="manifold"]');
      return !!s?.population && s.populationStatus === 'ready' && !!m?.hasAttribute('data-point-count') && !!((s) => (${predicate}))(s);
    })()`;
    const deadline = Date.now() + timeout;
    // A navigation (reload, link) between polls destroys the context: that poll counts as "not yet".
    const poll = () =>
      page.evaluate(ready).catch((e: Error) => {
        if (/Execution context was destroyed|navigat|Target closed/i.test(e.message) && !page.isClosed()) return false;
        throw e;
      });
    while (!(await poll())) {
      if (Date.now() > deadline) throw new Error(`Timeout ${timeout}ms exceeded.`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    const state = await storeValue(
      page,
      '({ n: s.population?.networks.length, status: s.populationStatus, job: s.job.status, stage: s.job.stage, phate: s.phateRun?.status })',
    ).catch(() => null);
    throw new Error(
      `${(e as Error).message}\nwaiting for ${predicate}; app: ${JSON.stringify(state)}; messages: ${await errorText(page).catch(() => '?')}`,
    );
  }
}
