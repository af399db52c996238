// One job helper: a Job owns a long task's progress, error, busy state and
// cancel. Its caller gives it a report function (usually a store setter of a
// JobReport slice); the job writes status 'running' → 'done' | 'error' |
// 'cancelled', and the busy flag is cleared in every outcome. Cancel is
// cooperative: cancel() tells the work in flight (onCancel: e.g. the worker's
// cancel()), the work polls ctx.isCancelled() (pass it as a hook's
// isCancelled) and throws CancelledError, or simply returns; a CancelledError
// from a worker reads as 'cancelled', never as 'error'. Starting a new run
// supersedes the one in flight: its late result and status are dropped.
// Also home of the app's shared cancel flag (formerly job-cancel.ts).
import { CancelledError, isCancelled } from '../core/cancel';
import type { JobReport, Progress } from '../core/types';

export type { JobReport };

export interface JobContext {
  /** True once this run was cancelled or superseded. */
  isCancelled(): boolean;
  /** Throws CancelledError when this run was cancelled or superseded. */
  throwIfCancelled(): void;
  /** Reports progress (throttled by progressEveryMs; a step that reaches its total always gets through). */
  progress(p: Progress): void;
}

export interface JobOptions {
  /** Receives every status / progress change of the job. */
  report(patch: Partial<JobReport>): void;
  /** Called with a failed run's message (e.g. the store's pushError with a prefix). */
  onError?(message: string, error: unknown): void;
  /** Tells the work in flight to stop (a worker's cancel(), a terminate); called by cancel(). */
  onCancel?(): void;
  /** What the status says after a cancel (default 'cancelled'). */
  cancelMessage?: string;
  /** Progress reaches report() at most this often, in ms (default 0: every call). */
  progressEveryMs?: number;
  now?(): number;
}

export interface Job {
  readonly busy: boolean;
  /** Runs `work`; resolves its value, or null when it was cancelled, superseded or failed. */
  run<T>(work: (ctx: JobContext) => Promise<T>): Promise<T | null>;
  /** Cancels the run in flight (nothing when none is). */
  cancel(): void;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createJob(opts: JobOptions): Job {
  const now = opts.now ?? (() => performance.now());
  const cancelMessage = opts.cancelMessage ?? 'cancelled';
  const every = opts.progressEveryMs ?? 0;
  let generation = 0;
  let inFlight = 0;
  return {
    get busy() {
      return inFlight > 0;
    },
    cancel() {
      if (inFlight === 0) return;
      generation++;
      opts.onCancel?.();
      opts.report({ status: 'cancelled', message: cancelMessage });
    },
    async run<T>(work: (ctx: JobContext) => Promise<T>): Promise<T | null> {
      const mine = ++generation;
      const current = () => mine === generation;
      let shownAt = -Infinity;
      let shownStage: string | undefined;
      const ctx: JobContext = {
        isCancelled: () => !current(),
        throwIfCancelled: () => {
          if (!current()) throw new CancelledError();
        },
        progress: (p) => {
          if (!current()) return;
          if (every > 0) {
            // A new stage and a finished step always get through; within a stage, one report per `every` ms.
            const t = now();
            if (t - shownAt < every && p.done < p.total && p.stage === shownStage) return;
            shownAt = t;
            shownStage = p.stage;
          }
          opts.report({ stage: p.stage, done: p.done, total: p.total, message: p.message });
        },
      };
      const t0 = now();
      inFlight++;
      opts.report({ status: 'running', stage: '', done: 0, total: 0, message: undefined, seconds: undefined });
      try {
        const value = await work(ctx);
        if (!current()) return null;
        opts.report({ status: 'done', message: undefined, seconds: (now() - t0) / 1000 });
        return value;
      } catch (e) {
        // A newer run owns the status now; a cancel already reported 'cancelled'.
        if (!current()) return null;
        if (isCancelled(e)) {
          opts.report({ status: 'cancelled', message: cancelMessage });
          return null;
        }
        opts.report({ status: 'error', message: errorText(e) });
        opts.onError?.(errorText(e), e);
        return null;
      } finally {
        inFlight--;
      }
    },
  };
}

/** A cancel flag: requested by Cancel, reset when a job starts. */
export interface CancelFlag {
  request(): void;
  reset(): void;
  readonly requested: boolean;
}

export function createCancelFlag(): CancelFlag {
  let requested = false;
  return {
    request() {
      requested = true;
    },
    reset() {
      requested = false;
    },
    get requested() {
      return requested;
    },
  };
}
