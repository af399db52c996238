// `npm run bench -- features [--networks 200] [--n 256] [--width 64] [--seed 1]`
// Per-feature single-thread timings over a population of random "networks"
// (random 2-layer ReLU MLPs applied to a 2-D, 4-class probe set), the
// alternative distance matrices, and Rips H1 at n = 256 and 512.
// Prints figures only; asserts nothing.

import { ckaDistanceMatrix } from '../src/core/distance/cka';
import { rsaDistanceMatrix } from '../src/core/distance/rsa';
import { wassersteinH0Matrix } from '../src/core/distance/wasserstein';
import {
  DSE_TAUS,
  averageLinkage,
  copheneticCorrelation,
  dendrogramPurity,
  diffusionSpectralEntropy,
  diffusionSpectrum,
  effectiveDimension,
  fisherRatio,
  mstEdgeLengths,
  nonlinearityProfile,
  pairwiseDistances,
  phDimension,
  prepareNonlinearity,
  ripsPersistence,
  silhouette,
  summariseRips,
} from '../src/core/features';
import { mulberry32, randn, type Rng } from '../src/core/random';

function arg(argv: string[], name: string, def: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
}

/** Probe inputs: 4 Gaussian blobs on a circle in 2-D. */
function makeProbe(n: number, rng: Rng): { x: Float64Array; labels: Int32Array } {
  const x = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    labels[i] = c;
    x[2 * i] = 2 * Math.cos((c * Math.PI) / 2) + 0.6 * randn(rng);
    x[2 * i + 1] = 2 * Math.sin((c * Math.PI) / 2) + 0.6 * randn(rng);
  }
  return { x, labels };
}

/** Last-layer activations of a random 2 → w → w ReLU MLP. */
function randomNetwork(x: Float64Array, n: number, w: number, rng: Rng): Float32Array {
  const layer = (inp: ArrayLike<number>, din: number): Float32Array => {
    const W = Float64Array.from({ length: din * w }, () => randn(rng) * Math.sqrt(2 / din));
    const b = Float64Array.from({ length: w }, () => 0.1 * randn(rng));
    const out = new Float32Array(n * w);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < w; j++) {
        let s = b[j];
        for (let k = 0; k < din; k++) s += inp[i * din + k] * W[k * w + j];
        out[i * w + j] = s > 0 ? s : 0;
      }
    return out;
  };
  return layer(layer(x, 2), w);
}

export async function run(argv: string[]): Promise<void> {
  const N = arg(argv, 'networks', 200);
  const n = arg(argv, 'n', 256);
  const w = arg(argv, 'width', 64);
  const rng = mulberry32(arg(argv, 'seed', 1));
  const probe = makeProbe(n, rng);
  console.log(`features bench: N = ${N} networks × n = ${n} probes × width ${w}; node ${process.version}, single thread`);

  let t = performance.now();
  const layers = Array.from({ length: N }, () => ({ data: randomNetwork(probe.x, n, w, rng), width: w }));
  console.log(`  (generating activations: ${((performance.now() - t) / 1000).toFixed(2)} s)`);

  const times: Record<string, number> = {};
  const time = <T>(name: string, f: () => T): T => {
    const t0 = performance.now();
    const r = f();
    times[name] = (times[name] ?? 0) + performance.now() - t0;
    return r;
  };
  const prep = time('nonlinearity (k-means cells, once)', () => prepareNonlinearity(probe.x, n, 2, { seed: 0 }));
  const h0: Float64Array[] = [];
  let h1Bars = 0;
  for (const L of layers) {
    const D = time('distance matrix', () => pairwiseDistances(L.data, n, w));
    time('silhouette', () => silhouette(D, n, probe.labels));
    time('Fisher ratio', () => fisherRatio(L.data, n, w, probe.labels));
    const Z = time('average linkage', () => averageLinkage(D, n));
    time('dendrogram purity + cophenetic', () => {
      dendrogramPurity(Z, probe.labels);
      copheneticCorrelation(Z, D, n);
    });
    time('DSE (eigenvalues, 5 τ)', () => {
      const sp = diffusionSpectrum(D, n);
      for (const tau of DSE_TAUS) diffusionSpectralEntropy(sp.eigenvalues, tau);
    });
    const dg = time('Rips H0 + H1', () => ripsPersistence(D, n));
    h1Bars += dg.h1.length / 2;
    summariseRips(dg);
    h0.push(time('MST (H0 deaths)', () => mstEdgeLengths(D, n)));
    time('PH dimension (6 sizes)', () => phDimension(L.data, n, w, { distances: D }));
    time('effective dimension', () => effectiveDimension(L.data, n, w));
    time('nonlinearity R(k)', () => nonlinearityProfile(prep, L.data, w));
  }
  let total = 0;
  console.log(`\n  per-network features (${N} networks; mean H1 bars ${(h1Bars / N).toFixed(1)})`);
  console.log(`  ${'feature'.padEnd(38)}${'total s'.padStart(9)}${'ms/net'.padStart(9)}`);
  for (const [k, v] of Object.entries(times)) {
    total += v;
    console.log(`  ${k.padEnd(38)}${(v / 1000).toFixed(2).padStart(9)}${(v / N).toFixed(1).padStart(9)}`);
  }
  console.log(`  ${'ALL FEATURES'.padEnd(38)}${(total / 1000).toFixed(2).padStart(9)}${(total / N).toFixed(1).padStart(9)}`);
  const per200 = (total / N) * 200;
  console.log(
    `  200 networks: ${(per200 / 1000).toFixed(1)} s single-thread, ~${(per200 / 2000).toFixed(1)} s projected on 2 workers (target < 30 s)`,
  );
  console.log(
    `  (load average at end: ${(await import('node:os')).loadavg()[0].toFixed(2)}; timings on a shared machine are upper bounds)`,
  );

  console.log(`\n  pairwise distance matrices (N = ${N})`);
  for (const [name, f] of [
    ['1 − linear CKA', () => ckaDistanceMatrix(layers, n)],
    ['RSA (1 − Spearman)', () => rsaDistanceMatrix(layers, n)],
    ['W1 between H0 diagrams (from MSTs)', () => wassersteinH0Matrix(h0)],
  ] as const) {
    t = performance.now();
    f();
    console.log(`  ${name.padEnd(38)}${((performance.now() - t) / 1000).toFixed(2).padStart(9)} s`);
  }

  console.log('\n  Rips H1 alone (median of 5 networks)');
  for (const m of [256, 512]) {
    const p = makeProbe(m, rng);
    const runs: number[] = [];
    let info = '';
    for (let r = 0; r < 5; r++) {
      const H = randomNetwork(p.x, m, w, rng);
      const D = pairwiseDistances(H, m, w);
      const t0 = performance.now();
      const dg = ripsPersistence(D, m);
      runs.push(performance.now() - t0);
      info = `${dg.stats.edges} edges ≤ enclosing radius, ${dg.stats.columns} columns, ${dg.stats.reduced} reduced, ${dg.h1.length / 2} bars`;
    }
    runs.sort((a, b) => a - b);
    console.log(`  n = ${m}: ${runs[2].toFixed(0)} ms (min ${runs[0].toFixed(0)}, max ${runs[4].toFixed(0)}); last: ${info}`);
  }
}
