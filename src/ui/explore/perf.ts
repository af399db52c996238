// Timings the render benchmark and the browser tests read through window.__netmanifold.
const brushLatencies: number[] = [];

/** Milliseconds from brush release to the new selection in the store (projection, hit test, clause, mask). */
export function recordBrushLatency(ms: number): void {
  brushLatencies.push(ms);
  if (brushLatencies.length > 200) brushLatencies.shift();
}

export function brushLatencyLog(): number[] {
  return brushLatencies.slice();
}
