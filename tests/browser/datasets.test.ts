// MNIST and modular addition in the train panel (issue 15 item 2): the dataset menu lists every
// dataset with its one-line description; MNIST is downloaded from data/ under the page's base path
// (served here from a sub-path), three tiny networks train on a 1,000-image subset and appear on
// the manifold; a failed download says so and keeps the population on screen.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifoldAttrs, projectPoints, sel, waitForManifoldReady, waitForStage } from './app';
import { launchChromium, openPage, screenshot, startStaticServer, type AppPage, type StaticServer } from './harness';
import { fillSmallRun } from './training-helpers';
import { DATASET_INFO, MNIST_FILE } from '../../src/core/datasets/info';
import { DATASET_NAMES } from '../../src/core/types';
import { loadDataset } from '../../src/core/datasets';
import { provideDatasetFromDisk } from '../../src/cli/dataset-files';

const TINY = {
  dataset: 'mnist',
  backend: 'wasm',
  count: 3,
  epochs: 2,
  only: { depth: ['1'], width: ['8'], activation: ['relu'], optimizer: ['adam'], batchSize: ['32'] },
  lr: { lo: 0.01, hi: 0.01, steps: 1 },
  seeds: 3,
};

describe('datasets in the train panel', () => {
  let server: StaticServer;
  let browser: Browser;
  const opened: AppPage[] = [];

  beforeAll(async () => {
    // A sub-path: the MNIST file must be fetched relative to the app's base, not from the site root.
    server = await startStaticServer(undefined, { prefix: '/nm-data/' });
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

  async function openApp(): Promise<AppPage> {
    const app = await openPage(browser, server.url);
    opened.push(app);
    await waitForManifoldReady(app.page);
    return app;
  }

  it('lists every dataset with its description, trains 3 tiny networks on 1,000 MNIST images and shows them', async () => {
    const app = await openApp();
    const { page } = app;
    const demo = await manifoldAttrs(page);
    await page.locator(sel('train-toggle')).click();
    const options = await page
      .locator(`${sel('train-dataset')} option`)
      .evaluateAll((els) => els.map((e) => ({ value: (e as HTMLOptionElement).value, title: e.getAttribute('title') })));
    expect(options.map((o) => o.value)).toEqual([...DATASET_NAMES]);
    for (const o of options) expect(o.title).toBe(DATASET_INFO[o.value as keyof typeof DATASET_INFO].description);

    await page.locator(sel('train-dataset')).selectOption('modadd');
    await expect.poll(() => page.locator(sel('train-dataset-description')).innerText()).toContain('Inputs 2×29, 29 classes');
    // Only a file dataset offers a subset.
    expect(await page.locator(sel('train-samples')).count()).toBe(0);

    await fillSmallRun(page, TINY);
    await expect.poll(() => page.locator(sel('train-dataset-description')).innerText()).toContain('MNIST handwritten digits');
    await expect.poll(() => page.locator(sel('train-dataset-description')).innerText()).toContain('Inputs 28×28×1, 10 classes');
    await page.locator(sel('train-samples')).selectOption('1000');
    await expect.poll(() => page.locator(sel('train-samples')).inputValue()).toBe('1000');
    await page.locator(sel('train-dataset')).scrollIntoViewIfNeeded();
    await screenshot(page, 'datasets-mnist-builder');

    const t0 = Date.now();
    await page.locator(sel('train-start')).click();
    await waitForStage(page, ['training'], 30_000);
    const end = await waitForStage(page, ['done', 'error', 'cancelled'], 200_000);
    const trainSeconds = (Date.now() - t0) / 1000;
    expect(end, await page.locator(sel('train-progress')).innerText()).toBe('done');
    await expect.poll(async () => (await manifoldAttrs(page)).populationId, { timeout: 60_000 }).toMatch(/^browser-run-/);
    await waitForManifoldReady(page);
    await expect.poll(async () => (await manifoldAttrs(page)).count, { timeout: 60_000 }).toBe(3);
    expect((await manifoldAttrs(page)).populationId).not.toBe(demo.populationId);
    const points = await projectPoints(page);
    expect(points.map((p) => p.id).sort()).toHaveLength(3);

    // The file came from the sub-path, once (the estimate and the run share one download).
    const fetched = await page.evaluate(
      (file) =>
        performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith(file))
          .map((e) => ({ name: e.name, ms: e.duration, bytes: (e as PerformanceResourceTiming).encodedBodySize })),
      MNIST_FILE,
    );
    expect(fetched.map((f) => new URL(f.name).pathname)).toEqual([`/nm-data/${MNIST_FILE}`]);
    console.log(
      `[datasets] MNIST download ${fetched[0].bytes} bytes in ${fetched[0].ms.toFixed(0)} ms; ` +
        `3 networks × 2 epochs on a 1,000-image subset, start → done ${trainSeconds.toFixed(1)} s`,
    );
    await screenshot(page, 'datasets-mnist-trained');
    expect(app.errors).toEqual([]);
  });

  it('an activation bundle that declares "mnist" is checked against the downloaded file and shown', async () => {
    const app = await openApp();
    const { page } = app;
    provideDatasetFromDisk('mnist');
    const ds = loadDataset({ name: 'mnist', seed: 0 });
    const idx = [3, 400, 900, 1300, 1800, 2400];
    const doc = {
      format: 'netmanifold-activations',
      version: 1,
      id: 'mnist-acts',
      name: 'declared mnist',
      dataset: { name: 'mnist', seed: 0 },
      probe: {
        x: idx.map((i) => Array.from(ds.xTest.subarray(i * 784, (i + 1) * 784))),
        labels: idx.map((i) => ds.yTest[i]),
        indices: idx,
      },
      networks: [0, 1, 2].map((k) => ({
        id: `net-${k}`,
        hyperparameters: { hidden_layer_sizes: [3] },
        metrics: { test_acc: 0.5 + 0.1 * k },
        activations: [idx.map((_, r) => [Math.sin(r + k), Math.cos(r * (k + 1)), r * 0.1 + k])],
      })),
    };
    await page
      .locator(sel('import-input'))
      .setInputFiles({ name: 'mnist-acts.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    const shown = async () => {
      const id = (await manifoldAttrs(page)).populationId;
      const banner = (await page.locator(sel('error')).count()) ? await page.locator(sel('error')).innerText() : '';
      return id === 'mnist-acts' ? id : `${id}; error banner: ${banner}; page errors: ${app.errors.join(' | ')}`;
    };
    await expect.poll(shown, { timeout: 60_000 }).toBe('mnist-acts');
    await waitForManifoldReady(page);
    expect((await manifoldAttrs(page)).count).toBe(3);
    // The import worker asked the page for the file (it checks the probe rows against the shipped split).
    const fetched = await page.evaluate(
      (file) =>
        performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith(file))
          .map((e) => new URL(e.name).pathname),
      MNIST_FILE,
    );
    expect(fetched).toEqual([`/nm-data/${MNIST_FILE}`]);
    expect(app.errors).toEqual([]);
  });

  it('a failed MNIST download says so and keeps the population on screen', async () => {
    const app = await openApp();
    const { page } = app;
    const demo = await manifoldAttrs(page);
    await page.route(`**/${MNIST_FILE}`, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await fillSmallRun(page, { ...TINY, backend: undefined });
    await page.locator(sel('train-start')).click();
    await expect
      .poll(() => page.locator(sel('error')).innerText(), { timeout: 60_000 })
      .toMatch(/Training failed: could not download the MNIST 28×28 data \(.*data\/mnist-10k\.bin\.gz\): HTTP 404/);
    await waitForStage(page, ['error'], 30_000);
    const after = await manifoldAttrs(page);
    expect([after.populationId, after.count]).toEqual([demo.populationId, demo.count]);
  });
});
