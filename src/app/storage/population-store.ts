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

let dbPromise: Promise<IDBPDatabase<PopulationDb>> | null = null;

function openPopulationDb(): Promise<IDBPDatabase<PopulationDb>> {
  if (!dbPromise) {
    dbPromise = openDB<PopulationDb>(POPULATION_DB_NAME, POPULATION_DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('imports', { keyPath: 'storedId' });
      },
    });
    dbPromise.catch(() => {
      dbPromise = null;
    });
  }
  return dbPromise;
}

export function newStoredId(): string {
  return `import-${Date.now().toString(36)}-${Math.floor(Math.random() * 0x7fffffff).toString(36)}`;
}

export async function putImport(rec: StoredImport): Promise<void> {
  await (await openPopulationDb()).put('imports', rec);
}

export async function getImport(storedId: string): Promise<StoredImport | undefined> {
  return (await openPopulationDb()).get('imports', storedId);
}

export async function deleteImport(storedId: string): Promise<void> {
  await (await openPopulationDb()).delete('imports', storedId);
}

/** Every stored import, newest first. */
export async function listImports(): Promise<StoredImport[]> {
  const all = await (await openPopulationDb()).getAll('imports');
  return all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}
