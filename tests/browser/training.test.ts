// Population training in the browser (issue 4): the builder's estimate; reload mid-run and restore
// every network that had finished; resume an interrupted run to completion; cancel and keep the
// finished networks; a NaN-producing learning rate marks that network diverged while the others
// finish; pause holds training; the training worker's tensor count returns to its baseline.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifoldAttrs, projectPoints, sel, waitForManifoldReady, waitForStage } from './app';
import { launchChromium, openPage, screenshot, startStaticServer, type AppPage, type StaticServer } from './harness';

interface StoredRunInfo {
  runId: string;
  state: string;
  total: number;
  probeN: number;
  networks: { index: number; id: string; status: string; bytes: number }[];
}

interface BuilderOptions {
  dataset?: string;
  backend?: string;
  count: number;
  epochs: number;
  sampling?: 'grid' | 'random';
  /** Chip values to select exclusively, per hyperparameter. */
  only?: Record<string, string[]>;
  lr?: { lo: number; hi: number; steps: number };
  seeds?: number;
}

async function openPanel(page: Page): Promise<void> {
  const panel = page.locator(sel('train-panel'));
  if (!(await panel.isVisible())) await page.locator(sel('train-toggle')).click();
  await panel.waitFor({ state: 'visible', timeout: 10_000 });
}

/** Fills the population builder (exclusive chip selections, learning rates, seeds, sampling, count, epochs). */
async function fillBuilder(page: Page, o: BuilderOptions): Promise<void> {
  await openPanel(page);
  if (o.dataset) await page.locator(sel('train-dataset')).selectOption(o.dataset);
  if (o.backend) {
    await page.locator(sel('train-backend')).selectOption(o.backend);
    await expect.poll(() => page.locator(sel('app')).getAttribute('data-backend'), { timeout: 30_000 }).toBe(o.backend);
  }
  for (const [key, values] of Object.entries(o.only ?? {})) {
    const chips = page.locator(`${sel(`train-hp-${key}`)} button.chip`);
    // Select the wanted chips first so the set is never empty, then drop the others.
    for (const v of values) {
      const chip = chips.and(page.locator(`[data-value="${v}"]`));
      if ((await chip.getAttribute('aria-pressed')) !== 'true') await chip.click();
    }
    for (const chip of await chips.all()) {
      const v = await chip.getAttribute('data-value');
      if (!values.includes(v ?? '') && (await chip.getAttribute('aria-pressed')) === 'true') await chip.click();
    }
  }
  if (o.lr) {
    await page.locator(sel('train-lr-lo')).fill(String(o.lr.lo));
    await page.locator(sel('train-lr-hi')).fill(String(o.lr.hi));
    await page.locator(sel('train-lr-steps')).fill(String(o.lr.steps));
  }
  if (o.seeds) await page.locator(sel('train-seeds')).fill(String(o.seeds));
  if (o.sampling) await page.locator(sel(`train-sampling-${o.sampling}`)).click();
  await page.locator(sel('train-count')).fill(String(o.count));
  await page.locator(sel('train-epochs')).fill(String(o.epochs));
}

async function finishedIds(page: Page): Promise<string[]> {
  return page.locator(`${sel('train-finished')} li`).evaluateAll((els) => els.map((e) => e.getAttribute('data-network-id') ?? ''));
}

async function waitForFinished(page: Page, n: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="train-finished"] li').length >= n, n, {
    timeout,
    polling: 100,
  });
}

async function storedRuns(page: Page): Promise<StoredRunInfo[]> {
  return page.evaluate(async () => {
    const api = (window as unknown as { __netmanifold?: { storedRuns?: () => Promise<unknown[]> } }).__netmanifold;
    if (!api?.storedRuns) throw new Error('window.__netmanifold.storedRuns is missing');
    return (await api.storedRuns()) as StoredRunInfo[];
  });
}

async function tensorCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const api = (window as unknown as { __netmanifold?: { trainWorkerTensorCount?: () => Promise<number> } }).__netmanifold;
    if (!api?.trainWorkerTensorCount) throw new Error('window.__netmanifold.trainWorkerTensorCount is missing');
    return api.trainWorkerTensorCount();
  });
}

/**
 * The worker's tensor count once it is idle: the same on reads 1 s apart, with the estimate ready on both.
 * A baseline read while an estimate's calibration still trains (under load it can outlast the 'ready' of
 * an earlier estimate) counts the calibration's tensors: the stress run saw 32, then 0 after the run.
 */
async function idleTensorCount(page: Page): Promise<number> {
  const est = page.locator(sel('train-estimate'));
  let count = -1;
  await expect
    .poll(
      async () => {
        const a = await tensorCount(page);
        const readyA = (await est.getAttribute('data-status')) === 'ready';
        await new Promise((r) => setTimeout(r, 1000));
        count = await tensorCount(page);
        return readyA && a === count && (await est.getAttribute('data-status')) === 'ready';
      },
      { timeout: 60_000, message: 'the training worker did not go idle (tensor count kept changing)' },
    )
    .toBe(true);
  return count;
}

