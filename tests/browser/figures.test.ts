// Figures and colour encodings (issue 14 items 3 and 4) on the digits demo:
//   - the manifold SVG export has exactly one <circle data-network-id> per point drawn
//     (the app's own projection says which are drawn), at the projected positions,
//     with the legend and a caption naming the metric, layer and PHATE settings;
//   - PNG 2× / 4× have twice / four times the figure's pixel size; light and dark themes;
//   - the charts SVG has one parallel-coordinates path per network, the selected ones marked;
//   - tick labels of the linked charts lie inside their SVGs (not clipped);
//   - the colour-domain selector changes the legend.
// Test hooks: export-svg, export-png, figure-menu-toggle, figure-theme-light|dark,
// export-manifold-svg, export-png-2x, export-png-4x, export-charts-svg, color-domain,
// legend-ramp (data-domain), legend-tick.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodeViewState } from '../../src/core/viewstate';
import { projectPoints, sel, useAppPage } from './app';
import { REPO_ROOT, screenshot } from './harness';

const OUT = path.join(REPO_ROOT, 'tests/output');

async function download(page: Page, testid: string): Promise<{ file: string; name: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(sel(testid)).click()]);
  const file = await dl.path();
  if (!file) throw new Error(`download from ${testid} has no file`);
  return { file, name: dl.suggestedFilename() };
}

async function openFigureMenu(page: Page): Promise<void> {
  if (!(await page.locator(sel('figure-menu')).isVisible())) await page.locator(sel('figure-menu-toggle')).click();
  await page.locator(sel('figure-menu')).waitFor({ state: 'visible' });
}

interface ParsedFigure {
  error: string | null;
  circles: { id: string; cx: number; cy: number; dimmed: boolean }[];
  text: string;
  width: number;
  height: number;
  theme: string | null;
}

// Exported SVGs are parsed in a blank page of the same context: the app's page runs under the
// site's Content-Security-Policy (style-src 'self'), which also applies to documents its
// DOMParser makes, so the figure's own <style> would be reported there as a violation.
const parsers = new WeakMap<Page, Promise<Page>>();
function parserPage(page: Page): Promise<Page> {
  let p = parsers.get(page);
  if (!p) parsers.set(page, (p = page.context().newPage()));
  return p;
}

/** Parses an SVG document with the browser's XML parser. */
async function parseFigure(page: Page, svg: string): Promise<ParsedFigure> {
  return (await parserPage(page)).evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      circles: Array.from(doc.querySelectorAll('circle[data-network-id]')).map((c) => ({
        id: c.getAttribute('data-network-id')!,
        cx: Number(c.getAttribute('cx')),
        cy: Number(c.getAttribute('cy')),
        dimmed: c.hasAttribute('data-dimmed'),
      })),
      text: Array.from(doc.querySelectorAll('text'))
        .map((t) => t.textContent)
        .join('\n'),
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      theme: root.getAttribute('data-theme'),
    };
  }, svg);
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Opens an SVG document on its own in a scratch page and screenshots it (to look at the figure as exported). */
async function screenshotSVG(page: Page, svg: string, name: string, size: { width: number; height: number }): Promise<void> {
  const scratch = await page.context().newPage();
  try {
    await scratch.setViewportSize({ width: Math.ceil(size.width), height: Math.ceil(size.height) });
    await scratch.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await screenshot(scratch, name);
  } finally {
    await scratch.close();
  }
}

