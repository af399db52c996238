// The camera port (app/sharing/camera-port.ts) with a fake view: a link's camera waits for the
// view's next reset, the port's own moves are not reported as user moves, keys move and notify.
import { describe, expect, it } from 'vitest';
import { CameraPort, type CameraView } from '../../src/app/sharing/camera-port';
import type { CameraState } from '../../src/core/viewstate';

const pose = (x: number): CameraState => ({ position: [x, 0, 3], target: [0, 0, 0], up: [0, 1, 0], zoom: 1 });

function fakeView() {
  let cam = pose(0);
  const change = new Set<() => void>();
  let resetHook: ((phase: 'start' | 'end') => void) | null = null;
  const fire = () => change.forEach((f) => f());
  const view: CameraView = {
    get: () => cam,
    set: (c) => {
      cam = c;
      fire(); // like OrbitControls.update(): a change event for every programmatic move
    },
    reset: () => {
      resetHook?.('start');
      cam = pose(0);
      fire();
      resetHook?.('end');
    },
    reframeWithNextPaths: () => {},
    limits: () => ({ minDistance: 1, maxDistance: 10 }),
    onChange: (f) => {
      change.add(f);
      return () => change.delete(f);
    },
    onReset: (f) => {
      resetHook = f;
    },
  };
  return { view, drag: (c: CameraState) => ((cam = c), fire()), resetHooked: () => resetHook !== null };
}

describe('CameraPort', () => {
  it('applies a requested camera right after the next reset, and only then', () => {
    const timers: Array<() => void> = [];
    const port = new CameraPort((f) => timers.push(f));
    const { view } = fakeView();
    port.attach(view);
    port.request(pose(5), true);
    expect(port.isPending()).toBe(true);
    expect(port.current()?.position[0]).toBe(0);
    view.reset();
    expect(port.isPending()).toBe(false);
    expect(port.current()?.position[0]).toBe(5);
    timers.forEach((f) => f()); // the safety net finds nothing pending
    expect(port.current()?.position[0]).toBe(5);
  });

  it('falls back to applying a pending camera when no reset comes', () => {
    const timers: Array<() => void> = [];
    const port = new CameraPort((f) => timers.push(f));
    const { view } = fakeView();
    port.attach(view);
    port.request(pose(7), true);
    timers.forEach((f) => f());
    expect(port.current()?.position[0]).toBe(7);
    expect(port.isPending()).toBe(false);
  });

  it('reports user drags, not its own moves or resets', () => {
    const port = new CameraPort(() => {});
    const { view, drag } = fakeView();
    port.attach(view);
    let moves = 0;
    port.onUserMove(() => moves++);
    port.request(pose(2), false);
    view.reset();
    expect(moves).toBe(0);
    drag(pose(3));
    expect(moves).toBe(1);
  });

  it('moves by keys within the view limits and notifies once', () => {
    const port = new CameraPort(() => {});
    const { view } = fakeView();
    port.attach(view);
    let moves = 0;
    port.onUserMove(() => moves++);
    port.move((cam, lim) => ({ ...cam, position: [lim.maxDistance, 0, 0] }));
    expect(port.current()?.position[0]).toBe(10);
    expect(moves).toBe(1);
  });

  it('detaches cleanly: no current camera, the view loses its reset hook, requests wait', () => {
    const port = new CameraPort(() => {});
    const fake = fakeView();
    port.attach(fake.view);
    port.attach(null);
    expect(port.current()).toBeNull();
    expect(fake.resetHooked()).toBe(false);
    port.request(pose(4), false);
    expect(port.isPending()).toBe(true);
  });
});
