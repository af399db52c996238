// Architecture families in the app (issue 15): the builder trains a population of MLPs and CNNs on
// the digits, both families reach the manifold, and colouring by architecture shows both in the legend.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifoldAttrs, sel, waitForManifoldReady, waitForStage } from './app';
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
    app.assertNoPageErrors();
  }, 360_000);
});
