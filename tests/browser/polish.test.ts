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

  it('10,000 points: a lasso release runs no app task over 50 ms on the main thread (GPU compositor waits excluded)', async () => {
    const app = await openPage(browser, server.url, { width: 1440, height: 960 });
    const page = app.page;
    await waitForManifoldReady(page);
    await page.evaluate(() => window.__netmanifold!.loadSynthetic(10_000));
    await page.waitForTimeout(1500);
    await page.locator(sel('lasso-toggle')).click();
    const box = (await page.locator(sel('manifold')).boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const r = Math.min(box.width, box.height) * 0.3;
    const cdp = await page.context().newCDPSession(page);
    const events: { name: string; ts: number; dur?: number; tid: number; pid: number; args?: { data?: { type?: string } } }[] = [];
    cdp.on('Tracing.dataCollected', (d) => void events.push(...(d.value as unknown as typeof events)));
    const done = new Promise((res) => cdp.once('Tracing.tracingComplete', res));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
    for (let rep = 0; rep < 3; rep++) {
      await page.mouse.move(cx + r * Math.cos(rep), cy + r * Math.sin(rep));
      await page.mouse.down();
      for (let k = 1; k <= 40; k++) {
        const a = rep + (2 * Math.PI * k) / 40;
        await page.mouse.move(cx + r * Math.cos(a), cy + r * Math.sin(a));
      }
      await page.mouse.up();
      await page.waitForTimeout(1200);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(800);
    }
    await cdp.send('Tracing.end');
    await done;
    expect(await page.evaluate(() => window.__netmanifold!.getState().selectionActive)).toBe(false);
    // Script work per main-thread task: event dispatch, timers, animation frames, microtasks (not the compositor's
    // "Commit", which on this machine waits for the software GPU to rasterise the WebGL frame).
    const script = ['EventDispatch', 'TimerFire', 'FireAnimationFrame', 'FunctionCall', 'RunMicrotasks', 'FireIdleCallback'];
    const tasks = events.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 0);
    expect(tasks.length, 'the trace recorded no main-thread tasks').toBeGreaterThan(10);
    expect(events.some((e) => e.name === 'EventDispatch'), 'the trace recorded no event dispatch').toBe(true);
    let worst = 0;
    let worstWhat = '';
    for (const t of tasks) {
      const inside = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur! && script.includes(e.name));
      // Top-level script events only (nested FunctionCalls are inside an EventDispatch/TimerFire).
      const top = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) && (o.dur ?? 0) > (e.dur ?? 0)));
      const ms = top.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
      if (ms > worst) {
        worst = ms;
        worstWhat = top.map((e) => `${e.name}${e.args?.data?.type ? `[${e.args.data.type}]` : ''} ${((e.dur ?? 0) / 1000).toFixed(1)}`).join(', ');
      }
    }
    const latencies = await page.evaluate(() => window.__netmanifold!.brushLatencies());
    console.log(`[polish] 10k lasso: longest script task ${worst.toFixed(1)} ms (${worstWhat}); in-page latencies ${latencies.map((x) => x.toFixed(1)).join(', ')} ms`);
    await screenshot(page, 'polish-10k');
    expect(worst).toBeLessThan(50);
    app.assertNoPageErrors();
    await page.context().close();
  }, 180_000);
});
