// `npm run bench -- scale [--sizes 2000,10000,20000] [--probe 64] [--width 16] [--budget-mb 256] [--skip-phate] [--full]`
// Time and peak memory of the large-population path, each case in its own
// process (bench/scaleCase.ts): PHATE from the float32 N×N matrix the app
// holds above 2,000 networks (landmarks above 2,000, fast solver), and the
// diffusion distances under the operator budget. Distances above 2,000
// networks are measured on a 2,000-network part and extrapolated by the pair
// count (the Gram products dominate and scale as N²; said in the output),
// or with --full measured on all N (minutes at 10,000-20,000).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TSX = path.resolve(HERE, '../node_modules/.bin/tsx');

function arg(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

function child(args: string[]): Record<string, unknown> | null {
  const r = spawnSync(TSX, [path.join(HERE, 'scaleCase.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.log(`  case ${args.join(' ')} failed: ${(r.stderr || '').split('\n').slice(-4).join(' ')}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

const f = (x: unknown, d = 1): string => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '-');

export async function run(argv: string[]): Promise<void> {
  const sizes = arg(argv, '--sizes', '2000,10000,20000').split(',').map(Number);
  const n = Number(arg(argv, '--probe', '64'));
  const d = Number(arg(argv, '--width', '16'));
  const budget = Number(arg(argv, '--budget-mb', '256'));
  console.log(
    `scale bench, Node ${process.version}, ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  if (!argv.includes('--skip-phate')) {
    console.log('\nPHATE of networks_like(N) from a float32 N×N matrix (fast solver; landmarks = 2000 above N = 2000)');
    console.log(
      [
        'N',
        'landmarks',
        't',
        'fill s',
        'phate wall s',
        'phate cpu s',
        'kernel',
        'landmarks s',
        'tSelection',
        'P^t+pot',
        'mds',
        'peak RSS MB',
      ].join('\t'),
    );
    for (const N of sizes) {
      const r = child(['phate', String(N)]);
      if (!r) continue;
      const t = r.timings as Record<string, number>;
      console.log(
        [
          N,
          r.landmarks ? 'y' : 'n',
          r.t,
          f(r.matrixFillS),
          f(r.phateWallS),
          f(r.phateCpuS),
          f(t.kernel, 2),
          f(t.landmarks, 2),
          f(t.tSelection, 2),
          f((t.diffusionPower ?? 0) + (t.potentialDistances ?? 0), 2),
          f(t.mds, 2),
          f(r.peakMB, 0),
        ].join('\t'),
      );
    }
  }
  console.log(`\ndiffusion distances, n = ${n} probe points, width ${d}, operator budget ${budget} MiB, float32 result`);
  console.log(
    ['N', 'block rows', 'resident', 'measured N', 'measured cpu s', 'full cpu s', 'how', 'peak RSS MB (measured part)', 'result MB'].join(
      '\t',
    ),
  );
  for (const N of sizes) {
    const r = child(['distances', String(N), String(n), String(d), String(budget), ...(argv.includes('--full') ? ['full'] : [])]);
    if (!r) continue;
    if (r.measuredWallS !== undefined) console.log(`  (N = ${N}: measured part wall ${f(r.measuredWallS)} s)`);
    console.log(
      [
        N,
        r.blockRows,
        r.resident,
        r.measured,
        f(r.measuredCpuS),
        f(r.extrapolatedCpuS),
        r.extrapolated ? 'extrapolated by N²' : 'measured',
        f(r.peakMB, 0),
        f(r.resultMB, 0),
      ].join('\t'),
    );
  }
  console.log(
    `\nload average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}
