// Cooperative cancellation: the one error a cancelled (or superseded) job
// throws, in the core, in workers and in the app. Long loops poll a hook's
// isCancelled() and throw CancelledError; callers test isCancelled(err).
// Comlink keeps an error's name across a worker boundary, so the test is by
// name (an instance re-created on the other side is a plain Error).

export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** True for a CancelledError, here or re-thrown from a worker. */
export function isCancelled(e: unknown): boolean {
  return e instanceof Error && e.name === 'CancelledError';
}

/** Throws CancelledError when the hook says so. */
export function throwIfCancelled(hooks?: { isCancelled?(): boolean }, message?: string): void {
  if (hooks?.isCancelled?.()) throw new CancelledError(message);
}

/**
 * Long synchronous work written as a generator that yields between chunks
 * (distances, PHATE stages). Yielding is where a cancel can land: a worker
 * only sees a cancel message when its event loop runs, so a loop that never
 * returns to it cannot be cancelled.
 */
export type Steps<T> = Generator<void, T, void>;

const clock = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Runs the steps to the end without yielding (Node CLI, tests); polls the hook at every step. */
export function drainSteps<T>(steps: Steps<T>, hooks?: { isCancelled?(): boolean }): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    throwIfCancelled(hooks);
  }
}

/**
 * Lets the event loop run queued tasks (a worker's cancel message) and come
 * straight back: setImmediate in Node, a MessageChannel message in a worker or
 * page. Not setTimeout: its minimum delay (and, on a loaded machine, the
 * process sleeping in it) cost ~25 % of a long distance run in the cancel bench.
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => void g.setImmediate!(resolve));
  if (typeof MessageChannel !== 'undefined')
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(0);
    });
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs the steps, giving the event loop a turn about every `sliceMs`
 * (so a worker receives cancel messages) and polling the hook at every step.
 */
export async function runSteps<T>(steps: Steps<T>, hooks?: { isCancelled?(): boolean }, sliceMs = 50): Promise<T> {
  let last = clock();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (clock() - last > sliceMs) {
      await yieldToEventLoop();
      last = clock();
    }
    throwIfCancelled(hooks);
  }
}
