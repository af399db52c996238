// `npm run bench -- render [--sizes 10000,50000] [--frames 60] [--no-build] [--dist DIR]`
// Render benchmark of the explorer in headless Chromium: frame time while
// orbiting and lasso latency for N synthetic points
// (window.__netmanifold.loadSynthetic). Builds the app into DIR (default
// /tmp/dist-render) unless --no-build. Prints figures only; asserts nothing.
//
// Frame time: each frame is rendered and forced to finish (1-pixel readback),
// so it is the full CPU + GPU cost of one frame; the browser's own frame
// cadence (requestAnimationFrame) is reported as well.
// Lasso latency: in the page, from pointer release to the new selection in the
// store (projection of all points, hit test, clause, mask) — and end to end,
// from pointer release until the selection count on screen changes (adds React
// commits of every linked view). The longest main-thread task seen during the
// lasso is reported from the Long Tasks API.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../scripts/ensure-chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };

/** Static server for the built app on a random free port (tests/browser/harness.ts needs CommonJS __dirname). */
async function serve(root: string): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(path.join(root, 'index.html'))) throw new Error(`${root}/index.html is missing: build first (drop --no-build)`);
  const server = createServer((req, res) => {
    let file = path.join(root, path.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function opt(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const f1 = (x: number) => x.toFixed(1);

export async function run(argv: string[]): Promise<void> {
  const sizes = (opt(argv, 'sizes') ?? '10000,50000').split(',').map(Number);
  const frames = Number(opt(argv, 'frames') ?? 60);
  const dist = path.resolve(opt(argv, 'dist') ?? '/tmp/dist-render');
  const root = ROOT;
  if (!argv.includes('--no-build')) {
    console.log(`building the app into ${dist} …`);
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { cwd: root, stdio: 'inherit' });
  }
  const server = await serve(dist);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-background-networking'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('[data-testid="manifold"]')?.getAttribute('data-status') === 'ready', undefined, { timeout: 120_000 });
    const gl = await page.evaluate(() => {
      const c = document.createElement('canvas').getContext('webgl2');
      const ext = c?.getExtension('WEBGL_debug_renderer_info');
      return ext ? String(c!.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : 'unknown';
    });
    console.log(`headless Chromium, WebGL renderer: ${gl}; viewport 1440×960, device pixel ratio 1`);
    console.log('');
    console.log('points | load+first draw ms | frame ms mean / median / p95 | rAF interval ms median | lasso in-page ms median / max | lasso end-to-end ms median / max | longest task during lasso ms | selected');
    for (const n of sizes) {
      const t0 = Date.now();
      await page.evaluate((n) => window.__netmanifold!.loadSynthetic(n), n);
      const loadMs = Date.now() - t0;
      await page.waitForTimeout(300);
      const frameMs = await page.evaluate((k) => window.__netmanifold!.benchFrames(k), frames);
      // A string, not a function: tsx would wrap named closures in a helper the page does not have.
      const raf = (await page.evaluate(`new Promise((resolve) => {
        const ts = [];
        const tick = (t) => { ts.push(t); if (ts.length > 30) resolve(ts.slice(1).map((x, i) => x - ts[i])); else requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
      })`)) as number[];

      // Lasso: a polygon around the view centre, drawn with the mouse.
      await page.locator('[data-testid="lasso-toggle"]').click();
      const box = (await page.locator('[data-testid="manifold"]').boundingBox())!;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      const r = Math.min(box.width, box.height) * 0.3;
      const e2e: number[] = [];
      const inPage: number[] = [];
      let longest = 0;
      let selected = 0;
      for (let rep = 0; rep < 5; rep++) {
        await page.evaluate(() => {
          const w = window as unknown as { __lt: number; __up: number; __commit: number };
          w.__lt = 0;
          w.__up = 0;
          w.__commit = 0;
          new PerformanceObserver((l) => {
            for (const e of l.getEntries()) w.__lt = Math.max(w.__lt, e.duration);
          }).observe({ type: 'longtask' });
          window.addEventListener('pointerup', () => (w.__up = performance.now()), { capture: true, once: true });
          const el = document.querySelector('[data-testid="selection-count"]')!;
          new MutationObserver((_, obs) => {
            w.__commit = performance.now();
            obs.disconnect();
          }).observe(el, { characterData: true, childList: true, subtree: true });
        });
        const start = rep * 0.4;
        await page.mouse.move(cx + r * Math.cos(start), cy + r * Math.sin(start));
        await page.mouse.down();
        for (let k = 1; k <= 40; k++) {
          const a = start + (2 * Math.PI * k) / 40;
          const rr = r * (k % 2 ? 0.8 : 1);
          await page.mouse.move(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
        }
        await page.mouse.up();
        await page.waitForFunction(() => (window as unknown as { __commit: number }).__commit > 0, undefined, { timeout: 30_000 });
        await page.waitForTimeout(200);
        const r2 = await page.evaluate(() => {
          const w = window as unknown as { __lt: number; __up: number; __commit: number };
          const lat = window.__netmanifold!.brushLatencies();
          return { e2e: w.__commit - w.__up, lt: w.__lt, inPage: lat[lat.length - 1], count: window.__netmanifold!.getState().selectionCount };
        });
        e2e.push(r2.e2e);
        inPage.push(r2.inPage);
        longest = Math.max(longest, r2.lt);
        selected = r2.count;
        await page.keyboard.press('Escape');
        await page.waitForTimeout(150);
      }
      await page.locator('[data-testid="lasso-toggle"]').click();
      const fs = stats(frameMs);
      const rs = stats(raf);
      const ls = stats(inPage);
      const es = stats(e2e);
      console.log(
        `${n} | ${loadMs} | ${f1(fs.mean)} / ${f1(fs.median)} / ${f1(fs.p95)} | ${f1(rs.median)} | ${f1(ls.median)} / ${f1(ls.max)} | ${f1(es.median)} / ${f1(es.max)} | ${f1(longest)} | ${selected}`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
