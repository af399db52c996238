// The camera port: what app code (links, trajectories, keys) may ask of the manifold view's camera,
// and the bridge state between them. The three.js scene implements CameraView (ui/sharing/camera.ts)
// and attaches itself; app code never sees the scene. Built as a class so tests use a fake view.
import type { CameraState } from '../../core/viewstate';

export interface CameraLimits {
  minDistance: number;
  maxDistance: number;
}

/** What the view implements. */
export interface CameraView {
  get(): CameraState;
  /** Exactly at `cam` (no damping drift). */
  set(cam: CameraState): void;
  /** The view's automatic framing; it must call the port's `afterReset` hook (see attach). */
  reset(): void;
  reframeWithNextPaths(when: 'shown' | 'hidden'): void;
  limits(): CameraLimits;
  /** Subscribes to every camera change (user drags and programmatic moves); returns the unsubscribe. */
  onChange(f: () => void): () => void;
  /** The port's hook around every reset of the view (its own or the port's). */
  onReset(f: ((phase: 'start' | 'end') => void) | null): void;
}

export class CameraPort {
  private view: CameraView | null = null;
  private detachChange: (() => void) | null = null;
  private pending: CameraState | null = null;
  private readonly listeners = new Set<() => void>();
  /** True while the port itself (or a reset) moves the camera: not a user move. */
  private applying = false;

  constructor(private readonly schedule: (f: () => void, ms: number) => unknown = (f, ms) => setTimeout(f, ms)) {}

  /** The view registers itself (null on unmount). */
  attach(view: CameraView | null): void {
    this.detachChange?.();
    this.detachChange = null;
    this.view?.onReset(null);
    this.view = view;
    if (!view) return;
    this.detachChange = view.onChange(() => {
      if (!this.applying) this.listeners.forEach((f) => f());
    });
    // The view resets the camera whenever it places a new population's points; a camera requested
    // by a link is applied right after that reset, whichever view code triggers it.
    view.onReset((phase) => {
      if (phase === 'start') this.applying = true;
      else {
        this.applying = false;
        this.afterReset();
      }
    });
  }

  /** The live camera, or null before the view exists. */
  current(): CameraState | null {
    return this.view ? this.view.get() : null;
  }

  /**
   * Ask for a camera pose. With `afterNextReset` it waits for the view to place a new population's
   * points (which resets the camera); otherwise it applies now.
   */
  request(cam: CameraState | null, afterNextReset: boolean): void {
    if (afterNextReset || !this.view) {
      this.pending = cam;
      // Safety net: if no reset comes (the same population drawn again), apply it anyway.
      if (cam)
        this.schedule(() => {
          if (this.pending === cam && this.view) {
            this.pending = null;
            this.applyNow(cam);
          }
        }, 1500);
      return;
    }
    if (cam) this.applyNow(cam);
  }

  /** True while a requested camera waits for the view's next reset. */
  isPending(): boolean {
    return this.pending !== null;
  }

  /** Called (synchronously) whenever the user moves the camera. */
  onUserMove(f: () => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  /** Entering or leaving trajectory mode (a user's action): frame what the view shows next. */
  reframeWithNextPaths(when: 'shown' | 'hidden'): void {
    this.view?.reframeWithNextPaths(when);
  }

  /** Back to the view's automatic framing (a link without a camera). */
  reset(): void {
    this.view?.reset();
  }

  /** Keyboard orbit and zoom: the live camera moved by `f`, as a drag would (links follow). */
  move(f: (cam: CameraState, limits: CameraLimits) => CameraState): void {
    if (!this.view) return;
    this.applyNow(f(this.view.get(), this.view.limits()));
    this.listeners.forEach((l) => l());
  }

  private afterReset(): void {
    const cam = this.pending;
    this.pending = null;
    if (cam) this.applyNow(cam);
  }

  private applyNow(cam: CameraState): void {
    if (!this.view) return;
    this.applying = true;
    try {
      this.view.set(cam);
    } finally {
      this.applying = false;
    }
  }
}
