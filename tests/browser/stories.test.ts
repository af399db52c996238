// Stories and presenter mode (issue 13 items 2, 3) in the built app:
//   each shipped story walked start to end with → (a screenshot per step in tests/output/stories/);
//   ?story=URL from a second origin; authoring round trip (two steps, export, import, walk);
//   ?present covers ≥ 70 % of 1024×768 with fonts ≥ 1.5×; ?hide= hides the named panels;
//   a malformed story file gives a clear message and keeps the view; the card on a 390×844 phone.
// Contract: the caption has data-testid="story-caption" and data-step (1-based); ArrowRight advances it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, launchChromium, openPage, screenshot, startStaticServer, type AppPage, type StaticServer } from './harness';
import { errorText, mostIsolatedVisiblePoint, sel, storeValue, waitForManifoldReady, waitForViewStill } from './app';

interface StepFile {
  caption: string;
  view: { s?: string; c?: string; sel?: string[]; i?: string; e?: number };
  wait?: 'lasso' | 'click';
  focus?: string;
}
interface StoryFile {
  id: string;
  steps: StepFile[];
}

const STORIES_DIR = path.join(REPO_ROOT, 'public/stories');
const shipped = (JSON.parse(readFileSync(path.join(STORIES_DIR, 'index.json'), 'utf8')) as { id: string; file: string }[]).map(
  (e) => JSON.parse(readFileSync(path.join(STORIES_DIR, e.file), 'utf8')) as StoryFile,
);

const caption = (page: Page) => page.locator(sel('story-caption'));

/** Waits until the caption shows step `n` (1-based) with its view on screen and the manifold drawn. */
async function waitForStep(page: Page, n: number, timeout = 120_000): Promise<void> {
  try {
    await page.waitForFunction(
      (n) => {
        const c = document.querySelector('[data-testid="story-caption"]');
        const m = document.querySelector('[data-testid="manifold"]');
        return (
          c?.getAttribute('data-step') === String(n) &&
          c.getAttribute('data-ready') === 'true' &&
          m?.getAttribute('data-status') === 'ready' &&
          m.hasAttribute('data-point-count')
        );
      },
      n,
      { timeout, polling: 100 },
    );
  } catch (e) {
    const at = await caption(page)
      .getAttribute('data-step')
      .catch(() => null);
    throw new Error(
      `${(e as Error).message}\nwaiting for story step ${n}; caption at ${at}; messages: ${await errorText(page).catch(() => '?')}`,
    );
  }
}

/** Lets the points finish gliding and the camera settle before a screenshot (or a click on a point). */
const settle = (page: Page) => waitForViewStill(page, 900);

/** What the step's view asked for is what the app shows. */
async function expectStepApplied(page: Page, step: StepFile, where: string): Promise<void> {
  const demo = step.view.s?.replace(/^d:/, '');
  if (demo) await expect.poll(() => page.locator(sel('manifold')).getAttribute('data-population-id'), { message: where }).toBe(demo);
  if (step.view.c)
    await expect.poll(() => page.locator(sel('legend')).getAttribute('data-color-column'), { message: where }).toBe(step.view.c);
  await expect.poll(() => page.locator(sel('selection-count')).innerText(), { message: where }).toBe(String(step.view.sel?.length ?? 0));
  if (step.view.i)
    await expect.poll(() => page.locator(sel('inspector')).getAttribute('data-network-id'), { message: where }).toBe(step.view.i);
  if (step.view.e !== undefined) await expect.poll(() => storeValue(page, 's.epoch'), { message: where }).toBe(step.view.e);
  else await expect.poll(() => storeValue(page, 's.epoch'), { message: where }).toBeNull();
  if (step.focus) await expect.poll(() => page.locator('.story-focus').count(), { message: `${where}: focused panel` }).toBe(1);
  // Shipped steps use the demo's own PHATE settings: the shipped embedding is shown, never re-run.
  expect(await storeValue(page, 's.phateRun.status'), `${where}: no re-embedding`).toBe('idle');
}

/** Does what a waiting step asks (click a point / box-select some), and sees the card say so. */
async function doTheWait(page: Page, wait: 'lasso' | 'click', where: string): Promise<void> {
  const w = page.locator(sel('story-wait'));
  await expect.poll(() => w.getAttribute('data-done'), { message: where }).toBe('false');
  const last = await page.locator(sel('story-next')).isDisabled();
  if (!last) await expect.poll(() => page.locator(sel('story-next')).innerText()).toMatch(/Skip/);
  if (wait === 'click') {
    const p = await mostIsolatedVisiblePoint(page);
    await page.mouse.click(p.x, p.y);
  } else {
    const box = (await page.locator(sel('manifold')).boundingBox())!;
    await page.locator(sel('box-toggle')).click();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.7, { steps: 8 });
    await page.mouse.up();
    await page.locator(sel('box-toggle')).click();
  }
  await expect.poll(() => w.getAttribute('data-done'), { message: `${where}: the card sees the ${wait}` }).toBe('true');
  await expect.poll(() => page.locator(sel('story-next')).innerText()).toMatch(/Next/);
}

