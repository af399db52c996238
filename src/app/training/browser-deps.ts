// The training controllers' real dependencies in the browser: the zustand
// stores, the two workers through comlink, the run store in IndexedDB, the
// population sources (demos, URLs, stored imports), requestAnimationFrame.
import * as Comlink from 'comlink';
import type { DatasetName, Progress } from '../../core/types';
import { datasetBytes, downloadMessage } from '../dataset-files';
import { getState } from '../../state/store';
import { getTraining } from '../../state/training';
import type { RunEvent } from '../../workers/run-events';
import * as runStore from '../../workers/run-store';
import { decodeInWorker, initBackend } from '../controller';
import { showGrownPopulation } from '../grow-population';
import { jobCancel } from '../jobs';
import { fetchSourcePopulation } from '../sharing/link-loaders';
import { modelUrlsOf, sourceOf } from '../sharing/population-source';
import { storedOrigins, type StoredOrigins } from '../storage/origins';
import { populationStore, type PopulationStore } from '../storage/population-store';
import { embedWorker, trainWorker } from '../workers';
import type { EmbedPort, PopulationSources, TrainingDeps, TrainPort } from './ports';

/** A file dataset's bytes (MNIST) for the training worker, the download shown on the job line. */
function trainingDatasetBytes(name: DatasetName): Promise<Uint8Array> {
  return datasetBytes(name, (loaded, total) => {
    if (getState().job.status === 'running' && getState().job.stage === 'training')
      getState().setJob({ done: 0, total: 1, message: downloadMessage(name, loaded, total) });
  });
}

/** The training worker behind the TrainPort; every call goes through the handle so a dead worker rejects. */
export function trainPort(): TrainPort {
  return {
    trainRun: (req, onEvent) => {
      const w = trainWorker();
      return w.call(
        w.api.trainRun(
          req,
          Comlink.proxy((e: RunEvent) => onEvent(e)),
          Comlink.proxy(trainingDatasetBytes),
        ),
      );
    },
    pause: () => void trainWorker().api.pauseRun(),
    resume: () => void trainWorker().api.resumeRun(),
    cancel: () => void trainWorker().api.cancel(),
    estimate: (spec) => {
      const w = trainWorker();
      return w.call(
        w.api.estimate(
          spec,
          Comlink.proxy((name: DatasetName) => datasetBytes(name)),
        ),
      );
    },
    tensorCount: () => {
      const w = trainWorker();
      return w.call(w.api.tensorCount());
    },
  };
}

/** The embedding worker behind the EmbedPort; stop() cancels cooperatively (the call rejects with CancelledError at its next step; the worker stays up). */
export function embedPort(): EmbedPort {
  return {
    embed: (networks, probe, opts, onProgress) => {
      const w = embedWorker();
      return w.call(
        w.api.embed(
          networks,
          probe,
          opts,
          Comlink.proxy((p: Progress) => onProgress(p)),
        ),
      );
    },
    stop: () => void embedWorker().api.cancel(),
  };
}

/** Where runs find their base populations: demos and URLs, and this browser's stored imports and origins. */
export function browserSources(imports: PopulationStore, origins: StoredOrigins): PopulationSources {
  return {
    fetchableSource: (s) => (modelUrlsOf(s).length === 0 ? sourceOf(s) : null),
    fetch: fetchSourcePopulation,
    storedImport: async (storedId) => {
      const rec = await imports.get(storedId);
      if (!rec) return null;
      const pop = await decodeInWorker(rec.bytes.slice(0));
      origins.set(pop.id, { kind: 'import', storedId: rec.storedId });
      return pop;
    },
    originOf: origins.of,
    setOrigin: origins.set,
    showGrown: showGrownPopulation,
  };
}

export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 0x7fffffff).toString(36)}`;
}

export function browserTrainingDeps(): TrainingDeps {
  return {
    stores: { app: getState, training: getTraining },
    trainer: trainPort(),
    embedder: embedPort(),
    runStore,
    // The same store and origins as the Stored populations list (storage/stored-list.ts).
    sources: browserSources(populationStore, storedOrigins),
    initBackend: () => initBackend(),
    cancel: jobCancel,
    clock: {
      now: () => performance.now(),
      frame: (cb) => requestAnimationFrame(cb),
      cancelFrame: (id) => cancelAnimationFrame(id),
      newRunId,
    },
    warn: (m) => console.warn(m),
  };
}
