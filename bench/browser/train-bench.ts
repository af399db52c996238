// Page side of the headless-Chromium training benchmark (bench/train-browser.ts
// drives it): the same population and measurements as bench/train.ts in Node,
// on one TF.js backend of the browser per call.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { HyperParams, InitName } from '../../src/core/types';
import { selectBackend, type BackendName } from '../../src/core/backend';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import { trainNetwork } from '../../src/core/train/train-network';
import { trainPopulationBatched } from '../../src/core/train/batched';
import { networkFlops, dataShape } from '../../src/core/train/estimate';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
});

export interface BenchArgs {
  backend: BackendName;
  count: number;
  epochs: number;
  seqCount: number;
  batch: number;
  widths: number[];
}

export interface BenchRow {
  backend: string;
  ok: boolean;
  reason?: string;
  seqSeconds: number;
  seqRate: number;
  batSeconds: number;
  batRate: number;
  gflopsSeq: number;
  gflopsBat: number;
  peak: number;
  peakShape: string;
  okNetworks: number;
  meanTestAcc: number;
  leakedTensors: number;
}

/** The benchmark population of bench/train.ts: one architecture, adam, rates/L2/init/seed varied. */
function population(a: BenchArgs): HyperParams[] {
  const inits: InitName[] = ['glorot_uniform', 'he_normal', 'lecun_normal', 'random_normal'];
  return Array.from({ length: a.count }, (_, i) => ({
    widths: a.widths,
    activation: 'relu',
    optimizer: 'adam',
    learningRate: 1e-3 * 10 ** ((i % 8) / 4),
    batchSize: a.batch,
    epochs: a.epochs,
    dropout: 0,
    l2: i % 3 === 0 ? 1e-4 : 0,
    init: inits[i % inits.length],
    seed: 1000 + i,
  }));
}

async function matmulPeak(shapes: { name: string; a: number[]; b: number[]; flops: number }[]): Promise<{ gflops: number; shape: string }> {
  let best = { gflops: 0, shape: '' };
  for (const s of shapes) {
    const x = tf.randomNormal(s.a);
    const y = tf.randomNormal(s.b);
    const once = async () => {
      const z = tf.matMul(x, y);
      await z.data();
      z.dispose();
    };
    await once();
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 1500) {
      await once();
      n++;
    }
    const gflops = (s.flops * n) / ((performance.now() - t0) / 1000) / 1e9;
    if (gflops > best.gflops) best = { gflops, shape: s.name };
    tf.dispose([x, y]);
  }
  return best;
}

async function runBench(a: BenchArgs): Promise<BenchRow> {
  const empty = { seqSeconds: NaN, seqRate: NaN, batSeconds: NaN, batRate: NaN, gflopsSeq: NaN, gflopsBat: NaN, peak: NaN, peakShape: '', okNetworks: 0, meanTestAcc: NaN, leakedTensors: 0 };
  try {
    const choice = await selectBackend(tf, [a.backend]);
    if (choice.name !== a.backend) return { backend: a.backend, ok: false, reason: 'not selected', ...empty };
  } catch (e) {
    return { backend: a.backend, ok: false, reason: e instanceof Error ? e.message : String(e), ...empty };
  }
  const ds = loadDataset({ name: 'digits', seed: 0 });
  const probe = makeProbeSet(ds, 256, 0);
  const hps = population(a);
  const d = dataShape(ds, probe);
  const flopsPerNet = networkFlops(hps[0], d);
  const peak = await matmulPeak([
    { name: '512x512x512', a: [512, 512], b: [512, 512], flops: 2 * 512 ** 3 },
    { name: `[${a.count}]x${a.batch}x${ds.inputDim}x${a.widths[0]}`, a: [a.count, a.batch, ds.inputDim], b: [a.count, ds.inputDim, a.widths[0]], flops: 2 * a.count * a.batch * ds.inputDim * a.widths[0] },
  ]);

  const t0 = performance.now();
  for (let i = 0; i < a.seqCount; i++) await trainNetwork(tf, ds, probe, hps[i], { index: i });
  const seqSeconds = (performance.now() - t0) / 1000;

  const before = tf.memory().numTensors;
  const t1 = performance.now();
  const recs = await trainPopulationBatched(tf, ds, probe, hps);
  const batSeconds = (performance.now() - t1) / 1000;
  const ok = recs.filter((r) => r.status === 'ok');
  return {
    backend: tf.getBackend(),
    ok: true,
    seqSeconds,
    seqRate: (a.seqCount / seqSeconds) * 60,
    batSeconds,
    batRate: (a.count / batSeconds) * 60,
    gflopsSeq: (a.seqCount * flopsPerNet) / seqSeconds / 1e9,
    gflopsBat: (a.count * flopsPerNet) / batSeconds / 1e9,
    peak: peak.gflops,
    peakShape: peak.shape,
    okNetworks: ok.length,
    meanTestAcc: ok.reduce((s, r) => s + r.final.testAcc, 0) / Math.max(1, ok.length),
    leakedTensors: tf.memory().numTensors - before,
  };
}

(window as unknown as { runTrainBench: typeof runBench }).runTrainBench = runBench;
document.getElementById('log')!.textContent = 'ready';
