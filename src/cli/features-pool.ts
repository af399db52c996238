// Features of a population on several worker threads: networks are
// independent, so each thread takes the next network as soon as it is free
// (a CNN or attention net costs many MLPs). The records are the ones
// withFeatures computes on one thread, merged in network order.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { withFeatureRecord, withFeatures, type NetworkFeatureRecord } from '../core/population-features';
import type { Population, Progress } from '../core/types';

/** One thread per core, at most 8 (features of one network do not share work): `netmanifold features`' default. */
export const DEFAULT_FEATURE_THREADS = Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));

type Reply = { index: number; record?: NetworkFeatureRecord; error?: string };

/** Features of every network of `pop` on `threads` threads (one: in this thread). */
export async function withFeaturesOnThreads(pop: Population, threads: number, onProgress?: (p: Progress) => void): Promise<Population> {
  const N = pop.networks.length;
  const count = Math.max(1, Math.min(Math.floor(threads), N));
  if (count <= 1) return withFeatures(pop, { onProgress });
  const records: (NetworkFeatureRecord | undefined)[] = Array(N);
  const entry = new URL('./features-worker.ts', import.meta.url).href;
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { entry, probe: pop.probe } }),
  );
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const give = (w: Worker) => {
        if (next < N) {
          const index = next++;
          w.postMessage({ index, net: pop.networks[index] });
        }
      };
      for (const w of workers) {
        w.on('message', (m: Reply) => {
          if (m.error !== undefined || !m.record)
            return reject(new Error(`features of network #${m.index} (${pop.networks[m.index]?.id}): ${m.error}`));
          records[m.index] = m.record;
          done++;
          onProgress?.({ stage: 'features', done, total: N, message: `features ${done}/${N}` });
          if (done === N) resolve();
          else give(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (done < N) reject(new Error(`a features thread exited (code ${code}) before every network was done`));
        });
        give(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { ...pop, networks: pop.networks.map((net, i) => withFeatureRecord(net, records[i]!)) };
}
