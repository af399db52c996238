// `npm run bench -- phate [--sizes 250,500,1000,2000,10000] [--solver smacof,fast] [--dims 3] [--t auto|N] [--no-browser]`
// Seconds per PHATE stage on networks_like(N, seed=1000+N) inputs
// (bench/networksLike.ts), in Node and in a Web Worker in headless Chromium
// (bench/phateCase.ts bundled by esbuild into a worker, driven by playwright-core), beside the
// reference phate 1.0.11 times from shared/fixtures/phate/timings.json
// (config n3_smacof, medians). The Python package cannot be installed here,
// so the ratio is against those recorded figures, not a side-by-side run.
// N <= 2000 passes a dense Float64 matrix; larger N passes a row callback
// (nothing N x N) and runs the landmark path (2000 landmarks). Peak memory is
// sampled at every cooperative step of the engine.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { runCase, type CaseResult } from './phateCase';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TIMINGS = path.resolve(HERE, '../../shared/fixtures/phate/timings.json');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

interface RefSummary {
  n: number;
  config: string;
  [key: string]: unknown;
}

/**
 * Peak RSS (VmHWM, MB) of Chromium's renderer processes under the browser
 * process, from /proc (Linux): the dedicated worker runs in the page's
 * renderer, so this bounds the worker's memory (cumulative over cases).
 */
function rendererPeakMB(browserPid: number | undefined): number {
  if (!browserPid || !fs.existsSync('/proc')) return NaN;
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // process ended meanwhile
    }
  }
  const under = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 10; p = parent.get(p) ?? 0, hops++) if (p === browserPid) return true;
    return false;
  };
  let peak = NaN;
  for (const pid of parent.keys()) {
    if (!under(pid)) continue;
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(Number.isNaN(peak) ? 0 : peak, Number(m[1]) / 1024);
    } catch {
      // ignore
    }
  }
  return peak;
}

function findProcessWithArg(argText: string): number | undefined {
  if (!fs.existsSync('/proc')) return undefined;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes(argText) && !cmd.includes('--type=')) return Number(d);
    } catch {
      // process ended meanwhile
    }
  }
  return undefined;
}

