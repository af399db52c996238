// The explorer (issue 6) in the built app: lasso brushing against projected
// positions, a histogram brush dimming the manifold, the filter box's errors,
// pin/compare, CSV export row counts, and the trajectory epoch slider.
//
// Test hooks (data-testid unless noted):
//   selection-count   text = number of selected networks (0 when no selection)
//   lasso-toggle, box-toggle, twod-toggle   manifold tools; brush-overlay while a brush tool is on
//   color-column, size-column               colour/size column selects
//   filter-input, filter-error              filter box (Enter applies) and its inline error
//   histogram-<column>                      a linked histogram (data-foreground = rows passing the other views)
//   pcp                                     parallel coordinates
//   export-csv, export-json, export-png, export-svg   downloads
//   pin, compare (data-a, data-b), compare-distance    pin one network, compare with another
//   nearest, nearest-item                   nearest networks in the inspector
//   trajectory-toggle, epoch-slider, play   trajectories (populations with checkpoints)
//   window.__netmanifold: getState() (selection, selectionMask, selectionCount, …), projectPoints(),
//     loadSynthetic(n), benchFrames(k), brushLatencies(), snapshotPNG(), dimmedCount()
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectPoints, sel, type ProjectedPoint, useAppPage, waitForViewStill } from './app';
import { screenshot, type AppPage } from './harness';

type Pt = [number, number];

/** Even-odd point-in-polygon, written independently of src/core/explore/brush.ts. */
function inside(p: Pt, poly: Pt[]): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** A closed mouse path through the vertices, in steps of ~6 px (every step is recorded by the lasso). */
function densify(vertices: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (let k = 0; k < vertices.length; k++) {
    const [x0, y0] = vertices[k];
    const [x1, y1] = vertices[(k + 1) % vertices.length];
    const steps = Math.max(1, Math.round(Math.hypot(x1 - x0, y1 - y0) / 6));
    for (let s = 0; s < steps; s++) out.push([Math.round(x0 + ((x1 - x0) * s) / steps), Math.round(y0 + ((y1 - y0) * s) / steps)]);
  }
  return out;
}

async function drag(page: Page, path: Pt[], modifiers: ('Shift' | 'Alt')[] = []): Promise<void> {
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.move(path[0][0], path[0][1]);
  await page.mouse.down();
  for (const [x, y] of path.slice(1)) await page.mouse.move(x, y);
  await page.mouse.up();
  for (const m of modifiers) await page.keyboard.up(m);
}

async function stateSummary(page: Page): Promise<{ count: number; active: boolean; maskOnes: number; total: number; dimmed: number }> {
  return page.evaluate(() => {
    const nm = window.__netmanifold!;
    const s = nm.getState();
    let ones = 0;
    for (let i = 0; i < s.selectionMask.length; i++) ones += s.selectionMask[i];
    return { count: s.selectionCount, active: s.selectionActive, maskOnes: ones, total: s.selectionMask.length, dimmed: nm.dimmedCount() };
  });
}

const selectionCount = async (page: Page) => Number(await page.locator(sel('selection-count')).innerText());

