// Comlink endpoints for workers. A worker that fails to load or crashes rejects
// its pending calls (comlink alone would hang) and is recreated on next use
// (WorkerSlot). The page's shared slots are made in browser-workers.ts.
import * as Comlink from 'comlink';

export interface WorkerHandle<T> {
  api: Comlink.Remote<T>;
  /** Resolves the call, or rejects when the worker errors first. */
  call<R>(p: Promise<R>): Promise<R>;
  terminate(): void;
}

/** APIs run in-process instead of a worker, by label (unit tests of the controllers, in Node). */
const inProcess = new Map<string, object>();

/**
 * Tests: the worker labelled `label` ('PHATE', 'embedding', 'features', …) is
 * `api` called in-process (a *-api.ts factory or a fake); null restores the
 * real worker for handles made afterwards.
 */
export function runWorkerInProcess(label: string, api: object | null): void {
  if (api) inProcess.set(label, api);
  else inProcess.delete(label);
}

/** Exported for the other workers' controllers (src/app/phate.ts, src/app/features.ts). */
export function wrap<T>(make: () => Worker, label: string, onDead: () => void): WorkerHandle<T> {
  const local = inProcess.get(label);
  if (local) return { api: local as Comlink.Remote<T>, call: (p) => p, terminate: onDead };
  const worker = make();
  const api = Comlink.wrap<T>(worker);
  let fail: ((e: Error) => void)[] = [];
  const die = (message: string) => {
    const err = new Error(`${label} worker failed: ${message}`);
    const waiting = fail;
    fail = [];
    waiting.forEach((f) => f(err));
    worker.terminate();
    onDead();
  };
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    die(e.message || 'could not start (script error)');
  });
  worker.addEventListener('messageerror', () => die('a message could not be decoded'));
  return {
    api,
    call<R>(p: Promise<R>): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        fail.push(reject);
        p.then(resolve, reject).finally(() => {
          fail = fail.filter((f) => f !== reject);
        });
      });
    },
    terminate() {
      die('stopped');
    },
  };
}

/**
 * One lazily started worker: get() starts it on first use and again after it
 * died (a crash, a load failure, terminate()); onDead lets its owner forget
 * what the dead worker held.
 */
export class WorkerSlot<T> {
  private handle: WorkerHandle<T> | null = null;
  constructor(
    private readonly make: () => Worker,
    private readonly label: string,
    private readonly onDead?: () => void,
  ) {}

  get(): WorkerHandle<T> {
    this.handle ??= wrap<T>(this.make, this.label, () => {
      this.handle = null;
      this.onDead?.();
    });
    return this.handle;
  }

  /** The running worker, if one was started (starts none). */
  get current(): WorkerHandle<T> | null {
    return this.handle;
  }
}
