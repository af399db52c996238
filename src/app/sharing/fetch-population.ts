// Downloads a population bundle by URL (`?population=https://…`) with byte
// progress and a size limit, and turns every failure into a sentence a user
// can act on. Validation is the bundle decoder's job (in the worker).
import { CancelledError } from '../../core/cancel';

/** Largest bundle accepted by URL. */
export const MAX_POPULATION_BYTES = 200 * 1024 * 1024;

export class PopulationFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PopulationFetchError';
  }
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

export interface FetchOptions {
  maxBytes?: number;
  onProgress?: (done: number, total: number | null) => void;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

/** The bytes at `url`; throws PopulationFetchError with a clear reason. */
export async function fetchPopulationBytes(url: string, opts: FetchOptions = {}): Promise<Uint8Array> {
  const max = opts.maxBytes ?? MAX_POPULATION_BYTES;
  const doFetch = opts.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, { mode: 'cors', credentials: 'omit', signal: opts.signal });
  } catch (e) {
    // An aborted download is a cancel (the one CancelledError), not a failure to report.
    if ((e as Error)?.name === 'AbortError') throw new CancelledError('the download was cancelled');
    // fetch gives no detail on purpose; a CORS refusal and an unreachable host look the same.
    throw new PopulationFetchError(
      `could not download ${url}: the server did not allow this page to read it (CORS), or it could not be reached. ` +
        'The host must send "Access-Control-Allow-Origin" (GitHub Pages, raw.githubusercontent.com and Zenodo do); or download the file and open it with Import….',
    );
  }
  if (!res.ok)
    throw new PopulationFetchError(
      `could not download ${url}: the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`,
    );
  const lengthHeader = res.headers.get('content-length');
  const declared = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  // With Content-Encoding the header counts compressed bytes; it is then only a hint for progress.
  const total = res.headers.get('content-encoding') ? null : declared;
  if (total !== null && total > max)
    throw new PopulationFetchError(`${url} is ${mb(total)}; populations loaded by URL are limited to ${mb(max)}`);
  opts.onProgress?.(0, total);
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    if (buf.length > max) throw new PopulationFetchError(`${url} is larger than ${mb(max)}, the limit for populations loaded by URL`);
    opts.onProgress?.(buf.length, total);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    done += r.value.length;
    if (done > max) {
      await reader.cancel().catch(() => {});
      throw new PopulationFetchError(`${url} is larger than ${mb(max)}, the limit for populations loaded by URL`);
    }
    chunks.push(r.value);
    opts.onProgress?.(done, total);
  }
  if (done === 0) throw new PopulationFetchError(`${url} is empty`);
  const out = new Uint8Array(done);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
