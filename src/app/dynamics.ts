// Training dynamics controller (issue 15 item 4): the features of every stored checkpoint,
// computed in the features workers — for one network when the inspector shows it, and for the
// whole population on request (the Findings panel's "Over training" view). Results go into the
// population (net.dynamics) so an exported bundle carries them and nothing is computed twice.
import * as Comlink from 'comlink';
import type { DynamicsRecord, NetworkRecord, Population } from '../core/types';
import { isCancelled } from '../core/cancel';
import { getState, useStore } from '../state/store';
import { POOL, featuresWorker } from './features';
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

/** Writes computed dynamics into the current population (a derived copy, so features/PHATE do not rerun). */
function storeDynamics(popId: string, results: { index: number; dynamics: DynamicsRecord | null }[]): void {
  const cur = getState().population;
  if (!cur || cur.id !== popId || results.length === 0) return;
  const networks: NetworkRecord[] = cur.networks.slice();
  for (const r of results) if (r.dynamics && networks[r.index]) networks[r.index] = { ...networks[r.index], dynamics: r.dynamics };
  const next: Population = { ...cur, networks };
  derivedPopulations.add(next);
  getState().applyNetworks(next);
}

const pending = new Map<string, Promise<DynamicsRecord | null>>();

/** One network's dynamics: stored, or computed now in a features worker (null with fewer than two stored epochs). */
export function dynamicsOf(net: NetworkRecord): Promise<DynamicsRecord | null> {
  if (net.dynamics) return Promise.resolve(net.dynamics);
  const pop = getState().population;
  if (!pop || !net.checkpoints?.length) return Promise.resolve(null);
  const key = `${pop.id}\u0000${net.id}`;
  let p = pending.get(key);
  if (!p) {
    const index = pop.networks.findIndex((n) => n.id === net.id);
    const h = featuresWorker(POOL - 1);
    p = h.call(h.api.networkDynamics(net, pop.probe)).then((dynamics) => {
      if (index >= 0) storeDynamics(pop.id, [{ index, dynamics }]);
      return dynamics;
    });
    p.finally(() => pending.delete(key)).catch(() => {});
    pending.set(key, p);
  }
  return p;
}

let run = 0;

/** Computes the dynamics of every network that lacks them, on the workers' pool, with progress and cancel. */
export async function computeDynamics(): Promise<void> {
  const pop = getState().population;
  if (!pop) return;
  const mine = ++run;
  const todo = networksLackingDynamics(pop);
  const total = todo.length;
  if (total === 0) {
    getState().setDynamicsJob({ status: 'done', done: 0, total: 0, message: 'every network with checkpoints has its dynamics' });
    return;
  }
  const t0 = performance.now();
  let done = 0;
  let shownAt = 0;
  getState().setDynamicsJob({ status: 'running', done: 0, total, message: undefined, seconds: undefined });
  const onDone = Comlink.proxy(() => {
    done++;
    const now = performance.now();
    if (run === mine && (now - shownAt > 150 || done === total)) {
      shownAt = now;
      getState().setDynamicsJob({ done });
    }
  });
  const shares = Array.from({ length: POOL }, (_, w) => todo.filter((_, q) => q % POOL === w));
  try {
    const results = await Promise.all(
      shares.map((idx, w) => {
        if (idx.length === 0) return Promise.resolve([]);
        const h = featuresWorker(w);
        // Only what the dynamics read travels: checkpoints, final activations and metrics.
        const nets = idx.map((i) => ({ ...pop.networks[i], features: undefined, layerProfile: undefined }));
        return h.call(h.api.dynamics(nets, idx, pop.probe, onDone));
      }),
    );
    if (run !== mine) return;
    storeDynamics(pop.id, results.flat());
    getState().setDynamicsJob({ status: 'done', done: total, seconds: (performance.now() - t0) / 1000 });
  } catch (e) {
    if (run !== mine) return;
    const cancelled = isCancelled(e);
    getState().setDynamicsJob({ status: cancelled ? 'cancelled' : 'error', message: cancelled ? 'cancelled' : errorText(e) });
    if (!cancelled) getState().pushError(`Computing training dynamics failed: ${errorText(e)}`);
  }
}

export function cancelDynamics(): void {
  run++;
  for (let w = 0; w < POOL; w++) void featuresWorker(w).api.cancelDynamics();
  if (getState().dynamicsJob.status === 'running') getState().setDynamicsJob({ status: 'cancelled', message: 'cancelled' });
}

/** A new population (not one this app derived) starts with no dynamics job. */
export function startDynamicsController(): () => void {
  return useStore.subscribe((s, prev) => {
    if (s.population === prev.population || !s.population || derivedPopulations.has(s.population)) return;
    if (s.dynamicsJob.status === 'running') cancelDynamics();
    getState().setDynamicsJob({ status: 'idle', done: 0, total: 0, message: undefined, seconds: undefined });
  });
}
