// The embed worker: exposes createEmbedApi() (embed-api.ts) over comlink.
import * as Comlink from 'comlink';
import { createEmbedApi, type EmbedWorkerApi } from './embed-api';

export type { EmbedWorkerApi };
Comlink.expose(createEmbedApi());