async function waitForEstimate(page: Page): Promise<{ seconds: number; networks: number }> {
  const est = page.locator(sel('train-estimate'));
  // The builder asks 400 ms after its last change: a 'ready' seen sooner can be an earlier state's, with the
  // final state's calibration (and its tensors) still to come. Ready and still ready 600 ms later is settled.
  for (let settled = false; !settled;) {
    await expect.poll(() => est.getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
    await new Promise((r) => setTimeout(r, 600));
    settled = (await est.getAttribute('data-status')) === 'ready';
  }
  return { seconds: Number(await est.getAttribute('data-seconds')), networks: Number(await est.getAttribute('data-networks')) };
}

// Several architectures (groups finish one after another), long enough to reload mid-run.
// wasm: much faster than WebGL on the software GL of a headless test machine.
const MIXED: BuilderOptions = {
  dataset: 'moons',
  backend: 'wasm',
  count: 12,
  epochs: 12,
  sampling: 'random',
  only: { depth: ['1', '2'], width: ['8', '16'], activation: ['relu', 'tanh'], optimizer: ['adam'] },
  lr: { lo: 0.003, hi: 0.03, steps: 2 },
  seeds: 2,
};

describe('population training (issue 4)', () => {
  let server: StaticServer;
  let browser: Browser;
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

  async function openApp(): Promise<AppPage> {
    const app = await openPage(browser, server.url);
    opened.push(app);
    await waitForManifoldReady(app.page);
    return app;
  }

  it('estimates, reloads mid-run and restores every finished network, then resumes the run to completion', async () => {
    const app = await openApp();
    const { page } = app;
    const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? NaN);
    const usage0 = await usage();
    await fillBuilder(page, MIXED);
    const est = await waitForEstimate(page);
    expect(est.networks).toBe(12);
    expect(est.seconds).toBeGreaterThan(0);
    console.log(
      `[training] estimate for 12 networks: ${est.seconds.toFixed(1)} s; ${await page.locator(sel('train-estimate')).innerText()}`,
    );
    await screenshot(page, 'training-builder');

    const t0 = Date.now();
    await page.locator(sel('train-start')).click();
    await waitForStage(page, ['training'], 30_000);
    await waitForFinished(page, 3);
    await screenshot(page, 'training-progress');
    const before = await finishedIds(page);
    const stored = await storedRuns(page);
    expect(stored).toHaveLength(1);
    const run = stored[0];
    // Every network the progress reported is already in IndexedDB.
    expect(run.networks.map((n) => n.id)).toEqual(expect.arrayContaining(before));
    expect(run.total).toBe(12);
    const bytes = run.networks.map((n) => n.bytes);
    console.log(
      `[training] IndexedDB record per network (moons, probe ${run.probeN}, ${MIXED.epochs} epochs): ` +
        `${bytes.map((b) => (b / 1024).toFixed(1)).join(', ')} KiB`,
    );
    expect(before.length).toBeLessThan(12);

    await page.reload({ waitUntil: 'load' });
    const banner = page.locator(sel('restore-banner'));
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    const storedNow = Number(await banner.getAttribute('data-stored'));
    expect(storedNow).toBeGreaterThanOrEqual(before.length);
    await expect.poll(() => banner.innerText()).toContain(`Restore the interrupted run (${storedNow} of 12 networks)?`);
    await waitForManifoldReady(page);
    await screenshot(page, 'training-restore-banner');

    await page.locator(sel('restore-accept')).click();
    await expect.poll(async () => (await manifoldAttrs(page)).populationId, { timeout: 60_000 }).toBe(`browser-${run.runId}`);
    await waitForManifoldReady(page);
    const restored = (await projectPoints(page)).map((p) => p.id);
    expect(restored).toHaveLength(storedNow);
    expect(restored).toEqual(expect.arrayContaining(before));
    await screenshot(page, 'training-restored');

    // Resume the interrupted run: only the missing networks train, then all 12 are shown.
    await page.reload({ waitUntil: 'load' });
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    await waitForManifoldReady(page);
    await page.locator(sel('restore-resume')).click();
    await waitForStage(page, ['training'], 30_000);
    const end = await waitForStage(page, ['done', 'error', 'cancelled'], 200_000);
    expect(end).toBe('done');
    await expect.poll(async () => (await manifoldAttrs(page)).count, { timeout: 60_000 }).toBe(12);
    const resumedThisSession = await finishedIds(page);
    expect(resumedThisSession).toHaveLength(12 - storedNow);
    expect(resumedThisSession.filter((id) => restored.includes(id))).toEqual([]);
    const all = (await projectPoints(page)).map((p) => p.id);
    expect(all).toEqual(expect.arrayContaining(restored));
    const final = (await storedRuns(page)).find((r) => r.runId === run.runId)!;
    expect(final.state).toBe('complete');
    expect(final.networks.map((n) => n.index)).toEqual([...Array(12).keys()]);
    const perNet = (await usage()) - usage0;
    console.log(
      `[training] IndexedDB usage (navigator.storage.estimate) for 12 stored networks: ${(perNet / 1024).toFixed(0)} KiB, ` +
        `${(perNet / 12 / 1024).toFixed(1)} KiB per network; encoded ${(final.networks.reduce((a, n) => a + n.bytes, 0) / 12 / 1024).toFixed(1)} KiB per network`,
    );
    console.log(
      `[training] interrupted + resumed run of 12 networks: ${((Date.now() - t0) / 1000).toFixed(0)} s wall, estimate was ${est.seconds.toFixed(0)} s`,
    );
    await screenshot(page, 'training-resumed');

    // A complete run is offered as a whole on the next load; Discard forgets it.
    await page.reload({ waitUntil: 'load' });
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => banner.innerText()).toContain('Restore the last trained population (12 networks)?');
    expect(await page.locator(sel('restore-resume')).count()).toBe(0);
    await page.locator(sel('restore-discard')).click();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await storedRuns(page)).find((r) => r.runId === run.runId)).toBeUndefined();
    app.assertNoPageErrors();
  });

  it('pauses and resumes; cancel keeps every finished network; the tensor count returns to baseline', async () => {
    const app = await openApp();
    const { page } = app;
    await fillBuilder(page, { ...MIXED, epochs: 20 });
    await waitForEstimate(page);
    const baseline = await idleTensorCount(page);

    await page.locator(sel('train-start')).click();
    await waitForStage(page, ['training'], 30_000);
    await waitForFinished(page, 1);
    await page.locator(sel('train-pause')).click();
    await expect.poll(() => page.locator(sel('run-progress')).getAttribute('data-phase')).toBe('paused');
    // Let an in-flight report land: polled until the count holds for 400 ms (a fixed wait is too short under load).
    const done = () => page.locator(sel('train-progress')).getAttribute('data-done');
    await expect
      .poll(async () => {
        const a = await done();
        await new Promise((r) => setTimeout(r, 400));
        return a === (await done());
      })
      .toBe(true);
    const held = await done();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.locator(sel('train-progress')).getAttribute('data-done'), 'progress moved while paused').toBe(held);
    await screenshot(page, 'training-paused');
    await page.locator(sel('train-resume')).click();
    await expect.poll(() => page.locator(sel('run-progress')).getAttribute('data-phase')).toBe('training');

    await waitForFinished(page, 3);
    await page.locator(sel('train-cancel')).click();
    expect(await waitForStage(page, ['cancelled', 'done', 'error'], 60_000)).toBe('cancelled');
    const kept = await finishedIds(page);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept.length).toBeLessThan(12);
    const run = (await storedRuns(page))[0];
    expect(run.state).toBe('cancelled');
    expect(run.networks.map((n) => n.id).sort()).toEqual([...kept].sort());
    await expect.poll(() => page.locator(sel('train-kept')).innerText()).toContain(`${kept.length} of 12 networks kept`);
    await screenshot(page, 'training-cancelled');
    await expect.poll(() => tensorCount(page), { message: 'tensors left in the training worker after a cancelled run' }).toBe(baseline);

    await page.locator(sel('kept-show')).click();
    await expect.poll(async () => (await manifoldAttrs(page)).populationId, { timeout: 60_000 }).toBe(`browser-${run.runId}`);
    await waitForManifoldReady(page);
    expect((await projectPoints(page)).map((p) => p.id).sort()).toEqual([...kept].sort());
    app.assertNoPageErrors();
  });

  it('marks a NaN-producing learning rate diverged with a clear message while the others finish', async () => {
    const app = await openApp();
    const { page } = app;
    await fillBuilder(page, {
      dataset: 'moons',
      count: 6,
      epochs: 4,
      sampling: 'grid',
      only: { depth: ['1'], width: ['8'], activation: ['relu'], optimizer: ['sgd'] },
      lr: { lo: 0.03, hi: 1e6, steps: 2 },
      seeds: 3,
    });
    await waitForEstimate(page);
    const baseline = await idleTensorCount(page);
    await page.locator(sel('train-start')).click();
    const end = await waitForStage(page, ['done', 'error', 'cancelled'], 120_000);
    expect(end).toBe('done');
    const items = page.locator(`${sel('train-finished')} li`);
    await expect.poll(() => items.count()).toBe(6);
    const rows = await items.evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute('data-network-id') ?? '', status: e.getAttribute('data-status'), text: e.textContent ?? '' })),
    );
    expect(rows).toHaveLength(6);
    const bad = rows.filter((r) => r.id.includes('lr1e6'));
    const good = rows.filter((r) => !r.id.includes('lr1e6'));
    expect(bad).toHaveLength(3);
    for (const r of bad) {
      expect(r.status).toBe('diverged');
      expect(r.text).toMatch(/diverged.*(NaN|infinite|Infinity|exploded)/);
    }
    for (const r of good) expect(r.status).toBe('ok');
    await expect.poll(async () => (await manifoldAttrs(page)).count, { timeout: 60_000 }).toBe(6);
    await screenshot(page, 'training-diverged');
    await expect.poll(() => tensorCount(page), { message: 'tensors left in the training worker after a run' }).toBe(baseline);
    app.assertNoPageErrors();
  });
});
