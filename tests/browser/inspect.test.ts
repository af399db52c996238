// Explorer finishing work (issues 5, 6): the point opacity slider and depth cue
// change drawn pixels; the inspector's 2-D PCA of the network's own probe
// activations; aligned compare panels; log-scaled heavy-tailed histograms; the
// tooltip's colour column and key features. Screenshots go to tests/output/inspect-*.png.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mostIsolatedVisiblePoint, sel, useAppPage, waitForViewStill } from './app';
import { screenshot, type AppPage } from './harness';

type RGB = [number, number, number];

/** Pixels of a viewport screenshot at client points, decoded in the page (the page's own canvas is not read back). */
async function pixelsAt(page: Page, pts: { x: number; y: number }[]): Promise<RGB[]> {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, pts }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return pts.map(
        ({ x, y }) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)) as [number, number, number],
      );
    },
    { png, pts },
  );
}

const dist = (a: RGB, b: RGB) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Mean |Δ| per channel over the manifold box between two states. */
async function manifoldShot(page: Page): Promise<Buffer> {
  const box = (await page.locator(sel('manifold')).boundingBox())!;
  return page.screenshot({ clip: box });
}

async function meanAbsDiff(page: Page, a: Buffer, b: Buffer): Promise<number> {
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

describe('explorer: view style, inspector embedding, compare, heavy tails, tooltip', () => {
  const fixture = useAppPage();
  let app: AppPage;
  let page: Page;
  beforeAll(() => {
    ({ app, page } = fixture);
  });

  it('the opacity slider pulls drawn points toward the background; the depth cue changes the picture', async () => {
    await page.mouse.move(2, 2);
    await page.waitForTimeout(300);
    const p = await mostIsolatedVisiblePoint(page);
    const box = (await page.locator(sel('manifold')).boundingBox())!;
    // Background: a corner of the manifold below the toolbars.
    const bgAt = { x: box.x + 4, y: box.y + box.height / 2 };
    const [bg, opaque] = await pixelsAt(page, [bgAt, p]);
    const before = dist(opaque, bg);
    expect(before, 'the point should be drawn at its projected position').toBeGreaterThan(30);

    const slider = page.getByLabel('Point opacity');
    await slider.fill('0.2');
    await expect.poll(() => page.evaluate(() => window.__netmanifold!.getState().viewSettings.opacity)).toBeCloseTo(0.2, 5);
    // Polled: the canvas redraws on a later frame, which under load can come after any fixed wait.
    const faintness = async () => {
      const [bg2, faint] = await pixelsAt(page, [bgAt, p]);
      return dist(faint, bg2);
    };
    await expect.poll(faintness).toBeLessThan(before * 0.45);
    const [bg2, faint] = await pixelsAt(page, [bgAt, p]);
    const after = dist(faint, bg2);
    console.log(
      `[inspect] point ${JSON.stringify(opaque)} → ${JSON.stringify(faint)} (background ${JSON.stringify(bg)}): distance ${before.toFixed(1)} → ${after.toFixed(1)}`,
    );
    await screenshot(page, 'inspect-opacity-0.2');
    // Alpha 0.2 over the background: about a fifth of the distance (a neighbour underneath may add a little).
    expect(after).toBeLessThan(before * 0.45);
    await slider.fill('1');
    await expect.poll(async () => dist((await pixelsAt(page, [bgAt, p]))[1], opaque)).toBeLessThan(12);

    // Depth cue: toggling it changes the far points' colours.
    const withFog = await manifoldShot(page);
    await page.getByLabel('depth cue').uncheck();
    await expect.poll(() => page.evaluate(() => window.__netmanifold!.getState().viewSettings.fog)).toBe(false);
    // Polled: the redraw without the cue comes on a later frame.
    await expect.poll(async () => meanAbsDiff(page, withFog, await manifoldShot(page))).toBeGreaterThan(0.05);
    const noFog = await manifoldShot(page);
    await screenshot(page, 'inspect-no-depth-cue');
    const d = await meanAbsDiff(page, withFog, noFog);
    console.log(`[inspect] depth cue on/off: mean |Δ| ${d.toFixed(3)}`);
    expect(d).toBeGreaterThan(0.05);
    await page.getByLabel('depth cue').check();
    // In 2-D every point has the same depth: the cue is off and its box disabled.
    await page.locator(sel('twod-toggle')).click();
    await expect.poll(() => page.getByLabel('depth cue').isDisabled()).toBe(true);
    await page.locator(sel('twod-toggle')).click();
    await expect.poll(() => page.getByLabel('depth cue').isDisabled()).toBe(false);
    app.assertNoPageErrors();
  });

  it("the inspector embeds the network's probe activations in 2-D: one circle per probe point, coloured by class", async () => {
    await waitForViewStill(page, 900); // the 2-D glide back
    const p = await mostIsolatedVisiblePoint(page);
    await page.mouse.click(p.x, p.y);
    const inspector = page.locator(sel('inspector'));
    await inspector.waitFor({ state: 'visible' });
    const svg = inspector.locator(sel('activation-embedding'));
    await svg.waitFor({ state: 'visible', timeout: 30_000 });
    const probe = await page.evaluate(() => {
      const pop = window.__netmanifold!.getState().population!;
      return { n: pop.probe.n, classes: new Set(Array.from(pop.probe.labels)).size };
    });
    expect(await svg.locator('circle').count()).toBe(probe.n);
    // Coloured by class: as many distinct fills as classes, and a legend entry for each.
    const fills = await svg.locator('circle').evaluateAll((cs) => new Set(cs.map((c) => c.getAttribute('fill'))).size);
    expect(fills).toBe(probe.classes);
    expect(await inspector.locator(sel('class-legend')).locator('.class-legend-item').count()).toBe(probe.classes);
    // The points are spread out (a real projection, not a pile at one spot).
    const spread = await svg.locator('circle').evaluateAll((cs) => {
      const xs = cs.map((c) => Number(c.getAttribute('cx')));
      return Math.max(...xs) - Math.min(...xs);
    });
    expect(spread).toBeGreaterThan(100);
    // Another layer re-embeds.
    const layers = await inspector.getByLabel('Layer to embed').locator('option').count();
    if (layers > 2) {
      await inspector.getByLabel('Layer to embed').selectOption({ index: 1 });
      await expect.poll(() => svg.getAttribute('data-layer')).toBe('0');
      expect(await svg.locator('circle').count()).toBe(probe.n);
    }
    await svg.scrollIntoViewIfNeeded();
    await screenshot(page, 'inspect-activation-embedding');
    app.assertNoPageErrors();
  });

  it('compare aligns both networks: one feature table (values match each network) and depth profiles on shared axes', async () => {
    const inspector = page.locator(sel('inspector'));
    await inspector.waitFor({ state: 'visible' });
    const a = (await inspector.getAttribute('data-network-id'))!;
    await page.locator(sel('pin')).click();
    const near = inspector.locator(sel('nearest-item')).first();
    const b = await near.innerText();
    await near.click();
    const compare = page.locator(sel('compare'));
    await expect.poll(() => compare.getAttribute('data-b')).toBe(b);
    const feats = compare.locator(sel('compare-features'));
    await feats.waitFor({ state: 'visible' });
    const truth = await page.evaluate(
      ([a, b]) => {
        const nets = window.__netmanifold!.getState().population!.networks;
        const na = nets.find((n) => n.id === a)!;
        const nb = nets.find((n) => n.id === b)!;
        return {
          fa: na.features ?? {},
          fb: nb.features ?? {},
          la: na.layerProfile?.features.effDim?.filter(Number.isFinite).length ?? 0,
          lb: nb.layerProfile?.features.effDim?.filter(Number.isFinite).length ?? 0,
        };
      },
      [a, b] as const,
    );
    const rows = await feats.locator('tr[data-feature]').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-feature')!,
        cells: Array.from(tr.querySelectorAll('td')).map((td) => td.firstChild?.textContent ?? ''),
      })),
    );
    expect(rows.length).toBeGreaterThan(5);
    const close = (shown: string, v: number) =>
      Number.isFinite(v) ? Math.abs(Number(shown) - v) <= 0.01 * Math.abs(v) + 1e-9 : shown === '—';
    for (const r of rows) {
      expect(close(r.cells[0], truth.fa[r.id] ?? NaN), `${r.id} of ${a}: shown ${r.cells[0]}, is ${truth.fa[r.id]}`).toBe(true);
      expect(close(r.cells[1], truth.fb[r.id] ?? NaN), `${r.id} of ${b}: shown ${r.cells[1]}, is ${truth.fb[r.id]}`).toBe(true);
    }
    // Both networks' effective-dimension profiles in one chart.
    const prof = feats.locator(sel('compare-profile-effDim'));
    expect(Number(await prof.locator('g.cmp-a').getAttribute('data-points'))).toBe(truth.la);
    expect(Number(await prof.locator('g.cmp-b').getAttribute('data-points'))).toBe(truth.lb);
    await feats.scrollIntoViewIfNeeded();
    await screenshot(page, 'inspect-compare');
    app.assertNoPageErrors();
  });

  it('the tooltip shows the colour-by column and key features', async () => {
    await page.keyboard.press('Escape');
    await page.locator(sel('color-column')).selectOption('loss');
    await page.mouse.move(2, 2);
    await page.waitForTimeout(300);
    const p = await mostIsolatedVisiblePoint(page);
    await page.mouse.move(p.x, p.y);
    const tip = page.locator(sel('tooltip'));
    await tip.waitFor({ state: 'visible' });
    const truth = await page.evaluate((id) => {
      const s = window.__netmanifold!.getState();
      const n = s.population!.networks.find((q) => q.id === id)!;
      return { loss: n.final.testLoss, features: n.features ?? {} };
    }, p.id);
    await expect.poll(() => tip.locator(sel('tooltip-colour')).innerText()).toContain('Test loss');
    const colour = await tip.locator(sel('tooltip-colour')).innerText();
    const shown = colour.split(/\s+/).pop()!;
    if (Number.isFinite(truth.loss)) expect(Number(shown)).toBeCloseTo(truth.loss, truth.loss > 10 ? -1 : 2);
    else expect(shown).toBe('—');
    let rows = 0;
    for (const id of ['silhouette', 'dse', 'effDim']) {
      const row = tip.locator(sel(`tooltip-feature-${id}`));
      if (Number.isFinite(truth.features[id])) {
        rows++;
        const v = Number((await row.innerText()).split(/\s+/).pop());
        expect(Math.abs(v - truth.features[id])).toBeLessThanOrEqual(0.01 * Math.abs(truth.features[id]) + 1e-9);
      } else expect(await row.count()).toBe(0);
    }
    console.log(`[inspect] tooltip of ${p.id}: colour row "${colour.replace(/\s+/g, ' ')}", ${rows} feature rows`);
    await screenshot(page, 'inspect-tooltip');
    await page.locator(sel('color-column')).selectOption('accuracy');
    app.assertNoPageErrors();
  });
});
