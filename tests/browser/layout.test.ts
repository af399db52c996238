// Issue 13 (items 1 and 4): a first visit that explains itself and a layout for
// every screen. Chromium at 390×844, 1024×768, 1280×720 and 1440×900: the
// orientation (shown once, remembered), the `?` help panel and its glossary of
// every colour option, advanced PHATE settings folded, plain-language provenance,
// a phone layout that scrolls with the view first, folded panels giving the
// view ≥ 60 % of a projector, keyboard orbit/zoom/fit/stepping, visible focus.
// Screenshots: tests/output/layout-*.png.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sel, storeValue, waitForManifoldReady } from './app';
import { REPO_ROOT, launchChromium, openPage, screenshot, startStaticServer, type AppPage, type StaticServer } from './harness';

const DEMO = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'public/demo/index.json'), 'utf8')) as { id: string; description: string }[])[0];

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

let server: StaticServer;
let browser: Browser;
const opened: AppPage[] = [];

beforeAll(async () => {
  server = await startStaticServer();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const a of opened)
    await a.page
      .context()
      .close()
      .catch(() => {});
  await browser?.close();
  await server?.close();
});

async function open(viewport: { width: number; height: number }, query = ''): Promise<AppPage> {
  const app = await openPage(browser, `${server.url}${query}`, viewport);
  opened.push(app);
  await waitForManifoldReady(app.page);
  return app;
}

type Cam = { position: number[]; target: number[] };
const camera = (page: Page) => page.evaluate(() => (window as unknown as { __netmanifold: { camera(): Cam } }).__netmanifold.camera());
const dist = (c: Cam) => Math.hypot(c.position[0] - c.target[0], c.position[1] - c.target[1], c.position[2] - c.target[2]);
const moved = (a: Cam, b: Cam) => Math.hypot(a.position[0] - b.position[0], a.position[1] - b.position[1], a.position[2] - b.position[2]);

describe('first visit (1280×720)', () => {
  let app: AppPage;
  beforeAll(async () => {
    app = await open({ width: 1280, height: 720 });
  });
  afterAll(() => app?.assertNoPageErrors());

  it('shows the orientation with the demo description, beside the view (not over the points)', async () => {
    const { page } = app;
    const card = page.locator(sel('orientation'));
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => card.innerText()).toMatch(/A point is one trained network/);
    await expect.poll(() => card.innerText()).toMatch(/Near = similar inside: their last hidden layer responds alike/);
    await expect.poll(() => card.innerText()).toMatch(/Colour = Test accuracy/);
    await expect.poll(() => page.locator(sel('population-description')).innerText()).toContain(DEMO.description.slice(0, 60));
    const cardBox = (await card.boundingBox())!;
    const view = (await page.locator(sel('manifold')).boundingBox())!;
    expect(overlap(cardBox, view), 'the orientation must not cover the 3-D view').toBe(0);
    await screenshot(page, 'layout-1280x720-orientation');
  });

  it('says what "near" means in plain words first; the technical line is one click away', async () => {
    const { page } = app;
    await expect
      .poll(() => page.locator(sel('provenance-plain')).innerText())
      .toMatch(/^Near points: their last hidden layer responds alike to the same \d+ inputs/);
    await expect.poll(() => page.locator(sel('provenance')).innerText()).not.toContain('Diffusion-operator');
    await page.locator(sel('provenance-more')).click();
    await expect
      .poll(() => page.locator(sel('provenance-technical')).innerText())
      .toMatch(/^Diffusion-operator distance · last hidden layer · PHATE 3-D, t = \d+ \(auto\), knn \d+/);
    await page.locator(sel('provenance-more')).click();
    await expect.poll(() => page.locator(sel('provenance-technical')).count()).toBe(0);
  });

  it('folds the advanced PHATE settings away; metric, layer and t stay in view', async () => {
    const { page } = app;
    const adv = page.locator(sel('phate-advanced'));
    await adv.scrollIntoViewIfNeeded();
    expect(await adv.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    for (const id of ['metric-select', 'layer-select', 'phate-t']) expect(await page.locator(sel(id)).isVisible(), id).toBe(true);
    for (const id of ['phate-knn', 'phate-decay', 'phate-gamma', 'phate-solver'])
      expect(await page.locator(sel(id)).isVisible(), id).toBe(false);
    await adv.locator('summary').click();
    await expect.poll(() => page.locator(sel('phate-knn')).isVisible()).toBe(true);
    await adv.locator('summary').click();
    await expect.poll(() => page.locator(sel('phate-knn')).isVisible()).toBe(false);
  });

  it('is dismissed, stays away after a reload, and the help panel brings it back', async () => {
    const { page } = app;
    await page.locator(sel('orientation-dismiss')).click();
    await expect.poll(() => page.locator(sel('orientation')).count()).toBe(0);
    await page.reload({ waitUntil: 'load' });
    await waitForManifoldReady(page);
    // Everything the orientation waits for (population, table) is there now: it would show.
    await expect.poll(() => storeValue(page, '!!s.table')).toBe(true);
    expect(await storeValue(page, 's.orientationOpen')).toBe(false);
    expect(await page.locator(sel('orientation')).count()).toBe(0);
    await page.locator(sel('help-button')).click();
    await page.locator(sel('help-reopen-orientation')).click();
    await expect.poll(() => page.locator(sel('orientation')).isVisible()).toBe(true);
    await expect.poll(() => page.locator(sel('help-panel')).count()).toBe(0);
    await screenshot(page, 'layout-1280x720-reopened');
  });
});

