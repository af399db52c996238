// Progress and cancellation hooks for long distance computations.

import type { Progress } from '../types';

export interface WorkHooks {
  onProgress?(p: Progress): void;
  /** Polled between chunks of work; returning true aborts with CancelledError. */
  isCancelled?(): boolean;
}

/** Thrown when a hook's isCancelled() returns true (core/cancel.ts); callers test isCancelled(err). */
export { CancelledError, throwIfCancelled } from '../cancel';
