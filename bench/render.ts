// `npm run bench -- render [--sizes 10000,50000] [--frames 60] [--no-build] [--dist DIR] [--profile] [--no-minify]`
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
// Longest script task during lasso / hover: a Chrome trace (CDP Tracing) of
// each of three lassos (and of three sweeps of 20 hover moves with the orbit tool), the
// longest main-thread task counted by its script work only — event dispatch,
// timers, animation frames, microtasks, idle callbacks — not the compositor's
// "Commit", which here waits on the software GPU to rasterise the WebGL frame.
// Printed as the max over repetitions / the median of each repetition's longest
// (the machine is shared: a busy neighbour stretches single tasks), and with
// what the worst task was made of. --profile adds a CPU sampling
// profile of the longest lasso and hover tasks (top functions by self and inclusive time;
// build with --no-minify for readable names).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { chromiumPath } from '../scripts/ensure-chromium.mjs';
import { buildApp, opt, serve } from './static-app';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const f1 = (x: number) => x.toFixed(1);

interface TraceEvent {
  name: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { data?: { type?: string; functionName?: string; url?: string } };
}

/** Records a Chrome trace around `action`; the trace events. */
async function traced(page: Page, action: () => Promise<void>): Promise<TraceEvent[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => void events.push(...(d.value as unknown as TraceEvent[])));
  const done = new Promise((res) => cdp.once('Tracing.tracingComplete', res));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  try {
    await action();
  } finally {
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
  }
  return events;
}

const SCRIPT_EVENTS = new Set(['EventDispatch', 'TimerFire', 'FireAnimationFrame', 'FunctionCall', 'RunMicrotasks', 'FireIdleCallback']);

/** The main-thread task with the most top-level script time: its ms and what it was made of. */
function longestScriptTask(events: TraceEvent[]): { ms: number; what: string; from: number; to: number } {
  const tasks = events.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 0);
  const script = events
    .filter((e) => SCRIPT_EVENTS.has(e.name) && (e.dur ?? 0) > 0)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  if (!tasks.length || !script.length) throw new Error('the trace recorded no main-thread tasks or no script events');
  let worst = { ms: 0, what: '', from: 0, to: 0 };
  for (const t of tasks) {
    const end = t.ts + t.dur!;
    // Top-level script events in the task (sorted by start; nested ones lie inside the previous top-level one).
    const top: TraceEvent[] = [];
    let topEnd = -Infinity;
    for (const e of script) {
      if (e.pid !== t.pid || e.tid !== t.tid || e.ts < t.ts || e.ts + e.dur! > end) continue;
      if (e.ts + e.dur! <= topEnd) continue;
      top.push(e);
      topEnd = e.ts + e.dur!;
    }
    const ms = top.reduce((s, e) => s + e.dur!, 0) / 1000;
    if (ms > worst.ms) {
      const label = (e: TraceEvent) => `${e.name}${e.args?.data?.type ? `[${e.args.data.type}]` : ''} ${(e.dur! / 1000).toFixed(1)}`;
      const big = top.filter((e) => e.dur! >= 1000);
      worst = {
        ms,
        what: big.map(label).join(', ') + (top.length > big.length ? ` (+${top.length - big.length} under 1 ms)` : ''),
        from: t.ts,
        to: end,
      };
    }
  }
  return worst;
}

interface RepTraces {
  /** The longest script task over all repetitions, with what it was made of. */
  worst: ReturnType<typeof longestScriptTask>;
  /** Each repetition's longest script task, ms. */
  each: number[];
}

/** Traces each repetition on its own: the worst task overall and each repetition's longest (a median resists load spikes). */
async function tracedReps(page: Page, reps: number, action: (rep: number) => Promise<void>): Promise<RepTraces> {
  const each: number[] = [];
  let worst: RepTraces['worst'] | null = null;
  for (let rep = 0; rep < reps; rep++) {
    const t = longestScriptTask(await traced(page, () => action(rep)));
    each.push(t.ms);
    if (!worst || t.ms > worst.ms) worst = t;
  }
  return { worst: worst!, each };
}