describe('figures and colour encodings (issue 14)', () => {
  const ctx = useAppPage();

  it('manifold SVG: one circle per drawn point, at its projected position, with legend and caption', async () => {
    const page = ctx.page;
    const drawn = (await projectPoints(page)).filter((p) => p.visible);
    expect(drawn.length).toBeGreaterThan(50);
    const { file, name } = await download(page, 'export-svg');
    expect(name).toMatch(/manifold-dark\.svg$/);
    const svg = readFileSync(file, 'utf8');
    const fig = await parseFigure(page, svg);
    expect(fig.error).toBeNull();
    expect(fig.theme).toBe('dark');
    // The contract: as many circles as points drawn, and the same networks.
    expect(fig.circles.length).toBe(drawn.length);
    expect(new Set(fig.circles.map((c) => c.id))).toEqual(new Set(drawn.map((p) => p.id)));
    // Positions are the scene's projection (client pixels less the canvas' corner).
    const rect = await page.evaluate(() => {
      const r = document.querySelector('[data-testid="manifold"] canvas')!.getBoundingClientRect();
      return { left: r.left, top: r.top };
    });
    const byId = new Map(drawn.map((p) => [p.id, p]));
    for (const c of fig.circles) {
      const p = byId.get(c.id)!;
      expect(Math.abs(c.cx - (p.x - rect.left))).toBeLessThan(0.6);
      expect(Math.abs(c.cy - (p.y - rect.top))).toBeLessThan(0.6);
    }
    // Legend and caption: colour column, distinct ticks, metric, layer, PHATE settings, population name.
    const ticks = await (
      await parserPage(page)
    ).evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return Array.from(doc.querySelectorAll('text.fig-tick')).map((t) => t.textContent ?? '');
    }, svg);
    expect(ticks.length).toBeGreaterThan(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(fig.text).toContain('Colour: Test accuracy');
    expect(fig.text).toMatch(/Distance: Diffusion-operator distance, last hidden layer/);
    expect(fig.text).toMatch(/PHATE: knn \d+.*decay [\d.]+, t \d+.*gamma [\d.-]+, 3-D, solver \w+/);
    expect(fig.text).toContain('Digits');
    await screenshotSVG(page, svg, 'figure-manifold-dark', fig);
  });

  it('selection: dimmed points are marked in the SVG; light theme; PNG 2× and 4× have 2× and 4× the pixels', async () => {
    const page = ctx.page;
    const input = page.locator(sel('filter-input'));
    await input.fill('accuracy > 0.8');
    await input.press('Enter');
    await expect.poll(() => page.evaluate(() => window.__netmanifold!.getState().selectionCount)).toBeGreaterThan(0);
    const selected = await page.evaluate(() => window.__netmanifold!.getState().selectionCount as number);
    await expect.poll(() => page.evaluate(() => window.__netmanifold!.dimmedCount())).toBeGreaterThan(0);
    await openFigureMenu(page);
    await page.locator(sel('figure-theme-light')).check();
    const svg = readFileSync((await download(page, 'export-manifold-svg')).file, 'utf8');
    const fig = await parseFigure(page, svg);
    expect(fig.theme).toBe('light');
    const drawn = (await projectPoints(page)).filter((p) => p.visible).length;
    expect(fig.circles.length).toBe(drawn);
    // Every drawn network outside the selection is dimmed (the selection holds only embedded, drawn networks here).
    expect(fig.circles.filter((c) => !c.dimmed).length).toBe(selected);
    await screenshotSVG(page, svg, 'figure-manifold-light-selection', fig);

    for (const k of [2, 4]) {
      await openFigureMenu(page);
      const { file, name } = await download(page, `export-png-${k}x`);
      expect(name).toMatch(new RegExp(`manifold-light@${k}x\\.png$`));
      const size = pngSize(file);
      expect(size.width).toBe(Math.round(fig.width * k));
      expect(size.height).toBe(Math.round(fig.height * k));
      if (k === 2) {
        mkdirSync(OUT, { recursive: true });
        copyFileSync(file, path.join(OUT, 'figure-manifold-light@2x.png'));
      }
    }
  });

  it('charts SVG: one parallel-coordinates path per network (selected ones marked), histogram bars, ticks inside the charts', async () => {
    const page = ctx.page;
    await openFigureMenu(page);
    await page.locator(sel('figure-theme-dark')).check();
    const svg = readFileSync((await download(page, 'export-charts-svg')).file, 'utf8');
    const counts = await (
      await parserPage(page)
    ).evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const pcp = doc.querySelector('svg[data-export-chart="pcp"]')!;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        paths: pcp.querySelectorAll('path[data-network-id]').length,
        ids: new Set(Array.from(pcp.querySelectorAll('path[data-network-id]')).map((p) => p.getAttribute('data-network-id'))).size,
        selected: pcp.querySelectorAll('path.pcp-line-sel').length,
        bars: doc.querySelectorAll('svg[data-export-chart="histogram"] rect.hist-all').length,
        width: Number(doc.documentElement.getAttribute('width')),
        height: Number(doc.documentElement.getAttribute('height')),
      };
    }, svg);
    const { n, selected } = await page.evaluate(() => {
      const s = window.__netmanifold!.getState();
      return { n: s.population!.networks.length, selected: s.selectionCount as number };
    });
    expect(counts.error).toBeNull();
    expect(counts.paths).toBe(n);
    expect(counts.ids).toBe(n);
    expect(counts.selected).toBe(selected);
    expect(counts.bars).toBeGreaterThan(5);
    // Tick labels of every linked chart lie inside its SVG.
    const clipped = await page.evaluate(() =>
      Array.from(document.querySelectorAll<SVGSVGElement>('svg[data-export-chart]')).flatMap((svg) => {
        const w = svg.width.baseVal.value;
        return Array.from(svg.querySelectorAll<SVGTextElement>('text.chart-tick'))
          .map((t) => ({ label: t.textContent, box: t.getBBox() }))
          .filter(({ box }) => box.width > 0 && (box.x < -0.5 || box.x + box.width > w + 0.5))
          .map(
            ({ label, box }) =>
              `${svg.getAttribute('data-export-chart')}: "${label}" at ${box.x.toFixed(1)}..${(box.x + box.width).toFixed(1)} of ${w}`,
          );
      }),
    );
    expect(clipped).toEqual([]);
    await screenshotSVG(page, svg, 'figure-charts-dark', counts);
  });

  it('the colour-domain selector changes the legend (data range → fixed 0–1 → quantiles)', async () => {
    const page = ctx.page;
    await page.keyboard.press('Escape');
    const ticks = () => page.locator(sel('legend-tick')).allTextContents();
    const domain = page.locator(sel('color-domain'));
    await expect.poll(() => page.locator(sel('legend-ramp')).getAttribute('data-domain')).toBe('data');
    const before = await ticks();
    expect(new Set(before).size).toBe(before.length);
    await domain.selectOption('fixed');
    await expect.poll(() => page.locator(sel('legend-ramp')).getAttribute('data-domain')).toBe('fixed');
    await expect.poll(ticks).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    await domain.selectOption('quantile');
    await expect.poll(() => page.locator(sel('legend-ramp')).getAttribute('data-domain')).toBe('quantile');
    await expect.poll(async () => (await ticks()).length).toBe(5);
    const q = await ticks();
    expect(q).not.toEqual(before);
    expect(new Set(q).size).toBe(5);
    // The exported figure follows the chosen domain.
    const svg = readFileSync((await download(page, 'export-svg')).file, 'utf8');
    expect(svg).toContain('quantiles');
    await screenshot(page, 'figure-legend-quantiles');
    // The link carries the domain (the link writer writes the hash).
    await expect.poll(async () => decodeViewState(await page.evaluate(() => location.hash)).state.colorDomain).toBe('quantile');
    await domain.selectOption('data');
    ctx.app.assertNoPageErrors();
  });
});
