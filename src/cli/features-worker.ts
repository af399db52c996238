// One thread of `netmanifold features --threads N`: gets the probe set once
// (workerData), then networks one at a time, and answers each with its
// feature record (core/population-features networkFeatureRecord).
import { parentPort, workerData } from 'node:worker_threads';
import { nonlinearityPrepFor } from '../core/features';
import { networkFeatureRecord } from '../core/population-features';
import type { NetworkRecord, ProbeSet } from '../core/types';

const probe = (workerData as { probe: ProbeSet }).probe;
const prep = nonlinearityPrepFor(probe);
const port = parentPort!;

port.on('message', (m: { index: number; net: NetworkRecord }) => {
  try {
    port.postMessage({ index: m.index, record: networkFeatureRecord(m.net, probe, prep) });
  } catch (e) {
    port.postMessage({ index: m.index, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
