// Training worker: picks the TF.js backend and trains a population off the UI thread.
// Thin comlink wrapper over src/core/train; cancel() flips a flag the core loop checks between epochs.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { selectBackend, type BackendName, type SelectOptions } from '../core/backend';
import type { DatasetSpec, HyperParams, NetworkRecord, PopulationSpec, ProbeSet } from '../core/types';
import { trainPopulationBatched } from '../core/train/batched';
import { transferables } from './transfer';
// population runs (issue 4)
import { runPopulation, PauseGate, missingIndices, type RunProgress } from '../core/train/population-run';
import { calibrateThroughput, dataShape, estimateSeconds, measuredGroups, type ThroughputCalibration } from '../core/train/estimate';
import { expandPopulation } from '../core/population/spec';
import { encodeStoredNetwork, storedNetworkBytes } from '../core/persist/stored-network';
import { ensureDatasetBytes, loadDataset, resolveDatasetSpec, type DatasetBytesSource } from '../core/datasets';
import { makeProbeSet } from '../core/probe';
import * as runStore from './run-store';
import type { RunEvent, RunOutcome, RunEstimate } from './run-events';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
});

let cancelled = false;
const gate = new PauseGate();

// The dataset and probe of the last spec (the digits take a moment to standardise).
// A file dataset (MNIST) is asked of the page once per worker through `datasetFile`.
let dataCache: { key: string; ds: ReturnType<typeof loadDataset>; probe: ReturnType<typeof makeProbeSet> } | null = null;
async function dataFor(spec: PopulationSpec, datasetFile?: DatasetBytesSource) {
  const key = JSON.stringify([resolveDatasetSpec(spec.dataset), spec.probe]);
  if (dataCache?.key !== key) {
    await ensureDatasetBytes(spec.dataset.name, datasetFile);
    const ds = loadDataset(spec.dataset);
    dataCache = { key, ds, probe: makeProbeSet(ds, spec.probe.n, spec.probe.seed) };
  }
  return dataCache;
}
const calibrations = new Map<string, ThroughputCalibration>();
/**
 * Every estimate's calibration in flight, chained: a run waits for them rather than share the backend
 * with them (a superseded estimate's calibration keeps running in the worker; its answer is ignored).
 */
let calibrating: Promise<unknown> = Promise.resolve();

