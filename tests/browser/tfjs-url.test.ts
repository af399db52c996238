// TF.js models by URL (issue 7): `?model=<model.json URL>` (repeatable, next to
// ?demo=) and the "Add TF.js model by URL" field add models served by another
// origin to the population as points of their own kind; their links reopen the
// grown population; a host without CORS, a 404, missing weights and a JSON that
// is no model give clear messages and keep the population; a convolutional
// digits classifier by URL proves "dense or convolutional" end to end.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorText, sel, storeValue, waitForPopulation } from './app';
import { REPO_ROOT, launchChromium, openPage, screenshot, startStaticServer, type AppPage, type StaticServer } from './harness';
import { writeTfjsModel } from './sharing-fixtures';

// A fresh folder per run: two test runs on one machine must not serve each other's files.
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'netmanifold-tfjs-url-'));

interface DemoIndexEntry {
  id: string;
  file: string;
}
const demoIndex = JSON.parse(readFileSync(path.join(REPO_ROOT, 'public/demo/index.json'), 'utf8')) as DemoIndexEntry[];
const MOONS = demoIndex.find((d) => d.id.startsWith('moons'));
const DIGITS = demoIndex.find((d) => d.id.startsWith('digits'));

/** The shipped bundle's dataset and network count, read in Node. */
function demoInfo(d: DemoIndexEntry): { count: number; dataset: { name: 'moons' | 'digits'; seed: number } } {
  const doc = JSON.parse(
    new TextDecoder().decode(gunzipSync(new Uint8Array(readFileSync(path.join(REPO_ROOT, 'public/demo', d.file))))),
  ) as {
    networks: unknown[];
    provenance: { dataset: { name: 'moons' | 'digits'; seed: number } };
  };
  return { count: doc.networks.length, dataset: doc.provenance.dataset };
}

/** Imported models, every coordinate finite (diverged networks are left out of a re-embedding by default, issue 17: all-NaN rows), the drawn point count. */
async function importedSummary(page: Page) {
  return storeValue(
    page,
    `({
      n: s.population.networks.length,
      imported: s.population.networks.filter(n => n.origin === 'imported-tfjs').map(n => n.id),
      widths: Object.fromEntries(s.population.networks.filter(n => n.origin === 'imported-tfjs').map(n => [n.id, n.hp.widths])),
      finite: !!s.population.embedding && s.population.embedding.embedding.length === s.population.networks.length * s.population.embedding.nComponents && s.population.networks.every((n, i) => {
        const k = s.population.embedding.nComponents;
        const row = Array.from(s.population.embedding.embedding.subarray(i * k, (i + 1) * k));
        return n.status === 'diverged' && !s.includeDiverged ? row.every(Number.isNaN) : row.every(Number.isFinite);
      }),
      color: s.colorColumn,
      drawn: Number(document.querySelector('[data-testid="manifold"]').getAttribute('data-point-count')),
    })`,
  ) as Promise<{ n: number; imported: string[]; widths: Record<string, number[]>; finite: boolean; color: string; drawn: number }>;
}

/**
 * A model host that allows cross-origin reads on every answer, 404s included
 * (as GitHub Pages does), so the page can tell a missing file from a CORS refusal.
 */
