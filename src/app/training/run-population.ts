// Pure pieces of turning a stored run into a population: the networks as they
// join a base population, the population's name, the checks a restore makes,
// and the words the UI shows. No store, no worker, no storage.
import type { NetworkRecord, Population, ProbeSet } from '../../core/types';
import { decodeStoredNetwork, type StoredNetwork } from '../../core/persist/stored-network';
import { networkId } from '../../core/population/spec';
import type { StoredRun } from '../../workers/run-store';
import { DATASET_LABELS } from '../dataset-labels';

/** Runs joined to runs joined to … : deeper than this is a loop in the records. */
export const MAX_JOIN_DEPTH = 32;

/** An error in words; a DOMException with an empty message (a full quota) is named by its name. */
export const errorText = (e: unknown): string => {
  const msg = e instanceof Error ? e.message.trim() : String(e ?? '').trim();
  if (msg) return msg;
  return e instanceof Error && e.name && e.name !== 'Error' ? e.name : 'unknown error (no message)';
};

/** What the UI says when networks of a run are not stored. */
export function unstoredWarning(unstored: number, reason: string): string {
  return `${unstored} network${unstored === 1 ? ' is' : 's are'} not stored in this browser — ${reason}. They are shown, but lost on reload: download the population (Export bundle) to keep ${unstored === 1 ? 'it' : 'them'}.`;
}

/** `base`, or `base-2`, `base-3`, … : the first not in `taken` (which it joins). */
function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
  taken.add(id);
  return id;
}

/** The run's networks as they join `base`: origin 'sampled', ids continuing the base's numbering (the same on every rebuild). */
export function joinedRecords(base: Population, run: StoredRun, stored: StoredNetwork[]): NetworkRecord[] {
  const taken = new Set(base.networks.map((n) => n.id));
  return stored.map((s, i) => {
    const rec = decodeStoredNetwork(s, run.probe.n);
    return { ...rec, id: uniqueId(networkId(rec.hp, base.networks.length + i), taken), origin: 'sampled' };
  });
}

/** Same probe rows (the added networks were probed on the base population's own). */
export function sameRows(a: ProbeSet, b: ProbeSet): boolean {
  if (a.n !== b.n || a.inputDim !== b.inputDim || a.x.length !== b.x.length) return false;
  for (let i = 0; i < a.x.length; i++) if (a.x[i] !== b.x[i]) return false;
  return true;
}

/** Networks with a finite embedding position. */
export function countFinite(pop: Population | null): number {
  const e = pop?.embedding;
  if (!pop || !e) return 0;
  let n = 0;
  for (let i = 0; i < pop.networks.length; i++) if (Number.isFinite(e.embedding[i * e.nComponents])) n++;
  return n;
}

/** The id and name of the population a run trained in this browser makes on its own. */
export function runPopulationName(run: StoredRun, networks: number): { id: string; name: string } {
  const label = DATASET_LABELS[run.dataset.name];
  return {
    id: `browser-${run.runId}`,
    name: `${label} · ${networks}${networks >= run.total ? '' : ` of ${run.total}`} networks trained in this browser`,
  };
}

/** What the population's provenance says about the browser run that made it. */
export const runGenerator = (run: StoredRun): string => `netmanifold browser 0.1.0 (tfjs ${run.backend}, batched)`;
