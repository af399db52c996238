// `npm run bench -- train --browser [--count 64 --epochs 20 --seq-count 4 --backends webgpu,webgl,wasm,cpu]`
// The headless-Chromium half of the training benchmark: builds a bench page
// (bench/browser/) with Vite, serves it on a free port, and for each backend
// the browser offers (WebGPU with --enable-unsafe-webgpu) times the same
// population as bench/train.ts: one network at a time (the sequential
// trainer) vs batched, networks/minute, the ratio, and achieved GFLOP/s
// against the backend's measured matmul peak. Each backend runs in a fresh
// page so one cannot slow another.
import path from 'node:path';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../scripts/ensure-chromium.mjs';
import type { BenchArgs, BenchRow } from './browser/train-bench';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv: string[]): Omit<BenchArgs, 'backend'> & { backends: string[] } {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const count = Number(get('count') ?? 64);
  return {
    count,
    epochs: Number(get('epochs') ?? 20),
    seqCount: Math.min(count, Number(get('seq-count') ?? 4)),
    batch: Number(get('batch') ?? 64),
    widths: (get('widths') ?? '32,32').split(',').map(Number),
    backends: (get('backends') ?? 'webgpu,webgl,wasm,cpu').split(','),
  };
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/** Static server on a random free port (the test harness needs CommonJS __dirname, unavailable under tsx ESM). */
async function serve(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let file = path.join(root, path.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function run(argv: string[]): Promise<void> {
  const a = parseArgs(argv);
  const outDir = mkdtempSync(path.join(tmpdir(), 'netmanifold-train-bench-'));
  console.log(`building the bench page into ${outDir} …`);
  await build({
    configFile: false,
    root: path.join(here, 'browser'),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 },
    optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
  });
  const server = await serve(outDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-background-networking', '--enable-unsafe-webgpu', '--enable-features=Vulkan'],
  });
  console.log(
    `Chromium ${browser.version()}: digits, ${a.count} MLPs 64-${a.widths.join('-')}-10, ${a.epochs} epochs, batch ${a.batch}, adam (1 group); ` +
      `sequential timed on ${a.seqCount} of them`,
  );
  const rows: string[][] = [];
  try {
    for (const backend of a.backends) {
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error(`[${backend}] page error: ${e.message}`));
      await page.goto(server.url);
      await page.waitForFunction(() => 'runTrainBench' in window, undefined, { timeout: 60_000 });
      const r = (await page.evaluate((args) => (window as unknown as { runTrainBench(a: unknown): Promise<unknown> }).runTrainBench(args), {
        ...a,
        backend,
      })) as BenchRow;
      await page.close();
      if (!r.ok) {
        console.log(`${backend}: unavailable (${r.reason})`);
        continue;
      }
      const peak = `${r.peak.toFixed(2)} (${r.peakShape})`;
      rows.push([
        backend,
        'sequential',
        String(a.seqCount),
        r.seqSeconds.toFixed(1),
        r.seqRate.toFixed(1),
        r.gflopsSeq.toFixed(2),
        peak,
        '1.0',
        '',
      ]);
      rows.push([
        backend,
        'batched',
        String(a.count),
        r.batSeconds.toFixed(1),
        r.batRate.toFixed(1),
        r.gflopsBat.toFixed(2),
        peak,
        (r.batRate / r.seqRate).toFixed(1),
        `${r.okNetworks} ok, mean test acc ${r.meanTestAcc.toFixed(3)}, leaked tensors ${r.leakedTensors}`,
      ]);
      console.log(
        `${backend}: sequential ${r.seqRate.toFixed(1)} nets/min, batched ${r.batRate.toFixed(1)} nets/min (${(r.batRate / r.seqRate).toFixed(1)}x)`,
      );
    }
    printTable(rows);
  } finally {
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

function printTable(rows: string[][]): void {
  const head = ['backend', 'trainer', 'nets', 'wall s', 'nets/min', 'GFLOP/s', 'matmul peak GFLOP/s', 'speed-up', 'notes'];
  const all = [head, ...rows];
  const w = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((v, c) => (v ?? '').padEnd(w[c])).join('  ');
  console.log('\n[headless Chromium]\n' + line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  rows.forEach((r) => console.log(line(r)));
}
