// Checks the harness itself on a throwaway site: MIME types, byte-for-byte serving (no
// Content-Encoding, so gzipped bundles reach the app as written), and page-error collection.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, startStaticServer, type StaticServer } from './harness';

describe('browser harness', () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  const wasm = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]); // empty module
  const bundle = gzipSync(new TextEncoder().encode(JSON.stringify({ networks: [1, 2, 3] })));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nm-harness-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="./main.mjs"></script>');
    writeFileSync(path.join(dir, 'main.mjs'), 'document.title = "ran";');
    writeFileSync(path.join(dir, 'broken.html'), '<!doctype html><script>console.error("boom"); throw new Error("kaput");</script>');
    writeFileSync(path.join(dir, 'empty.wasm'), wasm);
    writeFileSync(path.join(dir, 'pop.nmpop'), bundle);
    server = await startStaticServer(dir);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves modules and wasm with the right MIME types, bytes unchanged', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.waitForFunction(() => document.title === 'ran');
    const result = await page.evaluate(async () => {
      const w = await fetch('./empty.wasm');
      const mod = await WebAssembly.compileStreaming(w.clone());
      const b = await fetch('./pop.nmpop');
      return {
        wasmType: w.headers.get('content-type'),
        wasmIsModule: mod instanceof WebAssembly.Module,
        bundleEncoding: b.headers.get('content-encoding'),
        bundleBytes: Array.from(new Uint8Array(await b.arrayBuffer())),
        missing: (await fetch('./nope.js')).status,
      };
    });
    expect(result.wasmType).toBe('application/wasm');
    expect(result.wasmIsModule).toBe(true);
    expect(result.bundleEncoding).toBeNull();
    expect(result.bundleBytes).toEqual(Array.from(bundle));
    expect(result.missing).toBe(404);
    // The deliberate 404 is the only error the page saw.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('nope.js');
    await page.context().close();
  });

  it('collects console errors and uncaught exceptions', async () => {
    const { page, errors, assertNoPageErrors } = await openPage(browser, `${server.url}broken.html`);
    await expect.poll(() => errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.some((e) => e.includes('boom'))).toBe(true);
    expect(errors.some((e) => e.includes('kaput'))).toBe(true);
    expect(() => assertNoPageErrors()).toThrow(/2 error/);
    await page.context().close();
  });
});
