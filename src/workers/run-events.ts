// Messages between the training worker and the UI thread for population runs.
import type { NetworkStatus } from '../core/types';
import type { RunProgress } from '../core/train/population-run';
import type { ThroughputCalibration } from '../core/train/estimate';
import type { StoredNetwork } from '../core/persist/stored-network';
import type { StoredRun } from './run-store';

export type RunEvent =
  | { type: 'progress'; progress: RunProgress; paused: boolean }
  /** Sent after the network is safely in IndexedDB, or (stored: false) kept in memory because storing failed. */
  | {
      type: 'network';
      index: number;
      id: string;
      status: NetworkStatus;
      statusReason?: string;
      testAcc: number;
      bytes: number;
      stored?: boolean;
    }
  /** Storing failed for the first time in this run (quota full, IndexedDB unavailable): training goes on. */
  | { type: 'storage'; reason: string };

export interface RunOutcome {
  runId: string;
  /** Networks trained and stored in this session. */
  trained: number;
  /** Networks stored for the run, earlier sessions included. */
  stored: number;
  total: number;
  cancelled: boolean;
  backend: string;
  /** Mean encoded size of the records written in this session (bytes). */
  bytesPerNetwork: number;
  /** Networks finished in this session that could not be stored: shown, but lost on reload. */
  unstored: StoredNetwork[];
  /** Why storing failed (first failure), when it did. */
  storageFailure?: string;
  /** The run record, when storing failed (it may not be in IndexedDB). */
  run?: StoredRun;
}

export interface RunEstimate {
  networks: number;
  seconds: number;
  calibration: ThroughputCalibration;
  /** Groups of the spec timed by the calibration (the rest from its fallback line). */
  measured: number;
}
