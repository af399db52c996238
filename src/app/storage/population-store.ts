// IndexedDB store of imported populations (issue 14 item 2): a bundle opened
// from a file costs minutes to make elsewhere and cannot be fetched again, so
// its bytes are kept here (as the file, or as re-encoded by the bundle
// encoder) and listed under Stored populations. Trained runs stay in the
// training worker's store (src/app/training/run-store.ts).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const POPULATION_DB_NAME = 'netmanifold-populations';
const POPULATION_DB_VERSION = 1;

export interface StoredImport {
  /** `import-<time>-<random>` */
  storedId: string;
  /** The population's own id and name as decoded. */
  populationId: string;
  name: string;
  fileName: string;
  networks: number;
  /** The bundle (gzipped or plain), exactly as decodeBundle reads it. */
  bytes: ArrayBuffer;
  createdAt: string;
}

interface PopulationDb extends DBSchema {
  imports: { key: string; value: StoredImport };
}

export function newStoredId(): string {
  return `import-${Date.now().toString(36)}-${Math.floor(Math.random() * 0x7fffffff).toString(36)}`;
}

/** The imports database; opened on first use (again after a failed open). */
export class PopulationStore {
  private dbPromise: Promise<IDBPDatabase<PopulationDb>> | null = null;

  constructor(private readonly dbName = POPULATION_DB_NAME) {}

  private open(): Promise<IDBPDatabase<PopulationDb>> {
    if (!this.dbPromise) {
      const opening = openDB<PopulationDb>(this.dbName, POPULATION_DB_VERSION, {
        upgrade(db) {
          db.createObjectStore('imports', { keyPath: 'storedId' });
        },
      });
      this.dbPromise = opening;
      opening.catch(() => {
        if (this.dbPromise === opening) this.dbPromise = null;
      });
    }
    return this.dbPromise;
  }

  async put(rec: StoredImport): Promise<void> {
    await (await this.open()).put('imports', rec);
  }

  async get(storedId: string): Promise<StoredImport | undefined> {
    return (await this.open()).get('imports', storedId);
  }

  async delete(storedId: string): Promise<void> {
    await (await this.open()).delete('imports', storedId);
  }

  /** Every stored import, newest first. */
  async list(): Promise<StoredImport[]> {
    const all = await (await this.open()).getAll('imports');
    return all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }
}
