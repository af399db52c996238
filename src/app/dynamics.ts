// Training dynamics controller (issue 15 item 4): the features of every stored checkpoint,
// computed in the features workers — for one network when the inspector shows it, and for the
// whole population on request (the Findings panel's "Over training" view). Results go into the
// population (net.dynamics) so an exported bundle carries them and nothing is computed twice.
// A DynamicsController is built once (src/app/start.ts) with its store and the features
// workers' pool; unit tests build one with fake workers and a fresh store.
import * as Comlink from 'comlink';
import type { DynamicsRecord, NetworkRecord, Population } from '../core/types';
import { isCancelled } from '../core/cancel';
import type { StoreApi } from 'zustand';
import { useStore, type AppState } from '../state/store';
import type { FeaturesWorkerApi } from '../workers/features.worker';
import type { WorkerHandle } from './workers';
import type { SharedWorkers } from './browser-workers';
import { derivedPopulations } from './phate';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Networks that stored more than one epoch of activations but carry no dynamics yet. */
export function networksLackingDynamics(pop: Population): number[] {
  const out: number[] = [];
  pop.networks.forEach((n, i) => {
    if (n.dynamics || !n.checkpoints?.length) return;
    const epochs = new Set(n.checkpoints.map((c) => c.epoch));
    if (n.layers.length > 0) epochs.add(n.final.epoch);
    if (epochs.size >= 2) out.push(i);
  });
  return out;
}

export interface DynamicsControllerDeps {
  store: StoreApi<AppState>;
  /** The features worker `w` of the pool (0 ≤ w < pool). */
  worker(w: number): WorkerHandle<FeaturesWorkerApi>;
  /** Workers in the pool. */
  pool: number;
}

export class DynamicsController {
  private readonly pending = new Map<string, Promise<DynamicsRecord | null>>();
  /** Bumped by every population run and cancel: a superseded run's results and status are dropped. */
  private run = 0;

  constructor(private readonly deps: DynamicsControllerDeps) {}

  private state(): AppState {
    return this.deps.store.getState();
  }

  /** Writes computed dynamics into the current population (a derived copy, so features/PHATE do not rerun). */
  private storeDynamics(popId: string, results: { index: number; dynamics: DynamicsRecord | null }[]): void {
    const cur = this.state().population;
    if (!cur || cur.id !== popId || results.length === 0) return;
    const networks: NetworkRecord[] = cur.networks.slice();
    for (const r of results) if (r.dynamics && networks[r.index]) networks[r.index] = { ...networks[r.index], dynamics: r.dynamics };
    const next: Population = { ...cur, networks };
    derivedPopulations.add(next);
    this.state().applyNetworks(next);
  }

  /** One network's dynamics: stored, or computed now in a features worker (null with fewer than two stored epochs). */
  dynamicsOf(net: NetworkRecord): Promise<DynamicsRecord | null> {
    if (net.dynamics) return Promise.resolve(net.dynamics);
    const pop = this.state().population;
    if (!pop || !net.checkpoints?.length) return Promise.resolve(null);
    const key = `${pop.id}\u0000${net.id}`;
    let p = this.pending.get(key);
    if (!p) {
      const index = pop.networks.findIndex((n) => n.id === net.id);
      const h = this.deps.worker(this.deps.pool - 1);
      p = h.call(h.api.networkDynamics(net, pop.probe)).then((dynamics) => {
        if (index >= 0) this.storeDynamics(pop.id, [{ index, dynamics }]);
        return dynamics;
      });
      p.finally(() => this.pending.delete(key)).catch(() => {});
      this.pending.set(key, p);
    }
    return p;
  }

  /** Computes the dynamics of every network that lacks them, on the workers' pool, with progress and cancel. */
  async computeDynamics(): Promise<void> {
    const pop = this.state().population;
    if (!pop) return;
    const mine = ++this.run;
    const todo = networksLackingDynamics(pop);
    const total = todo.length;
    if (total === 0) {
      this.state().setDynamicsJob({ status: 'done', done: 0, total: 0, message: 'every network with checkpoints has its dynamics' });
      return;
    }
    const t0 = performance.now();
    let done = 0;
    let shownAt = 0;
    this.state().setDynamicsJob({ status: 'running', done: 0, total, message: undefined, seconds: undefined });
    const onDone = Comlink.proxy(() => {
      done++;
      const now = performance.now();
      if (this.run === mine && (now - shownAt > 150 || done === total)) {
        shownAt = now;
        this.state().setDynamicsJob({ done });
      }
    });
    const pool = this.deps.pool;
    const shares = Array.from({ length: pool }, (_, w) => todo.filter((_, q) => q % pool === w));
    try {
      const results = await Promise.all(
        shares.map((idx, w) => {
          if (idx.length === 0) return Promise.resolve([]);
          const h = this.deps.worker(w);
          // Only what the dynamics read travels: checkpoints, final activations and metrics.
          const nets = idx.map((i) => ({ ...pop.networks[i], features: undefined, layerProfile: undefined }));
          return h.call(h.api.dynamics(nets, idx, pop.probe, onDone));
        }),
      );
      if (this.run !== mine) return;
      this.storeDynamics(pop.id, results.flat());
      this.state().setDynamicsJob({ status: 'done', done: total, seconds: (performance.now() - t0) / 1000 });
    } catch (e) {
      if (this.run !== mine) return;
      const cancelled = isCancelled(e);
      this.state().setDynamicsJob({ status: cancelled ? 'cancelled' : 'error', message: cancelled ? 'cancelled' : errorText(e) });
      if (!cancelled) this.state().pushError(`Computing training dynamics failed: ${errorText(e)}`);
    }
  }

  cancelDynamics(): void {
    this.run++;
    for (let w = 0; w < this.deps.pool; w++) void this.deps.worker(w).api.cancelDynamics();
    if (this.state().dynamicsJob.status === 'running') this.state().setDynamicsJob({ status: 'cancelled', message: 'cancelled' });
  }

  /** A new population (not one this app derived) starts with no dynamics job. */
  start(): () => void {
    return this.deps.store.subscribe((s, prev) => {
      if (s.population === prev.population || !s.population || derivedPopulations.has(s.population)) return;
      if (s.dynamicsJob.status === 'running') this.cancelDynamics();
      this.state().setDynamicsJob({ status: 'idle', done: 0, total: 0, message: undefined, seconds: undefined });
    });
  }
}

/** The browser's dependencies: the page's store and the features workers' pool (shared with features; browser-workers.ts). */
export function browserDynamicsDeps(
  workers: Pick<SharedWorkers, 'features' | 'featuresPool'>,
  store: StoreApi<AppState> = useStore,
): DynamicsControllerDeps {
  return { store, worker: workers.features, pool: workers.featuresPool };
}
