// Explorer polish (issues 5, 6): responsiveness with 10,000 points (no long
// main-thread task from the app's own work around a lasso release), toolbar
// and top-bar layout at 1280×800 and 1440×960, and the fit-view button. Screenshots go to tests/output/polish-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sel, waitForManifoldReady } from './app';
import { launchChromium, openPage, screenshot, startStaticServer, type StaticServer } from './harness';

type Rect = { x: number; y: number; width: number; height: number };
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

async function layoutBoxes(page: Page): Promise<{ groups: Rect[]; topbar: Rect; topbarItems: Rect[]; viewport: Rect }> {
  return page.evaluate(() => {
    const r = (e: Element) => {
      const b = e.getBoundingClientRect();
      return { x: b.x, y: b.y, width: b.width, height: b.height };
    };
    const bar = document.querySelector('.topbar')!;
    return {
      groups: Array.from(document.querySelectorAll('[data-testid="manifold-toolbar"] .tb-group')).map(r),
      topbar: r(bar),
      topbarItems: Array.from(bar.children).map(r).filter((b) => b.width > 0),
      viewport: r(document.querySelector('.viewport')!),
    };
  });
}

/** Mean |Δ| per channel between two PNG screenshots of the manifold, decoded in the page. */
async function pixelDifference(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([a64, b64]) => {
      const load = async (s: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${s}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, c.width, c.height).data;
      };
      const [x, y] = await Promise.all([load(a64), load(b64)]);
      let s = 0;
      for (let i = 0; i < x.length; i++) s += Math.abs(x[i] - y[i]);
      return s / x.length;
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

describe('explorer polish', () => {
  let server: StaticServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startStaticServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const vp of [
    { width: 1280, height: 800 },
    { width: 1440, height: 960 },
  ]) {
    it(`toolbar groups do not overlap and the top bar is one row at ${vp.width}×${vp.height}`, async () => {
      const app = await openPage(browser, server.url, vp);
      await waitForManifoldReady(app.page);
      await app.page.waitForTimeout(500);
      await screenshot(app.page, `polish-layout-${vp.width}x${vp.height}`);
      const { groups, topbar, topbarItems, viewport } = await layoutBoxes(app.page);
      expect(groups.length).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < groups.length; i++) {
        for (let j = i + 1; j < groups.length; j++) expect(overlaps(groups[i], groups[j]), `toolbar groups ${i} and ${j} overlap`).toBe(false);
        // Inside the manifold's viewport.
        expect(groups[i].x).toBeGreaterThanOrEqual(viewport.x - 0.5);
        expect(groups[i].x + groups[i].width).toBeLessThanOrEqual(viewport.x + viewport.width + 0.5);
      }
      // One row: every top-bar item shares the bar's vertical band.
      const tops = topbarItems.map((b) => b.y);
      expect(Math.max(...tops) - Math.min(...tops), 'top-bar items sit on more than one row').toBeLessThan(20);
      expect(topbar.height).toBeLessThan(64);
      app.assertNoPageErrors();
      await app.page.context().close();
    }, 120_000);
  }

  it('fit view puts the camera back after zooming away', async () => {
    const app = await openPage(browser, server.url, { width: 1440, height: 960 });
    const page = app.page;
    await waitForManifoldReady(page);
    const box = (await page.locator(sel('manifold')).boundingBox())!;
    const before = await page.screenshot({ clip: box });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let k = 0; k < 8; k++) await page.mouse.wheel(0, 400);
    await page.waitForTimeout(500);
    const zoomed = await page.screenshot({ clip: box });
    await page.locator(sel('fit-view')).click();
    await page.waitForTimeout(800);
    await page.mouse.move(5, 5);
    await page.waitForTimeout(200);
    const fitted = await page.screenshot({ clip: box });
    await screenshot(page, 'polish-fit-view');
    const moved = await pixelDifference(page, before, zoomed);
    const back = await pixelDifference(page, before, fitted);
    console.log(`[polish] fit view: mean |Δ| zoomed ${moved.toFixed(2)}, after fit ${back.toFixed(2)}`);
    expect(moved).toBeGreaterThan(0.3);
    expect(back).toBeLessThan(moved / 3);
    app.assertNoPageErrors();
    await page.context().close();
  }, 120_000);

  // The 10,000-point lasso trace (longest main-thread script task) is a timing, so it lives in
  // `npm run bench -- render`, not in a test (timings are benchmarks here, never assertions).
});
