// Embedding worker: network distances and PHATE off the UI thread, and bundle
// decoding (gunzip + JSON + base64 takes hundreds of ms on a real population).
// Thin comlink wrapper over src/core/pipeline and src/core/bundle.
import * as Comlink from 'comlink';
import { embedPopulation } from '../core/pipeline';
import { decodePopulation } from '../core/bundle/index';
import type { NetworkRecord, Population, ProbeSet, Progress } from '../core/types';
import { transferables } from './transfer';

type EmbedOptions = NonNullable<Parameters<typeof embedPopulation>[2]>;

let cancelled = false;

const api = {
  async embed(
    networks: NetworkRecord[],
    probe: ProbeSet,
    opts: Omit<EmbedOptions, 'onProgress' | 'isCancelled'> = {},
    onProgress?: (p: Progress) => void,
  ) {
    cancelled = false;
    let last = 0;
    const result = await embedPopulation(networks, probe, {
      ...opts,
      onProgress: (p) => {
        const now = performance.now();
        if (onProgress && (now - last > 50 || p.done >= p.total)) {
          last = now;
          void onProgress({ ...p });
        }
      },
      isCancelled: () => cancelled,
    });
    return Comlink.transfer(result, transferables([result.distances, result.embedding]));
  },

  /** Decodes a population bundle; BundleError messages reach the caller as Error messages. */
  decodeBundle(bytes: ArrayBuffer): Population {
    const pop = decodePopulation(new Uint8Array(bytes));
    return Comlink.transfer(pop, transferables(pop));
  },

  cancel(): void {
    cancelled = true;
  },
};

export type EmbedWorkerApi = typeof api;
Comlink.expose(api);
