// Networks trained in this tab that could not be stored (quota full,
// IndexedDB unavailable): kept here, on the UI thread, so that they are shown
// and restored exactly like stored ones. They are lost on reload, and the UI
// says so. Reads merge this memory with what IndexedDB has for the run.
import type { StoredNetwork } from '../../core/persist/stored-network';
import * as runStore from '../../workers/run-store';

interface SessionRun {
  run: runStore.StoredRun;
  networks: Map<number, StoredNetwork>;
  /** Why these networks are not stored. */
  reason: string;
}

const memory = new Map<string, SessionRun>();

/** Keeps a run's unstored networks (joining those kept earlier in this tab). */
export function keepUnstored(run: runStore.StoredRun, networks: StoredNetwork[], reason: string): void {
  const entry = memory.get(run.runId) ?? { run, networks: new Map<number, StoredNetwork>(), reason };
  entry.reason = reason;
  for (const n of networks) entry.networks.set(n.index, n);
  memory.set(run.runId, entry);
}

/** The run as kept in this tab's memory, if any of it is. */
export function sessionRun(runId: string): { run: runStore.StoredRun; indices: number[]; reason: string } | null {
  const e = memory.get(runId);
  return e ? { run: e.run, indices: [...e.networks.keys()].sort((a, b) => a - b), reason: e.reason } : null;
}

export function forgetSessionRun(runId: string): void {
  memory.delete(runId);
}

export interface LoadedRun {
  run: runStore.StoredRun;
  /** Stored and memory-only networks, by index. */
  networks: StoredNetwork[];
  /** How many of them are only in this tab's memory. */
  unstored: number;
  reason?: string;
}

/** A run's record and every network of it this tab can see; null when neither IndexedDB nor memory has it. */
export async function loadRun(runId: string): Promise<LoadedRun | null> {
  const mem = memory.get(runId);
  let run: runStore.StoredRun | undefined;
  let stored: StoredNetwork[] = [];
  try {
    run = await runStore.getRun(runId);
    if (run) stored = await runStore.getNetworks(runId);
  } catch (e) {
    if (!mem) throw new Error(`the run cannot be read from this browser's storage: ${runStore.storageFailureReason(e)}`);
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
