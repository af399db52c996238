// `npm run bench -- load [--repeats 5] [--no-build] [--dist DIR]`
// How long the shipped demo populations take to appear in headless Chromium:
// the first page load (navigation until the first demo is drawn) and each
// demo switch (picking it in the menu until the manifold shows it: fetch,
// gunzip + validation in the worker, first frame). Issue 7 asks for under 2 s.
// Prints the median / min / max of each; asserts nothing.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { chromiumPath } from '../scripts/ensure-chromium.mjs';
import { buildApp, opt, serve } from './static-app';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function waitShown(page: Page, id: string | null): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const m = document.querySelector('[data-testid="manifold"]');
      if (!m || m.getAttribute('data-status') !== 'ready' || !m.hasAttribute('data-point-count')) return false;
      return want === null || m.getAttribute('data-population-id') === want;
    },
    id,
    { timeout: 60_000, polling: 16 },
  );
}

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]} ms (min ${s[0]}, max ${s[s.length - 1]}, n ${s.length})`;
};

export async function run(argv: string[]): Promise<void> {
  const repeats = Number(opt(argv, 'repeats') ?? 5);
  const dist = path.resolve(opt(argv, 'dist') ?? '/tmp/dist-load');
  if (!argv.includes('--no-build')) buildApp(ROOT, dist);
  const demos = (JSON.parse(readFileSync(path.join(dist, 'demo/index.json'), 'utf8')) as { id: string }[]).map((d) => d.id);
  const server = await serve(dist);
  const load0 = os.loadavg()[0].toFixed(2);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const first: number[] = [];
  const switches = new Map<string, number[]>(demos.map((d) => [d, []]));
  try {
    for (let r = 0; r < repeats; r++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(server.url, { waitUntil: 'commit' });
      await waitShown(page, null);
      first.push(Date.now() - t0);
      // each demo once, ending on the one that was not shown first
      for (const id of [...demos.slice(1), demos[0]]) {
        const t1 = Date.now();
        await page.locator('[aria-label="Demo population"]').selectOption(id);
        await waitShown(page, id);
        switches.get(id)!.push(Date.now() - t1);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`demo load in headless Chromium (${os.cpus().length} cores, load average ${load0} → ${os.loadavg()[0].toFixed(2)})`);
  console.log(`  first page load → ${demos[0]} drawn: ${summary(first)}`);
  for (const [id, xs] of switches) console.log(`  switch to ${id}: ${summary(xs)}`);
}
