// Training worker: picks the TF.js backend and trains a population off the UI thread.
// Thin comlink wrapper over src/core/train; cancel() flips a flag the core loop checks between epochs.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { selectBackend, type BackendName } from '../core/backend';
import { trainPopulation } from '../core/train/train-population';
import type { PopulationSpec, Progress } from '../core/types';
import { transferables } from './transfer';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
});

export type TrainProgress = Progress & { networkIndex: number; epoch: number; loss?: number };

let cancelled = false;

const api = {
  async init(order?: BackendName[]) {
    return selectBackend(tf, order);
  },

  backend(): string {
    return tf.getBackend();
  },

  async train(spec: PopulationSpec, onProgress?: (p: TrainProgress) => void) {
    cancelled = false;
    // Forward at most ~20 reports a second: each one is a message to the UI thread.
    let last = 0;
    const result = await trainPopulation(tf, spec, {
      onProgress: (p) => {
        const now = performance.now();
        if (onProgress && (now - last > 50 || p.done >= p.total)) {
          last = now;
          void onProgress({ ...p });
        }
      },
      isCancelled: () => cancelled,
    });
    const d = result.dataset;
    const out = {
      dataset: { spec: d.spec, inputDim: d.inputDim, numClasses: d.numClasses, classNames: d.classNames },
      probe: result.probe,
      networks: result.networks,
      cancelled,
      backend: tf.getBackend(),
    };
    return Comlink.transfer(out, transferables([out.probe, out.networks]));
  },

  cancel(): void {
    cancelled = true;
  },
};

export type TrainWorkerApi = typeof api;
Comlink.expose(api);
