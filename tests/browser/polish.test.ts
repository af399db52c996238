// Explorer polish (issues 5, 6): the manifold's overlays (tool rail, view card,
// bottom-right row) and the top bar at 1280×800 and 1440×960, parallel-coordinate
// axis titles, the data-driven default view and the fit-view button.
// Screenshots go to tests/output/polish-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPoints, sel, waitForManifoldReady, waitForViewStill } from './app';
import { launchChromium, openPage, screenshot, startStaticServer, type StaticServer } from './harness';

type Rect = { x: number; y: number; width: number; height: number };
const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
const area = (r: Rect) => r.width * r.height;

interface Layout {
  /** The overlays on the manifold, by name: tool rail, view card (legend), bottom-right groups, provenance line. */
  overlays: { name: string; box: Rect }[];
  manifold: Rect;
  topbar: Rect;
  topbarItems: Rect[];
  /** Controls the tests click directly: each must be on screen without opening anything. */
  controls: { name: string; box: Rect | null }[];
  pcpTitles: { column: string; text: string; full: string; box: Rect }[];
  pcp: Rect | null;
}

async function layoutBoxes(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const r = (e: Element) => {
      const b = e.getBoundingClientRect();
      return { x: b.x, y: b.y, width: b.width, height: b.height };
    };
    const one = (q: string) => document.querySelector(q);
    const overlays: { name: string; box: Rect }[] = [];
    const add = (name: string, e: Element | null) => {
      if (e && e.getBoundingClientRect().width > 0) overlays.push({ name, box: r(e) });
    };
    add('tool rail', one('[data-testid="tool-rail"]'));
    add('view card', one('[data-testid="legend"]'));
    document
      .querySelectorAll('[data-testid="manifold-toolbar"] > .tb-group')
      .forEach((e, i) => add(`bottom-right group ${i} (${e.getAttribute('data-testid') ?? e.className})`, e));
    add('provenance', one('[data-testid="provenance"]'));
    const bar = one('.topbar')!;
    const controlQueries: [string, string][] = [
      ['orbit', '[data-testid="tool-rail"] button[aria-pressed]'],
      ['lasso', '[data-testid="lasso-toggle"]'],
      ['box', '[data-testid="box-toggle"]'],
      ['2-D', '[data-testid="twod-toggle"]'],
      ['fit', '[data-testid="fit-view"]'],
      ['colour', '[data-testid="color-column"]'],
      ['size', '[data-testid="size-column"]'],
      ['point size', '[aria-label="Point size"]'],
      ['opacity', '[aria-label="Point opacity"]'],
      ['depth cue', '.view-card input[type="checkbox"]'],
      ['selection count', '[data-testid="selection-count"]'],
      ['csv', '[data-testid="export-csv"]'],
      ['svg', '[data-testid="export-svg"]'],
      ['trajectories', '[data-testid="trajectory-toggle"]'],
    ];
    const pcp = one('[data-testid="pcp"] svg');
    return {
      overlays,
      manifold: r(one('[data-testid="manifold"]')!),
      topbar: r(bar),
      topbarItems: Array.from(bar.children)
        .map(r)
        .filter((b) => b.width > 0),
      controls: controlQueries.map(([name, q]) => {
        const e = one(q);
        // On screen and not covered: the element (or its label) is what the mouse reaches at its centre.
        if (!e) return { name, box: null };
        const b = e.getBoundingClientRect();
        const hit = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);
        return { name, box: hit && (hit === e || e.contains(hit) || hit.contains(e) || hit.closest('label')?.contains(e)) ? r(e) : null };
      }),
      pcpTitles: Array.from(document.querySelectorAll('[data-testid="pcp"] .pcp-label')).map((e) => ({
        column: e.closest('[data-column]')?.getAttribute('data-column') ?? '',
        text: Array.from(e.childNodes)
          .filter((n) => n.nodeName !== 'title')
          .map((n) => n.textContent)
          .join(''),
        full: e.querySelector('title')?.textContent ?? '',
        box: r(e),
      })),
      pcp: pcp ? r(pcp) : null,
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
    it(`overlays keep to the edges without overlapping, the top bar is one row, PCP titles do not collide at ${vp.width}×${vp.height}`, async () => {
      const app = await openPage(browser, server.url, vp);
      await waitForManifoldReady(app.page);
      await app.page.locator(sel('pcp')).waitFor({ state: 'visible' });
      await app.page.waitForTimeout(500);
      await screenshot(app.page, `polish-layout-${vp.width}x${vp.height}`);
      const { overlays, manifold, topbar, topbarItems, controls, pcpTitles, pcp } = await layoutBoxes(app.page);
      const names = overlays.map((o) => o.name);
      for (const n of ['tool rail', 'view card', 'provenance']) expect(names, `overlay '${n}' missing`).toContain(n);
      expect(names.some((n) => n.includes('selection-bar'))).toBe(true);
      for (let i = 0; i < overlays.length; i++) {
        const a = overlays[i];
        for (let j = i + 1; j < overlays.length; j++)
          expect(overlaps(a.box, overlays[j].box), `${a.name} overlaps ${overlays[j].name}`).toBe(false);
        // Inside the manifold view.
        expect(a.box.x, a.name).toBeGreaterThanOrEqual(manifold.x - 0.5);
        expect(a.box.y, a.name).toBeGreaterThanOrEqual(manifold.y - 0.5);
        expect(a.box.x + a.box.width, a.name).toBeLessThanOrEqual(manifold.x + manifold.width + 0.5);
        expect(a.box.y + a.box.height, a.name).toBeLessThanOrEqual(manifold.y + manifold.height + 0.5);
      }
      const get = (n: string) => overlays.find((o) => o.name === n)!.box;
      // The tool rail is a vertical strip at the left edge; the view card is narrow, bottom-left.
      const rail = get('tool rail');
      expect(rail.height).toBeGreaterThan(rail.width * 3);
      expect(rail.x - manifold.x).toBeLessThan(16);
      const card = get('view card');
      expect(card.width).toBeLessThanOrEqual(260);
      expect(card.x - manifold.x).toBeLessThan(16);
      expect(manifold.y + manifold.height - (card.y + card.height)).toBeLessThan(16);
      // Selection, exports and trajectories: one row at the bottom-right.
      const bottom = overlays.filter((o) => o.name.startsWith('bottom-right')).map((o) => o.box);
      const centres = bottom.map((b) => b.y + b.height / 2);
      expect(Math.max(...centres) - Math.min(...centres), 'bottom-right groups sit on more than one row').toBeLessThan(4);
      expect(manifold.x + manifold.width - Math.max(...bottom.map((b) => b.x + b.width))).toBeLessThan(16);
      expect(manifold.y + manifold.height - Math.max(...bottom.map((b) => b.y + b.height))).toBeLessThan(16);
      // Every control the tests use is on screen and reachable without opening anything.
      for (const c of controls) expect(c.box, `${c.name} is hidden or covered`).not.toBeNull();
      // Together the overlays cover little of the view (they do not overlap, so the sum is the union).
      const covered = overlays.reduce((s, o) => s + area(o.box), 0) / area(manifold);
      console.log(
        `[polish] ${vp.width}×${vp.height}: overlays cover ${(100 * covered).toFixed(1)}% of the ${Math.round(manifold.width)}×${Math.round(manifold.height)} view (` +
          overlays.map((o) => `${o.name} ${Math.round(o.box.width)}×${Math.round(o.box.height)}`).join(', ') +
          ')',
      );
      expect(covered).toBeLessThan(0.2);

      // One row: every top-bar item shares the bar's vertical band.
      const tops = topbarItems.map((b) => b.y);
      expect(Math.max(...tops) - Math.min(...tops), 'top-bar items sit on more than one row').toBeLessThan(20);
      expect(topbar.height).toBeLessThan(64);

      // Parallel coordinates: axis titles never overlap, stay inside the chart, and carry the full name.
      expect(pcp).not.toBeNull();
      expect(pcpTitles.length).toBeGreaterThanOrEqual(6);
      for (let i = 0; i < pcpTitles.length; i++) {
        const a = pcpTitles[i];
        expect(a.full.length, `${a.column} has no full-name tooltip`).toBeGreaterThan(0);
        expect(a.box.x).toBeGreaterThanOrEqual(pcp!.x - 0.5);
        expect(a.box.x + a.box.width).toBeLessThanOrEqual(pcp!.x + pcp!.width + 0.5);
        for (let j = i + 1; j < pcpTitles.length; j++)
          expect(overlaps(a.box, pcpTitles[j].box), `PCP titles '${a.text}' and '${pcpTitles[j].text}' overlap`).toBe(false);
      }
      console.log(`[polish] ${vp.width}×${vp.height}: PCP titles ${pcpTitles.map((t) => t.text).join(' | ')}`);
      app.assertNoPageErrors();
      await app.page.context().close();
    }, 120_000);
  }

  // 1280×600 makes the view short (≤ 345 px): the view card moves beside the tool rail.
  for (const vp of [
    { width: 1280, height: 800 },
    { width: 1280, height: 600 },
  ]) {
    it(`the default view frames the digits manifold across its longest extent, and Fit returns to it (${vp.width}×${vp.height})`, async () => {
      const app = await openPage(browser, server.url, vp);
      const page = app.page;
      await waitForManifoldReady(page);
      const box = (await page.locator(sel('manifold')).boundingBox())!;
      const short = box.height <= 345;
      if (vp.height === 600) expect(short, `the view is ${box.height} px tall: not the short layout`).toBe(true);
      const span = async () => {
        const pts = (await projectPoints(page)).filter((p) => p.visible);
        const xs = pts.map((p) => p.x);
        const ys = pts.map((p) => p.y);
        return {
          w: (Math.max(...xs) - Math.min(...xs)) / box.width,
          h: (Math.max(...ys) - Math.min(...ys)) / box.height,
          inside: pts.every((p) => p.x >= box.x && p.x <= box.x + box.width && p.y >= box.y && p.y <= box.y + box.height),
        };
      };
      // Orbit away (a drag), zoom out, then Fit.
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.3, { steps: 8 });
      await page.mouse.up();
      for (let k = 0; k < 4; k++) await page.mouse.wheel(0, 300);
      await waitForViewStill(page, 600);
      const away = await span();
      await page.locator(sel('fit-view')).click();
      await waitForViewStill(page, 600);
      await page.mouse.move(box.x + 2, box.y + box.height - 2);
      const fitted = await span();
      await screenshot(page, vp.height === 800 ? 'polish-default-view' : `polish-default-view-${vp.width}x${vp.height}`);
      console.log(
        `[polish] ${vp.width}×${vp.height} (view ${box.height.toFixed(0)} px tall): default view (after Fit) spans ${(100 * fitted.w).toFixed(0)}% of the view width, ${(100 * fitted.h).toFixed(0)}% of its height ` +
          `(orbited and zoomed out: ${(100 * away.w).toFixed(0)}% × ${(100 * away.h).toFixed(0)}%)`,
      );
      expect(Math.max(fitted.w, fitted.h)).toBeGreaterThanOrEqual(short ? 0.4 : 0.55);
      expect(fitted.inside, 'every point is inside the view after Fit').toBe(true);
      // …and none sits under an overlay (the view frames the cloud into the part they leave free).
      const covered = await page.evaluate(
        () =>
          window.__netmanifold!.projectPoints().filter((p) => {
            if (!p.visible) return false;
            const el = document.elementFromPoint(p.x, p.y);
            return !(el && el.tagName === 'CANVAS' && el.closest('[data-testid="manifold"]'));
          }).length,
      );
      expect(covered, 'points under an overlay after Fit').toBe(0);
      // Fit is deterministic: a second Fit (after orbiting again) lands on the same projection.
      const first = await projectPoints(page);
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6, { steps: 8 });
      await page.mouse.up();
      await waitForViewStill(page, 400);
      await page.locator(sel('fit-view')).click();
      await waitForViewStill(page, 600);
      const second = await projectPoints(page);
      let maxDelta = 0;
      for (let i = 0; i < first.length; i++)
        if (first[i].visible) maxDelta = Math.max(maxDelta, Math.abs(first[i].x - second[i].x), Math.abs(first[i].y - second[i].y));
      expect(maxDelta).toBeLessThan(1);
      app.assertNoPageErrors();
      await page.context().close();
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
    await waitForViewStill(page, 500);
    const zoomed = await page.screenshot({ clip: box });
    await page.locator(sel('fit-view')).click();
    await waitForViewStill(page, 800);
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
