// After a reload or a crash: the newest stored run is offered (restore /
// resume / discard). A run still marked running or paused was cut off; one cut
// off before its first network finished is offered too, to resume from the start.
import type { TrainingDeps } from './ports';
import { errorText } from './run-population';
import type { SessionRuns } from './session-runs';

export type RestoreDeps = Pick<TrainingDeps, 'stores' | 'runStore' | 'warn'>;

export class RestoreOffers {
  constructor(
    private readonly deps: RestoreDeps,
    private readonly sessions: SessionRuns,
  ) {}

  /** On page load: offer the newest stored run that has finished networks (or was cut off before its first). */
  async check(): Promise<void> {
    const { runStore, stores } = this.deps;
    try {
      const found = await runStore.latestRestorableRun();
      if (!found) return;
      const { run, stored } = found;
      // A run still marked running or paused was cut off by a reload or a closed tab.
      const interrupted = run.state === 'running' || run.state === 'paused';
      // One cut off before its first network finished keeps that mark, so it is offered again until resumed or discarded.
      if (interrupted && stored > 0) await runStore.setRunState(run.runId, 'cancelled');
      stores.training().setRestoreOffer({
        runId: run.runId,
        stored,
        total: run.total,
        interrupted,
        datasetName: run.dataset.name,
        createdAt: run.createdAt,
        ...(run.addTo ? { joins: run.addTo.name } : {}),
      });
    } catch (e) {
      // No IndexedDB (private mode in some browsers): training still works, restore does not.
      this.deps.warn(`stored runs unavailable: ${errorText(e)}`);
    }
  }

  /** Forgets a stored run (and the offer or the kept note about it). */
  async discard(runId: string): Promise<void> {
    const t = this.deps.stores.training();
    if (t.restoreOffer?.runId === runId) t.setRestoreOffer(null);
    if (t.kept?.runId === runId) t.setKept(null);
    this.sessions.forget(runId);
    try {
      await this.deps.runStore.deleteRun(runId);
    } catch (e) {
      this.deps.stores.app().pushError(`Could not delete the stored run: ${errorText(e)}`);
    }
  }
}
