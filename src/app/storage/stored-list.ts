// The stored-populations list (issue 14 item 2): what this browser keeps that
// cost minutes to make — populations trained here, runs grown from a
// population by "Train more like these", imported bundles — with name, date,
// networks and size, and open / export / delete; plus the storage used.
// Reads the training runs through run-store's API and the imports through
// population-store.
import { storedNetworkBytes } from '../../core/persist/stored-network';
import type { AppState } from '../../state/store';
import { DATASET_LABELS } from '../dataset-labels';
import type { Populations } from '../populations';
import type { Training } from '../training/training';
import type { StoredOrigins } from './origins';
import { newStoredId, type PopulationStore } from './population-store';
import type { StoredRun } from '../../workers/run-store';
import type { StoredNetwork } from '../../core/persist/stored-network';

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

/** The run store's reads the list needs (workers/run-store). */
export interface StoredRunReads {
  listRuns(): Promise<StoredRun[]>;
  getNetworks(runId: string): Promise<StoredNetwork[]>;
  runsJoining(runId: string): Promise<StoredRun[]>;
}

/** The training controllers a stored entry needs (app().training). */
export type StoredRunsAccess = Pick<Training, 'runs' | 'viewer' | 'restore'>;

export interface StoredPopulationsDeps {
  store: { getState(): AppState };
  runs: StoredRunReads;
  imports: PopulationStore;
  origins: StoredOrigins;
  populations: Pick<Populations, 'decode' | 'show'>;
  training: StoredRunsAccess;
  /** Downloads the population on screen as a bundle (Imports.exportCurrent). */
  exportCurrent(): Promise<void>;
  download(blob: Blob, name: string): void;
  /** navigator.storage.estimate, where the browser has it. */
  estimate?(): Promise<StorageEstimate>;
}

const keyParts = (key: string): [string, string] => [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];

export class StoredPopulations {
  constructor(private readonly deps: StoredPopulationsDeps) {}

  private get s(): AppState {
    return this.deps.store.getState();
  }

  /** Every stored population, newest first. */
  async list(): Promise<StoredEntry[]> {
    const out: StoredEntry[] = [];
    for (const run of await this.deps.runs.listRuns()) {
      const nets = await this.deps.runs.getNetworks(run.runId);
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
    for (const imp of await this.deps.imports.list()) {
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

  /** Bytes this origin uses of its quota, or null where the browser does not say. */
  async storageUsed(): Promise<{ usage: number; quota: number } | null> {
    try {
      const e = await this.deps.estimate?.();
      return e && typeof e.usage === 'number' && typeof e.quota === 'number' ? { usage: e.usage, quota: e.quota } : null;
    } catch {
      return null;
    }
  }

  /** Keeps an imported bundle (its bytes as read) so it can be opened again and runs joined to it can be restored. */
  async remember(fileName: string, bytes: ArrayBuffer, populationId: string, name: string, networks: number): Promise<void> {
    const storedId = newStoredId();
    try {
      await this.deps.imports.put({ storedId, populationId, name, fileName, networks, bytes, createdAt: new Date().toISOString() });
      this.deps.origins.set(populationId, { kind: 'import', storedId });
    } catch (e) {
      // Storage full or unavailable: the population stays on screen; it just is not kept.
      this.s.pushNotice(
        `${fileName} is shown but could not be kept in this browser's storage (${errorText(e)}); export it or keep the file to open it again.`,
      );
    }
  }

  /** Shows a stored entry (a grown run joined to its base again). */
  async open(key: string): Promise<void> {
    const { training } = this.deps;
    if (training.runs.isBusy()) return;
    const [kind, id] = keyParts(key);
    if (kind === 'run') return training.viewer.show(id);
    const had = this.s.population;
    try {
      const rec = await this.deps.imports.get(id);
      if (!rec) throw new Error('it is no longer stored in this browser');
      this.s.setPopulationStatus('loading');
      const pop = await this.deps.populations.decode(rec.bytes.slice(0));
      this.deps.origins.set(pop.id, { kind: 'import', storedId: id });
      await this.deps.populations.show(pop);
      if (this.s.populationStatus === 'loading') this.s.setPopulationStatus(had ? 'ready' : 'error');
    } catch (e) {
      this.s.pushError(`Could not open the stored population: ${errorText(e)}`);
      if (this.s.populationStatus === 'loading') this.s.setPopulationStatus(this.s.population ? 'ready' : 'error');
    }
  }

  /** Downloads a stored entry as a bundle: an import as stored; a run once shown (it is embedded first). */
  async export(key: string): Promise<void> {
    const [kind, id] = keyParts(key);
    if (kind === 'import') {
      const rec = await this.deps.imports.get(id);
      if (!rec) return this.s.pushError('Could not export: the population is no longer stored in this browser.');
      this.deps.download(
        new Blob([rec.bytes]),
        rec.fileName.endsWith('.nmpop') || rec.fileName.endsWith('.gz') ? rec.fileName : `${rec.fileName}.nmpop`,
      );
      return;
    }
    await this.open(key);
    if (this.s.job.status === 'done') await this.deps.exportCurrent();
  }

  /** Deletes a stored entry; the population on screen stays. Says so when other entries depended on it. */
  async delete(key: string): Promise<void> {
    const [kind, id] = keyParts(key);
    try {
      if (kind === 'run') {
        const joining = await this.deps.runs.runsJoining(id);
        await this.deps.training.restore.discard(id);
        if (joining.length)
          this.s.pushNotice(
            `Deleted. ${joining.length} stored run${joining.length > 1 ? 's were' : ' was'} trained to join it and will be restored on ${joining.length > 1 ? 'their' : 'its'} own.`,
          );
      } else await this.deps.imports.delete(id);
    } catch (e) {
      this.s.pushError(`Could not delete the stored population: ${errorText(e)}`);
    }
  }
}
