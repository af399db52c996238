// Camera of the manifold view as plain data (ViewState.camera), and the scene's side of the
// camera port (app/sharing/camera-port.ts). Kept outside manifold-scene.ts: it only touches the
// scene's public camera and controls.
import type { CameraState } from '../../core/viewstate';
import type { CameraView } from '../../app/sharing/camera-port';
import { theApp } from '../../app/start';
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

// ---------------------------------------------------------------- the port's view

/** The scene as the camera port's CameraView (app/sharing/camera-port.ts). */
export function sceneCameraView(scene: ManifoldScene): CameraView {
  return {
    get: () => getCamera(scene),
    set: (cam) => setCamera(scene, cam),
    reset: () => scene.resetCamera(),
    reframeWithNextPaths: (when) => scene.reframeWithNextPaths(when),
    limits: () => ({ minDistance: scene.controls.minDistance, maxDistance: scene.controls.maxDistance }),
    onChange: (f) => {
      scene.controls.addEventListener('change', f);
      return () => scene.controls.removeEventListener('change', f);
    },
    onReset: (f) => {
      scene.onCameraReset = f;
    },
  };
}

/** ManifoldView registers its scene (null on unmount). */
export function attachScene(scene: ManifoldScene | null): void {
  theApp().camera.attach(scene ? sceneCameraView(scene) : null);
}
