// The page's shared workers, started lazily (WorkerSlot): training (it also
// holds the TF.js backend), embedding (distances, PHATE, bundle decoding),
// import/export, and the features pool (features and training dynamics).
// Built once in start.ts and handed to the controllers that use them; the
// single-purpose workers (PHATE panel, findings, trajectories) are made by
// their own controllers.
import type { TrainWorkerApi } from '../workers/train.worker';
import type { EmbedWorkerApi } from '../workers/embed.worker';
import type { FeaturesWorkerApi } from '../workers/features.worker';
import { WorkerSlot, type WorkerHandle } from './workers';
import { ImportWorker } from './sharing/import-worker';

export interface SharedWorkers {
  train(): WorkerHandle<TrainWorkerApi>;
  embed(): WorkerHandle<EmbedWorkerApi>;
  import: ImportWorker;
  /** Features worker `i` of the pool (0 ≤ i < featuresPool). */
  features(i: number): WorkerHandle<FeaturesWorkerApi>;
  featuresPool: number;
}

// With every core busy the page starves (software WebGL renders on the CPU too):
// seen as 2 s frame gaps with 2 feature workers on a 2-core machine.
const FEATURES_POOL = Math.max(1, Math.min(4, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1));

export function browserWorkers(): SharedWorkers {
  const train = new WorkerSlot<TrainWorkerApi>(
    () => new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-train' }),
    'training',
  );
  const embed = new WorkerSlot<EmbedWorkerApi>(
    () => new Worker(new URL('../workers/embed.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-embed' }),
    'embedding',
  );
  const features = Array.from(
    { length: FEATURES_POOL },
    (_, i) =>
      new WorkerSlot<FeaturesWorkerApi>(
        () => new Worker(new URL('../workers/features.worker.ts', import.meta.url), { type: 'module', name: `netmanifold-features-${i}` }),
        'features',
      ),
  );
  return {
    train: () => train.get(),
    embed: () => embed.get(),
    import: new ImportWorker(
      () => new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-import' }),
    ),
    features: (i) => features[i].get(),
    featuresPool: FEATURES_POOL,
  };
}
