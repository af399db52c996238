// Collects the distinct ArrayBuffers under a value so comlink can transfer
// rather than copy them (a buffer listed twice would make postMessage throw).
export function transferables(value: unknown, out: Set<ArrayBuffer> = new Set(), depth = 0): ArrayBuffer[] {
  if (depth > 8 || value === null || typeof value !== 'object') return [...out];
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
    return [...out];
  }
  if (Array.isArray(value)) {
    for (const v of value) transferables(v, out, depth + 1);
    return [...out];
  }
  for (const v of Object.values(value as Record<string, unknown>)) transferables(v, out, depth + 1);
  return [...out];
}