const mm = (t: RepTraces) => `${f1(t.worst.ms)} / ${f1(stats(t.each).median)}`;

/** A lasso drawn with the mouse: a polygon of radius r around (cx, cy), started at angle `start`. */
async function drawLasso(page: Page, cx: number, cy: number, r: number, start: number, wobble = true): Promise<void> {
  await page.mouse.move(cx + r * Math.cos(start), cy + r * Math.sin(start));
  await page.mouse.down();
  for (let k = 1; k <= 40; k++) {
    const a = start + (2 * Math.PI * k) / 40;
    const rr = wobble ? r * (k % 2 ? 0.8 : 1) : r;
    await page.mouse.move(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
  }
  await page.mouse.up();
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Top functions by self and by inclusive time in a CPU profile, counting only samples in [from, to]
 * (trace microseconds: the profiler and the trace share the clock).
 */
function topFunctions(profile: CpuProfile, from: number, to: number, k: number): string[] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const key = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  };
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) return;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(key(id), (self.get(key(id)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let a: number | undefined = id; a !== undefined; a = parent.get(a)) {
      const kk = key(a);
      if (!seen.has(kk)) incl.set(kk, (incl.get(kk) ?? 0) + dt);
      seen.add(kk);
    }
  });
  const fmt = (m: Map<string, number>) =>
    [...m.entries()]
      .filter(([name]) => !/^\((idle|program|root)\)/.test(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => `${(us / 1000).toFixed(1)} ms  ${name}`);
  return ['self:', ...fmt(self), 'inclusive:', ...fmt(incl)];
}

