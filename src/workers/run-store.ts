// IndexedDB persistence of population runs (idb): one record per run (its
// spec, the resolved dataset spec and the probe set) and one compact record
// per finished network, written as each finishes, so a reload or a crash
// loses at most the networks still training. Used from the training worker
// (writes) and the UI thread (restore, discard).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DatasetSpec, PopulationSpec, ProbeSet } from '../core/types';
import type { StoredNetwork } from '../core/persist/stored-network';
import type { PopulationSource } from '../core/viewstate/schema';

export const RUN_DB_NAME = 'netmanifold-training';
const RUN_DB_VERSION = 1;
/** Runs kept besides the newest; older ones are deleted when a run starts. */
export const KEEP_RUNS = 3;

/** running: a session is (or was, if the tab died) training it; the rest are final states of a session. */
export type RunState = 'running' | 'paused' | 'cancelled' | 'complete';

/** A run trained to join a population ("Train more like these"): how to rebuild that population on restore. */
export interface StoredAddTarget {
  /** Where that population came from; null when it cannot be fetched again (a file, trained here, grown). */
  source: PopulationSource | null;
  name: string;
  /** Its networks when the run started: the run's networks follow them. */
  networks: number;
  /** Issue 14: that population was a stored run of this browser (trained here or grown): restore rebuilds it from that run. */
  baseRunId?: string;
  /** Issue 14: that population was a stored import (src/app/storage/population-store.ts). */
  baseImportId?: string;
}

export interface StoredRun {
  runId: string;
  spec: PopulationSpec;
  /** The dataset spec with every default filled in (what was generated). */
  dataset: DatasetSpec;
  /** Dataset facts the UI shows without loading the data. */
  datasetInfo: { inputDim: number; numClasses: number; classNames: string[] };
  probe: ProbeSet;
  total: number;
  state: RunState;
  backend: string;
  /** Set for a run whose networks were added to a population. */
  addTo?: StoredAddTarget;
  createdAt: string;
  updatedAt: string;
}

interface RunDb extends DBSchema {
  runs: { key: string; value: StoredRun };
  networks: { key: [string, number]; value: StoredNetwork; indexes: { byRun: string } };
}

let dbPromise: Promise<IDBPDatabase<RunDb>> | null = null;

export function openRunDb(): Promise<IDBPDatabase<RunDb>> {
  if (!dbPromise) {
    dbPromise = openDB<RunDb>(RUN_DB_NAME, RUN_DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'runId' });
        const nets = db.createObjectStore('networks', { keyPath: ['runId', 'index'] });
        nets.createIndex('byRun', 'runId');
      },
    });
    dbPromise.catch(() => {
      dbPromise = null;
    });
  }
  return dbPromise;
}

/** Closes the connection (tests; a version change elsewhere). */
export async function closeRunDb(): Promise<void> {
  const p = dbPromise;
  dbPromise = null;
  if (p) (await p).close();
}

export async function putRun(run: StoredRun): Promise<void> {
  const db = await openRunDb();
  await db.put('runs', { ...run, updatedAt: new Date().toISOString() });
}

export async function getRun(runId: string): Promise<StoredRun | undefined> {
  return (await openRunDb()).get('runs', runId);
}

export async function setRunState(runId: string, state: RunState, backend?: string): Promise<void> {
  const db = await openRunDb();
  const tx = db.transaction('runs', 'readwrite');
  // tx.done is awaited together with the requests: a transaction aborted by a full quota rejects both,
  // and neither rejection may go unhandled.
  const update = (async () => {
    const run = await tx.store.get(runId);
    if (run) await tx.store.put({ ...run, state, ...(backend ? { backend } : {}), updatedAt: new Date().toISOString() });
  })();
  await Promise.all([update, tx.done]);
}

export async function putNetwork(net: StoredNetwork): Promise<void> {
  await (await openRunDb()).put('networks', net);
}

export async function getNetworks(runId: string): Promise<StoredNetwork[]> {
  const nets = await (await openRunDb()).getAllFromIndex('networks', 'byRun', runId);
  return nets.sort((a, b) => a.index - b.index);
}

/** Indices of the run's stored networks (keys only: no activations are read). */
export async function storedIndices(runId: string): Promise<number[]> {
  const keys = await (await openRunDb()).getAllKeysFromIndex('networks', 'byRun', runId);
  return keys.map((k) => k[1]).sort((a, b) => a - b);
}

export async function deleteRun(runId: string): Promise<void> {
  const db = await openRunDb();
  const tx = db.transaction(['runs', 'networks'], 'readwrite');
  const work = (async () => {
    await tx.objectStore('runs').delete(runId);
    const nets = tx.objectStore('networks');
    for (const key of await nets.index('byRun').getAllKeys(runId)) await nets.delete(key);
  })();
  await Promise.all([work, tx.done]);
}

