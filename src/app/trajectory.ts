// Trajectories of the current population: asks the trajectory worker for the
// joint embedding of checkpoints + final states, keeps the keyframes in a small
// store of its own (src/state/trajectory.ts), and plays the epoch slider. A TrajectoryController is built once
// (src/app/start.ts); unit tests build one with a fake worker and fresh stores.
import * as Comlink from 'comlink';
import { useStore, type AppState } from '../state/store';
import type { StoreApi } from 'zustand';
import type { Population, Progress } from '../core/types';
import { buildKeyframes, type Keyframes } from '../core/explore/trajectory';
import { normaliseEmbedding } from '../core/explore/normalise';
import type { CameraPort } from './sharing/camera-port';
import type { TrajectoryWorkerApi } from '../workers/trajectory.worker';
import { useTrajectory, type TrajectoryState } from '../state/trajectory';
import { CancelledError } from '../core/cancel';
import { createJob, type Job } from './jobs';
import { wrap, type WorkerHandle } from './workers';

/** True when some network kept checkpoint activations. */
export function hasCheckpoints(pop: Population | null): boolean {
  return !!pop && pop.networks.some((n) => (n.checkpoints?.length ?? 0) > 0);
}

export interface TrajectoryControllerDeps {
  store: StoreApi<AppState>;
  /** Where the job and its keyframes live (the page's useTrajectory; a fresh one in tests). */
  trajectory: StoreApi<TrajectoryState>;
  /** Starts the trajectory worker; `onDead` runs when it dies (the next call starts a new one). */
  worker(onDead: () => void): WorkerHandle<TrajectoryWorkerApi>;
  /** The manifold view's camera: reframes when the paths appear or go. */
  camera: Pick<CameraPort, 'reframeWithNextPaths'>;
  /** Animation frames for play(), and the clock they run on. */
  frames: { request(f: (now: number) => void): number; cancel(id: number): void; now(): number };
}

export class TrajectoryController {
  private handle: WorkerHandle<TrajectoryWorkerApi> | null = null;
  private playFrame = 0;
  /** The checkpoint embedding job: status and progress in the trajectory store; cancel reaches the worker's embedding. */
  private readonly job: Job;

  constructor(private readonly deps: TrajectoryControllerDeps) {
    this.job = createJob({
      report: (p) => this.deps.trajectory.setState(p),
      onCancel: () => {
        if (this.handle) void this.handle.api.cancel();
      },
      progressEveryMs: 100,
    });
  }

  private state(): AppState {
    return this.deps.store.getState();
  }

  private worker(): WorkerHandle<TrajectoryWorkerApi> {
    this.handle ??= this.deps.worker(() => {
      this.handle = null;
    });
    return this.handle;
  }

  /** The job and its keyframes now. */
  current(): TrajectoryState {
    return this.deps.trajectory.getState();
  }

  /** Stops a checkpoint embedding in flight (a new population, or the user). */
  cancelTrajectories(): void {
    this.job.cancel();
  }

  /** Embeds the checkpoints of the current population (once per population), then shows the final epoch. */
  async computeTrajectories(): Promise<void> {
    const pop = this.state().population;
    if (!pop || !hasCheckpoints(pop)) return;
    const t = this.deps.trajectory.getState();
    if (t.popId === pop.id && (t.status === 'done' || t.status === 'running')) {
      if (t.status === 'done') {
        if (this.state().epoch === null) this.deps.camera.reframeWithNextPaths('shown');
        this.showFinal(t.keyframes!);
      }
      return;
    }
    this.deps.trajectory.setState({ popId: pop.id, keyframes: null, playing: false });
    const kf = await this.job.run(async (ctx) => {
      ctx.progress({ stage: 'checkpoints', done: 0, total: 0, message: 'embedding checkpoints…' });
      const w = this.worker();
      const r = await w.call(
        w.api.embedTrajectories(
          pop.networks,
          pop.probe,
          Comlink.proxy((p: Progress) => ctx.progress(p)),
        ),
      );
      ctx.throwIfCancelled();
      if (this.state().population?.id !== pop.id) throw new CancelledError('the population changed');
      const R = r.owner.length;
      const positions = new Float32Array(R * 3);
      const drawn = new Uint8Array(R);
      normaliseEmbedding(r.embedding, r.nComponents, R, positions, drawn);
      return { R, kf: buildKeyframes(pop.networks.length, { records: [], owner: r.owner, epoch: r.epoch }, positions, drawn) };
    });
    if (!kf) return;
    this.deps.camera.reframeWithNextPaths('shown');
    this.deps.trajectory.setState({ message: `${kf.R} states of ${pop.networks.length} networks embedded together`, keyframes: kf.kf });
    this.showFinal(kf.kf);
  }

  private showFinal(kf: Keyframes): void {
    this.state().setEpoch(kf.epochs[kf.epochs.length - 1]);
  }

  /** Leaves trajectory mode: the population's own embedding again. */
  exitTrajectories(): void {
    this.stopPlaying();
    if (this.state().epoch !== null) this.deps.camera.reframeWithNextPaths('hidden');
    this.state().setEpoch(null);
  }

  /** Plays from the first epoch to the last over ~4 s (or from where the slider is). */
  play(): void {
    const kf = this.deps.trajectory.getState().keyframes;
    if (!kf || this.playFrame) return;
    const lo = kf.epochs[0];
    const hi = kf.epochs[kf.epochs.length - 1];
    let e = this.state().epoch ?? lo;
    if (e >= hi) e = lo;
    const perMs = (hi - lo) / 4000;
    let last = this.deps.frames.now();
    this.deps.trajectory.setState({ playing: true });
    const step = (now: number) => {
      e = Math.min(hi, e + (now - last) * perMs);
      last = now;
      this.state().setEpoch(e);
      if (e >= hi) return this.stopPlaying();
      this.playFrame = this.deps.frames.request(step);
    };
    this.playFrame = this.deps.frames.request(step);
  }

  stopPlaying(): void {
    if (this.playFrame) this.deps.frames.cancel(this.playFrame);
    this.playFrame = 0;
    this.deps.trajectory.setState({ playing: false });
  }
}

/** The browser's ports of the trajectory controller; its camera is the page's camera port (start.ts). */
export function browserTrajectoryDeps(store: StoreApi<AppState> = useStore): Omit<TrajectoryControllerDeps, 'camera'> {
  return {
    store,
    trajectory: useTrajectory,
    worker: (onDead) =>
      wrap<TrajectoryWorkerApi>(
        () => new Worker(new URL('../workers/trajectory.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-trajectory' }),
        'trajectory',
        onDead,
      ),
    frames: {
      request: (f) => requestAnimationFrame(f),
      cancel: (id) => cancelAnimationFrame(id),
      now: () => performance.now(),
    },
  };
}
