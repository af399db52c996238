// The stored-populations list (issue 14 item 2): what this browser keeps that
// cost minutes to make — populations trained here, runs grown from a
// population by "Train more like these", imported bundles — with name, date,
// networks and size, and open / export / delete; plus the storage used.
// Reads the training runs through run-store's API and the imports through
// population-store.
import { storedNetworkBytes } from '../../core/persist/stored-network';
import { getState } from '../../state/store';
import { DATASET_LABELS, decodeInWorker, showPopulation } from '../controller';
import * as runStore from '../../workers/run-store';
import type { Training } from '../training/training';
import { exportCurrentPopulation } from '../sharing/import';
import { storedOrigins } from './origins';
import { newStoredId, populationStore } from './population-store';

export type StoredKind = 'trained' | 'grown' | 'imported';

export interface StoredEntry {
  /** `run:<runId>` or `import:<storedId>` */
  key: string;
  kind: StoredKind;
  name: string;
  createdAt: string;
  /** Networks this entry adds (for a grown run: the new ones). */
  networks: number;
  /** A grown run: the population it joins and its networks then. */
  joins?: { name: string; networks: number };
  /** Networks still missing from an unfinished run. */
  missing: number;
  bytes: number;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Every stored population, newest first. */
export async function listStoredPopulations(): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  for (const run of await runStore.listRuns()) {
    const nets = await runStore.getNetworks(run.runId);
    if (nets.length === 0) continue;
    const base = run.addTo;
    out.push({
      key: `run:${run.runId}`,
      kind: base ? 'grown' : 'trained',
      name: base
        ? `${nets.length} networks trained to join “${base.name}”`
        : `${DATASET_LABELS[run.dataset.name]} · ${nets.length} networks trained in this browser`,
      createdAt: run.createdAt,
      networks: nets.length,
      ...(base ? { joins: { name: base.name, networks: base.networks } } : {}),
      missing: Math.max(0, run.total - nets.length),
      bytes: nets.reduce((s, n) => s + storedNetworkBytes(n), 0),
    });
  }
  for (const imp of await populationStore.list()) {
    out.push({
      key: `import:${imp.storedId}`,
      kind: 'imported',
      name: `${imp.name} (${imp.fileName})`,
      createdAt: imp.createdAt,
      networks: imp.networks,
      missing: 0,
      bytes: imp.bytes.byteLength,
    });
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** Bytes this origin uses of its quota (navigator.storage.estimate), or null where the browser does not say. */
export async function storageUsed(): Promise<{ usage: number; quota: number } | null> {
  try {
    const e = await navigator.storage?.estimate?.();
    return e && typeof e.usage === 'number' && typeof e.quota === 'number' ? { usage: e.usage, quota: e.quota } : null;
  } catch {
    return null;
  }
}

/** Keeps an imported bundle (its bytes as read) so it can be opened again and runs joined to it can be restored. */
export async function rememberImport(
  fileName: string,
  bytes: ArrayBuffer,
  populationId: string,
  name: string,
  networks: number,
): Promise<void> {
  const storedId = newStoredId();
  try {
    await populationStore.put({ storedId, populationId, name, fileName, networks, bytes, createdAt: new Date().toISOString() });
    storedOrigins.set(populationId, { kind: 'import', storedId });
  } catch (e) {
    // Storage full or unavailable: the population stays on screen; it just is not kept.
    getState().pushNotice(
      `${fileName} is shown but could not be kept in this browser's storage (${errorText(e)}); export it or keep the file to open it again.`,
    );
  }
}

/** The training controllers a stored entry needs (app().training). */
export type StoredRunsAccess = Pick<Training, 'runs' | 'viewer' | 'restore'>;

/** Shows a stored entry (a grown run joined to its base again). */
export async function openStored(key: string, training: StoredRunsAccess): Promise<void> {
  if (training.runs.isBusy()) return;
  const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (kind === 'run') return training.viewer.show(id);
  const s = getState();
  const had = s.population;
  try {
    const rec = await populationStore.get(id);
    if (!rec) throw new Error('it is no longer stored in this browser');
    s.setPopulationStatus('loading');
    const pop = await decodeInWorker(rec.bytes.slice(0));
    storedOrigins.set(pop.id, { kind: 'import', storedId: id });
    await showPopulation(pop);
    if (getState().populationStatus === 'loading') getState().setPopulationStatus(had ? 'ready' : 'error');
  } catch (e) {
    getState().pushError(`Could not open the stored population: ${errorText(e)}`);
    if (getState().populationStatus === 'loading') getState().setPopulationStatus(getState().population ? 'ready' : 'error');
  }
}

/** Downloads a stored entry as a bundle: an import as stored; a run once shown (it is embedded first). */
export async function exportStored(key: string, training: StoredRunsAccess): Promise<void> {
  const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (kind === 'import') {
    const rec = await populationStore.get(id);
    if (!rec) return getState().pushError('Could not export: the population is no longer stored in this browser.');
    download(
      new Blob([rec.bytes]),
      rec.fileName.endsWith('.nmpop') || rec.fileName.endsWith('.gz') ? rec.fileName : `${rec.fileName}.nmpop`,
    );
    return;
  }
  await openStored(key, training);
  if (getState().job.status === 'done') await exportCurrentPopulation();
}

function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Deletes a stored entry; the population on screen stays. Returns a note when other entries depended on it. */
export async function deleteStored(key: string, training: StoredRunsAccess): Promise<void> {
  const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  try {
    if (kind === 'run') {
      const joining = await runStore.runsJoining(id);
      await training.restore.discard(id);
      if (joining.length)
        getState().pushNotice(
          `Deleted. ${joining.length} stored run${joining.length > 1 ? 's were' : ' was'} trained to join it and will be restored on ${joining.length > 1 ? 'their' : 'its'} own.`,
        );
    } else await populationStore.delete(id);
  } catch (e) {
    getState().pushError(`Could not delete the stored population: ${errorText(e)}`);
  }
}