describe('stories', () => {
  let server: StaticServer;
  let other: StaticServer;
  let otherDir: string;
  let browser: Browser;
  const pages: AppPage[] = [];

  async function open(query: string, viewport = { width: 1280, height: 720 }): Promise<AppPage> {
    const app = await openPage(browser, `${server.url}${query}`, viewport);
    pages.push(app);
    await waitForManifoldReady(app.page);
    return app;
  }
  async function close(app: AppPage): Promise<void> {
    app.assertNoPageErrors();
    await app.page.context().close();
  }

  beforeAll(async () => {
    server = await startStaticServer();
    // A second origin (another port) serving story files with CORS, as a teacher's own site would.
    otherDir = mkdtempSync(path.join(os.tmpdir(), 'netmanifold-stories-'));
    writeFileSync(path.join(otherDir, 'index.html'), '<!doctype html><title>other</title>');
    const remote = { ...shipped.find((s) => s.id === 'moons-first-lecture')!, id: 'remote-moons', title: 'A story from another site' };
    remote.steps = remote.steps.slice(0, 3);
    remote.steps[0] = { ...remote.steps[0], caption: 'Served from a second origin.' };
    writeFileSync(path.join(otherDir, 'remote.json'), JSON.stringify(remote));
    writeFileSync(path.join(otherDir, 'broken.json'), '{"format": "netmanifold-story", "version": 1, "title": "Broken", "steps": [');
    other = await startStaticServer(otherDir, { headers: { 'Access-Control-Allow-Origin': '*' } });
    browser = await launchChromium();
    mkdirSync(path.join(REPO_ROOT, 'tests/output/stories'), { recursive: true });
  });
  afterAll(async () => {
    for (const p of pages)
      await p.page
        .context()
        .close()
        .catch(() => {});
    await browser?.close();
    await server?.close();
    await other?.close();
  });

  it.each(shipped.map((s) => [s.id, s] as const))(
    '%s: walked start to end with →, a screenshot per step',
    async (id, story) => {
      const app = await open(`?story=${id}`);
      const { page } = app;
      for (let n = 1; n <= story.steps.length; n++) {
        const where = `${id} step ${n}`;
        await waitForStep(page, n);
        await expect.poll(() => caption(page).innerText()).toContain(story.steps[n - 1].caption.slice(0, 40));
        await expect.poll(() => page.locator(sel('story-count')).innerText()).toBe(`step ${n} / ${story.steps.length}`);
        await expectStepApplied(page, story.steps[n - 1], where);
        // The query remembers the step, so a reload reopens it.
        await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe(n > 1 ? String(n) : null);
        await settle(page);
        await screenshot(page, `stories/${id}-step-${n}`);
        const wait = story.steps[n - 1].wait;
        if (wait) await doTheWait(page, wait, where);
        if (n < story.steps.length) await page.keyboard.press('ArrowRight');
      }
      // ← goes back; → at the end stays at the end.
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(200);
      expect(await caption(page).getAttribute('data-step')).toBe(String(story.steps.length));
      await page.keyboard.press('ArrowLeft');
      await waitForStep(page, story.steps.length - 1);
      // Esc leaves the story and keeps the view on screen.
      await page.keyboard.press('Escape');
      await expect.poll(() => caption(page).count()).toBe(0);
      expect(await page.locator(sel('manifold')).getAttribute('data-status')).toBe('ready');
      await expect.poll(() => new URL(page.url()).searchParams.has('story')).toBe(false);
      await close(app);
    },
    480_000,
  ); // the digits walk embeds every checkpoint once (trajectories step)

  it('?story=URL opens a story served by a second origin; → advances data-step', async () => {
    const url = `${other.url}remote.json`;
    expect(new URL(url).origin).not.toBe(new URL(server.url).origin);
    const app = await open(`?story=${encodeURIComponent(url)}`);
    const { page } = app;
    await waitForStep(page, 1);
    await expect.poll(() => caption(page).innerText()).toContain('Served from a second origin.');
    await expect.poll(() => page.locator(sel('manifold')).getAttribute('data-population-id')).toBe('moons-mlp');
    await page.keyboard.press('ArrowRight');
    await waitForStep(page, 2);
    expect(await caption(page).getAttribute('data-step')).toBe('2');
    await close(app);
  });

  it('a malformed story file, an unknown id or a bad scheme give a clear message and keep the view', async () => {
    const app = await open('');
    const { page } = app;
    const before = await storeValue(page, 's.population.id');
    await page.evaluate(() => window.__netmanifold!.getState().setColorColumn('depth'));
    // Through the link, on the page already open: the player reads ?story= at start, so reopen with it.
    const broken = await open(`?story=${encodeURIComponent(`${other.url}broken.json`)}`);
    await expect
      .poll(() => errorText(broken.page))
      .toMatch(/Could not open the story: the story file is not valid JSON .*The view on screen is kept/);
    expect(await broken.page.locator(sel('manifold')).getAttribute('data-status')).toBe('ready');
    expect(await broken.page.locator(sel('story-caption')).count()).toBe(0);
    await screenshot(broken.page, 'stories/malformed-story');
    await close(broken);
    const unknown = await open('?story=no-such-story');
    await expect.poll(() => errorText(unknown.page)).toMatch(/this site has no story "no-such-story" \(it has digits-good-networks/);
    await close(unknown);
    const scheme = await open('?story=javascript:alert(1)');
    await expect.poll(() => errorText(scheme.page)).toMatch(/story URL must be http\(s\) or relative/);
    await close(scheme);
    // Importing a broken file keeps the population and the colour the user chose.
    await page.locator(sel('story-import-input')).setInputFiles({
      name: 'broken.story.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"netmanifold-story","version":1,"title":"x","steps":[{"caption":"c","view":"nope"}]}'),
    });
    await expect.poll(() => errorText(page)).toMatch(/Could not open the story broken\.story\.json: step 1: "view" should be an object/);
    expect(await storeValue(page, 's.population.id')).toBe(before);
    expect(await page.locator(sel('legend')).getAttribute('data-color-column')).toBe('depth');
    expect(await page.locator(sel('story-caption')).count()).toBe(0);
    await close(app);
  });

  it('authoring round trip: add two steps, export JSON, import it, walk it', async () => {
    const app = await open('', { width: 1280, height: 720 });
    const { page } = app;
    const panel = page.locator(sel('story-panel'));
    await panel.scrollIntoViewIfNeeded();
    await page.locator(sel('color-column')).selectOption('depth');
    await page.locator(sel('story-caption-input')).fill('Colour is depth: one, two or three hidden layers.');
    await page.locator(sel('story-add-step')).click();
    await page.locator(sel('color-column')).selectOption('activation');
    // Step 2 is a 2-D embedding (PHATE settings are part of a step).
    // Dimensions are an advanced PHATE setting, folded away by default (issue 13).
    const advanced = page.locator(sel('phate-advanced'));
    if ((await advanced.getAttribute('open')) === null) await advanced.locator('summary').click();
    await page.locator(sel('phate-dims')).selectOption('2');
    await expect.poll(() => storeValue(page, 's.population.embedding.nComponents'), { timeout: 120_000 }).toBe(2);
    await expect.poll(() => storeValue(page, 's.phateRun.status'), { timeout: 120_000 }).toBe('done');
    await waitForViewStill(page, 800); // the points glide to their places
    const p = await mostIsolatedVisiblePoint(page);
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => page.locator(sel('inspector')).getAttribute('data-network-id')).toBe(p.id);
    await page.locator(sel('story-caption-input')).fill('Colour is the activation; one network inspected.');
    await page.locator(sel('story-add-step')).click();
    await page.locator(sel('story-draft-title')).fill('Round trip');
    await expect.poll(() => page.locator(`${sel('story-draft')} li`).count()).toBe(2);
    await screenshot(page, 'stories/authoring');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(sel('story-export')).click()]);
    expect(download.suggestedFilename()).toBe('round-trip.story.json');
    const file = path.join(otherDir, 'round-trip.story.json');
    await download.saveAs(file);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.format).toBe('netmanifold-story');
    expect(doc.title).toBe('Round trip');
    expect(doc.steps.map((s: StepFile) => [s.view.s, s.view.c, s.view.i ?? null])).toEqual([
      ['d:digits-mlp', 'depth', null],
      ['d:digits-mlp', 'activation', p.id],
    ]);
    // Each step's view is the link's view-state object: its camera is the link's 10 numbers.
    expect(doc.steps[1].view.v).toBe(1);
    expect(doc.steps[1].view.cam).toHaveLength(10);
    expect(doc.steps[0].view.p).toBeUndefined();
    expect(doc.steps[1].view.p).toEqual({ n: 2 });

    // Change the view, then import the exported file and walk it.
    await page.locator(sel('color-column')).selectOption('optimizer');
    await page.locator(sel('story-import-input')).setInputFiles(file);
    await waitForStep(page, 1);
    await expect.poll(() => caption(page).innerText()).toContain('Colour is depth');
    await expect.poll(() => page.locator(sel('legend')).getAttribute('data-color-column')).toBe('depth');
    // The step's PHATE settings are on screen, not only in the panel: re-embedded in 3-D.
    await expect.poll(() => storeValue(page, 's.population.embedding.nComponents')).toBe(3);
    await page.keyboard.press('ArrowRight');
    await waitForStep(page, 2);
    await expect.poll(() => storeValue(page, 's.population.embedding.nComponents')).toBe(2);
    await expect.poll(() => page.locator(sel('legend')).getAttribute('data-color-column')).toBe('activation');
    await expect.poll(() => page.locator(sel('inspector')).getAttribute('data-network-id')).toBe(p.id);
    await screenshot(page, 'stories/authoring-imported-step-2');
    await close(app);
  });

  it('?present at 1024×768: the manifold covers ≥ 70 %, only legend and caption on it, fonts ≥ 1.5×; F and Esc', async () => {
    const app = await open('?story=digits-good-networks&present', { width: 1024, height: 768 });
    const { page } = app;
    await waitForStep(page, 1);
    const box = (await page.locator(sel('manifold')).boundingBox())!;
    const cover =
      (Math.max(0, Math.min(1024, box.x + box.width) - Math.max(0, box.x)) *
        Math.max(0, Math.min(768, box.y + box.height) - Math.max(0, box.y))) /
      (1024 * 768);
    console.log(`[stories] ?present manifold covers ${(cover * 100).toFixed(1)} % of 1024×768`);
    expect(cover).toBeGreaterThanOrEqual(0.7);
    for (const hidden of ['.topbar', '.sidebar', '.linked-views', sel('tool-rail'), sel('manifold-toolbar')])
      expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
    expect(await page.locator(sel('legend')).isVisible()).toBe(true);
    expect(await caption(page).isVisible()).toBe(true);
    // Fonts: the caption ≥ 1.5 × the app's 13 px; the legend zoomed 1.5×.
    const px = await caption(page)
      .locator('p')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(13 * 1.5);
    const legendBox = (await page.locator(sel('legend')).boundingBox())!;
    expect(legendBox.width).toBeGreaterThanOrEqual(242 * 1.5 - 1);
    // The caption card and the legend do not overlap.
    const cardBox = (await page.locator(sel('story-card')).boundingBox())!;
    expect(cardBox.x >= legendBox.x + legendBox.width || cardBox.y + cardBox.height <= legendBox.y).toBe(true);
    await settle(page);
    await screenshot(page, 'stories/present-1024x768');
    // The whole digits story in presenter mode, a screenshot per step.
    const digits = shipped.find((s) => s.id === 'digits-good-networks')!;
    for (let n = 1; n <= digits.steps.length; n++) {
      if (n > 1) {
        await page.keyboard.press('ArrowRight');
        await waitForStep(page, n);
      }
      if (digits.steps[n - 1].view.e !== undefined) {
        await expect.poll(() => storeValue(page, 's.epoch')).toBe(digits.steps[n - 1].view.e);
        await expect.poll(() => page.locator(sel('play')).isVisible(), { message: 'a trajectories step keeps its play button' }).toBe(true);
      }
      expect((await page.locator(sel('manifold')).boundingBox())!.width).toBe(1024);
      await settle(page);
      await screenshot(page, `stories/digits-good-networks-present-step-${n}`);
    }
    await page.keyboard.press('ArrowLeft');
    await waitForStep(page, digits.steps.length - 1);
    // F: full-screen, or a notice when the browser refuses; never an error.
    // Polled: under load the answer (full-screen or the refusal notice) can take longer than any fixed wait.
    await page.keyboard.press('f');
    const fullScreenOrNotice = async () =>
      (await page.evaluate(() => !!document.fullscreenElement))
        ? 'full-screen'
        : /Full-screen was refused/.test(await errorText(page))
          ? 'refused'
          : 'waiting';
    await expect.poll(fullScreenOrNotice, { timeout: 10_000 }).not.toBe('waiting');
    const fs = await page.evaluate(() => !!document.fullscreenElement);
    // Esc (outside full-screen) leaves presenter mode; the story stays.
    if (fs) await page.evaluate(() => document.exitFullscreen());
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.app.presenting').count()).toBe(0);
    await expect.poll(() => page.locator('.topbar').isVisible()).toBe(true);
    expect(await caption(page).getAttribute('data-step')).toBe(String(digits.steps.length - 1));
    await expect.poll(() => new URL(page.url()).searchParams.has('present')).toBe(false);
    // The button enters it again.
    await page.locator(sel('present-button')).click();
    await expect.poll(() => page.locator('.app.presenting').count()).toBe(1);
    await close(app);
  }, 480_000);

  it('the light projector theme paints the view white and keeps text black', async () => {
    const app = await open('?story=moons-first-lecture&present&theme=light', { width: 1024, height: 768 });
    const { page } = app;
    await waitForStep(page, 1);
    expect(await page.locator('.app.theme-light').count()).toBe(1);
    await settle(page);
    // The canvas background (a corner pixel) is white.
    const png = await page.screenshot({ clip: { x: 2, y: 2, width: 4, height: 4 } });
    const corner = await page.evaluate(async (b64) => {
      const bmp = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const c = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d')!;
      c.drawImage(bmp, 0, 0);
      return Array.from(c.getImageData(1, 1, 1, 1).data.slice(0, 3));
    }, png.toString('base64'));
    expect(Math.min(...corner)).toBeGreaterThanOrEqual(245);
    const color = await caption(page)
      .locator('p')
      .evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe('rgb(0, 0, 0)');
    await screenshot(page, 'stories/present-light-1024x768');
    // Out of presenter mode the theme stays: the whole app is light.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.app.presenting').count()).toBe(0);
    const bar = await page.locator('.topbar').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bar).toBe('rgb(243, 244, 246)');
    await settle(page);
    await screenshot(page, 'stories/light-theme-1024x768');
    await close(app);
  });

  it('?hide=findings,training hides those panels and nothing else', async () => {
    const app = await open('?hide=findings,training', { width: 1280, height: 720 });
    const { page } = app;
    await expect.poll(() => page.locator(sel('phate-panel')).isVisible()).toBe(true);
    expect(await page.locator(sel('findings')).count()).toBeGreaterThan(0);
    expect(await page.locator(sel('findings')).isVisible()).toBe(false);
    // The training panel stays hidden even when opened.
    await page.locator(sel('train-toggle')).click();
    await expect.poll(() => storeValue(page, 's.trainPanelOpen')).toBe(true);
    await expect.poll(() => page.locator(sel('train-panel')).count()).toBe(1);
    expect(await page.locator(sel('train-panel')).isVisible()).toBe(false);
    for (const shown of ['.topbar', sel('legend'), sel('story-panel'), '.linked-views'])
      expect(await page.locator(shown).isVisible(), shown).toBe(true);
    await screenshot(page, 'stories/hide-findings-training');
    await close(app);
    // An unknown panel name is reported, not silently ignored.
    const bad = await open('?hide=findings,nosuchpanel');
    await expect.poll(() => errorText(bad.page)).toMatch(/hide: no panel "nosuchpanel"/);
    expect(await bad.page.locator(sel('findings')).isVisible()).toBe(false);
    await close(bad);
  });

  it.each([
    [1024, 768],
    [390, 844],
  ])('at %i×%i the caption card leaves most of the manifold visible', async (width, height) => {
    const app = await open('?story=moons-first-lecture', { width, height });
    const { page } = app;
    await waitForStep(page, 1);
    const card = (await page.locator(sel('story-card')).boundingBox())!;
    const view = (await page.locator(sel('manifold')).boundingBox())!;
    const ix = Math.max(0, Math.min(card.x + card.width, view.x + view.width) - Math.max(card.x, view.x));
    const iy = Math.max(0, Math.min(card.y + card.height, view.y + view.height) - Math.max(card.y, view.y));
    const covered = (ix * iy) / (view.width * view.height);
    console.log(
      `[stories] ${width}×${height}: caption card covers ${(covered * 100).toFixed(0)} % of the manifold (${Math.round(view.width)}×${Math.round(view.height)})`,
    );
    expect(covered).toBeLessThan(0.5);
    expect(card.width).toBeLessThanOrEqual(width);
    // The caption's buttons are on screen.
    const next = (await page.locator(sel('story-next')).boundingBox())!;
    expect(next.x + next.width).toBeLessThanOrEqual(width);
    await settle(page);
    await screenshot(page, `stories/card-${width}x${height}`);
    await page.keyboard.press('ArrowRight');
    await waitForStep(page, 2);
    await close(app);
  });
});
