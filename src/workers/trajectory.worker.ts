// The trajectory worker: exposes createTrajectoryApi() (trajectory-api.ts) over comlink.
import * as Comlink from 'comlink';
import { createTrajectoryApi, type TrajectoryWorkerApi } from './trajectory-api';

export type { TrajectoryWorkerApi };
Comlink.expose(createTrajectoryApi());
