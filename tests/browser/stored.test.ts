// Issue 14 items 1, 2 and 6 in the browser: a tiny population trained in the tab at 1280×720 (the
// top-bar progress chip stays inside the viewport while it trains); "Copy link" on it says the link
// works only in this browser and offers the bundle and a ?population= recipe; that link opened in a
// fresh context (another browser's storage) shows the demo with a calm notice, no red error, and
// neither the sender's camera nor its inspected network. Then "Train more like these" on it, a
// reload and Restore bring back base + new networks together; Stored populations lists both,
// Delete removes one; an import error leaves the view live (not greyed, not covered).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sel, storeValue, waitForManifoldReady, waitForStage } from './app';
import { decodeViewState } from '../../src/core/viewstate';
import { launchChromium, openPage, screenshot, startStaticServer, type AppPage, type StaticServer } from './harness';

const VIEWPORT = { width: 1280, height: 720 };

async function exclusiveChips(page: Page, key: string, values: string[]): Promise<void> {
  const chips = page.locator(`${sel(`train-hp-${key}`)} button.chip`);
  for (const v of values) {
    const chip = chips.and(page.locator(`[data-value="${v}"]`));
    if ((await chip.getAttribute('aria-pressed')) !== 'true') await chip.click();
  }
  for (const chip of await chips.all()) {
    const v = await chip.getAttribute('data-value');
    if (!values.includes(v ?? '') && (await chip.getAttribute('aria-pressed')) === 'true') await chip.click();
  }
}

async function useWasm(page: Page): Promise<void> {
  await page.locator(sel('train-backend')).selectOption('wasm');
  await expect.poll(() => page.locator(sel('app')).getAttribute('data-backend'), { timeout: 30_000 }).toBe('wasm');
}

interface Pop {
  id: string;
  ids: string[];
}
const popOf = (page: Page): Promise<Pop> =>
  storeValue(page, '({ id: s.population.id, ids: s.population.networks.map((n) => n.id) })') as Promise<Pop>;

