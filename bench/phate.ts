// `npm run bench -- phate [--sizes 250,500,1000,2000] [--solver fast,smacof] [--dims 3] [--t auto|N]`
// Seconds per PHATE stage in Node on networks_like(N, seed=1000+N) inputs
// (bench/networksLike.ts), beside the reference phate 1.0.11 times from
// shared/fixtures/phate/timings.json (config n3_smacof, medians).
// TODO: a Chromium-worker variant (playwright-core + the PHATE worker) to
// measure the same stages in the browser.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PhateEngine, stress1 } from '../src/core/phate';
import { networksLike, roundedDistances } from './networksLike';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TIMINGS = path.resolve(HERE, '../../shared/fixtures/phate/timings.json');

interface RefSummary {
  n: number;
  config: string;
  optimal_t: number;
  smacof_n_iter: number | null;
  [key: string]: unknown;
}

function refMedian(s: RefSummary | undefined, key: string): number {
  const v = s?.[key] as { median: number } | undefined;
  return v?.median ?? NaN;
}

function arg(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '-');

export async function run(argv: string[]): Promise<void> {
  const sizes = arg(argv, '--sizes', '250,500,1000,2000').split(',').map(Number);
  const solvers = arg(argv, '--solver', 'fast,smacof').split(',');
  const dims = Number(arg(argv, '--dims', '3'));
  // --t N forces the diffusion time (the TS inputs pick a different t than the reference's, and P^t costs grow with t)
  const tArg = arg(argv, '--t', 'auto');
  const t = tArg === 'auto' ? 'auto' : Number(tArg);
  let summary: RefSummary[] = [];
  if (fs.existsSync(TIMINGS)) summary = (JSON.parse(fs.readFileSync(TIMINGS, 'utf8')) as { summary: RefSummary[] }).summary;
  else console.warn(`reference timings not found at ${TIMINGS} (check out the repo beside shared/)`);
  console.log(`PHATE bench, Node ${process.version}, nComponents=${dims}; inputs: networks_like(N, seed=1000+N) ported to TS (numbers differ from the Python inputs)`);
  console.log('reference = phate 1.0.11 n3_smacof median seconds from timings.json (shared, loaded machine)\n');
  const header = ['N', 'solver', 't', 'iters', 'kernel+P', 'ref', 't-select', 'ref', 'P^t+pot.dist', 'ref', 'mds', 'ref', 'total', 'ref', 'ref/ours', 'stress-1'];
  console.log(header.join('\t'));
  for (const n of sizes) {
    const { X } = networksLike(n, 1000 + n);
    const D = roundedDistances(X, n, 20);
    const ref = summary.find((s) => s.n === n && s.config === 'n3_smacof');
    const refKernel = refMedian(ref, 'log:graph and diffusion operator');
    const refT = refMedian(ref, 'log:optimal t');
    const refPot = refMedian(ref, 'log:diffusion potential');
    const refMds = refMedian(ref, 'log:metric MDS');
    const refTotal = refMedian(ref, 'log:PHATE');
    for (const solver of solvers) {
      const engine = new PhateEngine(D, n, { solver, nComponents: dims, t });
      const t0 = performance.now();
      const res = await engine.fit();
      const total = (performance.now() - t0) / 1000;
      const tm = res.timings!;
      const row = [
        n,
        solver,
        res.t,
        engine.mdsIterations,
        fmt(tm.kernel + tm.operator),
        fmt(refKernel),
        fmt(tm.tSelection),
        fmt(refT),
        fmt(tm.diffusionPower + tm.potentialDistances),
        fmt(refPot),
        fmt(tm.mds),
        fmt(refMds),
        fmt(total),
        fmt(refTotal),
        Number.isFinite(refTotal) ? (refTotal / total).toFixed(1) + 'x' : '-',
        stress1(engine.getPotentialDistances(), res.embedding, n, dims).toFixed(4),
      ];
      console.log(row.join('\t'));
    }
  }
  console.log(`\nload average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} (${(await import('node:os')).cpus().length} cores)`);
  console.log('\nref "P^t+pot.dist" is phate\'s "diffusion potential" stage; its pdist of the potential is inside its "metric MDS" (2.3-3.1 s at N=2000).');
}