function arg(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

const fmt = (x: number | undefined): string => (x !== undefined && Number.isFinite(x) ? x.toFixed(2) : '-');

function refMedian(s: RefSummary | undefined, key: string): number {
  const v = s?.[key] as { median: number } | undefined;
  return v?.median ?? NaN;
}

/** Bundles runCase into a worker script and serves it with a page on a free port. */
async function startBrowserHarness(): Promise<{ url: string; close(): void }> {
  const esbuild = await import('esbuild');
  const worker = await esbuild.build({
    stdin: {
      contents: `import { runCase } from './phateCase';
self.onmessage = async (e) => {
  const { n, solver, dims, t, keep } = e.data;
  try { self.postMessage({ ok: true, result: await runCase(n, solver, dims, t, keep) }); }
  catch (err) { self.postMessage({ ok: false, error: String(err && err.stack || err) }); }
};`,
      resolveDir: HERE,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    external: ['node:*', 'esbuild', 'playwright-core'],
  });
  const workerJs = worker.outputFiles[0].text;
  const page = '<!doctype html><meta charset="utf-8"><title>phate bench</title>';
  const server = http.createServer((req, res) => {
    if (req.url === '/worker.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(workerJs);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

export async function run(argv: string[]): Promise<void> {
  const sizes = arg(argv, '--sizes', '250,500,1000,2000,10000').split(',').map(Number);
  const solvers = arg(argv, '--solver', 'smacof,fast').split(',');
  const dims = Number(arg(argv, '--dims', '3'));
  const tArg = arg(argv, '--t', 'auto');
  const t = tArg === 'auto' ? 'auto' : Number(tArg);
  const withBrowser = !argv.includes('--no-browser');
  let summary: RefSummary[] = [];
  if (fs.existsSync(TIMINGS)) summary = (JSON.parse(fs.readFileSync(TIMINGS, 'utf8')) as { summary: RefSummary[] }).summary;
  else console.warn(`reference timings not found at ${TIMINGS} (check out the repo beside shared/)`);
  const os = await import('node:os');
  console.log(
    `PHATE bench, Node ${process.version}, nComponents=${dims}; inputs: networks_like(N, seed=1000+N) ported to TS (numbers differ from the Python inputs)`,
  );
  console.log(
    'reference = phate 1.0.11 n3_smacof median seconds recorded in timings.json on this kind of machine (the Python package cannot be installed here, so ratios are against those recorded figures)',
  );
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (${os.cpus().length} cores; the machine is shared, so absolute seconds are noisy)\n`,
  );

  let browser: import('playwright-core').Browser | null = null;
  let page: import('playwright-core').Page | null = null;
  let harness: { url: string; close(): void } | null = null;
  let browserPid: number | undefined;
  if (withBrowser) {
    try {
      harness = await startBrowserHarness();
      const { chromium } = await import('playwright-core');
      // an inert switch that tags our browser process, to find its renderers in /proc
      const tag = `--netmanifold-bench-tag=${process.pid}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, tag] });
      browserPid = findProcessWithArg(tag);
      page = await browser.newPage();
      await page.goto(harness.url);
      console.log(`Chromium ${browser.version()} (headless, Web Worker)\n`);
    } catch (err) {
      console.warn(`browser variant skipped: ${(err as Error).message}`);
      browser = null;
    }
  }
  const inBrowser = async (n: number, solver: string, keep: boolean): Promise<CaseResult> => {
    return page!.evaluate(
      ({ n, solver, dims, t, keep }) =>
        new Promise<CaseResult>((resolve, reject) => {
          const w = new Worker('/worker.js');
          w.onmessage = (e) => {
            w.terminate();
            if (e.data.ok) resolve(e.data.result);
            else reject(new Error(e.data.error));
          };
          w.onerror = (e) => reject(new Error(e.message));
          w.postMessage({ n, solver, dims, t, keep });
        }),
      { n, solver, dims, t, keep },
    );
  };

  const header = [
    'N',
    'where',
    'solver',
    'lm',
    't',
    'iters',
    'kernel+P',
    'ref',
    't-select',
    'ref',
    'P^t+pot',
    'ref',
    'mds',
    'ref',
    'total',
    'ref',
    'ref/ours',
    'cpu s',
    'ref/cpu',
    'peak MB',
    'stress-1',
  ];
  console.log(header.join('\t'));
  const seededChecks: string[] = [];
  for (const n of sizes) {
    const ref = summary.find((s) => s.n === n && s.config === 'n3_smacof');
    const refKernel = refMedian(ref, 'log:graph and diffusion operator');
    const refT = refMedian(ref, 'log:optimal t');
    const refPot = refMedian(ref, 'log:diffusion potential');
    const refMds = refMedian(ref, 'log:metric MDS');
    const refTotal = refMedian(ref, 'log:PHATE');
    for (const solver of solvers) {
      if (solver === 'smacof' && n > 2000) continue; // exact SMACOF on 2000 landmarks: minutes; not part of the table
      const keep = n <= 1000;
      const runs: [string, CaseResult | null][] = [['node', await runCase(n, solver, dims, t, keep)]];
      if (browser) {
        try {
          const r = await inBrowser(n, solver, keep);
          r.peakMB = rendererPeakMB(browserPid);
          runs.push(['chromium', r]);
        } catch (err) {
          console.warn(`chromium N=${n} ${solver}: ${(err as Error).message.split('\n')[0]}`);
          runs.push(['chromium', null]);
        }
      }
      for (const [where, r] of runs) {
        if (!r) continue;
        const tm = r.timings;
        const kernel = (tm.kernel ?? 0) + (tm.operator ?? 0) + (tm.landmarks ?? 0);
        const mem =
          where === 'node' ? `${fmt(r.peakMB)} rss / ${fmt(r.peakHeapMB)} heap+ab` : `${fmt(r.peakMB)} renderer peak rss (cumulative)`;
        console.log(
          [
            n,
            where,
            solver,
            r.landmarks ? 'y' : 'n',
            r.t,
            r.iters,
            fmt(kernel),
            fmt(refKernel),
            fmt(tm.tSelection),
            fmt(refT),
            fmt(tm.diffusionPower + tm.potentialDistances),
            fmt(refPot),
            fmt(tm.mds),
            fmt(refMds),
            fmt(r.total),
            fmt(refTotal),
            Number.isFinite(refTotal) ? (refTotal / r.total).toFixed(1) + 'x' : '-',
            fmt(r.cpu),
            Number.isFinite(refTotal) && Number.isFinite(r.cpu) ? (refTotal / r.cpu).toFixed(1) + 'x' : '-',
            mem,
            Number.isFinite(r.stress1) ? r.stress1.toFixed(4) : '-',
          ].join('\t'),
        );
      }
      const [a, b] = [runs[0][1], runs[1]?.[1]];
      if (a?.embedding && b?.embedding) {
        let maxDiff = 0;
        for (let i = 0; i < a.embedding.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a.embedding[i] - b.embedding[i]));
        seededChecks.push(
          `N=${n} ${solver}: max |node - chromium| = ${maxDiff.toExponential(2)} (t ${a.t} vs ${b.t}, iterations ${a.iters} vs ${b.iters})`,
        );
      }
    }
  }
  if (seededChecks.length) console.log(`\nsame inputs and seed, Node vs Chromium worker:\n  ${seededChecks.join('\n  ')}`);
  await browser?.close();
  harness?.close();
  console.log(
    `\nload average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    'ref = Python phate 1.0.11, n3_smacof (its exact SMACOF; the same figure is the baseline of both our exact and our fast rows). ref/ours divides by our wall seconds, ref/cpu by our process CPU seconds (Node: what wall time would be on an idle core; the Python figures were taken at load ~3-4 on 2 cores).',
  );
  console.log(
    'ref "P^t+pot" is phate\'s "diffusion potential" stage; its pdist of the potential is inside its "metric MDS" (2.3-3.1 s at N=2000). kernel+P includes landmark selection and the landmark operator when lm = y.',
  );
}
