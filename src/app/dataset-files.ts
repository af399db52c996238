// Browser side of file datasets (MNIST): fetches public/data/… once per page (under Vite's
// BASE_URL), with progress, and hands the bytes to the workers that load datasets (they ask
// through the proxied `datasetBytes` callback when a spec needs a file). A failed fetch is not
// cached, so the next attempt tries again.
import type { DatasetName } from '../core/types';
import { DATASET_INFO } from '../core/datasets/info';

const cache = new Map<DatasetName, Promise<Uint8Array>>();

export type BytesProgress = (loaded: number, total: number) => void;

const MB = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

async function download(name: DatasetName, onProgress?: BytesProgress): Promise<Uint8Array> {
  const info = DATASET_INFO[name];
  if (!info.file) throw new Error(`dataset '${name}' has no file`);
  const url = import.meta.env.BASE_URL + info.file;
  const what = `the ${info.label} data (${url})`;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`could not download ${what}: ${e instanceof Error ? e.message : e} (offline?)`);
  }
  if (!res.ok) throw new Error(`could not download ${what}: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length')) || info.fileBytes || 0;
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress?.(loaded, Math.max(total, loaded));
  }
  const out = new Uint8Array(loaded);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** The bytes of a file dataset, fetched once (concurrent callers share the download). */
export function datasetBytes(name: DatasetName, onProgress?: BytesProgress): Promise<Uint8Array> {
  let p = cache.get(name);
  if (!p) {
    p = download(name, onProgress);
    cache.set(name, p);
    p.catch(() => cache.delete(name));
  }
  return p;
}

/** "loading MNIST 28×28 (0.8 of 1.7 MB)…", for the job line. */
export function downloadMessage(name: DatasetName, loaded: number, total: number): string {
  return `downloading the ${DATASET_INFO[name].label} data (${MB(loaded)} of ${MB(total)})…`;
}
