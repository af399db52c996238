// `npm run bench -- train [--count 64 --epochs 20 --seq-count 8 --backends cpu,wasm --mixed]`
// Networks per minute for a population of MLPs on the digits (2 hidden layers
// of 32, batch 64) trained (a) one at a time by the sequential trainer and
// (b) by the batched trainer, on the same backend; the ratio; and the
// achieved GFLOP/s against a measured matmul peak on that backend.
// The sequential rate is measured on the first --seq-count networks of the
// same population (its cost is linear in the number of networks).
// --browser runs the headless-Chromium variant (bench/train-browser.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { HyperParams, InitName, OptimizerName } from '../src/core/types';
import { loadDataset } from '../src/core/datasets';
import { makeProbeSet } from '../src/core/probe';
import { trainNetwork } from '../src/core/train/train-network';
import { trainPopulationBatched } from '../src/core/train/batched';

interface Args {
  count: number;
  epochs: number;
  seqCount: number;
  batch: number;
  widths: number[];
  backends: string[];
  mixed: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const count = Number(get('count') ?? 64);
  return {
    count,
    epochs: Number(get('epochs') ?? 20),
    seqCount: Math.min(count, Number(get('seq-count') ?? 8)),
    batch: Number(get('batch') ?? 64),
    widths: (get('widths') ?? '32,32').split(',').map(Number),
    backends: (get('backends') ?? 'cpu,wasm').split(','),
    mixed: argv.includes('--mixed'),
  };
}

/** The benchmark population: one architecture, rates/L2/init/seed varied (all adam unless --mixed). */
function population(a: Args): HyperParams[] {
  const inits: InitName[] = ['glorot_uniform', 'he_normal', 'lecun_normal', 'random_normal'];
  const opts: OptimizerName[] = ['adam', 'sgd', 'momentum', 'rmsprop'];
  return Array.from({ length: a.count }, (_, i) => {
    const optimizer = a.mixed ? opts[i % 4] : 'adam';
    const base = optimizer === 'adam' || optimizer === 'rmsprop' ? 1e-3 : 1e-2;
    return {
      widths: a.widths,
      activation: 'relu',
      optimizer,
      learningRate: base * 10 ** ((i % 8) / 4), // 1x .. ~56x
      batchSize: a.batch,
      epochs: a.epochs,
      dropout: 0,
      l2: i % 3 === 0 ? 1e-4 : 0,
      init: inits[i % inits.length],
      seed: 1000 + i,
    };
  });
}