const api = {
  async init(order?: BackendName[], opts?: SelectOptions) {
    return selectBackend(tf, order, opts);
  },

  backend(): string {
    return tf.getBackend();
  },

  cancel(): void {
    cancelled = true;
    gate.resume(); // a paused run must wake up to see the cancel
  },

  // ---------------------------------------------------------------- population runs (issue 4)

  /**
   * Trains a run with the batched trainer: 'new' stores the run first, 'resume'
   * trains only the networks the store lacks. Every finished network is written
   * to IndexedDB before its 'network' event is sent.
   * `probe` (new runs): the probe set to take activations on instead of one
   * drawn from the spec — networks added to a population use its own rows.
   * Every run trains on the probe stored with it.
   */
  async trainRun(
    req: {
      runId: string;
      spec?: PopulationSpec;
      probe?: ProbeSet;
      addTo?: runStore.StoredAddTarget;
      mode: 'new' | 'resume';
      /** Resume of a run kept in the tab's memory (not stored): its record and the indices it already has. */
      memory?: { run: runStore.StoredRun; indices: number[] };
    },
    onEvent: (e: RunEvent) => void,
    /** The page's download of a file dataset (MNIST), called when this worker does not have it yet. */
    datasetFile?: DatasetBytesSource,
  ): Promise<RunOutcome> {
    cancelled = false;
    gate.resume();
    await calibrating.catch(() => {});
    // Storage problems never stop the run: the writer keeps what it cannot store and says why, once.
    const writer = new runStore.RunWriter((reason) => void onEvent({ type: 'storage', reason }));
    let run: runStore.StoredRun | undefined;
    let indices: number[] | undefined;
    if (req.mode === 'new') {
      if (!req.spec) throw new Error('a new run needs a spec');
      const { ds, probe: drawn } = await dataFor(req.spec, datasetFile);
      const probe = req.probe ?? drawn;
      if (probe.inputDim !== ds.inputDim || probe.x.length !== probe.n * ds.inputDim || probe.labels.length !== probe.n)
        throw new Error(
          `the probe set (${probe.n} rows of ${probe.inputDim} inputs) does not fit the ${ds.spec.name} dataset (${ds.inputDim} inputs)`,
        );
      if (probe.inputsMissing) throw new Error('the probe set has no inputs');
      const now = new Date().toISOString();
      run = {
        runId: req.runId,
        spec: req.spec,
        dataset: ds.spec,
        datasetInfo: { inputDim: ds.inputDim, numClasses: ds.numClasses, classNames: ds.classNames },
        probe,
        total: expandPopulation(req.spec).length,
        state: 'running',
        backend: tf.getBackend(),
        ...(req.addTo ? { addTo: req.addTo } : {}),
        createdAt: now,
        updatedAt: now,
      };
      await writer.begin(run);
    } else {
      const storedRun = await runStore.getRun(req.runId).catch((e: unknown) => {
        if (req.memory) return undefined;
        throw new Error(`run ${req.runId} cannot be read: ${runStore.storageFailureReason(e)}`);
      });
      run = storedRun ?? req.memory?.run;
      if (!run) throw new Error(`run ${req.runId} is not in IndexedDB any more`);
      const have = storedRun ? await runStore.storedIndices(req.runId).catch(() => [] as number[]) : [];
      indices = missingIndices(
        run.total,
        [...new Set([...have, ...(req.memory?.indices ?? [])])].sort((a, b) => a - b),
      );
      writer.resume(!!storedRun);
      if (storedRun) await runStore.setRunState(req.runId, 'running', tf.getBackend()).catch(() => {});
    }
    const spec = run.spec;
    const { ds } = await dataFor(spec, datasetFile);
    // The probe stored with the run (the drawn one, or the population's own for networks added to it).
    const probe = run.probe;
    const runId = run.runId;
    let writes: Promise<void> = Promise.resolve();
    let bytes = 0;
    let written = 0;
    let last = 0;
    const result = await runPopulation(tf, ds, probe, spec, {
      indices,
      hooks: {
        isCancelled: () => cancelled,
        waitWhilePaused: () => gate.wait(),
        pausedSeconds: () => gate.pausedSeconds(),
        onProgress: (p: RunProgress) => {
          const now = performance.now();
          if (now - last > 50 || p.done >= p.total) {
            last = now;
            void onEvent({ type: 'progress', progress: { ...p }, paused: gate.paused });
          }
        },
        onNetwork: (rec, index) => {
          const stored = encodeStoredNetwork(rec, runId, index, probe.n);
          const size = storedNetworkBytes(stored);
          writes = writes
            .then(() => writer.network(stored))
            .then((ok) => {
              bytes += size;
              written++;
              void onEvent({
                type: 'network',
                index,
                id: rec.id,
                status: rec.status,
                statusReason: rec.statusReason,
                testAcc: rec.final?.testAcc ?? NaN,
                bytes: size,
                stored: ok,
              });
            });
        },
      },
    });
    await writes;
    const stored = writer.failure
      ? await runStore.storedIndices(runId).then(
          (k) => k.length,
          () => 0,
        )
      : (await runStore.storedIndices(runId)).length;
    const have = stored + writer.unstored.length + (req.memory?.indices.length ?? 0);
    await writer.finish(runId, have >= run.total ? 'complete' : 'cancelled');
    return {
      runId,
      trained: written,
      stored,
      total: run.total,
      cancelled: result.cancelled,
      backend: tf.getBackend(),
      bytesPerNetwork: written ? bytes / written : NaN,
      unstored: writer.unstored,
      ...(writer.failure ? { storageFailure: writer.failure, run } : {}),
    };
  },

  /**
   * Trains a list of configurations on a dataset and a given probe set, not
   * stored (a search keeps its networks with the population it grows). On
   * cancel, the networks finished so far (unfinished ones dropped).
   */
  async trainNetworks(
    dataset: DatasetSpec,
    probe: ProbeSet,
    hps: HyperParams[],
    onProgress?: (p: { done: number; total: number; epoch: number }) => void,
  ): Promise<NetworkRecord[]> {
    cancelled = false;
    gate.resume();
    await calibrating.catch(() => {});
    const key = JSON.stringify(['networks', resolveDatasetSpec(dataset)]);
    const ds = dataCache?.key === key ? dataCache.ds : loadDataset(dataset);
    if (dataCache?.key !== key) dataCache = { key, ds, probe };
    let last = 0;
    const recs = await trainPopulationBatched(tf, ds, probe, hps, {
      isCancelled: () => cancelled,
      onProgress: (p) => {
        const now = performance.now();
        if (onProgress && (now - last > 50 || p.done >= p.total)) {
          last = now;
          void onProgress({ done: p.done, total: p.total, epoch: p.epoch });
        }
      },
    });
    const kept = recs.filter((r) => r && r.status !== 'cancelled');
    return Comlink.transfer(kept, transferables(kept));
  },

  pauseRun(): void {
    gate.pause();
  },

  resumeRun(): void {
    gate.resume();
  },

  /** tf.memory().numTensors of this worker once no calibration is in flight (leak checks compare idle counts). */
  async tensorCount(): Promise<number> {
    await calibrating.catch(() => {});
    return tf.memory().numTensors;
  },

  /** Networks, groups and estimated seconds of a spec, from a throughput calibration on this backend (cached). */
  async estimate(spec: PopulationSpec, datasetFile?: DatasetBytesSource): Promise<RunEstimate> {
    const hps = expandPopulation(spec);
    const { ds, probe } = await dataFor(spec, datasetFile);
    const key = `${tf.getBackend()}|${ds.spec.name}|${ds.yTrain.length}`;
    // Each group of the spec is timed once per backend and dataset; later estimates reuse those timings.
    const measuring = calibrateThroughput(tf, ds, probe, hps, { previous: calibrations.get(key), budgetSeconds: 4 });
    calibrating = Promise.all([calibrating.catch(() => {}), measuring]);
    const c = await measuring;
    calibrations.set(key, c);
    return {
      networks: hps.length,
      seconds: estimateSeconds(hps, dataShape(ds, probe), c),
      calibration: c,
      measured: measuredGroups(hps, c).measured,
    };
  },
};

export type TrainWorkerApi = typeof api;
Comlink.expose(api);
