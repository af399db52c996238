// `npm run bench -- findings [--sizes 120,500,2000] [--series 25] [--permutations B]` (default B: permutationsFor(N), as the app)
// Cost of the findings panel (core/explore/findings): the ρ-only pass and the
// pass with permutation p-values, for S series (accuracy + features) over a
// 3-D embedding and an N×N distance, single thread (the findings worker).
// Prints figures only; asserts nothing.
import { findingRows, type FindingSeries } from '../src/core/explore/findings';
import { findingsK } from '../src/core/explore/finding-verdict';
import { permutationsFor } from '../src/core/explore/neighbour-permutation';
import { euclideanDistanceMatrix } from '../src/core/explore/neighbours';
import { mulberry32, randn } from '../src/core/random';

function arg(argv: string[], name: string, def: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
}

export async function run(argv: string[]): Promise<void> {
  const sizes = arg(argv, 'sizes', '120,500,2000').split(',').map(Number);
  const S = Number(arg(argv, 'series', '25'));
  const given = arg(argv, 'permutations', '');
  console.log(`findings: ${S} series (half smooth, half noise), embedding + distance sources`);
  for (const N of sizes) {
    const rng = mulberry32(N);
    const coords = Float64Array.from({ length: N * 3 }, () => randn(rng));
    const dist = { distances: euclideanDistanceMatrix(coords, 3), n: N };
    const series: FindingSeries[] = Array.from({ length: S }, (_, s) => ({
      id: `f${s}`,
      label: `f${s}`,
      values: Float64Array.from({ length: N }, (_, i) => (s % 2 ? coords[i * 3] + 0.3 * randn(rng) : rng())),
    }));
    const k = findingsK(N);
    const B = given ? Number(given) : permutationsFor(N);
    let t = performance.now();
    findingRows(series, { coords, dim: 3 }, dist, k, { permutations: 0 });
    const quick = (performance.now() - t) / 1000;
    t = performance.now();
    findingRows(series, { coords, dim: 3 }, dist, k, { permutations: B });
    const full = (performance.now() - t) / 1000;
    console.log(
      `N=${N} k=${k} B=${B}: ρ only ${quick.toFixed(2)} s · with p-values ${full.toFixed(2)} s (${(full / quick).toFixed(0)}×) · ${((1000 * full) / (2 * S)).toFixed(0)} ms per ρ`,
    );
  }
}
