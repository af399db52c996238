// The import/export worker's comlink handle. Like src/app/workers.ts: a worker
// that fails to load or crashes rejects the pending calls and is recreated.
import * as Comlink from 'comlink';
import type { ImportWorkerApi } from '../../workers/import.worker';

let worker: Worker | null = null;
let api: Comlink.Remote<ImportWorkerApi> | null = null;
let waiting: ((e: Error) => void)[] = [];

function start(): Comlink.Remote<ImportWorkerApi> {
  if (api) return api;
  const w = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-import' });
  const die = (message: string) => {
    const err = new Error(`import worker failed: ${message}`);
    const fail = waiting;
    waiting = [];
    fail.forEach((f) => f(err));
    w.terminate();
    worker = null;
    api = null;
  };
  w.addEventListener('error', (e) => {
    e.preventDefault();
    die(e.message || 'could not start (script error)');
  });
  w.addEventListener('messageerror', () => die('a message could not be decoded'));
  worker = w;
  api = Comlink.wrap<ImportWorkerApi>(w);
  return api;
}

/** Runs one call on the import worker; rejects if the worker dies first. */
export function callImport<R>(f: (api: Comlink.Remote<ImportWorkerApi>) => Promise<R>): Promise<R> {
  const a = start();
  return new Promise<R>((resolve, reject) => {
    waiting.push(reject);
    f(a)
      .then(resolve, reject)
      .finally(() => {
        waiting = waiting.filter((x) => x !== reject);
      });
  });
}

export function stopImportWorker(): void {
  worker?.terminate();
  worker = null;
  api = null;
}
