// Trajectories of the current population: asks the trajectory worker for the
// joint embedding of checkpoints + final states, keeps the keyframes in a small
// store of its own, and plays the epoch slider.
import * as Comlink from 'comlink';
import { create } from 'zustand';
import { getState } from '../state/store';
import type { Population, Progress } from '../core/types';
import { buildKeyframes, type Keyframes } from '../core/explore/trajectory';
import { normaliseEmbedding } from '../core/explore/normalise';
import { cameraPort } from './sharing/camera-port';
import type { TrajectoryWorkerApi } from '../workers/trajectory.worker';
import { IDLE_JOB, type JobReport } from '../core/types';
import { CancelledError } from '../core/cancel';
import { createJob } from './jobs';
import { wrap, type WorkerHandle } from './workers';

/** The trajectory job (status, progress: one JobReport) and what it made. */
export interface TrajectoryState extends JobReport {
  popId: string | null;
  keyframes: Keyframes | null;
  /** Line segments along every path (normalised coordinates). */
  playing: boolean;
}

export const useTrajectory = create<TrajectoryState>()(() => ({
  ...IDLE_JOB,
  popId: null,
  keyframes: null,
  playing: false,
}));

/** True when some network kept checkpoint activations. */
export function hasCheckpoints(pop: Population | null): boolean {
  return !!pop && pop.networks.some((n) => (n.checkpoints?.length ?? 0) > 0);
}

let handle: WorkerHandle<TrajectoryWorkerApi> | null = null;

function trajectoryWorker(): WorkerHandle<TrajectoryWorkerApi> {
  handle ??= wrap<TrajectoryWorkerApi>(
    () => new Worker(new URL('../workers/trajectory.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-trajectory' }),
    'trajectory',
    () => {
      handle = null;
    },
  );
  return handle;
}

/** The checkpoint embedding job: status and progress in useTrajectory; cancel reaches the worker's embedding. */
const trajectoryJob = createJob({
  report: (p) => useTrajectory.setState(p),
  onCancel: () => {
    if (handle) void handle.api.cancel();
  },
  progressEveryMs: 100,
});

/** Stops a checkpoint embedding in flight (a new population, or the user). */
export function cancelTrajectories(): void {
  trajectoryJob.cancel();
}

/** Embeds the checkpoints of the current population (once per population), then shows the final epoch. */
export async function computeTrajectories(): Promise<void> {
  const pop = getState().population;
  if (!pop || !hasCheckpoints(pop)) return;
  const t = useTrajectory.getState();
  if (t.popId === pop.id && (t.status === 'done' || t.status === 'running')) {
    if (t.status === 'done') {
      if (getState().epoch === null) cameraPort.reframeWithNextPaths('shown');
      showFinal(t.keyframes!);
    }
    return;
  }
  useTrajectory.setState({ popId: pop.id, keyframes: null, playing: false });
  const kf = await trajectoryJob.run(async (ctx) => {
    ctx.progress({ stage: 'checkpoints', done: 0, total: 0, message: 'embedding checkpoints…' });
    const w = trajectoryWorker();
    const r = await w.call(
      w.api.embedTrajectories(
        pop.networks,
        pop.probe,
        Comlink.proxy((p: Progress) => ctx.progress(p)),
      ),
    );
    ctx.throwIfCancelled();
    if (getState().population?.id !== pop.id) throw new CancelledError('the population changed');
    const R = r.owner.length;
    const positions = new Float32Array(R * 3);
    const drawn = new Uint8Array(R);
    normaliseEmbedding(r.embedding, r.nComponents, R, positions, drawn);
    return { R, kf: buildKeyframes(pop.networks.length, { records: [], owner: r.owner, epoch: r.epoch }, positions, drawn) };
  });
  if (!kf) return;
  cameraPort.reframeWithNextPaths('shown');
  useTrajectory.setState({ message: `${kf.R} states of ${pop.networks.length} networks embedded together`, keyframes: kf.kf });
  showFinal(kf.kf);
}

function showFinal(kf: Keyframes): void {
  getState().setEpoch(kf.epochs[kf.epochs.length - 1]);
}

/** Leaves trajectory mode: the population's own embedding again. */
export function exitTrajectories(): void {
  stopPlaying();
  if (getState().epoch !== null) cameraPort.reframeWithNextPaths('hidden');
  getState().setEpoch(null);
}

let playFrame = 0;

/** Plays from the first epoch to the last over ~4 s (or from where the slider is). */
export function play(): void {
  const kf = useTrajectory.getState().keyframes;
  if (!kf || playFrame) return;
  const lo = kf.epochs[0];
  const hi = kf.epochs[kf.epochs.length - 1];
  let e = getState().epoch ?? lo;
  if (e >= hi) e = lo;
  const perMs = (hi - lo) / 4000;
  let last = performance.now();
  useTrajectory.setState({ playing: true });
  const step = (now: number) => {
    e = Math.min(hi, e + (now - last) * perMs);
    last = now;
    getState().setEpoch(e);
    if (e >= hi) return stopPlaying();
    playFrame = requestAnimationFrame(step);
  };
  playFrame = requestAnimationFrame(step);
}

export function stopPlaying(): void {
  if (playFrame) cancelAnimationFrame(playFrame);
  playFrame = 0;
  useTrajectory.setState({ playing: false });
}
