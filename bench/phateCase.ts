// One PHATE bench case (networks_like(N) -> PhateEngine), free of Node imports
// so that bench/phate.ts can run the same code in Node and bundled into a
// Web Worker in headless Chromium.
import { PhateEngine, stress1 } from '../src/core/phate';
import { networksLike, roundedDistanceRows, roundedDistances } from './networksLike';

/** One engine run, in Node or in the browser worker (same code: runCase is bundled into the worker too). */
export interface CaseResult {
  n: number;
  solver: string;
  t: number;
  iters: number;
  landmarks: boolean;
  timings: Record<string, number>;
  total: number;
  /** CPU seconds of this process during the run (Node only; NaN in the browser): on a loaded shared machine the figure that compares. */
  cpu: number;
  /** Peak rss (Node) or JS heap (Chromium, performance.memory) in MB; NaN if unknown. */
  peakMB: number;
  /** Peak heapUsed + arrayBuffers (Node) in MB. */
  peakHeapMB: number;
  embedding: number[] | null;
  stress1: number;
}

/** Runs PHATE on networks_like(n); used by Node directly and by the worker bundle. */
export async function runCase(n: number, solver: string, dims: number, t: number | 'auto', keepEmbedding: boolean): Promise<CaseResult> {
  const { X } = networksLike(n, 1000 + n);
  const large = n > 2000;
  const input = large ? roundedDistanceRows(X, n, 20) : roundedDistances(X, n, 20);
  const mem = { peak: 0, heap: 0 };
  const sample = (): void => {
    const g = globalThis as {
      process?: { memoryUsage(): { rss: number; heapUsed: number; arrayBuffers: number } };
      performance?: { memory?: { usedJSHeapSize: number } };
    };
    if (g.process?.memoryUsage) {
      const m = g.process.memoryUsage();
      mem.peak = Math.max(mem.peak, m.rss);
      mem.heap = Math.max(mem.heap, m.heapUsed + m.arrayBuffers);
    } else if (g.performance?.memory) {
      mem.peak = Math.max(mem.peak, g.performance.memory.usedJSHeapSize);
    }
  };
  const proc = (globalThis as { process?: { cpuUsage(): { user: number; system: number } } }).process;
  const c0 = proc?.cpuUsage();
  const t0 = performance.now();
  const engine = new PhateEngine(input, n, { solver, nComponents: dims, t });
  const res = await engine.fit({ isCancelled: () => (sample(), false) });
  const total = (performance.now() - t0) / 1000;
  const c1 = proc?.cpuUsage();
  const cpu = c0 && c1 ? (c1.user - c0.user + c1.system - c0.system) / 1e6 : NaN;
  sample();
  const s1 = !large && n <= 2000 ? stress1(engine.getPotentialDistances(), res.embedding, n, dims) : NaN;
  return {
    n,
    solver,
    t: res.t,
    iters: engine.mdsIterations,
    landmarks: engine.usesLandmarks,
    timings: res.timings!,
    total,
    cpu,
    peakMB: mem.peak / 2 ** 20 || NaN,
    peakHeapMB: mem.heap / 2 ** 20 || NaN,
    embedding: keepEmbedding ? Array.from(res.embedding) : null,
    stress1: s1,
  };
}