describe('help panel (1440×900)', () => {
  let app: AppPage;
  beforeAll(async () => {
    app = await open({ width: 1440, height: 900 });
  });
  afterAll(() => app?.assertNoPageErrors());

  it('opens with ?, lists the shortcuts and a defined glossary entry for every colour option, closes with Esc', async () => {
    const { page } = app;
    // Features add colour options when they finish; wait for them so the glossary covers those too.
    await expect
      .poll(() => page.locator(sel('features-progress')).getAttribute('data-status'), { timeout: 180_000, interval: 500 })
      .toBe('done');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const help = page.locator(sel('help-panel'));
    await help.waitFor({ state: 'visible', timeout: 5_000 });
    const shortcuts = await page.locator(sel('help-shortcuts')).innerText();
    for (const k of ['?', '[', ']', 'F', '+']) expect(shortcuts).toContain(k);
    const options = await page.locator(`${sel('color-column')} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(15);
    expect(options).toContain('silhouette'); // a feature column: the features are in
    const entries = await page
      .locator(sel('glossary-entry'))
      .evaluateAll((es) =>
        es.map((e) => ({ id: e.getAttribute('data-column'), defined: e.getAttribute('data-defined'), text: (e as HTMLElement).innerText })),
      );
    const byId = new Map(entries.map((e) => [e.id, e]));
    for (const o of options) {
      const e = byId.get(o);
      expect(e, `colour option '${o}' has no glossary entry`).toBeDefined();
      expect(e!.defined, `colour option '${o}' has no definition`).toBe('true');
      expect(e!.text, o).toMatch(/METHODS §\d/);
    }
    expect(await page.locator(sel('help-population')).innerText()).toContain(DEMO.description.slice(0, 60));
    await screenshot(page, 'layout-1440x900-help');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
  });

  it('? typed into a text field is a character, not the help', async () => {
    const { page } = app;
    await page.locator(sel('filter-input')).click();
    await page.keyboard.press('?');
    await page.waitForTimeout(200);
    expect(await page.locator(sel('help-panel')).count()).toBe(0);
    expect(await page.locator(sel('filter-input')).inputValue()).toContain('?');
    await page.locator(sel('filter-input')).fill('');
  });

  it('at 1440×900 the default layout keeps the view large and is screenshotted', async () => {
    const { page } = app;
    const view = (await page.locator(sel('manifold')).boundingBox())!;
    expect(view.width * view.height).toBeGreaterThan(0.3 * 1440 * 900);
    await screenshot(page, 'layout-1440x900');
  });
});

describe('keyboard and focus (1280×720)', () => {
  let app: AppPage;
  beforeAll(async () => {
    app = await open({ width: 1280, height: 720 });
  });
  afterAll(() => app?.assertNoPageErrors());

  it('the focused view orbits with the arrows, zooms with + and −, fits with F', async () => {
    const { page } = app;
    await page.locator(sel('manifold')).focus();
    const c0 = (await camera(page))!;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => moved((await camera(page))!, c0)).toBeGreaterThan(0.01 * dist(c0));
    const c1 = (await camera(page))!;
    expect(dist(c1), 'orbiting keeps the distance to the target').toBeCloseTo(dist(c0), 3);
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => moved((await camera(page))!, c1)).toBeGreaterThan(0.01 * dist(c0));
    await page.keyboard.press('+');
    await expect.poll(async () => dist((await camera(page))!)).toBeLessThan(0.95 * dist(c0));
    const zoomed = dist((await camera(page))!);
    await page.keyboard.press('-');
    await expect.poll(async () => dist((await camera(page))!)).toBeGreaterThan(1.05 * zoomed);
    await page.keyboard.press('f');
    await expect.poll(async () => moved((await camera(page))!, c0)).toBeLessThan(1e-3 * dist(c0));
    // The link follows keyboard moves as it follows drags.
    const hash0 = await page.evaluate(() => location.hash);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 5_000 }).not.toBe(hash0);
  });

  it('] and [ inspect the next and previous network, announced', async () => {
    const { page } = app;
    await page.locator(sel('manifold')).focus();
    expect(await storeValue(page, 's.selectedId')).toBeNull();
    await page.keyboard.press(']');
    await expect.poll(() => storeValue(page, 's.selectedId')).not.toBeNull();
    const first = (await storeValue(page, 's.selectedId')) as string;
    await expect.poll(() => page.locator(sel('inspector')).getAttribute('data-network-id')).toBe(first);
    await expect
      .poll(() => page.locator(sel('view-announcement')).innerText())
      .toMatch(new RegExp(`^${first}: 1 of \\d+ by Test accuracy`));
    await page.keyboard.press(']');
    await expect.poll(() => storeValue(page, 's.selectedId')).not.toBe(first);
    const second = (await storeValue(page, 's.selectedId')) as string;
    await expect.poll(() => page.locator(sel('inspector')).getAttribute('data-network-id')).toBe(second);
    await expect.poll(() => page.locator(sel('view-announcement')).innerText()).toMatch(/: 2 of \d+/);
    await page.keyboard.press('[');
    await expect.poll(() => storeValue(page, 's.selectedId')).toBe(first);
    // Stepping goes by the colour column: the first network has the lowest test accuracy.
    const lowest = await storeValue(
      page,
      `(() => { const c = s.table.byId.get('accuracy'); let best = -1; for (let r = 0; r < c.values.length; r++) if (!Number.isNaN(c.values[r]) && (best < 0 || c.values[r] < c.values[best])) best = r; return s.table.ids[best]; })()`,
    );
    expect(first).toBe(lowest);
    await screenshot(page, 'layout-1280x720-stepped');
  });

  it('every control reached with Tab shows a visible focus outline', async () => {
    const { page } = app;
    await page.keyboard.press('Escape');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const seen: { tag: string; text: string; outline: string }[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        return {
          tag: el.tagName,
          text: (el.getAttribute('aria-label') ?? el.innerText ?? '').slice(0, 30),
          outline: `${cs.outlineStyle} ${cs.outlineWidth}`,
          width: parseFloat(cs.outlineWidth),
          style: cs.outlineStyle,
        };
      });
      if (!f) continue;
      seen.push(f);
      expect(f.style, `${f.tag} "${f.text}" has no focus outline`).not.toBe('none');
      expect(f.width, `${f.tag} "${f.text}" focus outline width`).toBeGreaterThanOrEqual(2);
    }
    expect(seen.length).toBeGreaterThan(20);
    await page.locator(sel('help-button')).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await screenshot(page, 'layout-1280x720-focus');
  });
});

describe('projector (1024×768)', () => {
  let app: AppPage;
  beforeAll(async () => {
    app = await open({ width: 1024, height: 768 });
  });
  afterAll(() => app?.assertNoPageErrors());

  it('with the panels folded the view covers ≥ 60 % of the window, and the folds are remembered', async () => {
    const { page } = app;
    await screenshot(page, 'layout-1024x768-default');
    await page.locator(sel('orientation-dismiss')).click();
    await page.locator(sel('panel-toggle-sidebar')).click();
    await page.locator(sel('panel-toggle-charts')).click();
    const cover = async () => {
      const b = (await page.locator(sel('manifold')).boundingBox())!;
      return (b.width * b.height) / (1024 * 768);
    };
    await expect.poll(cover).toBeGreaterThanOrEqual(0.6);
    console.log(`[layout] 1024×768, panels folded: the view covers ${(100 * (await cover())).toFixed(0)} % of the window`);
    await screenshot(page, 'layout-1024x768-folded');
    await page.reload({ waitUntil: 'load' });
    await waitForManifoldReady(page);
    await expect.poll(() => page.locator(sel('sidebar')).getAttribute('data-collapsed')).toBe('true');
    await expect.poll(() => page.locator('[data-panel="charts"]').getAttribute('data-collapsed')).toBe('true');
    await expect.poll(cover).toBeGreaterThanOrEqual(0.6);
    // Asking for the training panel unfolds the side column (the button must not look broken).
    await page.locator(sel('train-toggle')).click();
    await expect.poll(() => page.locator(sel('sidebar')).getAttribute('data-collapsed')).toBe('false');
    await expect.poll(() => page.locator(sel('train-panel')).isVisible()).toBe(true);
    await page.locator(sel('train-toggle')).click();
    // Folding and unfolding by the button gives the panels back.
    await page.locator(sel('panel-toggle-sidebar')).click();
    await expect.poll(() => page.locator(sel('phate-panel')).isVisible()).toBe(false);
    await page.locator(sel('panel-toggle-sidebar')).click();
    await expect.poll(() => page.locator(sel('phate-panel')).isVisible()).toBe(true);
  });
});

describe('phone (390×844)', () => {
  let app: AppPage;
  beforeAll(async () => {
    app = await open({ width: 390, height: 844 });
  });
  afterAll(() => app?.assertNoPageErrors());

  it('the page scrolls, the 3-D view comes first, and every panel is reachable with a working fold button', async () => {
    const { page } = app;
    await screenshot(page, 'layout-390x844-top');
    // The first-visit card comes right after the view (before the charts and panels).
    const cardTop = await page.locator(sel('orientation')).evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
    const chartsTop = await page.locator('[data-panel="charts"]').evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
    expect(cardTop).toBeLessThan(chartsTop);
    await page.locator(sel('orientation')).scrollIntoViewIfNeeded();
    await screenshot(page, 'layout-390x844-orientation');
    await page.evaluate(() => window.scrollTo(0, 0));
    const view = (await page.locator(sel('manifold')).boundingBox())!;
    expect(view.y).toBeLessThan(844 / 2);
    expect(view.height).toBeGreaterThan(0.4 * 844);
    expect(view.width).toBeGreaterThan(380);
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight)).toBeGreaterThan(2 * 844);
    // Nothing widens the page past the phone (the selection bar once made it 487 px wide: the help dialog opened cut off).
    await page.locator(sel('selection-bar')).waitFor();
    await expect.poll(() => page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    // Bring out the panels that need something first: training, an inspected network.
    await page.locator(sel('train-toggle')).click();
    await page.evaluate(() => {
      const s = (
        window as unknown as {
          __netmanifold: { getState(): { population: { networks: { id: string }[] }; setSelected(id: string): void } };
        }
      ).__netmanifold.getState();
      s.setSelected(s.population.networks[3].id);
    });
    const ids = ['train', 'selection', 'inspector', 'phate', 'findings', 'population', 'charts'];
    // Polled: the training panel and the inspector render after the click and the store update.
    const present = () =>
      page
        .locator('[data-panel]')
        .evaluateAll((es) => es.filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.getAttribute('data-panel')));
    await expect
      .poll(
        async () => {
          const shown = await present();
          return ids.filter((id) => !shown.includes(id));
        },
        { message: 'panels not shown' },
      )
      .toEqual([]);
    for (const id of ids) {
      const slot = page.locator(`[data-panel="${id}"]`);
      const top = await slot.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      expect(top, `${id} comes after the view`).toBeGreaterThan(view.y + window_scrollless(view));
      const toggle = page.locator(sel(`panel-toggle-${id}`));
      await toggle.scrollIntoViewIfNeeded();
      const b = (await toggle.boundingBox())!;
      expect(b.y >= 0 && b.y + b.height <= 844, `${id}'s header is on screen after scrolling`).toBe(true);
      // Nothing covers the button: the element at its centre is the button (or inside it).
      const hit = await page.evaluate(
        ([x, y, id]) => {
          const e = document.elementFromPoint(x, y);
          return e?.closest(`[data-testid="panel-toggle-${id}"]`) ? 'the button' : `${e?.tagName}.${e?.className}`;
        },
        [b.x + b.width / 2, b.y + b.height / 2, id] as const,
      );
      expect(hit, `${id}'s fold button is clickable (element at its centre)`).toBe('the button');
      await toggle.click();
      await expect.poll(() => slot.getAttribute('data-collapsed')).toBe('true');
      await toggle.click();
      await expect.poll(() => slot.getAttribute('data-collapsed')).toBe('false');
    }
    await page.locator(sel('panel-toggle-phate')).scrollIntoViewIfNeeded();
    await screenshot(page, 'layout-390x844-phate');
    await page.locator(sel('panel-toggle-inspector')).scrollIntoViewIfNeeded();
    await screenshot(page, 'layout-390x844-inspector');
  });
});

/** The view's height: a panel must start below the view's bottom (document coordinates, page unscrolled). */
function window_scrollless(view: Box): number {
  return view.height - 1;
}
