// Fakes for the analysis controllers (src/app/dynamics.ts, features.ts, findings.ts, phate.ts,
// trajectory.ts): stub networks and populations carrying only what the controllers read, a
// worker handle around a fake API, and a pool of fake features workers whose per-share calls
// wait until the test settles them by hand. The stores are the real ones (createAppStore).
import { vi } from 'vitest';
import type { NetworkRecord, Population } from '../../../src/core/types';
import type { FeaturesWorkerApi } from '../../../src/workers/features.worker';
import type { WorkerHandle } from '../../../src/app/workers';

export interface StubNetworkOptions {
  /** The final (and only history) epoch; 1 unless given. */
  epoch?: number;
  /** A checkpoint at epoch 1 (the dynamics and trajectory controllers read them). */
  checkpoint?: boolean;
  /** Every hyperparameter a trained MLP has, with no layer data (the findings and PHATE controllers). */
  fullHp?: boolean;
  testAcc?: number;
}

/** Network `i` (id `net-i`, seed i): one layer of width 1 on a 2-point probe unless fullHp. */
export function stubNetwork(i: number, o: StubNetworkOptions = {}): NetworkRecord {
  const m = { epoch: o.epoch ?? 1, trainLoss: 0.3, trainAcc: 0.9, testLoss: 0.35, testAcc: o.testAcc ?? 0.5 };
  const hp = o.fullHp
    ? {
        architecture: 'mlp',
        widths: [4],
        activation: 'relu',
        optimizer: 'adam',
        learningRate: 0.01,
        batchSize: 16,
        epochs: 1,
        dropout: 0,
        l2: 0,
        init: 'he_normal',
        seed: i,
      }
    : { architecture: 'mlp', widths: [1], seed: i };
  const layers = o.fullHp ? [] : [{ layer: 0, width: 1, data: new Float32Array(2) }];
  return {
    id: `net-${i}`,
    hp,
    status: 'ok',
    history: [m],
    final: m,
    layers,
    ...(o.checkpoint ? { checkpoints: [{ epoch: 1, layers }] } : {}),
  } as unknown as NetworkRecord;
}

/** Networks 0 … n−1, as stubNetwork. */
export const stubNetworks = (n: number, o: StubNetworkOptions = {}): NetworkRecord[] =>
  Array.from({ length: n }, (_, i) => stubNetwork(i, o));

let serial = 0;

/**
 * A population of `networks` on a 2-point moons probe, with a fresh id (`pop-1`, `pop-2`, …) each
 * call so that a controller sees a newer one. `extra` adds or replaces fields (provenance merged).
 */
export function stubPopulation(
  networks: NetworkRecord[],
  extra: { provenance?: Record<string, unknown>; [field: string]: unknown } = {},
): Population {
  const { provenance, ...rest } = extra;
  return {
    id: `pop-${++serial}`,
    name: 'test',
    provenance: { dataset: { name: 'moons', seed: 1 }, probe: { n: 2, seed: 1 }, generator: 'test', createdAt: '', ...provenance },
    probe: { seed: 1, n: 2, inputDim: 2, indices: Int32Array.of(0, 1), x: new Float32Array(4), labels: Int32Array.of(0, 1) },
    networks,
    ...rest,
  } as unknown as Population;
}

/** A worker handle whose api is `api` and whose call() passes the promise through. */
export function fakeHandle<Api>(api: object, terminate: () => void = () => {}): WorkerHandle<Api> {
  return { api, call: <R>(p: Promise<R>) => p, terminate } as unknown as WorkerHandle<Api>;
}

/** One worker's share of a pooled run, waiting for the test to resolve or reject it. */
export type PendingShare = { idx: number[]; onDone: () => void; resolve(r: unknown): void; reject(e: Error): void };

type ShareCall = (nets: NetworkRecord[], idx: number[], probe: unknown, onDone: () => void) => Promise<unknown>;

/**
 * `size` fake features workers. Each api's `method` (compute, dynamics) records its share in
 * `pending` and waits; `extra()` gives each api its other methods (cancel, …).
 */
export function fakeSharePool<M extends string, Extra extends object>(size: number, method: M, extra: () => Extra) {
  const pending: PendingShare[] = [];
  const apis = Array.from(
    { length: size },
    () =>
      ({
        [method]: vi.fn<ShareCall>(
          (_nets, idx, _probe, onDone) => new Promise((resolve, reject) => pending.push({ idx, onDone, resolve, reject })),
        ),
        ...extra(),
      }) as Record<M, ReturnType<typeof vi.fn<ShareCall>>> & Extra,
  );
  const handles = apis.map((api) => fakeHandle<FeaturesWorkerApi>(api));
  return { apis, pending, worker: (w: number) => handles[w] };
}
