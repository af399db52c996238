// Progress and cancellation hooks for long distance computations.

import type { Progress } from '../types';

export interface WorkHooks {
  onProgress?(p: Progress): void;
  /** Polled between chunks of work; returning true aborts with CancelledError. */
  isCancelled?(): boolean;
}

/** Thrown when a hook's isCancelled() returns true; callers test `err.name === 'CancelledError'`. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(hooks?: WorkHooks): void {
  if (hooks?.isCancelled?.()) throw new CancelledError();
}
