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
import { WorkerSlot } from './workers';

export interface TrajectoryState {
  popId: string | null;
  status: 'idle' | 'computing' | 'ready' | 'error';
  message: string;
  keyframes: Keyframes | null;
  /** Line segments along every path (normalised coordinates). */
  playing: boolean;
}

export const useTrajectory = create<TrajectoryState>()(() => ({
  popId: null,
  status: 'idle',
  message: '',
  keyframes: null,
  playing: false,
}));

/** True when some network kept checkpoint activations. */
export function hasCheckpoints(pop: Population | null): boolean {
  return !!pop && pop.networks.some((n) => (n.checkpoints?.length ?? 0) > 0);
}

// Through a WorkerSlot: a crashed worker rejects the call (an error status) instead of leaving 'computing' forever.
const trajectorySlot = new WorkerSlot<TrajectoryWorkerApi>(
  () => new Worker(new URL('../workers/trajectory.worker.ts', import.meta.url), { type: 'module', name: 'netmanifold-trajectory' }),
  'trajectory',
);

/** Embeds the checkpoints of the current population (once per population), then shows the final epoch. */
export async function computeTrajectories(): Promise<void> {
  const pop = getState().population;
  if (!pop || !hasCheckpoints(pop)) return;
  const t = useTrajectory.getState();
  if (t.popId === pop.id && (t.status === 'ready' || t.status === 'computing')) {
    if (t.status === 'ready') {
      if (getState().epoch === null) cameraPort.reframeWithNextPaths('shown');
      showFinal(t.keyframes!);
    }
    return;
  }
  useTrajectory.setState({ popId: pop.id, status: 'computing', message: 'embedding checkpoints…', keyframes: null, playing: false });
  try {
    const h = trajectorySlot.get();
    const r = await h.call(
      h.api.embedTrajectories(
        pop.networks,
        pop.probe,
        Comlink.proxy((p: Progress) => {
          if (useTrajectory.getState().popId === pop.id) useTrajectory.setState({ message: `${p.stage} ${p.done}/${p.total}` });
        }),
      ),
    );
    if (getState().population?.id !== pop.id) return;
    const R = r.owner.length;
    const positions = new Float32Array(R * 3);
    const drawn = new Uint8Array(R);
    normaliseEmbedding(r.embedding, r.nComponents, R, positions, drawn);
    const kf = buildKeyframes(pop.networks.length, { records: [], owner: r.owner, epoch: r.epoch }, positions, drawn);
    cameraPort.reframeWithNextPaths('shown');
    useTrajectory.setState({ status: 'ready', message: `${R} states of ${pop.networks.length} networks embedded together`, keyframes: kf });
    showFinal(kf);
  } catch (e) {
    useTrajectory.setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
  }
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
