// The import/export worker's handle: a WorkerSlot (src/app/workers.ts), like the
// training and embedding workers. A worker that fails to load or crashes rejects
// the pending calls and is started again on the next call; stop() (cancelling an
// import) terminates it, which rejects the call in flight.
import type * as Comlink from 'comlink';
import type { ImportWorkerApi } from '../../workers/import.worker';
import { WorkerSlot } from '../workers';

export class ImportWorker {
  private readonly slot: WorkerSlot<ImportWorkerApi>;

  constructor(make: () => Worker) {
    this.slot = new WorkerSlot<ImportWorkerApi>(make, 'import');
  }

  /** Runs one call on the import worker; rejects if the worker dies first. */
  call<R>(f: (api: Comlink.Remote<ImportWorkerApi>) => Promise<R>): Promise<R> {
    const h = this.slot.get();
    return h.call(f(h.api));
  }

  /** Terminates the worker (if one runs); the next call starts a new one. */
  stop(): void {
    this.slot.current?.terminate();
  }
}
