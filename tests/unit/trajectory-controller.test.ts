// The trajectory controller (src/app/trajectory.ts) built with its dependencies: fresh stores, a
// fake trajectory worker whose embedTrajectories() the test settles by hand, a fake camera and
// hand-stepped animation frames. request → done keys the frames and shows the last epoch;
// a cancel or a newer population drops the late result; play steps the epoch to the last one.
import { describe, expect, it, vi } from 'vitest';
import { TrajectoryController } from '../../src/app/trajectory';
import { createTrajectoryStore } from '../../src/state/trajectory';
import { createAppStore } from '../../src/state/store';
import type { TrajectoryWorkerApi } from '../../src/workers/trajectory.worker';
import { fakeHandle, stubNetworks, stubPopulation } from './fakes/controller-deps';

const N = 2;

const population = () => stubPopulation(stubNetworks(N, { epoch: 3, checkpoint: true }));

/** What the worker answers: each network's checkpoint (epoch 1) and final state (epoch 3), in 2-D. */
const answer = () => ({
  owner: Int32Array.of(0, 0, 1, 1),
  epoch: Int32Array.of(1, 3, 1, 3),
  embedding: Float64Array.of(0, 0, 1, 0, 0, 1, 1, 1),
  nComponents: 2,
});

function setup() {
  const store = createAppStore();
  const trajectory = createTrajectoryStore();
  const pending: { resolve(r: unknown): void; reject(e: Error): void }[] = [];
  const api = {
    embedTrajectories: vi.fn(() => new Promise((resolve, reject) => pending.push({ resolve, reject }))),
    cancel: vi.fn(),
  };
  const handle = fakeHandle<TrajectoryWorkerApi>(api);
  const camera = { reframeWithNextPaths: vi.fn() };
  const frames: ((now: number) => void)[] = [];
  let clock = 0;
  const controller = new TrajectoryController({
    store,
    trajectory,
    worker: () => handle,
    camera,
    frames: { request: (f) => frames.push(f), cancel: () => {}, now: () => clock },
  });
  const tick = (ms: number) => {
    clock += ms;
    frames.shift()?.(clock);
  };
  return { store, trajectory, pending, api, camera, controller, frames, tick };
}

describe('TrajectoryController', () => {
  it('request → done: keyframes of every state, the last epoch shown, the camera reframed; a second request reuses them', async () => {
    const { store, trajectory, pending, api, camera, controller } = setup();
    store.getState().setPopulation(population());
    const run = controller.computeTrajectories();
    expect(trajectory.getState().status).toBe('running');
    pending[0].resolve(answer());
    await run;
    expect(trajectory.getState()).toMatchObject({ status: 'done', message: '4 states of 2 networks embedded together' });
    expect(trajectory.getState().keyframes!.epochs).toEqual([1, 3]);
    expect(store.getState().epoch).toBe(3);
    expect(camera.reframeWithNextPaths).toHaveBeenCalledWith('shown');
    await controller.computeTrajectories();
    expect(api.embedTrajectories).toHaveBeenCalledTimes(1);
    controller.exitTrajectories();
    expect(store.getState().epoch).toBeNull();
    expect(camera.reframeWithNextPaths).toHaveBeenLastCalledWith('hidden');
  });

  it("cancel → 'cancelled', reaches the worker, and the late result is dropped", async () => {
    const { store, trajectory, pending, api, controller } = setup();
    store.getState().setPopulation(population());
    const run = controller.computeTrajectories();
    controller.cancelTrajectories();
    expect(api.cancel).toHaveBeenCalledTimes(1);
    pending[0].resolve(answer());
    await run;
    expect(trajectory.getState().status).toBe('cancelled');
    expect(trajectory.getState().keyframes).toBeNull();
    expect(store.getState().epoch).toBeNull();
  });

  it("a newer population drops the older population's late result", async () => {
    const { store, trajectory, pending, controller } = setup();
    store.getState().setPopulation(population());
    const run = controller.computeTrajectories();
    store.getState().setPopulation(population());
    pending[0].resolve(answer());
    await run;
    expect(trajectory.getState().status).toBe('cancelled');
    expect(trajectory.getState().keyframes).toBeNull();
    expect(store.getState().epoch).toBeNull();
  });

  it('play steps the epoch from the first to the last over the frames, then stops', async () => {
    const { store, trajectory, pending, controller, frames, tick } = setup();
    store.getState().setPopulation(population());
    const run = controller.computeTrajectories();
    pending[0].resolve(answer());
    await run;
    controller.play();
    expect(trajectory.getState().playing).toBe(true);
    tick(1000); // a quarter of the 4 s from epoch 1 to 3
    expect(store.getState().epoch).toBeCloseTo(1.5, 10);
    tick(5000);
    expect(store.getState().epoch).toBe(3);
    expect(trajectory.getState().playing).toBe(false);
    expect(frames).toHaveLength(0);
  });
});
