// Population runs on the UI thread's side: start a run in the training worker
// (batched trainer; the worker writes each finished network to the run store),
// follow its progress, pause / resume / cancel, train the networks a stored run
// still lacks (resume), and ask for a time estimate. When a run finishes, the
// viewer shows it (or, in add mode, joins it to the population it was sampled from).
// Built once in app/start.ts with its dependencies (ports.ts); no module state.
import { builderSpec, isTraining, validateBuilder, type AddTarget } from '../../state/training';
import type { StoredAddTarget } from '../../workers/run-store';
import { storageFailureReason } from '../../workers/run-store';
import type { RunEvent, RunOutcome } from '../../workers/run-events';
import { frameThrottle } from './frame-throttle';
import type { TrainingDeps, TrainRunRequest } from './ports';
import { errorText } from './run-population';
import { isBusy, type RunViewer } from './run-viewer';
import type { SessionRuns } from './session-runs';

export type RunControllerDeps = Pick<
  TrainingDeps,
  'stores' | 'trainer' | 'embedder' | 'runStore' | 'sources' | 'initBackend' | 'cancel' | 'clock'
>;

type ProgressEvent = Extract<RunEvent, { type: 'progress' }>;

export class RunController {
  /** Estimates in flight: only the newest one's answer is shown. */
  private estimateSeq = 0;

  constructor(
    private readonly deps: RunControllerDeps,
    private readonly sessions: SessionRuns,
    private readonly viewer: RunViewer,
  ) {}

  private get app() {
    return this.deps.stores.app();
  }
  private get training() {
    return this.deps.stores.training();
  }

  isBusy(): boolean {
    return isBusy(this.deps.stores);
  }

  /** Starts training the builder's population. */
  async start(): Promise<void> {
    if (this.isBusy()) return;
    const b = this.training.builder;
    const invalid = validateBuilder(b);
    if (invalid) {
      this.app.pushError(invalid);
      return;
    }
    // Add mode: the population's own probe rows travel with the run (the worker would otherwise draw them from the spec),
    // and where the population came from, so that a restored run can join it again.
    const addTo = b.add ? this.storedAddTarget(b.add) : undefined;
    await this.train(
      { runId: this.deps.clock.newRunId(), spec: builderSpec(b, b.seed), probe: b.add?.probe, addTo, mode: 'new' },
      0,
      b.add ?? undefined,
    );
  }

  /** Trains the networks a stored run still lacks, then shows the whole population. */
  async resumeStored(runId: string): Promise<void> {
    if (this.isBusy()) return;
    this.training.setRestoreOffer(null);
    const mem = this.sessions.get(runId);
    let stored = 0;
    try {
      stored = (await this.deps.runStore.storedIndices(runId)).length;
    } catch (e) {
      if (!mem) {
        this.app.pushError(`Cannot resume the run: ${storageFailureReason(e)}`);
        return;
      }
    }
    await this.train(
      { runId, mode: 'resume', ...(mem ? { memory: { run: mem.run, indices: mem.indices } } : {}) },
      stored + (mem?.indices.length ?? 0),
    );
  }

  pause(): void {
    if (!isTraining(this.training)) return;
    this.deps.trainer.pause();
    this.training.setPaused(true);
    this.app.setJob({ message: 'paused — the networks in training keep their state' });
  }

  resume(): void {
    if (!this.training.paused || this.training.run.status !== 'running') return;
    this.deps.trainer.resume();
    this.training.setPaused(false);
    this.app.setJob({ message: 'resuming…' });
  }

  /** Cancels training (finished networks stay stored) or the embedding. */
  cancel(): void {
    const training = this.app.job.status === 'running' && this.app.job.stage === 'training';
    if (!this.isBusy()) return;
    this.deps.cancel.request();
    this.app.setJob({ message: 'cancelling…' });
    if (training) this.deps.trainer.cancel();
    else this.deps.embedder.stop();
  }

  /** Asks the worker for a calibrated time estimate of the builder's population (ignored while busy). */
  async requestEstimate(): Promise<void> {
    const b = this.training.builder;
    if (validateBuilder(b) || this.isBusy() || this.app.backend === 'none') return;
    const spec = builderSpec(b, b.seed);
    const key = JSON.stringify([spec, this.app.backend]);
    if (this.training.estimate.key === key && this.training.estimate.status !== 'error') return;
    const seq = ++this.estimateSeq;
    this.training.setEstimate({ status: 'measuring', key });
    try {
      const r = await this.deps.trainer.estimate(spec);
      if (seq !== this.estimateSeq) return;
      this.training.setEstimate({ status: 'ready', key, seconds: r.seconds, calibration: r.calibration, measured: r.measured });
    } catch (e) {
      if (seq !== this.estimateSeq) return;
      this.training.setEstimate({ status: 'error', key, message: errorText(e) });
    }
  }