export async function run(argv: string[]): Promise<void> {
  const sizes = (opt(argv, 'sizes') ?? '10000,50000').split(',').map(Number);
  const frames = Number(opt(argv, 'frames') ?? 60);
  const profile = argv.includes('--profile');
  const dist = path.resolve(opt(argv, 'dist') ?? '/tmp/dist-render');
  const root = ROOT;
  if (!argv.includes('--no-build')) buildApp(root, dist, argv.includes('--no-minify'));
  const server = await serve(dist);
  const load0 = os.loadavg()[0].toFixed(2);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-background-networking'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="manifold"]')?.getAttribute('data-status') === 'ready',
      undefined,
      { timeout: 120_000 },
    );
    const gl = await page.evaluate(() => {
      const c = document.createElement('canvas').getContext('webgl2');
      const ext = c?.getExtension('WEBGL_debug_renderer_info');
      return ext ? String(c!.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : 'unknown';
    });
    console.log(`headless Chromium, WebGL renderer: ${gl}; viewport 1440×960, device pixel ratio 1`);
    console.log('');
    console.log(
      'points | load+first draw ms | frame ms mean / median / p95 | rAF interval ms median | lasso in-page ms median / max | lasso end-to-end ms median / max | longest task during lasso ms | longest script task during lasso ms max / median | … hover ms max / median | … click (inspect) ms max / median | selected',
    );
    const notes: string[] = [];
    const profiles: string[] = [];
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
        await drawLasso(page, cx, cy, r, rep * 0.4);
        await page.waitForFunction(() => (window as unknown as { __commit: number }).__commit > 0, undefined, { timeout: 30_000 });
        await page.waitForTimeout(200);
        const r2 = await page.evaluate(() => {
          const w = window as unknown as { __lt: number; __up: number; __commit: number };
          const lat = window.__netmanifold!.brushLatencies();
          return {
            e2e: w.__commit - w.__up,
            lt: w.__lt,
            inPage: lat[lat.length - 1],
            count: window.__netmanifold!.getState().selectionCount,
          };
        });
        e2e.push(r2.e2e);
        inPage.push(r2.inPage);
        longest = Math.max(longest, r2.lt);
        selected = r2.count;
        await page.keyboard.press('Escape');
        await page.waitForTimeout(150);
      }
      // Chrome trace over three more lassos (and an optional CPU profile of them).
      const cpu = profile ? await page.context().newCDPSession(page) : null;
      if (cpu) {
        await cpu.send('Profiler.enable');
        await cpu.send('Profiler.setSamplingInterval', { interval: 200 });
        await cpu.send('Profiler.start');
      }
      const lassoTrace = await tracedReps(page, 3, async (rep) => {
        await drawLasso(page, cx, cy, r, rep, false);
        await page.waitForTimeout(1200);
        await page.keyboard.press('Escape');
        await page.waitForTimeout(800);
      });
      await page.locator('[data-testid="lasso-toggle"]').click();

      // Hover: the mouse sweeps across the view with the orbit tool (picking, tooltip, highlight).
      await page.waitForTimeout(300);
      const hoverTrace = await tracedReps(page, 3, async (rep) => {
        for (let k = 0; k <= 20; k++) {
          const a = (2 * Math.PI * (k + 20 * rep)) / 60;
          await page.mouse.move(cx + r * 0.9 * Math.cos(3 * a), cy + r * 0.9 * Math.sin(2 * a));
          await page.waitForTimeout(16);
        }
        await page.waitForTimeout(400);
      });
      // Click: inspect three networks near the view centre (inspector panels open), then Esc.
      const targets = await page.evaluate(
        ([x, y]) =>
          window
            .__netmanifold!.projectPoints()
            .filter((p) => p.visible)
            .map((p) => ({ x: p.x, y: p.y, d: Math.hypot(p.x - x, p.y - y) }))
            .sort((a, b) => a.d - b.d)
            .slice(0, 40)
            .filter((_, i) => i % 13 === 0),
        [cx, cy] as const,
      );
      const clickTrace = await tracedReps(page, targets.length, async (rep) => {
        await page.mouse.click(targets[rep].x, targets[rep].y);
        await page.waitForTimeout(1000);
        await page.keyboard.press('Escape');
        await page.waitForTimeout(400);
      });
      const inspected = await page.evaluate(() => window.__netmanifold!.getState().selectedId);
      if (inspected !== null) throw new Error('Esc did not close the inspector');
      if (cpu) {
        const { profile: p } = await cpu.send('Profiler.stop');
        for (const [what, t] of [
          ['lasso', lassoTrace],
          ['hover', hoverTrace],
          ['click', clickTrace],
        ] as const) {
          const lines = topFunctions(p as CpuProfile, t.worst.from, t.worst.to, 12);
          profiles.push(`${n} points, CPU profile of the longest ${what} script task:\n    ${lines.join('\n    ')}`);
        }
        await cpu.detach();
      }
      const made = (t: RepTraces) => `${f1(t.worst.ms)} ms = ${t.worst.what} (per repetition: ${t.each.map(f1).join(', ')})`;
      notes.push(
        `${n} points: lasso ${made(lassoTrace)}`,
        `${n} points: hover ${made(hoverTrace)}`,
        `${n} points: click ${made(clickTrace)}`,
      );
      const fs = stats(frameMs);
      const rs = stats(raf);
      const ls = stats(inPage);
      const es = stats(e2e);
      console.log(
        `${n} | ${loadMs} | ${f1(fs.mean)} / ${f1(fs.median)} / ${f1(fs.p95)} | ${f1(rs.median)} | ${f1(ls.median)} / ${f1(ls.max)} | ${f1(es.median)} / ${f1(es.max)} | ${f1(longest)} | ${mm(lassoTrace)} | ${mm(hoverTrace)} | ${mm(clickTrace)} | ${selected}`,
      );
    }
    console.log('');
    console.log(
      `What the longest script tasks were made of (top-level trace events, ms). Load average before / after: ${load0} / ${os.loadavg()[0].toFixed(2)} (other processes on the machine stretch tasks).`,
    );
    for (const line of notes) console.log(`  ${line}`);
    for (const line of profiles) console.log(`  ${line}`);
  } finally {
    await browser.close();
    await server.close();
  }
}
