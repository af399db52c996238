// Gallery (issue 12 item 6): deterministic SVG snapshots of each linked chart and of the manifold
// SVG figure, and golden images of a few manifold scenes, on the digits demo at a fixed viewport.
//   - SVG snapshots: each <svg data-export-chart> (parallel coordinates, histograms) read as outerHTML,
//     the colour legend, and the exported manifold figure; numbers rounded to 2 decimals, one tag a line;
//     compared with tests/snapshots/<name>.svg.
//   - Golden images: the manifold canvas screenshot compared with tests/golden/<name>.png in a blank
//     page (the app runs under a CSP), pixel by pixel: a pixel differs when a channel differs by > 16/255;
//     the scene fails when more than 0.5 % of the pixels differ. The diff image goes to tests/output/.
// UPDATE_SNAPSHOTS=1 rewrites snapshots and goldens; a missing one fails and says how to create it.
// (The screenshots in docs/screenshots and tests/output are pictures to look at, not goldens.)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sel, useAppPage, useBrowser, waitForManifoldReady, waitForViewStill } from './app';
import { OUTPUT_DIR, REPO_ROOT } from './harness';

const SNAPSHOTS = path.join(REPO_ROOT, 'tests/snapshots');
const GOLDEN = path.join(REPO_ROOT, 'tests/golden');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const HOW = 'UPDATE_SNAPSHOTS=1 npx vitest run -c vitest.browser.config.ts tests/browser/gallery.test.ts';
/** A channel difference above this (of 255) makes a pixel differ. */
export const PIXEL_THRESHOLD = 16;
/** The share of differing pixels a golden scene tolerates. */
export const MAX_DIFF_FRACTION = 0.005;

/** Rounds every decimal number to 2 places and puts one tag on a line, so snapshots diff readably and float noise does not fail them. */
export function normaliseSVG(svg: string): string {
  return (
    svg
      .replace(/-?\d+\.\d+(e-?\d+)?/g, (m) => {
        const r = Number(Number(m).toFixed(2));
        return String(Object.is(r, -0) ? 0 : r);
      })
      .replace(/>\s*</g, '>\n<')
      .trim() + '\n'
  );
}

function compareSnapshot(name: string, svg: string): void {
  const file = path.join(SNAPSHOTS, `${name}.svg`);
  const actual = normaliseSVG(svg);
  if (UPDATE) {
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(path.join(OUTPUT_DIR, `snapshot-${name}.svg`), actual);
    throw new Error(
      `missing SVG snapshot tests/snapshots/${name}.svg (this run's is in tests/output/snapshot-${name}.svg); create it with: ${HOW}`,
    );
  }
  const expected = readFileSync(file, 'utf8');
  if (expected !== actual) {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(path.join(OUTPUT_DIR, `snapshot-${name}.svg`), actual);
  }
  expect(actual, `SVG snapshot ${name} (actual in tests/output/snapshot-${name}.svg; accept with ${HOW})`).toBe(expected);
}

const scratchPages = new WeakMap<Page, Promise<Page>>();
/** A blank page (about:blank, no CSP) in the app's context, for parsing and decoding. */
function blankPage(page: Page): Promise<Page> {
  let p = scratchPages.get(page);
  if (!p) scratchPages.set(page, (p = page.context().newPage()));
  return p;
}

interface PixelDiff {
  width: number;
  height: number;
  sizeMatches: boolean;
  differing: number;
  fraction: number;
  maxDelta: number;
  diffPng: string;
}

