// Bootstrap of a CLI worker thread: registers tsx in the thread (a worker does
// not inherit the main thread's loader), then runs the TypeScript module named
// by workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