describe('explorer', () => {
  const fixture = useAppPage();
  let app: AppPage;
  let page: Page;
  beforeAll(() => {
    ({ app, page } = fixture);
  });

  it('lasso selects exactly the points whose projected positions fall inside it; Esc clears', async () => {
    const box = (await page.locator(sel('manifold')).boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2 + 10;
    const r = Math.min(box.width, box.height) * 0.28;
    const vertices: Pt[] = Array.from({ length: 7 }, (_, k) => {
      const a = (2 * Math.PI * k) / 7;
      return [cx + r * Math.cos(a) * (k % 2 ? 0.75 : 1.1), cy + r * Math.sin(a) * (k % 2 ? 0.8 : 1)];
    });
    const path = densify(vertices);
    const points: ProjectedPoint[] = await projectPoints(page);
    const expected = points.filter((p) => p.visible && inside([p.x, p.y], path)).length;
    expect(expected, 'the lasso should catch some points but not all').toBeGreaterThan(0);
    expect(expected).toBeLessThan(points.length);

    await page.locator(sel('lasso-toggle')).click();
    await page.locator(sel('brush-overlay')).waitFor({ state: 'visible' });
    await drag(page, path);
    await expect.poll(() => selectionCount(page)).toBe(expected);
    const s = await stateSummary(page);
    expect(s.active).toBe(true);
    expect(s.maskOnes).toBe(expected);
    expect(s.dimmed).toBe(s.total - expected);
    // The summary gives mean ± sd, and median [IQR] for heavy-tailed (log-scaled) columns.
    const statCells = page.locator(`${sel('selection-summary')} td[data-stat]`);
    await expect.poll(() => statCells.count()).toBeGreaterThan(0); // the summary renders deferred
    const stats = await statCells.evaluateAll((tds) =>
      tds.map((td) => ({
        row: td.parentElement!.querySelector('th')!.textContent!.trim(),
        stat: td.getAttribute('data-stat'),
        text: td.textContent!,
      })),
    );
    const logCols = await page.evaluate(() =>
      ((window as any).__netmanifold.getState().table.columns as { label: string; logScale?: boolean }[])
        .filter((c) => c.logScale)
        .map((c) => c.label),
    );
    expect(stats.length).toBeGreaterThan(0);
    for (const st of stats) expect(st.stat, st.row).toBe(logCols.includes(st.row) ? 'median' : 'mean');
    for (const st of stats) if (st.stat === 'mean') expect(st.text).toMatch(/±|—/);
    console.log(
      `[explorer] summary rows: ${stats
        .filter((_st, i) => i % 2 === 0)
        .map((st) => `${st.row}: ${st.text}`)
        .join('; ')}`,
    );
    await screenshot(page, 'explorer-lasso');

    // alt subtracts: a box over the left half of the lasso removes its points
    await page.locator(sel('box-toggle')).click();
    const boxPath: Pt[] = [
      [cx - r * 1.3, cy - r * 1.2],
      [cx, cy + r * 1.2],
    ];
    const inBox = points.filter(
      (p) =>
        p.visible &&
        inside([p.x, p.y], path) &&
        p.x >= boxPath[0][0] &&
        p.x <= boxPath[1][0] &&
        p.y >= boxPath[0][1] &&
        p.y <= boxPath[1][1],
    ).length;
    await drag(page, [boxPath[0], [cx - r / 2, cy], boxPath[1]], ['Alt']);
    await expect.poll(() => selectionCount(page)).toBe(expected - inBox);

    await page.locator(sel('box-toggle')).click(); // back to orbit
    await page.keyboard.press('Escape');
    await expect.poll(() => selectionCount(page)).toBe(0);
    expect((await stateSummary(page)).dimmed).toBe(0);
  });

  it('brushing a histogram dims the other networks on the manifold and filters the other histograms', async () => {
    const hist = page.locator(sel('histogram-accuracy'));
    await hist.waitFor({ state: 'visible' });
    const hb = (await hist.locator('svg').boundingBox())!;
    const y = hb.y + hb.height * 0.55;
    await drag(page, [
      [hb.x + hb.width * 0.55, y],
      [hb.x + hb.width * 0.75, y],
      [hb.x + hb.width - 10, y],
    ]);
    await expect.poll(async () => (await stateSummary(page)).active).toBe(true);
    // The scene dims after React renders the new selection: poll until it has caught up.
    await expect
      .poll(async () => {
        const t = await stateSummary(page);
        return t.dimmed === t.total - t.count;
      })
      .toBe(true);
    const s = await stateSummary(page);
    expect(s.count).toBeGreaterThan(0);
    expect(s.count).toBeLessThan(s.total);
    // The accuracy clause is a range; every selected network's accuracy lies in it.
    const check = await page.evaluate(() => {
      const st = window.__netmanifold!.getState();
      const clause = st.selection.find((c) => c.source === 'hist:accuracy') as { min: number; max: number } | undefined;
      const acc = st.table!.byId.get('accuracy')!.values;
      let bad = 0;
      for (let i = 0; i < acc.length; i++) if (st.selectionMask[i] && !(acc[i] >= clause!.min && acc[i] <= clause!.max)) bad++;
      return { clause: !!clause, bad };
    });
    expect(check).toEqual({ clause: true, bad: 0 });
    // Crossfilter: the accuracy histogram ignores its own brush (foreground = everyone) while another is filtered.
    const nonFinite = await page.evaluate(() => {
      const acc = window.__netmanifold!.getState().table!.byId.get('accuracy')!.values;
      return Array.from(acc).filter((v) => !Number.isFinite(v)).length;
    });
    // data-foreground is written when React renders the histograms: read it by polling.
    await expect.poll(async () => Number(await hist.getAttribute('data-foreground'))).toBe(s.total - nonFinite);
    const other = page.locator('[data-testid^="histogram-"]').nth(1);
    await expect.poll(async () => Number(await other.getAttribute('data-foreground'))).toBeLessThanOrEqual(s.count);
    await page.locator(sel('pcp')).waitFor({ state: 'visible' });
    await screenshot(page, 'explorer-histogram-brush');
  });

  it('exports the selection as CSV with one row per selected network', async () => {
    const count = await selectionCount(page);
    expect(count).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(sel('export-csv')).click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.split('\r\n').filter((l) => l.length > 0);
    expect(lines[0].startsWith('id,')).toBe(true);
    expect(lines.length - 1).toBe(count);
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator(sel('export-json')).click()]);
    const body = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { rows: unknown[] };
    expect(body.rows).toHaveLength(count);
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator(sel('export-png')).click()]);
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5000);
  });

  it('a bad filter expression shows an error and changes nothing; a good one selects', async () => {
    const before = await page.evaluate(() => Array.from(window.__netmanifold!.getState().selectionMask).join(''));
    const input = page.locator(sel('filter-input'));
    await input.fill('accuracy > 0.5 and activaton = tanh');
    await input.press('Enter');
    const err = page.locator(sel('filter-error'));
    await err.waitFor({ state: 'visible' });
    await expect.poll(() => err.innerText()).toContain('activaton');
    const after = await page.evaluate(() => Array.from(window.__netmanifold!.getState().selectionMask).join(''));
    expect(after).toBe(before);
    await screenshot(page, 'explorer-filter-error');

    await page.keyboard.press('Escape'); // blur the box
    await page.locator(sel('manifold')).click({ position: { x: 5, y: 300 } }); // focus away, no point there
    await page.keyboard.press('Escape'); // clear every clause
    await expect.poll(() => selectionCount(page)).toBe(0);
    await input.fill('activation = tanh');
    // The table is rebuilt while the user types (features arriving, a re-embedding): the text stays.
    await page.evaluate(() => {
      const st = window.__netmanifold!.getState() as unknown as { population: { networks: unknown[] }; applyNetworks(p: unknown): void };
      st.applyNetworks({ ...st.population, networks: [...st.population.networks] });
    });
    expect(await input.inputValue()).toBe('activation = tanh');
    await input.press('Enter');
    const tanh = await page.evaluate(() => {
      const st = window.__netmanifold!.getState();
      return st.population!.networks.filter((n) => n.hp.activation === 'tanh').length;
    });
    await expect.poll(() => selectionCount(page)).toBe(tanh);
    await expect.poll(() => err.count()).toBe(0);
  });

  it('pins one network and compares it with another, showing their distance', async () => {
    await page.keyboard.press('Escape');
    const points = (await projectPoints(page)).filter((p) => p.visible);
    const box = (await page.locator(sel('manifold')).boundingBox())!;
    const ok = points.filter((p) => p.x > box.x + 40 && p.x < box.x + box.width - 40 && p.y > box.y + 90 && p.y < box.y + box.height - 120);
    const first = ok[0];
    await page.mouse.click(first.x, first.y);
    const inspector = page.locator(sel('inspector'));
    await inspector.waitFor({ state: 'visible' });
    const a = await inspector.getAttribute('data-network-id');
    await page.locator(sel('pin')).click();
    const compare = page.locator(sel('compare'));
    await compare.waitFor({ state: 'visible' });
    await expect.poll(() => compare.getAttribute('data-a')).toBe(a);
    // Another network from the inspector's nearest list.
    const near = inspector.locator(sel('nearest-item')).first();
    const b = await near.innerText();
    await near.click();
    await expect.poll(() => compare.getAttribute('data-b')).toBe(b);
    const expectedD = await page.evaluate(
      ([a, b]) => {
        const p = window.__netmanifold!.getState().population!;
        const N = p.networks.length;
        const i = p.networks.findIndex((n) => n.id === a);
        const j = p.networks.findIndex((n) => n.id === b);
        return p.distances![i * N + j];
      },
      [a!, b],
    );
    await expect
      .poll(async () => Number((await compare.locator(sel('compare-distance')).innerText()).split(':').pop()))
      .toBeCloseTo(expectedD, 2);
    await screenshot(page, 'explorer-compare');
  });

  it('the epoch slider moves points along their training paths', async () => {
    const toggle = page.locator(sel('trajectory-toggle'));
    if ((await toggle.count()) === 0) throw new Error('the demo population has no checkpoints: no trajectory controls shown');
    const shownBefore = (await projectPoints(page)).filter((p) => p.visible).length;
    await toggle.click();
    const slider = page.locator(sel('epoch-slider'));
    await slider.waitFor({ state: 'visible', timeout: 180_000 });
    await waitForViewStill(page, 900); // the glide into the joint embedding
    const atFinal = await projectPoints(page);
    await slider.focus();
    await page.keyboard.press('Home');
    await waitForViewStill(page, 300);
    const atStart = await projectPoints(page);
    const moved = atStart.filter((p, i) => p.visible && Math.hypot(p.x - atFinal[i].x, p.y - atFinal[i].y) > 2).length;
    expect(moved).toBeGreaterThan(atStart.length / 2);
    // Entering trajectory mode frames the whole paths: the states at the last and first epochs stay in view.
    const inView = (pts: ProjectedPoint[]) => pts.filter((p) => p.visible).length;
    console.log(`[explorer] points in view: ${shownBefore} before, ${inView(atFinal)} at the last epoch, ${inView(atStart)} at the first`);
    expect(inView(atFinal)).toBeGreaterThanOrEqual(Math.floor(0.95 * shownBefore));
    expect(inView(atStart)).toBeGreaterThanOrEqual(Math.floor(0.95 * shownBefore));
    const epoch = await page.evaluate(() => window.__netmanifold!.getState().epoch);
    expect(Number(await slider.getAttribute('min'))).toBe(epoch);
    await screenshot(page, 'explorer-trajectory');
    app.assertNoPageErrors();
  });
});
