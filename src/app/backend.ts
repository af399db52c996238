// The TF.js backend of the training worker: the user's preference first, then
// the usual order; the outcome (and why a preferred one was refused) goes into
// the store.
import type { AppState, BackendName, BackendPreference } from '../state/store';
import type { TrainWorkerApi } from '../workers/train.worker';
import type { WorkerHandle } from './workers';

export const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendDeps {
  store: { getState(): AppState };
  /** The training worker (it holds the backend: one per page, shared with training and search). */
  worker(): WorkerHandle<TrainWorkerApi>;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class Backend {
  constructor(private readonly deps: BackendDeps) {}

  /** Starts the training worker and lets it pick a TF.js backend (preference first, then the usual order). */
  async init(pref: BackendPreference = this.deps.store.getState().backendPreference): Promise<void> {
    const s = () => this.deps.store.getState();
    s().setBackendPreference(pref);
    const order = pref === 'auto' ? BACKEND_ORDER : [pref, ...BACKEND_ORDER.filter((b) => b !== pref)];
    try {
      const w = this.deps.worker();
      const r = await w.call(w.api.init(order, { skipSoftware: pref === 'auto' }));
      s().setBackend(r.name, r.tried);
      if (pref !== 'auto' && r.name !== pref) {
        const why = r.tried.find((t) => t.name === pref)?.reason;
        s().pushError(`The ${pref} backend is not available here${why ? ` (${why})` : ''}; using ${r.name}.`);
      }
    } catch (e) {
      s().setBackend('none');
      s().pushError(`Could not start TensorFlow.js: ${errorText(e)}`);
    }
  }
}
