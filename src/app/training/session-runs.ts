// Networks trained in this tab that could not be stored (quota full,
// IndexedDB unavailable): kept here, on the UI thread, so that they are shown
// and restored exactly like stored ones. They are lost on reload, and the UI
// says so. Reads merge this memory with what the run store has for the run.
import type { StoredNetwork } from '../../core/persist/stored-network';
import { storageFailureReason, type StoredRun } from '../../workers/run-store';
import type { RunStorePort } from './ports';

interface SessionRun {
  run: StoredRun;
  networks: Map<number, StoredNetwork>;
  /** Why these networks are not stored. */
  reason: string;
}

export interface LoadedRun {
  run: StoredRun;
  /** Stored and memory-only networks, by index. */
  networks: StoredNetwork[];
  /** How many of them are only in this tab's memory. */
  unstored: number;
  reason?: string;
}

export class SessionRuns {
  private readonly memory = new Map<string, SessionRun>();

  constructor(private readonly store: Pick<RunStorePort, 'getRun' | 'getNetworks'>) {}

  /** Keeps a run's unstored networks (joining those kept earlier in this tab). */
  keepUnstored(run: StoredRun, networks: StoredNetwork[], reason: string): void {
    const entry = this.memory.get(run.runId) ?? { run, networks: new Map<number, StoredNetwork>(), reason };
    entry.reason = reason;
    for (const n of networks) entry.networks.set(n.index, n);
    this.memory.set(run.runId, entry);
  }

  /** The run as kept in this tab's memory, if any of it is. */
  get(runId: string): { run: StoredRun; indices: number[]; reason: string } | null {
    const e = this.memory.get(runId);
    return e ? { run: e.run, indices: [...e.networks.keys()].sort((a, b) => a - b), reason: e.reason } : null;
  }

  forget(runId: string): void {
    this.memory.delete(runId);
  }

  /** A run's record and every network of it this tab can see; null when neither the store nor memory has it. */
  async load(runId: string): Promise<LoadedRun | null> {
    const mem = this.memory.get(runId);
    let run: StoredRun | undefined;
    let stored: StoredNetwork[] = [];
    try {
      run = await this.store.getRun(runId);
      if (run) stored = await this.store.getNetworks(runId);
    } catch (e) {
      if (!mem) throw new Error(`the run cannot be read from this browser's storage: ${storageFailureReason(e)}`);
    }
    run ??= mem?.run;
    if (!run) return null;
    const byIndex = new Map(stored.map((n) => [n.index, n]));
    let unstored = 0;
    for (const [i, n] of mem?.networks ?? []) {
      if (byIndex.has(i)) continue;
      byIndex.set(i, n);
      unstored++;
    }
    const networks = [...byIndex.values()].sort((a, b) => a.index - b.index);
    return { run, networks, unstored, ...(mem ? { reason: mem.reason } : {}) };
  }
}
