// Worker → page progress: one message per `everyMs` within a stage, but the
// first report of every stage and every finished step always go (a page that
// waits for a stage, or a cancel aimed at it, must see it).
import type { Progress } from '../core/types';

export function throttledProgress(onProgress: ((p: Progress) => void) | undefined, everyMs: number): (p: Progress) => void {
  let last = -Infinity;
  let stage: string | undefined;
  return (p) => {
    if (!onProgress) return;
    const now = performance.now();
    if (now - last <= everyMs && p.done < p.total && p.stage === stage) return;
    last = now;
    stage = p.stage;
    void onProgress({ ...p });
  };
}
