// Architecture families in the app (issue 15): the builder trains a population of MLPs and CNNs on
// the digits, both families reach the manifold, and colouring by architecture shows both in the legend.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { manifoldAttrs, sel, storeValue, useAppPage, waitForManifoldReady, waitForStage } from './app';
import { launchChromium, openPage, screenshot, startStaticServer, type AppPage, type StaticServer } from './harness';
import { fillSmallRun, finishedRows } from './training-helpers';

describe('architecture families (issue 15)', () => {
  let server: StaticServer;
  let browser: Browser;
  let app: AppPage | undefined;

  beforeAll(async () => {
    server = await startStaticServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await app?.page
      .context()
      .close()
      .catch(() => {});
    await browser?.close();
    await server?.close();
  });

  it('trains MLPs and CNNs on the digits and colours the manifold by family', async () => {
    app = await openPage(browser, server.url);
    const { page } = app;
    await waitForManifoldReady(page);
    await fillSmallRun(page, {
      dataset: 'digits',
      backend: 'wasm',
      count: 6,
      epochs: 2,
      only: {
        architecture: ['mlp', 'cnn'],
        depth: ['1'],
        width: ['16'],
        convDepth: ['1'],
        channels: ['4'],
        kernel: ['3'],
        pooling: ['max'],
        activation: ['relu'],
        optimizer: ['adam'],
      },
      lr: { lo: 0.01, hi: 0.01, steps: 1 },
      seeds: 3,
    });
    await expect.poll(() => page.locator(sel('train-estimate')).getAttribute('data-networks')).toBe('6');
    await page.locator(sel('train-start')).click();
    expect(await waitForStage(page, ['done', 'error', 'cancelled'], 240_000)).toBe('done');
    await expect.poll(async () => (await finishedRows(page)).length, { timeout: 30_000 }).toBe(6);
    const rows = await finishedRows(page);
    expect(rows.filter((r) => r.id.includes('-cnn1x4k3max-'))).toHaveLength(3);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    await expect.poll(async () => (await manifoldAttrs(page)).count, { timeout: 60_000 }).toBe(6);

    await page.locator(sel('color-column')).selectOption('architecture');
    await expect.poll(() => page.locator(sel('legend')).getAttribute('data-color-column')).toBe('architecture');
    await expect
      .poll(() => page.locator(`${sel('legend')} .legend-cat`).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim())), {
        timeout: 10_000,
      })
      .toEqual(['mlp', 'cnn']);
    await screenshot(page, 'architectures-legend');

    // The inspector draws a CNN's per-layer profile over the CNN median and the MLP median (issue 15 item 3).
    const cnnId = rows.find((r) => r.id.includes('-cnn1x4k3max-'))!.id;
    const mlpId = rows.find((r) => !r.id.includes('-cnn'))!.id;
    // (the MLP median lighter: another family than the inspected network's).
    await focus(page, cnnId, null);
    await expect.poll(() => page.locator(sel('inspector')).getAttribute('data-network-id')).toBe(cnnId);
    const chart = `${sel('inspector')} svg${sel('family-depth-chart')}`;
    await expect
      .poll(() => linesOf(page, chart), { timeout: 60_000 })
      .toEqual({ networks: 1, medians: 2, families: ['cnn', 'mlp'], faint: ['mlp'] });
    expect(await page.locator(chart).getAttribute('data-export-chart')).toBe('family-depth');
    // The network's line has a point per hidden layer (conv layer and dense head: 2).
    await expect.poll(() => pathPoints(page, `${chart} path[data-line="network-0"]`)).toBe(2);

    // Compare a pinned MLP with the CNN: both profiles on one chart, over both families' medians.
    await focus(page, cnnId, mlpId);
    const cmpChart = `${sel('compare')} svg${sel('family-depth-chart')}`;
    await expect
      .poll(() => linesOf(page, cmpChart), { timeout: 30_000 })
      .toEqual({ networks: 2, medians: 2, families: ['cnn', 'mlp'], faint: [] });
    await screenshot(page, 'architectures-family-depth');
    app.assertNoPageErrors();
  }, 420_000);

  it('the shipped MNIST demo puts three families on one manifold, with depth profiles and power-law fits over training', async () => {
    await app?.page
      .context()
      .close()
      .catch(() => {});
    app = await openPage(browser, `${server.url}?demo=mnist-architectures`);
    const { page } = app;
    await expect.poll(async () => (await manifoldAttrs(page)).populationId, { timeout: 90_000 }).toBe('mnist-architectures');
    await waitForManifoldReady(page);
    const counts = (await storeValue(
      page,
      `['mlp', 'cnn', 'attention'].map((a) => s.population.networks.filter((n) => n.hp.architecture === a).length)`,
    )) as number[];
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(150);
    for (const c of counts) expect(c).toBeGreaterThanOrEqual(50);

    await page.locator(sel('color-column')).selectOption('architecture');
    await expect
      .poll(() => page.locator(`${sel('legend')} .legend-cat`).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim())), {
        timeout: 10_000,
      })
      .toEqual(['mlp', 'cnn', 'attention']);

    // Findings: one median line per family over relative depth; over training, the stored dynamics and a fit.
    const findings = page.locator(sel('findings'));
    await findings.waitFor({ state: 'visible', timeout: 60_000 });
    const depth = findings.locator(sel('depth-by-family'));
    await expect.poll(() => depth.locator(`${sel('dynamics-chart')} path.dynamics-median`).count(), { timeout: 30_000 }).toBe(3);
    const over = findings.locator(sel('population-dynamics'));
    await expect.poll(() => over.locator(sel('dynamics-compute')).count(), { timeout: 30_000 }).toBe(0);
    await expect
      .poll(() => over.locator(sel('dynamics-population-text')).innerText(), { timeout: 30_000 })
      .toMatch(/Per-network exponents \(\d+ networks/);
    await screenshot(page, 'architectures-mnist-demo');
    app.assertNoPageErrors();
  }, 240_000);
});

