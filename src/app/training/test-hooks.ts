// Installs the training test hooks (trainWorkerTensorCount, storedRuns) on
// window.__netmanifold without editing the view that owns that object. The
// view replaces (and on unmount deletes) the object, so the property becomes
// an accessor that adds these hooks to whatever object is assigned, and a
// cheap periodic check re-installs it if a delete removed the accessor.
import { trainingTestHooks } from './run-controller';

let installed = false;

export function installTrainingTestHooks(): void {
  if (installed || typeof window === 'undefined') return;
  installed = true;
  const hooks = trainingTestHooks();
  const w = window as unknown as Record<string, unknown>;
  const withHooks = (v: unknown) => (v && typeof v === 'object' ? Object.assign(v, hooks) : v);
  const install = (): void => {
    let current = withHooks(w.__netmanifold);
    Object.defineProperty(window, '__netmanifold', {
      configurable: true, // the view deletes the object on unmount
      enumerable: true,
      get: () => current,
      set: (v: unknown) => {
        current = withHooks(v);
      },
    });
  };
  install();
  setInterval(() => {
    const d = Object.getOwnPropertyDescriptor(window, '__netmanifold');
    if (!d?.get) install();
  }, 200);
}
