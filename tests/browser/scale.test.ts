// Large populations in the app (issue 16 item 4): an activation bundle of 4,200
// networks (small activations: 8 probe points, width 3), above FULL_DISTANCES_MAX,
// so the embedding runs on float32 distances with landmark PHATE and the
// population keeps no N×N distances. Dropped on the page as a user would: the
// embedding shows progress, Cancel stops it mid-run and keeps the population on
// screen, a second drop embeds it (every point drawn), the inspector says the
// distance list is unavailable, and a 6,000-network bundle above the memory
// budget (set low for the test with ?embed-budget-mb=) is refused with the
// clear message while the 4,200 stay shown.
import type { Page } from 'playwright-core';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/core/import/npy';
import { mulberry32 } from '../../src/core/random';
import { embeddingMemoryPlan, FULL_DISTANCES_MAX } from '../../src/core/distance/budget';
import { errorText, progressLog, recordProgress, sel, storeValue, useAppPage } from './app';
import { screenshot, type AppPage } from './harness';

const PROBES = 8;
const WIDTH = 3;
const BUDGET_MB = 300;

/** A zipped activation bundle of N seeded random networks (one hidden layer each), base64. */
function bundle(N: number, seed: number): string {
  const rng = mulberry32(seed);
  const files: Record<string, Uint8Array> = {};
  const networks = Array.from({ length: N }, (_, i) => {
    const key = `a/${i}.npy`;
    // two loose families so the embedding has structure
    const shift = i % 2 ? 0.8 : -0.8;
    files[key] = writeNpy(
      Float32Array.from({ length: PROBES * WIDTH }, () => Math.tanh(shift + rng() * 2 - 1)),
      [PROBES, WIDTH],
    );
    return { id: `net-${i}`, activations: [key] };
  });
  const manifest = {
    format: 'netmanifold-activations',
    version: 1,
    name: `scale-${N}`,
    generator: 'tests/browser/scale.test.ts',
    dataset: { name: 'raw-activations', input_dim: 1, num_classes: 2 },
    probe: { labels: Array.from({ length: PROBES }, (_, i) => i % 2) },
    networks,
  };
  files['manifest.json'] = strToU8(JSON.stringify(manifest));
  return Buffer.from(zipSync(files, { level: 0 })).toString('base64');
}

async function drop(page: Page, name: string, base64: string): Promise<void> {
  await page.evaluate(
    ({ name, base64 }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type: 'application/zip' }));
      document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { name, base64 },
  );
}

describe('a population of 4,200 networks in the app', () => {
  const fixture = useAppPage({ query: `?embed-budget-mb=${BUDGET_MB}`, viewport: { width: 1280, height: 800 } });
  let app: AppPage;
  beforeAll(() => {
    ({ app } = fixture);
  });

  it('embeds with progress and cancel, draws every point, has no distance list, and refuses one above the budget', async () => {
    const { page } = app;
    // the sizes straddle the test's budget as the app's memory plan counts it
    expect(embeddingMemoryPlan(4200, 4200, PROBES, 'diffusion').bytes).toBeLessThan(BUDGET_MB * 2 ** 20);
    expect(embeddingMemoryPlan(6000, 6000, PROBES, 'diffusion').bytes).toBeGreaterThan(BUDGET_MB * 2 ** 20);
    expect(4200).toBeGreaterThan(FULL_DISTANCES_MAX);
    const demoId = await storeValue(page, 's.population.id');
    const big = bundle(4200, 1);

    // 1. progress, then Cancel mid-run: the population on screen stays
    await drop(page, 'scale-4200.zip', big);
    const chip = page.locator(sel('training-chip'));
    await expect.poll(() => chip.getAttribute('data-stage'), { timeout: 30_000 }).toMatch(/^(distances|phate)$/);
    await expect.poll(() => chip.innerText()).toMatch(/^(Distances|Embedding) \d+%/);
    await chip.click();
    await page.locator(sel('train-cancel')).click();
    await expect.poll(() => storeValue(page, 's.job.status'), { timeout: 30_000 }).toBe('cancelled');
    expect(await storeValue(page, 's.population.id')).toBe(demoId);

    // 2. the whole run: every point drawn, float32 landmark path, no N×N distances
    await recordProgress(page); // the run's progress bar (the train panel is open since the chip was clicked)
    const t0 = Date.now();
    const pageT0 = (await page.evaluate('performance.now()')) as number;
    await drop(page, 'scale-4200.zip', big);
    await expect.poll(() => storeValue(page, 's.population.networks.length'), { timeout: 120_000 }).toBe(4200);
    const manifold = page.locator(sel('manifold'));
    await expect.poll(() => manifold.getAttribute('data-point-count'), { timeout: 30_000 }).toBe('4200');
    console.log(`[scale] 4,200 networks embedded and drawn in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // the progress bar went through the distances and PHATE stages
    const log = await progressLog(page);
    const firstAt = (stage: string) => log.find((p) => p.stage === stage)?.t;
    expect(firstAt('distances')).toBeDefined();
    expect(firstAt('phate')).toBeDefined();
    expect(log.filter((p) => p.stage === 'phate').length).toBeGreaterThan(1);
    const at = (stage: string) => ((firstAt(stage)! - pageT0) / 1000).toFixed(1);
    console.log(
      `[scale] progress bar: distances from ${at('distances')} s, phate from ${at('phate')} s, done at ${at('done')} s after the drop`,
    );
    expect(await storeValue(page, 's.population.distances === undefined || s.population.distances === null')).toBe(true);
    expect(await storeValue(page, 'Number.isFinite(s.population.embedding.embedding[0])')).toBe(true);

    // 3. the inspector: the distance list is unavailable, neighbours by the embedding
    await page.evaluate(`window.__netmanifold.getState().setSelected('net-7')`);
    const note = page.locator(sel('nearest-no-distances'));
    await expect.poll(() => note.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => note.innerText()).toMatch(/distance list is unavailable.*4,000 networks/);
    await expect.poll(() => page.locator(sel('nearest-item')).count()).toBeGreaterThan(0);
    await screenshot(page, 'scale-4200');

    // 4. above the budget: the clear message, the 4,200 stay
    await drop(page, 'scale-6000.zip', bundle(6000, 2));
    await expect
      .poll(() => errorText(page), { timeout: 60_000 })
      .toMatch(/Embedding 6,000 networks with diffusion distances needs about .* above the memory budget of 0\.29 GB.*netmanifold embed/);
    expect(await storeValue(page, 's.population.networks.length')).toBe(4200);
    await expect.poll(() => manifold.getAttribute('data-point-count')).toBe('4200');
  });
});
