// The page's three shared workers, started lazily (WorkerSlot): training (it
// also holds the TF.js backend), embedding (distances, PHATE, bundle decoding)
// and import/export. Built once in start.ts and handed to the controllers that
// use them; the per-panel workers (PHATE, findings, features, trajectories)
// are made by their own controllers.
import type { TrainWorkerApi } from '../workers/train.worker';
import type { EmbedWorkerApi } from '../workers/embed.worker';
import { WorkerSlot, type WorkerHandle } from './workers';
import { ImportWorker } from './sharing/import-worker';

export interface SharedWorkers {
  train(): WorkerHandle<TrainWorkerApi>;
  embed(): WorkerHandle<EmbedWorkerApi>;
  import: ImportWorker;
}

export function browserWorkers(): SharedWorkers {
  const train = new WorkerSlot<TrainWorkerApi>(
    () => new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-train' }),
    'training',
  );
  const embed = new WorkerSlot<EmbedWorkerApi>(
    () => new Worker(new URL('../workers/embed.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-embed' }),
    'embedding',
  );
  return {
    train: () => train.get(),
    embed: () => embed.get(),
    import: new ImportWorker(
      () => new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-import' }),
    ),
  };
}
