// Bytes of file datasets (MNIST), handed in before loadDataset is called: the browser fetches
// public/data/… and passes the bytes to each worker, Node reads the file (src/cli/dataset-files.ts).
// Core stays synchronous and never does I/O; a load without the bytes says what to do.
import type { DatasetName } from '../types';
import { DATASET_INFO } from './info';
import { decodeMnist, type MnistRaw } from './mnist';

const decoded = new Map<DatasetName, MnistRaw>();

/** A file dataset was asked for before its bytes were provided. */
export class DatasetNotLoadedError extends Error {
  readonly dataset: DatasetName;
  constructor(name: DatasetName) {
    super(
      `the ${DATASET_INFO[name].label} data (${DATASET_INFO[name].file}) is not loaded yet: provide its bytes first (provideDatasetBytes)`,
    );
    this.name = 'DatasetNotLoadedError';
    this.dataset = name;
  }
}

/** Whether `name` must be provided with bytes before loadDataset can load it. */
export const needsDatasetBytes = (name: DatasetName): boolean => DATASET_INFO[name]?.source === 'file';

export const hasDatasetBytes = (name: DatasetName): boolean => decoded.has(name);

/**
 * Decodes and checks a file dataset's bytes and keeps them for loadDataset. Throws
 * DatasetFileError (a message for the user) for a damaged or unexpected file; what was
 * provided before stays.
 */
export function provideDatasetBytes(name: DatasetName, bytes: Uint8Array): void {
  if (name !== 'mnist') throw new Error(`dataset '${name}' is not loaded from a file`);
  decoded.set(name, decodeMnist(bytes));
}

/** The decoded MNIST file; throws DatasetNotLoadedError if its bytes were not provided. */
export function mnistRaw(): MnistRaw {
  const m = decoded.get('mnist');
  if (!m) throw new DatasetNotLoadedError('mnist');
  return m;
}

/** Where a worker gets a file dataset's bytes from (the page's download, through comlink). */
export type DatasetBytesSource = (name: DatasetName) => Promise<Uint8Array>;

/** Provides `name`'s bytes from `source` unless it needs none or has them already. */
export async function ensureDatasetBytes(name: DatasetName, source?: DatasetBytesSource): Promise<void> {
  if (!needsDatasetBytes(name) || hasDatasetBytes(name)) return;
  if (!source) throw new DatasetNotLoadedError(name);
  provideDatasetBytes(name, await source(name));
}