/** Every run, newest first. */
export async function listRuns(): Promise<StoredRun[]> {
  const runs = await (await openRunDb()).getAll('runs');
  return runs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/**
 * Deletes all but the newest `keep` runs, and never a run that a kept run joins (addTo.baseRunId,
 * followed down the chain) — nor one that `incoming` (a run about to be written) joins.
 */
export async function pruneRuns(keep = KEEP_RUNS, incoming?: StoredRun): Promise<void> {
  const runs = await listRuns();
  const byId = new Map(runs.map((r) => [r.runId, r]));
  const needed = new Set<string>();
  for (const r of incoming ? [incoming, ...runs.slice(0, keep)] : runs.slice(0, keep)) {
    for (let base = r.addTo?.baseRunId; base && !needed.has(base); base = byId.get(base)?.addTo?.baseRunId) needed.add(base);
  }
  for (const r of runs.slice(keep)) if (!needed.has(r.runId)) await deleteRun(r.runId);
}

/** Runs whose addTo.baseRunId is `runId` (they are restored joined to it). */
export async function runsJoining(runId: string): Promise<StoredRun[]> {
  return (await listRuns()).filter((r) => r.addTo?.baseRunId === runId);
}

export interface RunSummary {
  run: StoredRun;
  /** Networks stored so far. */
  stored: number;
}

/**
 * The newest run a reload offers: one with at least one stored network, or
 * one still marked running or paused although no session trains it (the tab
 * was closed or the browser killed before its first network finished: it is
 * offered to resume from the start rather than forgotten).
 */
export async function latestRestorableRun(): Promise<RunSummary | null> {
  for (const run of await listRuns()) {
    const stored = (await storedIndices(run.runId)).length;
    if (stored > 0 || run.state === 'running' || run.state === 'paused') return { run, stored };
  }
  return null;
}

/**
 * Why storing failed, in words for the UI: a DOMException from a full quota
 * or a blocked IndexedDB often has an empty message, so its name is used.
 */
export function storageFailureReason(e: unknown): string {
  const o = (typeof e === 'object' && e !== null ? e : {}) as { name?: unknown; message?: unknown };
  const name = typeof o.name === 'string' && o.name !== 'Error' ? o.name : '';
  const message = (typeof o.message === 'string' ? o.message : typeof e === 'string' ? e : '').trim();
  const detail = [name, message].filter(Boolean).join(': ');
  if (name === 'QuotaExceededError' || /quota/i.test(message))
    return `this site's storage quota in the browser is full (${detail || 'QuotaExceededError'})`;
  if (
    name === 'SecurityError' ||
    name === 'InvalidStateError' ||
    /denied|not allowed|indexeddb/i.test(message) ||
    typeof indexedDB === 'undefined'
  )
    return `IndexedDB is not available here (${detail || 'no indexedDB'}; private browsing or blocked site data)`;
  return `IndexedDB failed (${detail || 'unknown error'})`;
}

/**
 * Writes a run and its networks as they finish and never throws: what cannot
 * be stored (quota full, IndexedDB unavailable) is kept in `unstored` and
 * handed back with the reason, so the run still trains and every network is
 * shown; only those networks are lost on reload. Used by the training worker.
 */
export class RunWriter {
  /** The first storage failure, in words (null while everything is stored). */
  failure: string | null = null;
  /** Networks finished in this session that are not in IndexedDB. */
  readonly unstored: StoredNetwork[] = [];
  private runStored = false;

  constructor(private readonly onFailure: (reason: string) => void) {}

  /** A new run: older runs are pruned first (that frees space), then the run record is written. */
  async begin(run: StoredRun): Promise<void> {
    try {
      await pruneRuns(KEEP_RUNS - 1, run);
    } catch {
      // pruning is housekeeping; putRun below reports the storage problem if there is one
    }
    this.runStored = await this.attempt(() => putRun(run));
  }

  /** A resumed run whose record is already stored (false: it lives in the tab's memory only). */
  resume(runStored: boolean): void {
    this.runStored = runStored;
  }

  /** Stores one finished network; false when it is kept in memory instead. */
  async network(net: StoredNetwork): Promise<boolean> {
    // Networks without their run record could not be restored: they go to memory with the run.
    if (this.runStored && (await this.attempt(() => putNetwork(net)))) return true;
    this.unstored.push(net);
    return false;
  }

  async finish(runId: string, state: RunState): Promise<void> {
    if (this.runStored) await this.attempt(() => setRunState(runId, state));
  }

  private async attempt(write: () => Promise<void>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (e) {
      if (!this.failure) {
        this.failure = storageFailureReason(e);
        this.onFailure(this.failure);
      }
      return false;
    }
  }
}