  /** How to rebuild the population an add-mode run joins: its demo or URL, if it is exactly that population. */
  private storedAddTarget(add: AddTarget): StoredAddTarget {
    const s = this.app;
    const pop = s.population;
    const asFetched = pop?.id === add.populationId && pop.networks.length === add.networks;
    const src = asFetched ? this.deps.sources.fetchableSource(s) : null;
    const target: StoredAddTarget = {
      source: src && src.kind !== 'local' ? src : null,
      name: add.populationName,
      networks: add.networks,
    };
    // Not fetchable, but kept in this browser (trained or grown here, or an import): the restore rebuilds it from storage.
    const stored = target.source ? null : this.deps.sources.originOf(add.populationId);
    if (stored?.kind === 'run') target.baseRunId = stored.runId;
    if (stored?.kind === 'import') target.baseImportId = stored.storedId;
    return target;
  }

  private async readyBackend(): Promise<void> {
    if (this.app.backend === 'none') await this.deps.initBackend();
    if (this.app.backend === 'none') throw new Error('no TensorFlow.js backend could be started in the training worker');
  }

  private progressMessage(p: ProgressEvent['progress']): string {
    const t = this.training;
    return `${t.storedBefore + t.finished.length} of ${p.networksTotal} networks · group ${p.group}/${p.groups} · epoch ${p.epoch}/${p.epochs}`;
  }

  /** Routes the worker's events into the stores (progress at most once a frame). */
  private eventSink(): { onEvent(e: RunEvent): void; stop(): void } {
    const progress = frameThrottle(this.deps.clock, (e: ProgressEvent) => {
      if (this.app.job.status !== 'running' || this.app.job.stage !== 'training') return;
      const p = e.progress;
      this.training.setProgress(p);
      this.app.setJob({ done: p.done, total: p.total, message: this.progressMessage(p) });
    });
    const onEvent = (e: RunEvent): void => {
      if (e.type === 'progress') progress.push(e);
      else if (e.type === 'storage') {
        this.training.setStorageFailure(e.reason);
        this.app.pushNotice(
          `This run cannot be stored in this browser — ${e.reason}. Training goes on and every network is shown, but the networks not stored are lost on reload: download the population (Export bundle) to keep them.`,
        );
      } else
        this.training.addFinished({
          index: e.index,
          id: e.id,
          status: e.status,
          statusReason: e.statusReason,
          testAcc: e.testAcc,
          bytes: e.bytes,
          ...(e.stored === false ? { stored: false } : {}),
        });
    };
    return { onEvent, stop: () => progress.cancel() };
  }

  private async train(req: TrainRunRequest, storedBefore: number, add?: AddTarget): Promise<void> {
    this.deps.cancel.reset();
    this.training.beginRun(req.runId, storedBefore);
    this.app.setTrainPanelOpen(true);
    this.app.setJob({
      status: 'running',
      stage: 'training',
      done: 0,
      total: 1,
      message: 'starting the training worker…',
      startedAt: this.deps.clock.now(),
    });
    const sink = this.eventSink();
    let out: RunOutcome;
    try {
      await this.readyBackend();
      out = await this.deps.trainer.trainRun(req, sink.onEvent);
    } catch (e) {
      sink.stop();
      this.training.setRun({ status: 'error', message: errorText(e) });
      this.app.setJob({ status: 'error', message: errorText(e) });
      this.app.pushError(`Training failed: ${errorText(e)}`);
      return;
    }
    sink.stop();
    // Networks that could not be stored stay in this tab's memory and are shown like stored ones.
    const memRun = out.run ?? req.memory?.run;
    if (out.unstored.length > 0 && memRun)
      this.sessions.keepUnstored(memRun, out.unstored, out.storageFailure ?? this.sessions.get(out.runId)?.reason ?? 'storing failed');
    const unstored = this.sessions.get(out.runId)?.indices.length ?? 0;
    const finished = out.stored + unstored;
    if (out.cancelled || this.deps.cancel.requested || finished < out.total) {
      this.training.setRun({ status: 'cancelled' });
      this.training.setKept({ runId: out.runId, stored: finished, total: out.total, ...(unstored ? { unstored } : {}) });
      this.app.setJob({
        status: 'cancelled',
        message: `cancelled — ${finished} of ${out.total} networks finished and kept ${unstored ? `(${unstored} of them only until this tab is reloaded)` : 'in this browser'}; the previous manifold stays`,
      });
      return;
    }
    this.app.setJob({ done: 1, total: 1, message: 'all networks trained; embedding…' });
    if (add) await this.viewer.addToPopulation(out.runId, add);
    else await this.viewer.show(out.runId, true);
  }
}
