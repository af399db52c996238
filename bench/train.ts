// `npm run bench -- train [--count 64 --epochs 20 --seq-count 8 --backends cpu,wasm,webgpu --mixed]`
// Networks per minute for a population of MLPs on the digits (2 hidden layers
// of 32, batch 64) trained (a) one at a time by the sequential trainer and
// (b) by the batched trainer, on the same backend; the ratio; and the
// achieved GFLOP/s against a measured matmul peak on that backend.
// The sequential rate is measured on the first --seq-count networks of the
// same population (its cost is linear in the number of networks).
// --browser runs the headless-Chromium variant (bench/train-browser.ts).
// webgpu in Node runs on Dawn's Node bindings (the npm package `webgpu`, the
// WebGPU engine inside Chrome; not a dependency: 51 MB, a native addon): it
// times the GPU path on a machine whose Chromium cannot reach its GPU.
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../src/core/datasets';
import { makeProbeSet } from '../src/core/probe';
import { trainNetwork } from '../src/core/train/train-network';
import { trainPopulationBatched } from '../src/core/train/batched';
import { dataShape, networkFlops } from '../src/core/train/estimate';
import { selectBackend, type BackendName } from '../src/core/backend';
import { registerNodeWasm } from '../src/cli/demo';
import { benchPopulation, matmulPeak, type PopulationArgs } from './train-common';

interface Args extends PopulationArgs {
  seqCount: number;
  backends: string[];
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

/**
 * WebGPU in Node: Dawn's bindings provide navigator.gpu and the GPU* globals;
 * tfjs-backend-webgpu registers itself at import when it finds navigator.gpu,
 * so it is imported only after. Returns the adapter's description, or null.
 */
async function installNodeWebGPU(): Promise<string | null> {
  type Dawn = { create(flags: string[]): { requestAdapter(): Promise<{ info?: Record<string, string> } | null> }; globals: object };
  let dawn: Dawn;
  try {
    dawn = (await import('webgpu' as string)) as Dawn;
  } catch (err) {
    console.error(
      `webgpu in Node needs Dawn's bindings and a Vulkan driver: npm i --no-save --ignore-scripts webgpu@0.6.2 (${String(err)})`,
    );
    return null;
  }
  Object.assign(globalThis, dawn.globals);
  // NETMANIFOLD_DAWN_FLAGS: Dawn's own options, comma-separated (e.g. backend=null: no GPU work, the host-side cost alone)
  const gpu = dawn.create(process.env.NETMANIFOLD_DAWN_FLAGS ? process.env.NETMANIFOLD_DAWN_FLAGS.split(',') : []);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    console.error('webgpu: Dawn found no adapter (is a Vulkan driver installed? VK_ICD_FILENAMES can name one)');
    return null;
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  const info = adapter.info ?? {};
  return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ') || 'unnamed adapter';
}

async function useBackend(name: string): Promise<boolean> {
  if (name === 'webgpu') {
    const adapter = await installNodeWebGPU();
    if (!adapter) return false;
    console.log(`webgpu adapter: ${adapter}`);
  }
  if (name === 'wasm') registerNodeWasm();
  try {
    // the app's own choice: a probe that must compute, then the training settings (tuneForTraining)
    return (await selectBackend(tf, [name as BackendName])).name === name;
  } catch (err) {
    console.error(`backend ${name} unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

/** NETMANIFOLD_TF_FLAGS=NAME=value,…: TF.js environment flags to try (e.g. WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=64). */
function setTfFlags(): void {
  for (const kv of (process.env.NETMANIFOLD_TF_FLAGS ?? '').split(',').filter(Boolean)) {
    const [k, v] = kv.split('=');
    tf.env().set(k, v === 'true' ? true : v === 'false' ? false : Number(v));
    console.log(`TF.js flag ${k} = ${String(tf.env().get(k))}`);
  }
}

export async function run(argv: string[]): Promise<void> {
  const a = parseArgs(argv);
  const ds = loadDataset({ name: 'digits', seed: 0 });
  const probe = makeProbeSet(ds, 256, 0);
  const hps = benchPopulation(a);
  const nTrain = ds.yTrain.length;
  const flopsPerNet = networkFlops(hps[0], dataShape(ds, probe));
  console.log(
    `digits: ${nTrain} train / ${ds.yTest.length} test rows, probe ${probe.n}; ${a.count} MLPs ${ds.inputDim}-${a.widths.join('-')}-${ds.numClasses}, ` +
      `${a.epochs} epochs, batch ${a.batch}, ${a.mixed ? '4 optimizers (4 groups)' : 'adam (1 group)'}; ` +
      `sequential timed on ${a.seqCount} of them; nominal ${(flopsPerNet / 1e9).toFixed(3)} GFLOP per network`,
  );
  const rows: string[][] = [];
  for (const backend of a.backends) {
    if (!(await useBackend(backend))) continue;
    setTfFlags();
    const peak = await matmulPeak(tf, a.count, a.batch, ds.inputDim, a.widths[0]);

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
    rows.push([
      backend,
      'sequential',
      String(a.seqCount),
      seqSec.toFixed(1),
      seqCpu.toFixed(1),
      seqRate.toFixed(1),
      gf(a.seqCount, seqSec),
      `${peak.gflops.toFixed(2)} (${peak.shape})`,
      '1.0',
      '',
    ]);
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