/** Decodes both PNGs in a blank page and counts pixels whose largest channel difference exceeds `threshold`. */
async function diffPNG(page: Page, actual: Buffer, expected: Buffer, threshold: number): Promise<PixelDiff> {
  const blank = await blankPage(page);
  const r = await blank.evaluate(
    async ({ a, e, threshold }) => {
      const load = (b64: string) =>
        new Promise<HTMLImageElement>((resolve, reject) => {
          const img = new Image();
          img.onload = () => resolve(img);
          img.onerror = () => reject(new Error('PNG did not decode'));
          img.src = `data:image/png;base64,${b64}`;
        });
      const [ia, ie] = await Promise.all([load(a), load(e)]);
      const w = Math.max(ia.naturalWidth, ie.naturalWidth);
      const h = Math.max(ia.naturalHeight, ie.naturalHeight);
      const pixels = (img: HTMLImageElement) => {
        const c = document.createElement('canvas');
        c.width = w;
        c.height = h;
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, w, h).data;
      };
      const pa = pixels(ia);
      const pe = pixels(ie);
      const out = document.createElement('canvas');
      out.width = w;
      out.height = h;
      const og = out.getContext('2d')!;
      const diff = og.createImageData(w, h);
      let differing = 0;
      let maxDelta = 0;
      for (let i = 0; i < pa.length; i += 4) {
        const d = Math.max(
          Math.abs(pa[i] - pe[i]),
          Math.abs(pa[i + 1] - pe[i + 1]),
          Math.abs(pa[i + 2] - pe[i + 2]),
          Math.abs(pa[i + 3] - pe[i + 3]),
        );
        if (d > maxDelta) maxDelta = d;
        const grey = (pe[i] + pe[i + 1] + pe[i + 2]) / 12;
        if (d > threshold) {
          differing++;
          diff.data.set([255, 0, 255, 255], i);
        } else diff.data.set([grey, grey, grey, 255], i);
      }
      og.putImageData(diff, 0, 0);
      return {
        width: w,
        height: h,
        sizeMatches: ia.naturalWidth === ie.naturalWidth && ia.naturalHeight === ie.naturalHeight,
        differing,
        fraction: differing / (w * h),
        maxDelta,
        diffPng: out.toDataURL('image/png').split(',')[1],
      };
    },
    { a: actual.toString('base64'), e: expected.toString('base64'), threshold },
  );
  return r;
}

/** Measured differences of each golden comparison in this run (printed at the end, for the determinism note in docs/gallery.md). */
const measured: string[] = [];

/**
 * Screenshots the scene and compares it with tests/golden/<name>.png. `target` 'canvas' is the
 * manifold canvas alone; 'page' the whole viewport (presenter mode: the canvas, legend and caption card).
 */
async function compareGolden(page: Page, name: string, target: 'canvas' | 'page' = 'canvas'): Promise<void> {
  // Let the scene settle (fog/opacity transitions, the colour ramp, any camera motion) before the shot.
  await waitForViewStill(page, 1500);
  const png =
    target === 'page'
      ? await page.screenshot({ animations: 'disabled', caret: 'hide' })
      : await page
          .locator(`${sel('manifold')} canvas`)
          .first()
          .screenshot({ animations: 'disabled' });
  const file = path.join(GOLDEN, `${name}.png`);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, png);
    return;
  }
  mkdirSync(OUTPUT_DIR, { recursive: true });
  if (!existsSync(file)) {
    writeFileSync(path.join(OUTPUT_DIR, `golden-${name}.png`), png);
    throw new Error(
      `missing golden image tests/golden/${name}.png (this run's is in tests/output/golden-${name}.png); create it with: ${HOW}`,
    );
  }
  const d = await diffPNG(page, png, readFileSync(file), PIXEL_THRESHOLD);
  measured.push(
    `${name}: ${d.differing} of ${d.width * d.height} pixels differ by > ${PIXEL_THRESHOLD}/255 (${(100 * d.fraction).toFixed(3)} %), largest channel difference ${d.maxDelta}`,
  );
  const ok = d.sizeMatches && d.fraction <= MAX_DIFF_FRACTION;
  if (!ok) {
    writeFileSync(path.join(OUTPUT_DIR, `golden-${name}.png`), png);
    writeFileSync(path.join(OUTPUT_DIR, `golden-${name}-diff.png`), Buffer.from(d.diffPng, 'base64'));
  }
  expect(
    { sizeMatches: d.sizeMatches, withinTolerance: d.fraction <= MAX_DIFF_FRACTION },
    `golden ${name}: ${measured[measured.length - 1]} (tolerance ${100 * MAX_DIFF_FRACTION} %); see tests/output/golden-${name}-diff.png; accept with ${HOW}`,
  ).toEqual({ sizeMatches: true, withinTolerance: true });
}

