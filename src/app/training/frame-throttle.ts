// Worker progress arrives far more often than the screen repaints: keep the
// latest value and hand it on once per frame.
import type { Clock } from './ports';

/** Runs fn at most once per frame with the latest value. */
export function frameThrottle<T>(clock: Pick<Clock, 'frame' | 'cancelFrame'>, fn: (v: T) => void): { push(v: T): void; cancel(): void } {
  let pending: T | undefined;
  let id = 0;
  return {
    push(v) {
      pending = v;
      if (!id)
        id = clock.frame(() => {
          id = 0;
          if (pending !== undefined) fn(pending);
          pending = undefined;
        });
    },
    cancel() {
      if (id) clock.cancelFrame(id);
      id = 0;
      pending = undefined;
    },
  };
}
