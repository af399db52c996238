// Camera of the manifold view as plain data (ViewState.camera), and a bridge
// between the one live ManifoldScene and the URL sync. Kept outside
// manifold-scene.ts: it only touches the scene's public camera and controls.
import type { CameraState } from '../../core/viewstate';
import type { ManifoldScene } from '../manifold-scene';

type Vec3 = [number, number, number];

/** The scene's current camera pose. */
export function getCamera(scene: ManifoldScene): CameraState {
  const c = scene.camera;
  const t = scene.controls.target;
  return {
    position: [c.position.x, c.position.y, c.position.z] as Vec3,
    target: [t.x, t.y, t.z] as Vec3,
    up: [c.up.x, c.up.y, c.up.z] as Vec3,
    zoom: c.zoom,
  };
}

/** Puts the camera exactly at `cam` (no damping drift: the controls' pending motion is flushed first). */
export function setCamera(scene: ManifoldScene, cam: CameraState): void {
  const c = scene.camera;
  c.position.set(...cam.position);
  c.up.set(...cam.up);
  c.zoom = cam.zoom;
  c.updateProjectionMatrix();
  scene.controls.target.set(...cam.target);
  // Two updates: the first consumes any damped motion left from a drag, the second settles.
  scene.controls.update();
  c.position.set(...cam.position);
  scene.controls.target.set(...cam.target);
  scene.controls.update();
  c.lookAt(scene.controls.target);
  scene.requestRender();
}

// ---------------------------------------------------------------- bridge

let active: ManifoldScene | null = null;
let pending: CameraState | null = null;
const listeners = new Set<() => void>();
let applying = false;

function onControlsChange(): void {
  if (applying) return;
  listeners.forEach((f) => f());
}

/** ManifoldView registers its scene (null on unmount). */
export function attachScene(scene: ManifoldScene | null): void {
  if (active) active.controls.removeEventListener('change', onControlsChange);
  active = scene;
  if (!scene) return;
  scene.controls.addEventListener('change', onControlsChange);
  // The view resets the camera whenever it places a new population's points;
  // a camera requested by a link is applied right after that reset, whichever
  // view code triggers it (wrapping this one instance keeps the scene untouched).
  const reset = scene.resetCamera.bind(scene);
  scene.resetCamera = () => {
    applying = true;
    try {
      reset();
    } finally {
      applying = false;
    }
    cameraAfterReset(scene);
  };
}

/** The live camera, or null before the view exists. */
export function currentCamera(): CameraState | null {
  return active ? getCamera(active) : null;
}

/**
 * Ask for a camera pose. With `afterNextReset` it waits for the view to place a
 * new population's points (which resets the camera); otherwise it applies now.
 */
export function requestCamera(cam: CameraState | null, afterNextReset: boolean): void {
  if (afterNextReset || !active) {
    pending = cam;
    // Safety net: if no reset comes (the same population drawn again), apply it anyway.
    if (cam)
      setTimeout(() => {
        if (pending === cam && active) {
          pending = null;
          applyNow(active, cam);
        }
      }, 1500);
    return;
  }
  if (cam) applyNow(active, cam);
}

function applyNow(scene: ManifoldScene, cam: CameraState): void {
  applying = true;
  try {
    setCamera(scene, cam);
  } finally {
    applying = false;
  }
}

/** ManifoldView calls this right after it reset the camera for new points. */
export function cameraAfterReset(scene: ManifoldScene): void {
  const cam = pending;
  pending = null;
  if (cam) applyNow(scene, cam);
}

/** Called (synchronously) whenever the user moves the camera. */
export function onCameraChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** True while a requested camera waits for the view's next reset. */
export function cameraPending(): boolean {
  return pending !== null;
}

/** Entering or leaving trajectory mode (a user's action): frame what the view shows next. */
export function reframeWithNextPaths(when: 'shown' | 'hidden'): void {
  active?.reframeWithNextPaths(when);
}

/** Back to the view's automatic framing (a link without a camera). */
export function resetCameraView(): void {
  if (active) active.resetCamera();
}

/** Keyboard orbit and zoom (issue 13): the live camera moved by `f`, as a drag would (links follow). */
export function moveCamera(f: (cam: CameraState, limits: { minDistance: number; maxDistance: number }) => CameraState): void {
  if (!active) return;
  const next = f(getCamera(active), { minDistance: active.controls.minDistance, maxDistance: active.controls.maxDistance });
  setCamera(active, next);
  listeners.forEach((l) => l());
}
