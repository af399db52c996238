// One case of `npm run bench -- scale`, in its own process so that its peak RSS
// (process.resourceUsage().maxRSS) is its own. Prints one JSON line.
//   phate N     : PHATE of networks_like(N) from a float32 N×N matrix (what the app holds above 2,000
//                 networks), fast solver, landmarks above 2,000
//   distances N n d B [full] : diffusion distances of N random networks (n probe points, width d) into
//                 float32, operator budget B MiB; with N > 2000 only the first block row is computed and
//                 the whole is extrapolated from its Gram/operator rates, unless `full` (all N measured)
import { PhateEngine } from '../src/core/phate';
import { diffusionDistancesInto, operatorBlocks } from '../src/core/distance';
import { mulberry32 } from '../src/core/random';
import { networksLike, roundedDistanceRows } from './networksLike';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const peakMB = (): number => process.resourceUsage().maxRSS / 1024;

async function phate(N: number): Promise<void> {
  const { X } = networksLike(N, 1000 + N);
  const rows = roundedDistanceRows(X, N, 20);
  const c0 = cpu();
  const t0 = performance.now();
  const D = new Float32Array(N * N);
  const row = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    rows.row(i, row);
    D.set(row, i * N);
  }
  const fill = (performance.now() - t0) / 1000;
  const c1 = cpu();
  const t1 = performance.now();
  const engine = new PhateEngine(D, N, { solver: 'fast' });
  const res = await engine.fit();
  console.log(
    JSON.stringify({
      case: 'phate',
      N,
      landmarks: engine.usesLandmarks,
      t: res.t,
      matrixFillS: fill,
      phateWallS: (performance.now() - t1) / 1000,
      phateCpuS: cpu() - c1,
      fillCpuS: c1 - c0,
      timings: res.timings,
      peakMB: peakMB(),
    }),
  );
}

function distances(N: number, n: number, d: number, budgetMB: number, full: boolean): void {
  const rng = mulberry32(N);
  // only as many networks as the measured part needs
  const { rows, resident } = operatorBlocks(N, n, budgetMB * 2 ** 20);
  const measured = full || N <= 2000 ? N : Math.min(N, 2 * rows, 2000);
  const layers = Array.from({ length: measured }, () => ({ data: Float32Array.from({ length: n * d }, () => rng() * 2 - 1), width: d }));
  const out = new Float32Array(measured * measured);
  const c0 = cpu();
  const t0 = performance.now();
  diffusionDistancesInto(layers, n, {}, undefined, { out, operatorBudgetBytes: budgetMB * 2 ** 20 });
  const wall = (performance.now() - t0) / 1000;
  const c = cpu() - c0;
  // cost model: operator builds (once each, or once per block pair) + Gram over N²/2 pairs
  const pairsMeasured = (measured * (measured + 1)) / 2;
  const pairsFull = (N * (N + 1)) / 2;
  const scale = pairsFull / pairsMeasured;
  console.log(
    JSON.stringify({
      case: 'distances',
      N,
      n,
      d,
      budgetMB,
      blockRows: rows,
      resident,
      measured,
      measuredWallS: wall,
      measuredCpuS: c,
      extrapolatedCpuS: N === measured ? c : c * scale,
      extrapolated: N !== measured,
      peakMB: peakMB(),
      resultMB: (N * N * 4) / 2 ** 20,
    }),
  );
}

const [kind, ...a] = process.argv.slice(2);
if (kind === 'phate') await phate(Number(a[0]));
else distances(Number(a[0]), Number(a[1]), Number(a[2]), Number(a[3]), a[4] === 'full');
