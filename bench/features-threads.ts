// `npm run bench -- features-threads [--demo moons-mlp] [--networks 40] [--threads 1,2]`
// Wall time of `netmanifold features` (features, depth profile and dynamics of
// every network) on a shipped demo's first networks, on each thread count, and
// the speed-up over one thread measured in the same run. Prints figures only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodePopulation } from '../src/core/bundle';
import { DEFAULT_FEATURE_THREADS, withFeaturesOnThreads } from '../src/cli/features-pool';

function opt(argv: string[], name: string, def: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : def;
}

export async function run(argv: string[]): Promise<void> {
  const demo = opt(argv, 'demo', 'moons-mlp');
  const networks = Number(opt(argv, 'networks', '40'));
  const threads = opt(argv, 'threads', `1,${DEFAULT_FEATURE_THREADS}`).split(',').map(Number);
  const file = path.resolve(import.meta.dirname ?? '.', '../public/demo', `${demo}.nmpop`);
  const full = decodePopulation(new Uint8Array(fs.readFileSync(file)));
  const pop = { ...full, networks: full.networks.slice(0, networks) };
  console.log(
    `features of ${pop.networks.length} networks of ${demo} (probe ${pop.probe.n} points), ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  let base = NaN;
  for (const t of threads) {
    const t0 = performance.now();
    await withFeaturesOnThreads(pop, t);
    const s = (performance.now() - t0) / 1000;
    if (Number.isNaN(base)) base = s;
    console.log(`  ${t} thread${t > 1 ? 's' : ' '}: ${s.toFixed(1)} s  (${(base / s).toFixed(2)}× the first)`);
  }
}