async function storedKinds(page: Page): Promise<string[]> {
  return page.locator(sel('stored-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? ''));
}

describe('stored populations, local links and training progress (issue 14)', () => {
  let server: StaticServer;
  let browser: Browser;
  let app: AppPage;
  let base: Pop;
  const others: AppPage[] = [];

  beforeAll(async () => {
    server = await startStaticServer();
    browser = await launchChromium();
    app = await openPage(browser, `${server.url}?demo=moons-mlp`, VIEWPORT);
    await waitForManifoldReady(app.page);
  });

  afterAll(async () => {
    for (const a of [app, ...others])
      await a?.page
        .context()
        .close()
        .catch(() => {});
    await browser?.close();
    await server?.close();
  });

  it('trains a tiny population with its progress chip in view at 1280×720; Copy link says the link is local', async () => {
    const { page } = app;
    await page.locator(sel('train-toggle')).click();
    await page.locator(sel('train-panel')).waitFor({ state: 'visible', timeout: 10_000 });
    await useWasm(page);
    await page.locator(sel('train-dataset')).selectOption('moons');
    await exclusiveChips(page, 'depth', ['1']);
    await exclusiveChips(page, 'width', ['8']);
    await exclusiveChips(page, 'activation', ['relu']);
    await exclusiveChips(page, 'optimizer', ['adam']);
    await page.locator(sel('train-sampling-random')).click();
    await page.locator(sel('train-count')).fill('4');
    await page.locator(sel('train-epochs')).fill('6');
    await page.locator(sel('train-start')).click();
    // While it trains (or embeds), the chip is drawn inside the viewport without scrolling.
    const inView = await page.waitForFunction(
      ({ w, h }) => {
        const el = document.querySelector('[data-testid="training-chip"]');
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= w && r.bottom <= h
          ? { stage: el.getAttribute('data-stage'), text: el.textContent }
          : false;
      },
      { w: VIEWPORT.width, h: VIEWPORT.height },
      { timeout: 60_000, polling: 20 },
    );
    const chip = (await inView.jsonValue()) as { stage: string; text: string };
    // The top bar still fits: the train toggle (right of the chip) is inside the viewport too.
    const toggle = (await page.locator(sel('train-toggle')).boundingBox())!;
    expect(toggle.x + toggle.width).toBeLessThanOrEqual(VIEWPORT.width);
    expect(['training', 'distances', 'phate']).toContain(chip.stage);
    expect(chip.text).toMatch(/\d+%/);
    await screenshot(page, 'stored-training-chip');
    const end = await waitForStage(page, ['done', 'error', 'cancelled'], 200_000);
    expect(end).toBe('done');
    await waitForManifoldReady(page);
    base = await popOf(page);
    expect(base.id).toMatch(/^browser-run-/);
    expect(base.ids).toHaveLength(4);
    // The chip goes once the work is done.
    await expect.poll(() => page.locator(sel('training-chip')).count()).toBe(0);

    // The sender moves the camera and inspects a network: none of this may reach a receiver without this population.
    await page.locator(sel('train-panel')).locator('button[aria-label="Close training panel"]').click();
    const box = (await page.locator(sel('manifold')).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 8 });
    await page.mouse.up();
    await page.evaluate((id) => (window as any).__netmanifold.getState().setSelected(id), base.ids[1]);

    await expect.poll(() => page.locator(sel('copy-link')).getAttribute('data-reach')).not.toBe('anyone');
    await expect.poll(() => page.locator(sel('copy-link')).getAttribute('title')).not.toMatch(/exactly this view/);
    await page.locator(sel('copy-link')).click();
    const pop = page.locator(sel('copy-link-local'));
    await pop.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => pop.innerText()).toMatch(/works only in this browser/);
    const text = await pop.innerText();
    expect(text).toMatch(/trained in this browser/);
    expect(text).not.toMatch(/exactly this view/);
    await expect.poll(() => page.locator(sel('copy-link-export')).isVisible()).toBe(true);
    await expect.poll(() => page.locator(sel('copy-link-recipe')).innerText()).toMatch(/\?population=<URL of the \.nmpop>#/);
    await expect.poll(() => page.locator(sel('copy-link')).innerText()).toMatch(/this browser only/);
    // A hosted copy's URL gives the ?population= link with this view's hash.
    await page.locator(sel('copy-link-hosted-url')).fill('https://example.org/pops/mine.nmpop');
    await page.locator(sel('copy-link-hosted')).click();
    const hosted = await expect
      .poll(() => page.locator(sel('copy-link')).getAttribute('data-last-link'))
      .toMatch(/population=https%3A%2F%2Fexample\.org%2Fpops%2Fmine\.nmpop#/);
    void hosted;
    await screenshot(page, 'stored-copy-link-local');
    app.assertNoPageErrors();
  });

  it('opened in a fresh context, the local link shows the demo with a notice, no error, and not the sender camera', async () => {
    const { page } = app;
    await page.locator(sel('copy-link')).click(); // the plain link again (the popover's hosted link replaced it)
    await expect.poll(() => page.locator(sel('copy-link')).getAttribute('data-last-link')).not.toMatch(/population=/);
    const link = (await page.locator(sel('copy-link')).getAttribute('data-last-link'))!;
    expect(link).toMatch(/#/);
    await page.keyboard.press('Escape');

    const fresh = await openPage(browser, link, VIEWPORT);
    others.push(fresh);
    await waitForManifoldReady(fresh.page);
    const p = fresh.page;
    const got = await popOf(p);
    expect(got.id).not.toMatch(/^browser-/);
    await expect.poll(() => p.locator(`${sel('error')} [data-level="notice"]`).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await p.locator(`${sel('error')} [data-level="error"]`).count()).toBe(0);
    await expect.poll(() => p.locator(sel('error')).innerText()).toMatch(/lives only there[\s\S]*without the link's camera or selection/);
    expect(await storeValue(p, 's.selectedId')).toBeNull();
    // The camera is not the sender's: the receiver's own link (Copy link there) carries another pose than the one it was sent.
    const sent = decodeViewState(new URL(link).hash).state;
    expect(sent.camera).not.toBeNull();
    expect(sent.population?.networks).toBe(4);
    await p.locator(sel('copy-link')).click();
    await expect.poll(() => p.locator(sel('copy-link')).getAttribute('data-last-link')).toMatch(/#/);
    const theirs = decodeViewState(new URL((await p.locator(sel('copy-link')).getAttribute('data-last-link'))!).hash).state;
    expect(theirs.population?.networks).toBe(got.ids.length);
    const moved = Math.hypot(...theirs.camera!.position.map((v, i) => v - sent.camera!.position[i]));
    expect(moved).toBeGreaterThan(1e-3);
    expect(await p.locator(sel('copy-link-local')).count()).toBe(0); // the demo's link reaches anyone
    await screenshot(p, 'stored-local-link-receiver');
    fresh.assertNoPageErrors();
  });

  it('train more like these on it, reload, restore: base + new networks together; the list shows both; delete works', async () => {
    const { page } = app;
    await page.locator(sel('filter-input')).fill('accuracy >= 0');
    await page.locator(sel('filter-input')).press('Enter');
    await expect.poll(() => storeValue(page, 's.selectionCount'), { timeout: 10_000 }).toBe(4);
    await expect.poll(() => page.locator(sel('train-like-selection')).isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.locator(sel('train-like-selection')).click();
    await page.locator(sel('train-add-mode')).waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator(sel('train-count')).fill('3');
    await page.locator(sel('train-epochs')).fill('3');
    await expect
      .poll(
        async () =>
          (await page.locator(sel('train-start')).isEnabled())
            ? 'enabled'
            : await page
                .locator(sel('train-invalid'))
                .innerText()
                .catch(() => 'disabled'),
        { timeout: 10_000 },
      )
      .toBe('enabled');
    await page.locator(sel('train-start')).click();
    expect(await waitForStage(page, ['done', 'error', 'cancelled'], 200_000)).toBe('done');
    await waitForManifoldReady(page);
    const grown = await popOf(page);
    expect(grown.ids).toHaveLength(7);
    expect(grown.ids.slice(0, 4)).toEqual(base.ids);

    await page.reload({ waitUntil: 'load' });
    await waitForManifoldReady(page);
    const banner = page.locator(sel('restore-banner'));
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(sel('restore-accept')).click();
    await expect.poll(async () => (await popOf(page)).ids.length, { timeout: 120_000 }).toBe(7);
    await waitForManifoldReady(page);
    const restored = await popOf(page);
    expect(restored.ids).toEqual(grown.ids);
    expect(restored.id).toMatch(/^browser-run-.+\+sampled-/);
    // Not "cannot be fetched again … shown as a population of their own".
    expect(
      await page
        .locator(sel('error'))
        .allInnerTexts()
        .then((t) => t.join(' ')),
    ).not.toMatch(/of their own|cannot be fetched/);

    await page.locator(sel('stored-toggle')).click();
    await page.locator(sel('stored-list')).waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => storedKinds(page), { timeout: 20_000 }).toEqual(['grown', 'trained']);
    await expect.poll(() => page.locator(sel('stored-usage')).innerText()).toMatch(/Storage used by this site: .+ of .+/);
    const rows = () => page.locator(sel('stored-row')).allInnerTexts();
    await expect.poll(async () => (await rows())[0]).toMatch(/4 \+ 3 networks/);
    await expect.poll(async () => (await rows())[1]).toMatch(/4 networks/);
    await screenshot(page, 'stored-list');
    page.once('dialog', (d) => void d.accept());
    await page.locator(sel('stored-row')).nth(0).locator(sel('stored-delete')).click();
    await expect.poll(() => storedKinds(page), { timeout: 20_000 }).toEqual(['trained']);
    const runs = (await page.evaluate(() => (window as any).__netmanifold.storedRuns())) as { networks: unknown[] }[];
    expect(runs.map((r) => r.networks.length)).toEqual([4]);
    // The view on screen stays.
    expect((await popOf(page)).ids).toEqual(grown.ids);
    app.assertNoPageErrors();
  });

  it('an import error is a banner; the view stays live: not greyed, not covered, every point drawn', async () => {
    const { page } = app;
    await page.keyboard.press('Escape');
    const count = await page.locator(sel('manifold')).getAttribute('data-point-count');
    await page.locator(sel('import-input')).setInputFiles({
      name: 'broken.nmpop',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('{"format": "netmanifold-population", "version": 1, "networks": 7}'),
    });
    await expect.poll(() => page.locator(`${sel('error')} [data-level="error"]`).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator(sel('error')).innerText()).toMatch(/broken\.nmpop/);
    expect(await page.locator(sel('manifold')).getAttribute('data-status')).toBe('ready');
    expect(await page.locator(sel('manifold')).getAttribute('data-point-count')).toBe(count);
    expect(await page.locator('.manifold-overlay').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__netmanifold.dimmedCount())).toBe(0);
    await screenshot(page, 'stored-import-error-live-view');
    // The error itself was reported as an error; nothing else (no console error).
    app.assertNoPageErrors();
  });
});
