// Train a population sequentially, one network at a time (METHODS §1).
import type * as tfType from '@tensorflow/tfjs';
import type { Dataset, NetworkRecord, PopulationSpec, ProbeSet, Progress } from '../types';
import { loadDataset } from '../datasets';
import { makeProbeSet } from '../probe';
import { expandPopulation, networkId } from '../population/spec';
import { trainNetwork } from './train-network';

export interface TrainProgress extends Progress {
  networkIndex: number;
  epoch: number;
  loss?: number;
}

export interface TrainPopulationHooks {
  onProgress?(p: TrainProgress): void;
  onNetwork?(rec: NetworkRecord, index: number): void;
  isCancelled?(): boolean;
}

export interface TrainedPopulation {
  dataset: Dataset;
  probe: ProbeSet;
  /** Finished networks (ok or diverged), in spec order; on cancel, those done so far. */
  networks: NetworkRecord[];
}

/**
 * Progress counts epochs over the whole population (done/total), so a bar
 * moves smoothly even when networks differ in epochs. trainNetwork yields to
 * the event loop after every epoch, so isCancelled sees a worker's messages.
 * A network interrupted by cancellation is dropped (it is incomplete).
 */
export async function trainPopulation(
  tf: typeof tfType,
  spec: PopulationSpec,
  hooks: TrainPopulationHooks = {},
  /** The networks to train; default the spec's own expansion. */
  hps = expandPopulation(spec),
): Promise<TrainedPopulation> {
  const dataset = loadDataset(spec.dataset);
  const probe = makeProbeSet(dataset, spec.probe.n, spec.probe.seed);
  const total = hps.reduce((s, hp) => s + hp.epochs, 0);
  const networks: NetworkRecord[] = [];
  let done = 0;
  for (let i = 0; i < hps.length; i++) {
    if (hooks.isCancelled?.()) break;
    const hp = hps[i];
    const id = networkId(hp, i);
    const rec = await trainNetwork(tf, dataset, probe, hp, {
      id,
      checkpointEpochs: spec.checkpointEpochs,
      isCancelled: hooks.isCancelled,
      onEpoch: (m) => {
        if (m.epoch === 0) return;
        hooks.onProgress?.({
          stage: 'train',
          done: done + m.epoch,
          total,
          message: `${id} epoch ${m.epoch}/${hp.epochs}`,
          networkIndex: i,
          epoch: m.epoch,
          loss: m.trainLoss,
        });
      },
    });
    done += hp.epochs;
    if (rec.status === 'cancelled') break;
    networks.push(rec);
    hooks.onNetwork?.(rec, i);
  }
  return { dataset, probe, networks };
}
