// The foundation browser test: the built app loads the demo population, draws it, answers hover
// and click, trains a small population in its worker and replaces the manifold, can cancel a run,
// and stays responsive while training.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  demoNetworkCount,
  fractionOfPointsDrawn,
  manifoldAttrs,
  mostIsolatedVisiblePoint,
  progressLog,
  projectPoints,
  recordProgress,
  sel,
  startTraining,
  waitForManifoldReady,
  waitForStage,
} from './app';
import { launchChromium, openPage, screenshot, startStaticServer, type AppPage, type StaticServer } from './harness';

describe('netmanifold app (foundation)', () => {
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

  it('shows the demo population, hovers and inspects a network, trains a new population', async () => {
    const demo = demoNetworkCount();
    const app = await openApp();
    const { page } = app;

    const before = await manifoldAttrs(page);
    expect(before.count, `points drawn vs networks in ${demo.name}`).toBe(demo.count);
    expect(BACKENDS).toContain(await page.locator(sel('app')).getAttribute('data-backend'));
    await expect.poll(() => page.locator(sel('backend')).isVisible()).toBe(true);
    await expect.poll(() => page.locator(sel('legend')).isVisible()).toBe(true);

    const points = await projectPoints(page);
    expect(points).toHaveLength(demo.count);
    const visible = points.filter((p) => p.visible);
    expect(visible.length).toBeGreaterThan(demo.count / 2);
    // Not a blank canvas: most visible points have a pixel unlike the background under them.
    expect(await fractionOfPointsDrawn(browser, page, visible)).toBeGreaterThan(0.5);
    await screenshot(page, 'demo-manifold');

    const target = await mostIsolatedVisiblePoint(page);
    await page.mouse.move(target.x, target.y);
    const tooltip = page.locator(sel('tooltip'));
    await tooltip.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => tooltip.innerText()).toContain(target.id);
    await screenshot(page, 'demo-tooltip');

    await page.mouse.click(target.x, target.y);
    const inspector = page.locator(sel('inspector'));
    await inspector.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => inspector.getAttribute('data-network-id')).toBe(target.id);
    await expect.poll(() => inspector.innerText()).toContain(target.id);
    const curvePaths = inspector.locator(`svg${sel('training-curve')} path, ${sel('training-curve')} svg path`);
    await expect.poll(() => curvePaths.count()).toBeGreaterThan(0);
    const d = await curvePaths.evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? '').join(''));
    expect(d.length).toBeGreaterThan(10);
    await screenshot(page, 'demo-inspector');

    await recordProgress(page);
    await startTraining(page, { dataset: 'moons', count: 4, epochs: 2 });
    await page.locator(sel('train-progress')).waitFor({ state: 'attached', timeout: 10_000 });
    expect(await page.locator(sel('train-progress')).getAttribute('role')).toBe('progressbar');
    const end = await waitForStage(page, ['done', 'error', 'cancelled'], 120_000);
    const log = await progressLog(page);
    expect(end, `training ended in stage ${end}; log ${JSON.stringify(log)}`).toBe('done');
    // The bar moved: several distinct states, with training counted up.
    const stages = new Set(log.map((s) => s.stage));
    expect(stages.has('training') || stages.size >= 2, JSON.stringify(log)).toBe(true);
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...log.map((s) => s.done))).toBeGreaterThan(Math.min(...log.map((s) => s.done)));

    await waitForManifoldReady(page, 30_000);
    await expect.poll(async () => (await manifoldAttrs(page)).populationId, { timeout: 30_000 }).not.toBe(before.populationId);
    await expect.poll(async () => (await manifoldAttrs(page)).count, { timeout: 30_000 }).toBe(4);
    const trained = await projectPoints(page);
    expect(trained).toHaveLength(4);
    // The trained population's long name does not push the top bar onto a second row.
    const bar = (await page.locator('.topbar').boundingBox())!;
    expect(bar.height, `top bar ${bar.height.toFixed(0)} px tall`).toBeLessThan(64);
    await screenshot(page, 'trained-manifold');
    app.assertNoPageErrors();
  });

  it('cancels a run mid-way and keeps the previous manifold', async () => {
    const app = await openApp();
    const { page } = app;
    const before = await manifoldAttrs(page);

    await recordProgress(page);
    await startTraining(page, { dataset: 'moons', count: 16, epochs: 60 });
    await waitForStage(page, ['training'], 30_000);
    await page.locator(sel('train-cancel')).click();
    const end = await waitForStage(page, ['cancelled', 'done', 'error'], 60_000);
    expect(end, JSON.stringify(await progressLog(page))).toBe('cancelled');

    const after = await manifoldAttrs(page);
    expect(after.status).toBe('ready');
    expect(after.populationId).toBe(before.populationId);
    expect(after.count).toBe(before.count);
    expect(await projectPoints(page)).toHaveLength(before.count);
    await screenshot(page, 'after-cancel');
    app.assertNoPageErrors();
  });

  it('stays responsive while training', async () => {
    const app = await openApp();
    const { page } = app;

    await startTraining(page, { dataset: 'moons', count: 16, epochs: 60 });
    await waitForStage(page, ['training'], 30_000);

    // Frames keep coming on the main thread while the worker trains (>= 20 fps, no gap near 1/3 s).
    const frames = await page.evaluate(
      () =>
        new Promise<{ count: number; maxGap: number }>((resolve) => {
          const times: number[] = [];
          const start = performance.now();
          const tick = (t: number): void => {
            times.push(t);
            if (t - start < 3000) requestAnimationFrame(tick);
            else {
              let maxGap = 0;
              for (let i = 1; i < times.length; i++) maxGap = Math.max(maxGap, times[i] - times[i - 1]);
              resolve({ count: times.length, maxGap });
            }
          };
          requestAnimationFrame(tick);
        }),
    );
    // And a trivial script answers quickly, again and again.
    const roundTrips: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = Date.now();
      await page.evaluate(() => document.title.length);
      roundTrips.push(Date.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(
      `[responsiveness] ${frames.count} frames in 3 s, longest gap ${frames.maxGap.toFixed(0)} ms; ` +
        `evaluate round trips ${roundTrips.join(', ')} ms`,
    );
    const stage = await page.locator(sel('train-progress')).getAttribute('data-stage');
    expect(stage, 'training finished before responsiveness was measured; make the run longer').toBe('training');

    expect(frames.count, `frames in 3 s: ${frames.count}`).toBeGreaterThanOrEqual(60);
    expect(frames.maxGap, `longest frame gap ${frames.maxGap.toFixed(0)} ms`).toBeLessThan(300);
    expect(Math.max(...roundTrips), `evaluate round trips ${roundTrips.join(',')} ms`).toBeLessThan(300);

    await page.locator(sel('train-cancel')).click();
    await waitForStage(page, ['cancelled', 'done'], 60_000);
    app.assertNoPageErrors();
  });
});
