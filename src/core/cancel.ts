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
