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
import type { TrainWorkerApi } from '../../workers/train.worker';
import type { EmbedWorkerApi } from '../../workers/embed.worker';
import type { Backend } from '../backend';
import type { CancelFlag } from '../jobs';
import type { Populations } from '../populations';
import { modelUrlsOf, sourceOf } from '../sharing/population-source';
import type { StoredOrigins } from '../storage/origins';
import type { PopulationStore } from '../storage/population-store';
import type { WorkerHandle } from '../workers';
import type { EmbedPort, PopulationSources, TrainingDeps, TrainPort } from './ports';

/** A file dataset's bytes (MNIST) for the training worker, the download shown on the job line. */
function trainingDatasetBytes(name: DatasetName): Promise<Uint8Array> {
  return datasetBytes(name, (loaded, total) => {
    if (getState().job.status === 'running' && getState().job.stage === 'training')
      getState().setJob({ done: 0, total: 1, message: downloadMessage(name, loaded, total) });
  });
}

/** The training worker behind the TrainPort; every call goes through the handle so a dead worker rejects. */
export function trainPort(trainWorker: () => WorkerHandle<TrainWorkerApi>): TrainPort {
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
export function embedPort(embedWorker: () => WorkerHandle<EmbedWorkerApi>): EmbedPort {
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
export function populationSources(
  populations: Pick<Populations, 'decode' | 'fetchSource' | 'showGrown'>,
  imports: PopulationStore,
  origins: StoredOrigins,
): PopulationSources {
  return {
    fetchableSource: (s) => (modelUrlsOf(s).length === 0 ? sourceOf(s) : null),
    fetch: (src) => populations.fetchSource(src),
    storedImport: async (storedId) => {
      const rec = await imports.get(storedId);
      if (!rec) return null;
      const pop = await populations.decode(rec.bytes.slice(0));
      origins.set(pop.id, { kind: 'import', storedId: rec.storedId });
      return pop;
    },
    originOf: origins.of,
    setOrigin: origins.set,
    showGrown: (next) => populations.showGrown(next),
  };
}

export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 0x7fffffff).toString(36)}`;
}

/** What the page's training controllers share with the rest of the app (built once in start.ts). */
export interface TrainingPorts {
  trainWorker(): WorkerHandle<TrainWorkerApi>;
  embedWorker(): WorkerHandle<EmbedWorkerApi>;
  populations: Pick<Populations, 'decode' | 'fetchSource' | 'showGrown'>;
  /** The same store and origins as the Stored populations list (storage/stored-list.ts). */
  imports: PopulationStore;
  origins: StoredOrigins;
  backend: Pick<Backend, 'init'>;
  cancel: CancelFlag;
}

export function browserTrainingDeps(p: TrainingPorts): TrainingDeps {
  return {
    stores: { app: getState, training: getTraining },
    trainer: trainPort(p.trainWorker),
    embedder: embedPort(p.embedWorker),
    runStore,
    sources: populationSources(p.populations, p.imports, p.origins),
    initBackend: () => p.backend.init(),
    cancel: p.cancel,
    clock: {
      now: () => performance.now(),
      frame: (cb) => requestAnimationFrame(cb),
      cancelFrame: (id) => cancelAnimationFrame(id),
      newRunId,
    },
    warn: (m) => console.warn(m),
  };
}