async function startCorsHost(root: string): Promise<StaticServer> {
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${rel}`);
      return;
    }
    const body = readFileSync(file);
    res
      .writeHead(200, {
        'Content-Type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      })
      .end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Console errors a failed fetch is expected to log (the resource and CORS lines); anything else is the app's fault. */
const unexpectedErrors = (app: AppPage): string[] =>
  app.errors.filter((e) => !/Failed to load resource|CORS policy|net::ERR_FAILED/.test(e));

describe('TF.js models by URL (issue 7)', () => {
  let server: StaticServer;
  let corsData: StaticServer;
  let plainData: StaticServer;
  let browser: Browser;
  const opened: AppPage[] = [];
  let moons: ReturnType<typeof demoInfo>;

  beforeAll(async () => {
    expect(MOONS, 'public/demo/index.json lists a moons population').toBeTruthy();
    expect(DIGITS, 'public/demo/index.json lists a digits population').toBeTruthy();
    moons = demoInfo(MOONS!);
    writeFileSync(path.join(DATA_DIR, 'index.html'), '<!doctype html><title>models</title>');
    // Folder layout as tensorflowjs_converter writes it: <name>/model.json + group1-shard1of1.bin.
    await writeTfjsModel(DATA_DIR, 'moons-dense-16', moons.dataset, [16], 1, { layout: 'folder' });
    await writeTfjsModel(DATA_DIR, 'moons-dense-32x16', moons.dataset, [32, 16], 2, { layout: 'folder' });
    await writeTfjsModel(DATA_DIR, 'digits-cnn', demoInfo(DIGITS!).dataset, [16], 3, { layout: 'folder', conv: true, epochs: 3 });
    // Broken ones: weights gone, and a JSON that is no model.
    const lost = await writeTfjsModel(DATA_DIR, 'moons-no-weights', moons.dataset, [8], 4, { layout: 'folder', epochs: 1 });
    rmSync(lost.bin);
    mkdirSync(path.join(DATA_DIR, 'not-a-model'), { recursive: true });
    writeFileSync(path.join(DATA_DIR, 'not-a-model/model.json'), JSON.stringify({ format: 'netmanifold-population', networks: [] }));
    server = await startStaticServer();
    corsData = await startCorsHost(DATA_DIR);
    plainData = await startStaticServer(DATA_DIR);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const app of opened)
      await app.page
        .context()
        .close()
        .catch(() => {});
    rmSync(DATA_DIR, { recursive: true, force: true });
    await browser?.close();
    for (const s of [server, corsData, plainData]) await s?.close();
  });

  async function open(url: string): Promise<AppPage> {
    const app = await openPage(browser, url);
    opened.push(app);
    return app;
  }

  const modelUrl = (host: StaticServer, name: string) => `${host.url}${name}/model.json`;
  const q = (...urls: string[]) => urls.map((u) => `model=${encodeURIComponent(u)}`).join('&');

  it('?demo=…&model=URL&model=URL adds both models as points of their own kind; the copied link reopens the grown population with its selection', async () => {
    const url1 = modelUrl(corsData, 'moons-dense-16');
    const url2 = modelUrl(corsData, 'moons-dense-32x16');
    const app = await open(`${server.url}?demo=${MOONS!.id}&${q(url1, url2)}`);
    const { page } = app;
    // The population is on screen first, then the models join it.
    await waitForPopulation(page, `s.population.networks.length === ${moons.count + 2}`);
    const r = await importedSummary(page);
    console.log(`[tfjs-url] ?model= ×2 on ${MOONS!.id}: ${JSON.stringify(r)}`);
    expect(r.n).toBe(moons.count + 2);
    expect(r.imported).toEqual(['tfjs-moons-dense-16', 'tfjs-moons-dense-32x16']);
    expect(r.widths).toEqual({ 'tfjs-moons-dense-16': [16], 'tfjs-moons-dense-32x16': [32, 16] });
    expect(r.finite).toBe(true);
    expect(r.color).toBe('origin');
    await expect.poll(() => page.locator(sel('manifold')).getAttribute('data-point-count')).toBe(String(moons.count + 2));
    await screenshot(page, 'tfjs-url-query-added');
    // The grown population's longer name and the split Import… button still fit the top bar in one row at 1280 px.
    const bar = (await page.evaluate(() =>
      Array.from(document.querySelector('.topbar')!.children)
        .map((c) => c.getBoundingClientRect())
        .filter((b) => b.width > 0)
        .map((b) => ({ top: b.top, right: b.right })),
    )) as { top: number; right: number }[];
    console.log(
      `[tfjs-url] top bar with the grown population: rightmost item ends at ${Math.max(...bar.map((b) => b.right)).toFixed(0)} px of ${page.viewportSize()!.width}`,
    );
    expect(Math.max(...bar.map((b) => b.top)) - Math.min(...bar.map((b) => b.top))).toBeLessThan(20);
    expect(Math.max(...bar.map((b) => b.right))).toBeLessThanOrEqual(page.viewportSize()!.width);

    // The URL keeps naming the models; a copied link with a selection of them reopens the same view.
    await storeValue(
      page,
      `s.setSelection([{ kind: 'ids', source: 'lasso', indices: new Int32Array([${moons.count}, ${moons.count + 1}]) }])`,
    );
    await page.waitForTimeout(300);
    await page.locator(sel('copy-link')).click();
    await expect.poll(() => page.locator(sel('copy-link')).getAttribute('data-last-link')).toBeTruthy();
    const link = (await page.locator(sel('copy-link')).getAttribute('data-last-link'))!;
    expect(new URL(link).searchParams.getAll('model')).toEqual([url1, url2]);
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.search).getAll('model'))).toEqual([url1, url2]);
    app.assertNoPageErrors();

    const again = await open(link);
    await waitForPopulation(again.page, `s.population.networks.length === ${moons.count + 2} && s.selectionCount === 2`);
    const selected = (await storeValue(
      again.page,
      'Array.from(s.selectionMask).flatMap((v, i) => v ? [s.population.networks[i].id] : [])',
    )) as string[];
    expect(selected).toEqual(['tfjs-moons-dense-16', 'tfjs-moons-dense-32x16']);
    await expect.poll(() => storeValue(again.page, 's.colorColumn')).toBe('origin');
    expect(await errorText(again.page)).toBe('');
    again.assertNoPageErrors();
  });

  it('the "Add TF.js model by URL" field adds a model to the population on screen; a javascript: URL is refused in place', async () => {
    const app = await open(`${server.url}?demo=${MOONS!.id}`);
    const { page } = app;
    await waitForPopulation(page, `s.population.id === ${JSON.stringify(MOONS!.id)}`);
    await page.locator(sel('tfjs-url-toggle')).click();
    await expect.poll(() => page.locator(sel('tfjs-url-popover')).isVisible()).toBe(true);
    await page.locator(sel('tfjs-url-input')).fill('javascript:alert(1)');
    await page.locator(sel('tfjs-url-add')).click();
    await expect.poll(() => page.locator(sel('tfjs-url-problem')).innerText()).toMatch(/only http\(s\) or relative URLs are allowed/);
    expect(await storeValue(page, 's.population.networks.length')).toBe(moons.count);

    await page.locator(sel('tfjs-url-input')).fill(modelUrl(corsData, 'moons-dense-16'));
    await screenshot(page, 'tfjs-url-field');
    await page.locator(sel('tfjs-url-add')).click();
    await waitForPopulation(page, `s.population.networks.length === ${moons.count + 1}`);
    const r = await importedSummary(page);
    expect(r.imported).toEqual(['tfjs-moons-dense-16']);
    expect(r.finite).toBe(true);
    await expect.poll(async () => (await importedSummary(page)).color).toBe('origin');
    await expect.poll(() => page.locator(sel('tfjs-url-popover')).count()).toBe(0);
    // The same model again gets its own id.
    await page.locator(sel('tfjs-url-toggle')).click();
    await page.locator(sel('tfjs-url-input')).fill(modelUrl(corsData, 'moons-dense-16'));
    await page.locator(sel('tfjs-url-add')).click();
    await waitForPopulation(page, `s.population.networks.length === ${moons.count + 2}`);
    expect((await importedSummary(page)).imported).toEqual(['tfjs-moons-dense-16', 'tfjs-moons-dense-16-2']);
    await screenshot(page, 'tfjs-url-field-added');
    app.assertNoPageErrors();
  });

  it('a host without CORS, a 404, missing weights and a JSON that is no model give clear messages and keep the population', async () => {
    const bad = [
      modelUrl(plainData, 'moons-dense-16'),
      modelUrl(corsData, 'no-such-model'),
      modelUrl(corsData, 'moons-no-weights'),
      modelUrl(corsData, 'not-a-model'),
    ];
    const app = await open(`${server.url}?demo=${MOONS!.id}&${q(...bad)}`);
    const { page } = app;
    await waitForPopulation(page, `s.population.id === ${JSON.stringify(MOONS!.id)}`);
    await expect.poll(() => errorText(page), { timeout: 60_000 }).toMatch(/No TF\.js model was added/);
    const text = await errorText(page);
    console.log(`[tfjs-url] failures: ${text}`);
    expect(text).toMatch(
      /could not fetch http:\/\/127\.0\.0\.1:\d+\/moons-dense-16\/model\.json — the host must allow cross-origin requests \(Access-Control-Allow-Origin\)/,
    );
    expect(text).toMatch(/no-such-model\/model\.json: not added — could not fetch .*HTTP 404/);
    expect(text).toMatch(/moons-no-weights\/model\.json: not added — its weights are missing: group1-shard1of1\.bin/);
    expect(text).toMatch(/not-a-model\/model\.json: not added — it is not a TF\.js layers model/);
    expect(await storeValue(page, 's.population.id')).toBe(MOONS!.id);
    expect(await storeValue(page, 's.population.networks.length')).toBe(moons.count);
    expect(await storeValue(page, "s.population.networks.some(n => n.origin === 'imported-tfjs')")).toBe(false);
    expect(await page.locator(sel('manifold')).getAttribute('data-point-count')).toBe(String(moons.count));
    // One line per model, and the shorter view keeps its overlays apart (the card moves beside the rail).
    expect(text.split('\n').filter((l) => /not added/.test(l))).toHaveLength(4);
    const rail = (await page.locator(sel('tool-rail')).boundingBox())!;
    const card = (await page.locator(sel('legend')).boundingBox())!;
    const apart =
      rail.x + rail.width <= card.x || card.x + card.width <= rail.x || rail.y + rail.height <= card.y || card.y + card.height <= rail.y;
    expect(apart, `tool rail ${JSON.stringify(rail)} overlaps the view card ${JSON.stringify(card)}`).toBe(true);
    await screenshot(page, 'tfjs-url-failures');
    expect(unexpectedErrors(app)).toEqual([]);
    // The link no longer names models that were not added.
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.search).getAll('model'))).toEqual([]);
  });

  it('a model larger than the download cap (128 MB) is refused before it is downloaded, and the population is kept', async () => {
    // A host whose weight file declares 200 MB: the app must stop at the header, not download it.
    const json = readFileSync(path.join(DATA_DIR, 'moons-dense-16/model.json'));
    let weightBytesSent = 0;
    const huge = createServer((req, res) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.url?.endsWith('/model.json')) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': json.length }).end(json);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 200 * 1024 * 1024 });
      const chunk = new Uint8Array(64 * 1024);
      const send = () => {
        if (res.destroyed || weightBytesSent > 8 * 1024 * 1024) return void res.destroy();
        weightBytesSent += chunk.length;
        res.write(chunk, () => setTimeout(send, 5));
      };
      send();
    });
    await new Promise<void>((resolve) => huge.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(huge.address() as AddressInfo).port}/moons-huge/model.json`;
      const app = await open(`${server.url}?demo=${MOONS!.id}&${q(url)}`);
      const { page } = app;
      await waitForPopulation(page, `s.population.id === ${JSON.stringify(MOONS!.id)}`);
      await expect.poll(() => errorText(page), { timeout: 60_000 }).toMatch(/No TF\.js model was added/);
      const text = await errorText(page);
      console.log(`[tfjs-url] oversized: ${text}; weight bytes the host got to send: ${weightBytesSent}`);
      expect(text).toMatch(/moons-huge\/model\.json: not added — it is too large: model\.json and its weight files together exceed 128 MB/);
      expect(await storeValue(page, 's.population.networks.length')).toBe(moons.count);
      expect(unexpectedErrors(app)).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => huge.close(() => resolve()));
    }
  });

  it('a convolutional digits classifier (Conv2D) by URL joins the digits demo', async () => {
    const digits = demoInfo(DIGITS!);
    const app = await open(`${server.url}?demo=${DIGITS!.id}&${q(modelUrl(corsData, 'digits-cnn'))}`);
    const { page } = app;
    await waitForPopulation(page, `s.population.networks.length === ${digits.count + 1}`);
    const r = await importedSummary(page);
    console.log(`[tfjs-url] Conv2D by URL on ${DIGITS!.id}: ${JSON.stringify(r)}`);
    expect(r.imported).toEqual(['tfjs-digits-cnn']);
    expect(r.widths['tfjs-digits-cnn']).toEqual([6 * 6 * 6, 16]); // conv 3×3 on 8×8 → 6×6×6 (first activation layer), then Dense(16)
    expect(r.finite).toBe(true);
    expect(
      (await storeValue(page, "s.population.networks.find(n => n.id === 'tfjs-digits-cnn').extraHyperParams.architecture")) as string,
    ).toMatch(/Conv2D/);
    await screenshot(page, 'tfjs-url-conv-digits');
    app.assertNoPageErrors();
  });
});
