// Reading a download with a size cap: a declared Content-Length above the cap
// is refused before any byte is read, and the body is read chunk by chunk and
// abandoned as soon as it passes the cap (a server may omit or lie about the
// length). Works on any fetch Response (browser, worker, Node).

/** Thrown when a download is larger than its cap; the message says what and how large. */
export class DownloadTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownloadTooLargeError';
  }
}

const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`);

/** The body of `res` as bytes, at most `maxBytes` of them; `what` names it in the message. */
export async function readCapped(res: Response, maxBytes: number, what: string): Promise<Uint8Array> {
  const tooBig = () => new DownloadTooLargeError(`${what} is larger than ${mb(maxBytes)}, more than this app downloads for it`);
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooBig();
  if (!res.body) {
    const b = new Uint8Array(await res.arrayBuffer());
    if (b.length > maxBytes) throw tooBig();
    return b;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
