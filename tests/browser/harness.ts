// Browser-test harness: serves the built app (dist/) from a tiny static server on a free port,
// drives Debian's Chromium through playwright-core, collects page errors, saves screenshots.
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/ensure-chromium.mjs';

export const REPO_ROOT = path.resolve(__dirname, '../..');
// NETMANIFOLD_DIST lets parallel work build and serve its own copy (default dist/).
export const DIST_DIR = process.env.NETMANIFOLD_DIST ? path.resolve(process.env.NETMANIFOLD_DIST) : path.join(REPO_ROOT, 'dist');
export const OUTPUT_DIR = path.join(REPO_ROOT, 'tests/output');

/** The flags every browser test launches with; a WebGPU test adds --enable-unsafe-webgpu. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  // Bundles are gzipped JSON decoded by the app itself: served as opaque bytes, never Content-Encoding.
  '.nmpop': 'application/octet-stream',
  '.gz': 'application/octet-stream',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The Content-Security-Policy of a built index.html's meta tag, or null when it has none. */
export function cspOfIndexHtml(html: string): string | null {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  return m ? m[1] : null;
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Serve under this sub-path (e.g. '/netmanifold/'), as a project page would be; other paths 404. */
  prefix?: string;
  /** Extra response headers (e.g. Access-Control-Allow-Origin for cross-origin tests). */
  headers?: Record<string, string>;
  /**
   * Send the policy of root/index.html's CSP meta as a Content-Security-Policy header on every
   * response, as a host configured for the site would (default true; a root whose index.html has no
   * CSP meta gets no header). The header also covers the worker scripts, which a meta tag does not, so
   * every browser test runs its workers under the policy too. `false` serves the meta alone, as a
   * static host that sends no headers (GitHub Pages) does.
   */
  cspHeader?: boolean;
}

/** Serves `root` byte-for-byte on 127.0.0.1 at a random free port. */
export async function startStaticServer(root: string = DIST_DIR, opts: StaticServerOptions = {}): Promise<StaticServer> {
  const prefix = opts.prefix ? `/${opts.prefix.replace(/^\/+|\/+$/g, '')}/` : '/';
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`${root}/index.html is missing: build the app first (npx vite build)`);
  }
  const csp = opts.cspHeader === false ? null : cspOfIndexHtml(readFileSync(path.join(root, 'index.html'), 'utf8'));
  const server: Server = createServer((req, res) => {
    const fullPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!fullPath.startsWith(prefix) && fullPath !== prefix.slice(0, -1)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${fullPath}`);
      return;
    }
    const urlPath = '/' + fullPath.slice(prefix.length);
    let file = path.join(root, path.normalize(urlPath));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${urlPath}`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': mimeType(file),
      'Content-Length': statSync(file).size,
      'Cache-Control': 'no-store',
      ...(csp ? { 'Content-Security-Policy': csp } : {}),
      ...opts.headers,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export interface AppPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far, in order. */
  errors: string[];
  /** Throws listing every page error seen so far. */
  assertNoPageErrors(): void;
}

/** Opens `url` in a fresh context, recording console errors and uncaught exceptions. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 800 }): Promise<AppPage> {
  const context = await browser.newContext({ viewport });
  // Any Content-Security-Policy violation in the document is a console error, so the suite fails on it.
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      const what = `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || '?'}:${e.lineNumber}`;
      w.__cspViolations.push(what);
      console.error(`Content-Security-Policy violation: ${what}`);
    });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url;
    // The browser asks for /favicon.ico on its own; its 404 is not the app's error.
    if (where.endsWith('/favicon.ico')) return;
    errors.push(`console.error: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.stack ?? err.message}`));
  page.on('crash', () => errors.push('page crashed'));
  await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    errors,
    assertNoPageErrors() {
      if (errors.length > 0) throw new Error(`page reported ${errors.length} error(s):\n${errors.join('\n')}`);
    },
  };
}

/** Saves a full-viewport screenshot as tests/output/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