async function chartSVGs(page: Page): Promise<{ name: string; svg: string }[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    return Array.from(document.querySelectorAll<SVGSVGElement>('svg[data-export-chart]')).map((svg) => {
      const kind = svg.getAttribute('data-export-chart') ?? 'chart';
      const k = seen.get(kind) ?? 0;
      seen.set(kind, k + 1);
      return { name: `${kind}-${k}`, svg: svg.outerHTML };
    });
  });
}

async function download(page: Page, testid: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(sel(testid)).click()]);
  const file = await dl.path();
  if (!file) throw new Error(`download from ${testid} has no file`);
  return readFileSync(file, 'utf8');
}

/** A chart to snapshot: every element matching `selector` inside the root, named `name` (`name-k` when several match). */
type ChartSpec = [name: string, selector: string];
interface Chart {
  spec: string;
  name: string;
  svg: string;
}

async function collectCharts(page: Page, root: string, specs: ChartSpec[]): Promise<Chart[]> {
  return page.evaluate(
    ({ root, specs }) => {
      const scope = document.querySelector(root);
      if (!scope) return [];
      return specs.flatMap(([spec, selector]) => {
        const els = Array.from(scope.querySelectorAll(selector));
        return els.map((el, k) => ({ spec, name: els.length > 1 ? `${spec}-${k}` : spec, svg: el.outerHTML }));
      });
    },
    { root, specs },
  );
}

/**
 * Polls until every spec matches at least once and the markup is the same on two polls in a row
 * (worker results arrived, layout settled); returns the charts. A chart that never appears fails by name.
 */
async function settledCharts(page: Page, root: string, specs: ChartSpec[]): Promise<Chart[]> {
  let prev = '';
  let charts: Chart[] = [];
  await expect
    .poll(
      async () => {
        charts = await collectCharts(page, root, specs);
        const missing = specs.map(([n]) => n).filter((n) => !charts.some((c) => c.spec === n));
        const now = JSON.stringify(charts);
        const stable = now === prev;
        prev = now;
        return missing.length ? `missing in ${root}: ${missing.join(', ')}` : stable ? 'settled' : 'changing';
      },
      { interval: 500, timeout: 120_000 },
    )
    .toBe('settled');
  return charts;
}

/** Compares each chart with its snapshot; returns the failures' first lines (so one run reports every changed chart). */
function compareAll(charts: { name: string; svg: string }[]): string[] {
  const failures: string[] = [];
  for (const c of charts) {
    try {
      compareSnapshot(c.name, c.svg);
    } catch (e) {
      failures.push(String((e as Error).message).split('\n')[0]);
    }
  }
  return failures;
}

/** Opens the figure menu (its theme radio and the figure downloads) unless it is open. */
async function openFigureMenu(page: Page): Promise<void> {
  if (!(await page.locator(sel('figure-menu')).isVisible())) await page.locator(sel('figure-menu-toggle')).click();
  await page.locator(sel('figure-menu')).waitFor({ state: 'visible' });
}

/** Asks the store (window.__netmanifold) to inspect `selected` and pin `pinned` (null: none). */
async function setFocus(page: Page, selected: string | null, pinned: string | null): Promise<void> {
  await page.evaluate(
    ([selected, pinned]) => {
      const s = (
        window as unknown as {
          __netmanifold: { getState(): { setSelected(id: string | null): void; setPinned(id: string | null): void } };
        }
      ).__netmanifold.getState();
      s.setPinned(pinned);
      s.setSelected(selected);
    },
    [selected, pinned] as const,
  );
}

/** The two digits-demo networks the inspector and compare snapshots show (3 and 2 hidden layers, both trained ok). */
const INSPECTED = 'n001-elu-3x16-rmsprop-lr3e-2';
const OTHER = 'n004-gelu-2x32-adam-lr1e-1';

