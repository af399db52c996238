// Messages between the training worker and the UI thread for population runs.
import type { NetworkStatus } from '../../core/types';
import type { RunProgress } from '../../core/train/population-run';
import type { ThroughputCalibration } from '../../core/train/estimate';

export type RunEvent =
  | { type: 'progress'; progress: RunProgress; paused: boolean }
  /** Sent after the network is safely in IndexedDB. */
  | { type: 'network'; index: number; id: string; status: NetworkStatus; statusReason?: string; testAcc: number; bytes: number };

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
}

export interface RunEstimate {
  networks: number;
  seconds: number;
  calibration: ThroughputCalibration;
  /** Groups of the spec timed by the calibration (the rest from its fallback line). */
  measured: number;
}