describe('architecture column on an MLP-only population', () => {
  const ctx = useAppPage();

  it('the digits demo (MLPs only) offers colour by architecture, one category mlp', async () => {
    const page = ctx.page;
    await expect.poll(() => page.locator(`${sel('color-column')} option[value="architecture"]`).count()).toBe(1);
    await page.locator(sel('color-column')).selectOption('architecture');
    await expect.poll(() => page.locator(sel('legend')).getAttribute('data-color-column')).toBe('architecture');
    await expect
      .poll(() => page.locator(`${sel('legend')} .legend-cat`).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim())))
      .toEqual(['mlp']);
    ctx.app.assertNoPageErrors();
  });
});

/** Inspects `selected` and pins `pinned` through the store (window.__netmanifold). */
async function focus(page: Page, selected: string, pinned: string | null): Promise<void> {
  await page.evaluate(
    ([selected, pinned]) => {
      const s = window.__netmanifold!.getState();
      s.setPinned(pinned);
      s.setSelected(selected);
    },
    [selected, pinned] as const,
  );
}

/** The family chart's lines: networks drawn, family medians drawn (with a path; sorted), the medians drawn lighter. */
async function linesOf(
  page: Page,
  chart: string,
): Promise<{ networks: number; medians: number; families: string[]; faint: string[] } | null> {
  return page.evaluate((chart) => {
    const svg = document.querySelector(chart);
    if (!svg) return null;
    const drawn = [...svg.querySelectorAll('path[data-line]')].filter((p) => (p.getAttribute('d') ?? '').startsWith('M'));
    const ids = drawn.map((p) => p.getAttribute('data-line')!);
    const medians = ids.filter((id) => id.startsWith('median-'));
    const faint = drawn.filter((p) => p.getAttribute('stroke-opacity') !== null).map((p) => p.getAttribute('data-line')!.slice(7));
    return {
      networks: ids.filter((id) => id.startsWith('network-')).length,
      medians: medians.length,
      families: medians.map((id) => id.slice(7)).sort(),
      faint: faint.sort(),
    };
  }, chart);
}

/** Vertices of an SVG path (M and L commands). */
async function pathPoints(page: Page, path: string): Promise<number> {
  return page.evaluate((path) => (document.querySelector(path)?.getAttribute('d')?.match(/[ML]/g) ?? []).length, path);
}