describe('gallery: SVG snapshots and golden scenes (issue 12 item 6)', () => {
  const ctx = useAppPage({ viewport: { width: 1440, height: 960 } });

  it('SVG snapshots of every linked chart, the legend and the manifold figure match tests/snapshots', async () => {
    const page = ctx.page;
    await expect.poll(async () => (await chartSVGs(page)).length).toBeGreaterThan(1);
    // Histograms render their bars after layout: wait until the charts stop changing.
    let prev = '';
    await expect
      .poll(
        async () => {
          const now = JSON.stringify(await chartSVGs(page));
          const stable = now === prev;
          prev = now;
          return stable;
        },
        { interval: 500 },
      )
      .toBe(true);
    const charts = await chartSVGs(page);
    const names = charts.map((c) => c.name);
    expect(names).toContain('pcp-0');
    expect(names).toContain('histogram-0');
    const failures: string[] = [];
    for (const c of charts) {
      try {
        compareSnapshot(`chart-${c.name}`, c.svg);
      } catch (e) {
        failures.push(String((e as Error).message).split('\n')[0]);
      }
    }
    const legend = await page
      .locator(sel('legend'))
      .first()
      .evaluate((el) => el.outerHTML);
    try {
      compareSnapshot('legend', legend);
    } catch (e) {
      failures.push(String((e as Error).message).split('\n')[0]);
    }
    const figure = await download(page, 'export-svg');
    const parsed = await (
      await blankPage(page)
    ).evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return doc.querySelector('parsererror')?.textContent ?? null;
    }, figure);
    expect(parsed).toBeNull();
    try {
      compareSnapshot('manifold-figure-dark', figure);
    } catch (e) {
      failures.push(String((e as Error).message).split('\n')[0]);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('golden scenes: the manifold canvas coloured by accuracy, with a selection, by another column', async () => {
    const page = ctx.page;
    const failures: string[] = [];
    const scene = async (name: string) => {
      try {
        await compareGolden(page, name);
      } catch (e) {
        failures.push(String((e as Error).message).split('\n')[0]);
      }
    };
    await scene('digits-accuracy');

    const input = page.locator(sel('filter-input'));
    await input.fill('accuracy > 0.8');
    await input.press('Enter');
    await expect.poll(() => page.evaluate(() => window.__netmanifold!.dimmedCount())).toBeGreaterThan(0);
    await scene('digits-selection');
    await input.fill('');
    await input.press('Enter');
    await expect.poll(() => page.evaluate(() => window.__netmanifold!.dimmedCount())).toBe(0);

    const select = page.locator(sel('color-column'));
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const other = options.find((v) => v !== 'accuracy' && v !== '') ?? options[0];
    await select.selectOption(other);
    await expect.poll(() => page.locator(sel('legend')).first().getAttribute('data-color-column')).toBe(other);
    await scene(`digits-colour-${other.replace(/[^a-z0-9]+/gi, '-')}`);

    console.log(`golden differences this run:\n  ${measured.join('\n  ') || '(updated, not compared)'}`);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

describe('gallery: SVG snapshots of the PHATE panel, the inspector, the compare view and the light exports', () => {
  const ctx = useAppPage({ viewport: { width: 1440, height: 960 } });

  it('the VNE curve, and the manifold figure and the linked charts exported in the light theme, match tests/snapshots', async () => {
    const page = ctx.page;
    // The linked charts first: the charts export copies them (and the parallel coordinates' canvas lines).
    await settledCharts(page, 'body', [['linked', 'svg[data-export-chart]']]);
    const failures = compareAll(await settledCharts(page, sel('phate-panel'), [['phate-vne-curve', `svg${sel('vne-curve')}`]]));
    await openFigureMenu(page);
    await page.locator(sel('figure-theme-light')).check();
    await expect.poll(() => page.locator(sel('figure-theme-light')).isChecked()).toBe(true);
    const figure = await download(page, 'export-manifold-svg');
    await openFigureMenu(page);
    const charts = await download(page, 'export-charts-svg');
    for (const [name, text] of [
      ['manifold-figure-light', figure],
      ['charts-light', charts],
    ]) {
      const parsed = await (
        await blankPage(page)
      ).evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return { error: doc.querySelector('parsererror')?.textContent ?? null, theme: doc.documentElement.getAttribute('data-theme') };
      }, text);
      expect(parsed, name).toEqual({ error: null, theme: 'light' });
      failures.push(...compareAll([{ name, svg: text }]));
    }
    await openFigureMenu(page);
    await page.locator(sel('figure-theme-dark')).check();
    await expect.poll(() => page.locator(sel('figure-theme-dark')).isChecked()).toBe(true);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it("the inspector's charts (training curve, PCA, depth profiles, barcode, dendrogram, architecture, depth against the families) match tests/snapshots", async () => {
    const page = ctx.page;
    const known = await page.evaluate(
      (ids) => ids.filter((id) => window.__netmanifold!.getState().population!.networks.some((n) => n.id === id)),
      [INSPECTED, OTHER],
    );
    expect(known, `the digits demo (public/demo/digits-mlp.nmpop) no longer holds ${INSPECTED} and ${OTHER}: pick two others here`).toEqual(
      [INSPECTED, OTHER],
    );
    await setFocus(page, INSPECTED, null);
    await expect.poll(() => page.locator(sel('inspector')).getAttribute('data-network-id')).toBe(INSPECTED);
    const charts = await settledCharts(page, sel('inspector'), [
      ['inspector-training-curve', `svg${sel('training-curve')}`],
      ['inspector-activation-embedding', `svg${sel('activation-embedding')}`],
      ['inspector-depth-profile', `${sel('depth-profiles')} svg`],
      ['inspector-barcode', `svg${sel('barcode')}`],
      ['inspector-dendrogram', `svg${sel('dendrogram')}`],
      ['inspector-architecture', `svg${sel('architecture')}`],
      ['inspector-family-depth', `svg${sel('family-depth-chart')}`],
    ]);
    // One depth profile per per-layer feature (effective dimension, PH dimension, linear deficit).
    expect(charts.filter((c) => c.spec === 'inspector-depth-profile').length).toBe(3);
    const failures = compareAll(charts);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it("the compare view's charts (both architectures and training curves, the shared depth profiles, the family chart) match tests/snapshots", async () => {
    const page = ctx.page;
    await setFocus(page, OTHER, INSPECTED);
    const compare = page.locator(sel('compare'));
    await expect.poll(() => compare.getAttribute('data-a')).toBe(INSPECTED);
    await expect.poll(() => compare.getAttribute('data-b')).toBe(OTHER);
    const charts = await settledCharts(page, sel('compare'), [
      ['compare-architecture', `svg${sel('architecture')}`],
      ['compare-training-curve', `svg${sel('training-curve')}`],
      ['compare-profile-effDim', `${sel('compare-profile-effDim')} svg`],
      ['compare-profile-phDim', `${sel('compare-profile-phDim')} svg`],
      ['compare-profile-nonlinR1', `${sel('compare-profile-nonlinR1')} svg`],
      ['compare-family-depth', `svg${sel('family-depth-chart')}`],
    ]);
    // Pinned and other side by side.
    expect(charts.filter((c) => c.spec === 'compare-architecture').length).toBe(2);
    expect(charts.filter((c) => c.spec === 'compare-training-curve').length).toBe(2);
    const failures = compareAll(charts);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

describe('gallery: golden scenes in the light theme and in presenter mode', () => {
  const browser = useBrowser();

  it('the light theme: the manifold canvas on white, coloured by accuracy', async () => {
    const { page } = await browser.open('?theme=light', { width: 1440, height: 960 });
    await waitForManifoldReady(page);
    await expect.poll(() => page.locator('.app.theme-light').count()).toBe(1);
    await compareGolden(page, 'digits-light');
    console.log(`golden differences this run:\n  ${measured.join('\n  ') || '(updated, not compared)'}`);
  });

  it('presenter mode: the story player on step 1 of the digits story at 1024×768 (canvas, legend, caption)', async () => {
    const { page } = await browser.open('?story=digits-good-networks&present', { width: 1024, height: 768 });
    await page.waitForFunction(
      () => {
        const c = document.querySelector('[data-testid="story-caption"]');
        const m = document.querySelector('[data-testid="manifold"]');
        return (
          c?.getAttribute('data-step') === '1' &&
          c.getAttribute('data-ready') === 'true' &&
          m?.getAttribute('data-status') === 'ready' &&
          m.hasAttribute('data-point-count')
        );
      },
      undefined,
      { timeout: 120_000, polling: 100 },
    );
    await expect.poll(() => page.locator('.app.presenting').count()).toBe(1);
    await compareGolden(page, 'digits-story-present', 'page');
    console.log(`golden differences this run:\n  ${measured.join('\n  ') || '(updated, not compared)'}`);
  });
});
