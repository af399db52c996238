// The phate worker: exposes createPhateApi() (phate-api.ts) over comlink.
import * as Comlink from 'comlink';
import { createPhateApi, type PhateWorkerApi } from './phate-api';

export type { PhateWorkerApi };
Comlink.expose(createPhateApi());
