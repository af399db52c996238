// The app's storage and import-worker objects (issue 12): each instance holds its own state
// (no module variables), so two of them do not see each other's records.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PopulationStore, newStoredId, type StoredImport } from '../../src/app/storage/population-store';
import { StoredOrigins } from '../../src/app/storage/origins';
import { ImportWorker } from '../../src/app/sharing/import-worker';
import { runWorkerInProcess } from '../../src/app/workers';

const rec = (storedId: string, createdAt: string): StoredImport => ({
  storedId,
  populationId: `pop-${storedId}`,
  name: storedId,
  fileName: `${storedId}.nmpop`,
  networks: 3,
  bytes: new Uint8Array([1, 2, 3]).buffer,
  createdAt,
});

describe('PopulationStore', () => {
  it('puts, gets, lists newest first and deletes; another database name is another store', async () => {
    const a = new PopulationStore('test-populations-a');
    const b = new PopulationStore('test-populations-b');
    await a.put(rec('x', '2026-01-01T00:00:00Z'));
    await a.put(rec('y', '2026-02-01T00:00:00Z'));
    expect((await a.get('x'))?.populationId).toBe('pop-x');
    expect((await a.list()).map((r) => r.storedId)).toEqual(['y', 'x']);
    expect(await b.list()).toEqual([]);
    await a.delete('y');
    expect((await a.list()).map((r) => r.storedId)).toEqual(['x']);
    expect(newStoredId()).toMatch(/^import-[a-z0-9]+-[a-z0-9]+$/);
  });
});

describe('StoredOrigins', () => {
  it('records origins per instance; a restored run id is read from the population id', () => {
    const a = new StoredOrigins();
    const b = new StoredOrigins();
    a.set('pop-1', { kind: 'import', storedId: 'import-1' });
    expect(a.of('pop-1')).toEqual({ kind: 'import', storedId: 'import-1' });
    expect(b.of('pop-1')).toBeNull();
    expect(b.of('browser-run-abc-12')).toEqual({ kind: 'run', runId: 'run-abc-12' });
    expect(b.of('browser-')).toBeNull();
  });
});

describe('ImportWorker', () => {
  it("runs its calls on the worker labelled 'import' (in-process here); stop() without a worker is a no-op", async () => {
    runWorkerInProcess('import', { encodeBundle: async () => new Uint8Array([7, 8]) });
    try {
      const w = new ImportWorker(() => {
        throw new Error('in-process: no Worker is made');
      });
      w.stop();
      const bytes = await w.call((api) => api.encodeBundle(null as never));
      expect(Array.from(bytes)).toEqual([7, 8]);
    } finally {
      runWorkerInProcess('import', null);
    }
  });
});
