// Issue 17: diverged networks are left out of the embedding by default and a toggle includes
// them (the rule is shown beside it); a valid activation bundle without train metrics (so no
// generalisation gap) imports without a single console error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { projectPoints, sel, storeValue, useBrowser, waitForManifoldReady, waitForPopulation, waitForStage } from './app';
import { REPO_ROOT, screenshot } from './harness';
import { fillSmallRun, finishedRows } from './training-helpers';

/** tools/example-population.zip with every train metric removed (test metrics kept): still a valid bundle. */
function bundleWithoutTrainMetrics(): Buffer {
  const files = unzipSync(new Uint8Array(readFileSync(path.join(REPO_ROOT, 'tools/example-population.zip'))));
  const manifest = JSON.parse(strFromU8(files['manifest.json'])) as {
    networks: { metrics?: Record<string, unknown> & { history?: Record<string, unknown>[] } }[];
  };
  let removed = 0;
  for (const n of manifest.networks) {
    const m = n.metrics ?? {};
    for (const k of ['train_acc', 'train_loss']) if (k in m) (delete m[k], removed++);
    for (const h of m.history ?? []) for (const k of ['train_acc', 'train_loss']) if (k in h) (delete h[k], removed++);
  }
  if (removed === 0) throw new Error('tools/example-population.zip has no train metrics to remove: the test would prove nothing');
  files['manifest.json'] = strToU8(JSON.stringify(manifest));
  return Buffer.from(zipSync(files));
}

describe('divergence and imports without train metrics (issue 17)', () => {
  const chrome = useBrowser();

  it('imports an activation bundle without train metrics with no console error (empty gap histogram)', async () => {
    const app = await chrome.open();
    const { page } = app;
    await waitForManifoldReady(page);
    await page
      .locator(sel('import-input'))
      .setInputFiles({ name: 'no-train-metrics.zip', mimeType: 'application/zip', buffer: bundleWithoutTrainMetrics() });
    await waitForPopulation(page, "s.population.networks.every(n => n.origin === 'imported-activations')", 120_000);
    await waitForManifoldReady(page);
    expect(await storeValue(page, 's.population.networks.every(n => Number.isNaN(n.final.trainAcc))')).toBe(true);
    // The gap column exists and has no value; its histogram says so instead of drawing NaN bars.
    await page.evaluate(() =>
      (window as unknown as { __netmanifold: { getState(): { setHistColumns(c: string[]): void } } }).__netmanifold
        .getState()
        .setHistColumns(['accuracy', 'gap']),
    );
    await page.locator(sel('histogram-gap')).waitFor({ state: 'visible', timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1500)); // features and charts settle
    app.assertNoPageErrors(); // before this fix: 8 × "<rect> attribute …: Expected length, "NaN""
    await page.locator(sel('histogram-gap-empty')).waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot(page, 'import-without-train-metrics');
    app.assertNoPageErrors();
  });

  it('leaves diverged networks out of the embedding by default; the toggle includes them', async () => {
    const app = await chrome.open();
    const { page } = app;
    await waitForManifoldReady(page);
    // 8 networks: lr 0.03 trains, lr 1e6 turns NaN in epoch 1 (its activations are epoch 0's).
    await fillSmallRun(page, {
      dataset: 'moons',
      backend: 'wasm',
      count: 8,
      epochs: 4,
      only: { depth: ['1'], width: ['8'], activation: ['relu'], optimizer: ['sgd'] },
      lr: { lo: 0.03, hi: 1e6, steps: 2 },
      seeds: 4,
    });
    await page.locator(sel('train-start')).click();
    expect(await waitForStage(page, ['done', 'error', 'cancelled'], 180_000)).toBe('done');
    await expect.poll(async () => (await finishedRows(page)).length).toBe(8);
    const rows = await finishedRows(page);
    const diverged = rows.filter((r) => r.status === 'diverged').map((r) => r.id);
    expect(diverged).toHaveLength(4);
    await waitForManifoldReady(page);
    const embeddedIds = async () => (await projectPoints(page)).filter((p) => Number.isFinite(p.x) && p.visible).map((p) => p.id);
    const embeddedCount = async () => Number(await storeValue(page, 's.phateInfo?.embedded'));
    await expect.poll(embeddedCount, { timeout: 30_000 }).toBe(4);
    await expect.poll(() => embeddedIds()).not.toEqual(expect.arrayContaining([diverged[0]]));
    const toggle = page.locator(sel('diverged-toggle'));
    await toggle.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => toggle.getAttribute('data-diverged')).toBe('4');
    await expect.poll(() => toggle.getAttribute('data-embedded')).toBe('0');
    // The rule is shown where the choice is made.
    await expect.poll(() => toggle.getAttribute('title')).toMatch(/NaN.*ln C.*chance/s);
    await screenshot(page, 'diverged-excluded');

    await page.locator(sel('include-diverged')).check();
    await expect.poll(embeddedCount, { timeout: 60_000 }).toBe(8);
    await expect.poll(() => toggle.getAttribute('data-embedded'), { timeout: 30_000 }).toBe('4');
    await screenshot(page, 'diverged-included');
    await page.locator(sel('include-diverged')).uncheck();
    await expect.poll(embeddedCount, { timeout: 60_000 }).toBe(4);
    app.assertNoPageErrors();
  });
});
