// Content-Security-Policy of the built site (issue 16 item 5): index.html carries
// the policy as a meta tag (works on any static host), the test server sends the
// same policy as a header (which also covers the worker scripts), and the app
// runs under it without a single violation: workers, the wasm backend, a
// population fetched from a second origin. The harness turns any violation in
// any browser test into a console error, so the whole suite runs under it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sel, storeValue, waitForPopulation } from './app';
import {
  DIST_DIR,
  REPO_ROOT,
  cspOfIndexHtml,
  launchChromium,
  openPage,
  startStaticServer,
  type AppPage,
  type StaticServer,
} from './harness';

const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'netmanifold-csp-'));
const demoIndex = JSON.parse(readFileSync(path.join(REPO_ROOT, 'public/demo/index.json'), 'utf8')) as { id: string; file: string }[];
const MOONS = demoIndex.find((d) => d.id.startsWith('moons'))!;

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('Content-Security-Policy of the built site', () => {
  let server: StaticServer;
  let data: StaticServer;
  let browser: Browser;
  const opened: AppPage[] = [];

  beforeAll(async () => {
    writeFileSync(path.join(DATA_DIR, 'index.html'), '<!doctype html><title>data</title>');
    copyFileSync(path.join(REPO_ROOT, 'public/demo', MOONS.file), path.join(DATA_DIR, 'pop.nmpop'));
    server = await startStaticServer(DIST_DIR);
    data = await startStaticServer(DATA_DIR, { headers: { 'Access-Control-Allow-Origin': '*' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const app of opened)
      await app.page
        .context()
        .close()
        .catch(() => {});
    await browser?.close();
    for (const s of [server, data]) await s?.close();
    rmSync(DATA_DIR, { recursive: true, force: true });
  });

  it('index.html carries a strict policy (no inline or eval scripts, wasm allowed, any https host for data) and the server sends it as a header', async () => {
    const policy = cspOfIndexHtml(readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8'));
    expect(policy, 'dist/index.html has a <meta http-equiv="Content-Security-Policy">').toBeTruthy();
    const d = directives(policy!);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('worker-src')).toEqual(expect.arrayContaining(["'self'", 'blob:']));
    expect(d.get('connect-src')).toEqual(expect.arrayContaining(["'self'", 'https:']));
    expect(policy).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
    const res = await fetch(server.url);
    expect(res.headers.get('content-security-policy')).toBe(policy);
    const js = await fetch(new URL((/src="\.\/(assets\/[^"]+\.js)"/.exec(await res.text()) ?? [])[1] ?? 'x', server.url));
    expect(js.headers.get('content-security-policy'), 'worker and module scripts get the header too').toBe(policy);
  });

  it('the app runs under it without a violation: demo, workers, the wasm backend, ?population= from another origin', async () => {
    const url = `${server.url}?population=${encodeURIComponent(data.url + 'pop.nmpop')}`;
    const app = await openPage(browser, url);
    opened.push(app);
    const { page } = app;
    await waitForPopulation(page, 's.population.networks.length > 0');
    expect(
      await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null),
    ).toBeTruthy();
    // The embedding ran in its worker (PHATE) and the manifold is drawn.
    await expect.poll(() => page.locator(sel('manifold')).getAttribute('data-point-count'), { timeout: 120_000 }).not.toBeNull();
    // 'auto' lands on wasm in headless Chromium (software WebGL/WebGPU are passed over): wasm compiled under the policy.
    await expect.poll(() => storeValue(page, 's.backend'), { timeout: 120_000 }).toBe('wasm');
    console.log(
      `[csp] backend ${await page.locator(sel('app')).getAttribute('data-backend')}, networks ${await storeValue(page, 's.population.networks.length')}`,
    );
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    app.assertNoPageErrors();
  });

  it('the violation listener works: an injected inline script is refused and reported', async () => {
    const app = await openPage(browser, server.url);
    opened.push(app);
    const ran = await app.page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 200));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran, 'an inline script must not run under the policy').toBe(false);
    await expect
      .poll(() => app.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.join('\n')))
      .toMatch(/script-src-elem blocked inline/);
    expect(app.errors.some((e) => /Content-Security-Policy violation/.test(e))).toBe(true);
  });
});
