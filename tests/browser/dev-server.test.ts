// The README's first command: `npm run dev` serves the app from source (vite's dev server, not the
// production build the other browser tests use). The demo must draw and the training worker must
// start a TF.js backend — in dev, TF.js modules are pre-bundled differently, and a worker that
// fails there fails only there.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sel, waitForManifoldReady } from './app';
import { REPO_ROOT, launchChromium, openPage, screenshot } from './harness';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('npm run dev (vite dev server)', () => {
  let vite: ChildProcess | undefined;
  let url = '';
  let output = '';
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    // The same server `npm run dev` starts (without --open), on a free port.
    vite = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    vite.stdout!.on('data', (d) => (output += String(d)));
    vite.stderr!.on('data', (d) => (output += String(d)));
    url = `http://127.0.0.1:${port}/`;
    const t0 = Date.now();
    for (;;) {
      if (vite.exitCode !== null) throw new Error(`vite exited with ${vite.exitCode}:\n${output}`);
      if (/ready in/i.test(output)) break;
      if (Date.now() - t0 > 60_000) throw new Error(`vite did not start within 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    vite?.kill();
  });

  it('draws the demo and the training worker starts a TF.js backend', async () => {
    const app = await openPage(browser, url, { width: 1280, height: 800 });
    const { page } = app;
    await waitForManifoldReady(page, 120_000);
    expect(Number(await page.locator(sel('manifold')).getAttribute('data-point-count'))).toBeGreaterThan(3);
    // The worker's backend choice settles (ok or not) within seconds; then it must have found one.
    await expect.poll(() => page.evaluate(() => (window as any).__netmanifold.getState().backendResolved), { timeout: 90_000 }).toBe(true);
    const state = await page.evaluate(() => {
      const s = (
        window as unknown as { __netmanifold: { getState(): { backend: string; backendResolved: boolean; errors: { message: string }[] } } }
      ).__netmanifold.getState();
      return { backend: s.backend, resolved: s.backendResolved, errors: s.errors.map((e) => e.message) };
    });
    console.log(`[dev] backend ${state.backend}; errors: ${JSON.stringify(state.errors)}`);
    expect(state.errors).toEqual([]);
    expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(state.backend);
    expect(await page.locator(sel('app')).getAttribute('data-backend')).toBe(state.backend);
    await screenshot(page, 'dev-server');
    await page.context().close();
  });
});
