// `netmanifold features --in X --out Y`: adds every feature (METHODS §4) and
// each network's per-layer depth profile to an existing bundle, so the app
// opens it with features already computed.
import fs from 'node:fs';
import { decodePopulation, encodePopulation } from '../core/bundle';
import { DEFAULT_FEATURE_THREADS as DEFAULT_THREADS, withFeaturesOnThreads } from './features-pool';

const USAGE = `usage: netmanifold features --in <bundle.nmpop> --out <bundle.nmpop> [--activations float16|float32] [--threads N]
  Adds net.features (all METHODS §4 features, last hidden layer) and net.layerProfile (per-layer
  PH dimension, effective dimension, nonlinearity) to every network and writes the bundle.
  --activations  storage of probe activations in the output (default float16, as the demo ships)
  --threads      worker threads, each taking the next network (default: one per core, at most 8: ${DEFAULT_THREADS} here)`;

export async function run(argv: string[]): Promise<void> {
  const opt: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return void console.log(USAGE);
    if (!a.startsWith('--') || i + 1 >= argv.length) throw new Error(`unexpected argument '${a}'\n${USAGE}`);
    opt[a.slice(2)] = argv[++i];
  }
  if (!opt.in || !opt.out) throw new Error(`--in and --out are required\n${USAGE}`);
  const activations = (opt.activations ?? 'float16') as 'float16' | 'float32';
  if (activations !== 'float16' && activations !== 'float32') throw new Error(`--activations must be float16 or float32`);
  const threads = opt.threads === undefined ? DEFAULT_THREADS : Number(opt.threads);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`--threads must be a whole number ≥ 1 (got ${opt.threads})`);
  const pop = decodePopulation(new Uint8Array(fs.readFileSync(opt.in)));
  const used = Math.min(threads, pop.networks.length);
  const t0 = performance.now();
  let last = 0;
  const out = await withFeaturesOnThreads(pop, threads, (p) => {
    const now = performance.now();
    if (now - last > 2000 || p.done === p.total) {
      last = now;
      console.log(`  ${p.done}/${p.total} networks (${((now - t0) / 1000).toFixed(1)} s)`);
    }
  });
  const bytes = encodePopulation(out, { activations });
  fs.writeFileSync(opt.out, bytes);
  console.log(
    `wrote ${opt.out} (${(bytes.length / 1e6).toFixed(2)} MB): features of ${out.networks.length} networks in ${((performance.now() - t0) / 1000).toFixed(1)} s on ${used} thread${used > 1 ? 's' : ''}`,
  );
}
