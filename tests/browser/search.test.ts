// Search mode (METHODS §6 step 3): on the moons demo, 1 round of guided proposals and 1 of random
// ones (2 networks each, 2 epochs): the chart shows two best-so-far curves over the population's
// networks plus the new ones, and the new networks join the population marked by arm (origin
// search-guided / search-random), embedded, coloured by origin and selected.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sel, waitForManifoldReady, useAppPage } from './app';
import { screenshot, type AppPage } from './harness';

interface PopInfo {
  id: string;
  name: string;
  n: number;
  origins: (string | null)[];
  finiteCoords: boolean[];
  colorColumn: string;
  selectionCount: number;
}

async function popInfo(page: Page): Promise<PopInfo> {
  return page.evaluate(() => {
    type S = {
      population: {
        id: string;
        name: string;
        networks: { origin?: string }[];
        embedding?: { embedding: Float64Array; nComponents: number };
      } | null;
      colorColumn: string;
      selectionCount: number;
    };
    const api = (window as unknown as { __netmanifold?: { getState(): S } }).__netmanifold;
    if (!api) throw new Error('window.__netmanifold is not defined');
    const s = api.getState();
    const pop = s.population;
    if (!pop) throw new Error('no population');
    const e = pop.embedding;
    return {
      id: pop.id,
      name: pop.name,
      n: pop.networks.length,
      origins: pop.networks.map((n) => n.origin ?? null),
      finiteCoords: pop.networks.map((_, i) =>
        e ? Array.from(e.embedding.subarray(i * e.nComponents, (i + 1) * e.nComponents)).every(Number.isFinite) : false,
      ),
      colorColumn: s.colorColumn,
      selectionCount: s.selectionCount,
    };
  });
}

describe('search mode: guided vs random', () => {
  const fixture = useAppPage({ query: '?demo=moons-mlp' });
  let app: AppPage;
  beforeAll(() => {
    ({ app } = fixture);
  });

  it('runs 1 round of each arm, draws both best-so-far curves and adds the networks marked by arm', async () => {
    const { page } = app;
    const before = await popInfo(page);
    expect(before.id).toBe('moons-mlp');
    const N = before.n;
    // wasm: much faster than WebGL on the software GL of a headless test machine (the backend select is in the train panel).
    await page.locator(sel('train-toggle')).click();
    await page.locator(sel('train-backend')).selectOption('wasm');
    await expect.poll(() => page.locator(sel('app')).getAttribute('data-backend'), { timeout: 30_000 }).toBe('wasm');

    const mode = page.locator(sel('search-mode'));
    await mode.scrollIntoViewIfNeeded();
    await page.locator(sel('search-rounds')).fill('1');
    await page.locator(sel('search-per-round')).fill('2');
    await page.locator(sel('search-epochs')).fill('2');
    await expect.poll(() => page.locator(sel('search-start')).isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.locator(sel('search-start')).click();
    await expect.poll(() => mode.getAttribute('data-status'), { timeout: 10_000 }).toBe('running');
    // Progress shows while it runs.
    await expect.poll(() => page.locator(sel('search-message')).innerText(), { timeout: 30_000 }).toMatch(/round 1\/1/);
    await expect.poll(() => mode.getAttribute('data-status'), { timeout: 200_000, interval: 500 }).toMatch(/^(done|error|cancelled)$/);
    const status = await mode.getAttribute('data-status');
    if (status !== 'done')
      throw new Error(`the search ended in ${status}: ${await page.locator(sel('search-message')).innerText()} ${app.errors.join(' | ')}`);
    await waitForManifoldReady(page);

    // Two curves, each from the population's best (x = 0) over the arm's 2 new networks.
    const chart = page.locator(sel('search-chart'));
    await expect.poll(() => chart.locator('path[data-arm]').count(), { timeout: 10_000 }).toBe(2);
    expect(await chart.locator('path[data-arm="guided"]').getAttribute('data-points')).toBe('3');
    expect(await chart.locator('path[data-arm="random"]').getAttribute('data-points')).toBe('3');
    for (const arm of ['guided', 'random'])
      expect((await chart.locator(`path[data-arm="${arm}"]`).getAttribute('d'))?.length).toBeGreaterThan(10);
    await expect.poll(() => chart.locator(sel('search-start-point')).count()).toBe(1);
    expect(await page.locator(sel('search-message')).innerText()).toMatch(/guided \d\.\d{3}, random \d\.\d{3}/);
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, 'search-done');

    await expect.poll(async () => (await popInfo(page)).n, { timeout: 10_000 }).toBe(N + 4);
    const after = await popInfo(page);
    expect(after.id.startsWith('moons-mlp+search-')).toBe(true);
    expect(after.origins.slice(0, N)).toEqual(before.origins);
    expect(after.origins.slice(N)).toEqual(['search-guided', 'search-guided', 'search-random', 'search-random']);
    expect(after.colorColumn).toBe('origin');
    expect(after.selectionCount).toBe(4);
    await expect
      .poll(() => page.locator(sel('legend')).innerText(), { timeout: 10_000 })
      .toMatch(/search-guided[\s\S]*search-random|search-random[\s\S]*search-guided/);
    // Kept like other populations made here: the grown population is in this browser's stored populations.
    const storedNames = () =>
      page.evaluate(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const req = indexedDB.open('netmanifold-populations');
            req.onerror = () => reject(new Error(String(req.error)));
            req.onsuccess = () => {
              const all = req.result.transaction('imports').objectStore('imports').getAll();
              all.onsuccess = () => resolve((all.result as { name: string; networks: number }[]).map((r) => `${r.name}|${r.networks}`));
              all.onerror = () => reject(new Error(String(all.error)));
            };
          }),
      );
    await expect.poll(storedNames, { timeout: 10_000 }).toContain(`${before.name} + search: 2 guided + 2 random|${N + 4}`);
  });
});