async function useBackend(name: string): Promise<boolean> {
  if (name === 'wasm') {
    const here = path.dirname(fileURLToPath(import.meta.url));
    setWasmPaths(path.resolve(here, '../node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
  }
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch (err) {
    console.error(`backend ${name} unavailable: ${String(err)}`);
    return false;
  }
}

/** Best GFLOP/s of tf.matMul over a 2-D square and the batched shapes the trainer runs. */
async function matmulPeak(G: number, B: number, a: Args, inDim: number): Promise<{ gflops: number; shape: string }> {
  const shapes: { name: string; a: number[]; b: number[]; flops: number }[] = [
    { name: '512x512x512', a: [512, 512], b: [512, 512], flops: 2 * 512 ** 3 },
    { name: `[${G}]x${B}x${inDim}x${a.widths[0]}`, a: [G, B, inDim], b: [G, inDim, a.widths[0]], flops: 2 * G * B * inDim * a.widths[0] },
  ];
  let best = { gflops: 0, shape: '' };
  for (const s of shapes) {
    const x = tf.randomNormal(s.a);
    const y = tf.randomNormal(s.b);
    // not tf.tidy(() => ….dataSync()): tidy walks a returned typed array element by element
    const once = (): void => {
      const out = tf.matMul(x, y);
      out.dataSync();
      out.dispose();
    };
    once(); // warm-up
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 1500) {
      once();
      n++;
    }
    const gflops = (s.flops * n) / ((performance.now() - t0) / 1000) / 1e9;
    if (gflops > best.gflops) best = { gflops, shape: s.name };
    tf.dispose([x, y]);
  }
  return best;
}

/**
 * Nominal FLOPs of training one network: 6 per weight per training example
 * per epoch (forward, and the two backward matmuls), plus 2 per weight per
 * row of the per-epoch evaluation passes (train, test, probe), epoch 0 included.
 */
function nominalFlops(hp: HyperParams, inDim: number, classes: number, nTrain: number, nEval: number): number {
  const sizes = [inDim, ...hp.widths, classes];
  let weights = 0;
  for (let l = 0; l + 1 < sizes.length; l++) weights += sizes[l] * sizes[l + 1];
  return hp.epochs * 6 * weights * nTrain + (hp.epochs + 1) * 2 * weights * nEval;
}

export async function run(argv: string[]): Promise<void> {
  // --browser: the same population in headless Chromium, per browser backend (bench/train-browser.ts).
  if (argv.includes('--browser')) return (await import('./train-browser')).run(argv);
  // --profile: where the batched trainer's time goes, per op (bench/train-profile.ts).
  if (argv.includes('--profile')) return (await import('./train-profile')).run(argv);
  const a = parseArgs(argv);
  const ds = loadDataset({ name: 'digits', seed: 0 });
  const probe = makeProbeSet(ds, 256, 0);
  const hps = population(a);
  const nTrain = ds.yTrain.length;
  const nEval = nTrain + ds.yTest.length + probe.n;
  const flopsPerNet = nominalFlops(hps[0], ds.inputDim, ds.numClasses, nTrain, nEval);
  console.log(
    `digits: ${nTrain} train / ${ds.yTest.length} test rows, probe ${probe.n}; ${a.count} MLPs ${ds.inputDim}-${a.widths.join('-')}-${ds.numClasses}, ` +
      `${a.epochs} epochs, batch ${a.batch}, ${a.mixed ? '4 optimizers (4 groups)' : 'adam (1 group)'}; ` +
      `sequential timed on ${a.seqCount} of them; nominal ${(flopsPerNet / 1e9).toFixed(3)} GFLOP per network`,
  );
  const rows: string[][] = [];
  for (const backend of a.backends) {
    if (!(await useBackend(backend))) continue;
    const peak = await matmulPeak(a.count, a.batch, a, ds.inputDim);

    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < a.seqCount; i++) await trainNetwork(tf, ds, probe, hps[i], { index: i });
    const seqSec = (performance.now() - t0) / 1000;
    const seqCpu = cpuSeconds(c0);
    const seqRate = (a.seqCount / seqSec) * 60;

    const before = tf.memory().numTensors;
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    const recs = await trainPopulationBatched(tf, ds, probe, hps);
    const batSec = (performance.now() - t1) / 1000;
    const batCpu = cpuSeconds(c1);
    const batRate = (a.count / batSec) * 60;
    const leaked = tf.memory().numTensors - before;
    const ok = recs.filter((r) => r.status === 'ok').length;
    const meanAcc = recs.reduce((s, r) => s + (r.status === 'ok' ? r.final.testAcc : 0), 0) / Math.max(1, ok);

    const gf = (n: number, sec: number) => ((n * flopsPerNet) / sec / 1e9).toFixed(2);
    const cpuRatio = a.count / batCpu / (a.seqCount / seqCpu);
    rows.push([backend, 'sequential', String(a.seqCount), seqSec.toFixed(1), seqCpu.toFixed(1), seqRate.toFixed(1), gf(a.seqCount, seqSec), `${peak.gflops.toFixed(2)} (${peak.shape})`, '1.0', '']);
    rows.push([
      backend,
      'batched',
      String(a.count),
      batSec.toFixed(1),
      batCpu.toFixed(1),
      batRate.toFixed(1),
      gf(a.count, batSec),
      `${peak.gflops.toFixed(2)} (${peak.shape})`,
      `${(batRate / seqRate).toFixed(1)} (cpu-time ${cpuRatio.toFixed(1)})`,
      `${ok} ok, mean test acc ${meanAcc.toFixed(3)}, leaked tensors ${leaked}`,
    ]);
    printTable(rows);
  }
}

/** User+system CPU seconds of this process since `since` (robust to a shared, loaded machine). */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

function printTable(rows: string[][]): void {
  const head = ['backend', 'trainer', 'nets', 'wall s', 'cpu s', 'nets/min', 'GFLOP/s', 'matmul peak GFLOP/s', 'speed-up', 'notes'];
  const all = [head, ...rows];
  const w = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((v, c) => (v ?? '').padEnd(w[c])).join('  ');
  console.log('\n' + line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  rows.forEach((r) => console.log(line(r)));
}
