// Page side of the headless-Chromium training benchmark (bench/train-browser.ts
// drives it): the same population and measurements as bench/train.ts in Node,
// on one TF.js backend of the browser per call.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { selectBackend, type BackendName } from '../../src/core/backend';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import { trainNetwork } from '../../src/core/train/train-network';
import { trainPopulationBatched } from '../../src/core/train/batched';
import { networkFlops, dataShape } from '../../src/core/train/estimate';
import { benchPopulation, matmulPeak } from '../train-common';

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

async function runBench(a: BenchArgs): Promise<BenchRow> {
  const empty = {
    seqSeconds: NaN,
    seqRate: NaN,
    batSeconds: NaN,
    batRate: NaN,
    gflopsSeq: NaN,
    gflopsBat: NaN,
    peak: NaN,
    peakShape: '',
    okNetworks: 0,
    meanTestAcc: NaN,
    leakedTensors: 0,
  };
  try {
    const choice = await selectBackend(tf, [a.backend]);
    if (choice.name !== a.backend) return { backend: a.backend, ok: false, reason: 'not selected', ...empty };
  } catch (e) {
    return { backend: a.backend, ok: false, reason: e instanceof Error ? e.message : String(e), ...empty };
  }
  const ds = loadDataset({ name: 'digits', seed: 0 });
  const probe = makeProbeSet(ds, 256, 0);
  const hps = benchPopulation(a);
  const d = dataShape(ds, probe);
  const flopsPerNet = networkFlops(hps[0], d);
  const peak = await matmulPeak(tf, a.count, a.batch, ds.inputDim, a.widths[0]);

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
