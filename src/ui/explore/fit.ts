// Robust framing of an embedding for the manifold view: centre on the
// per-axis median and scale so the 95th-percentile radius sits at FIT_RADIUS;
// the few points beyond EDGE_START are pulled radially into a thin band at
// the edge (monotone, so their order outward is kept) instead of shrinking the
// whole cloud into a clump around them. Pure (no DOM, no three).

/** Radius of the 95th-percentile point after fitting. */
export const FIT_RADIUS = 0.85;
/** Radii beyond this are compressed into [EDGE_START, EDGE_MAX). */
export const EDGE_START = 0.95;
export const EDGE_MAX = 1.12;
const QUANTILE = 0.95;

function median(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Like normaliseEmbedding (core/explore/normalise.ts) — 3 coordinates per point into `positions`, mask[i] = 1 for
 * finite rows, missing rows at the origin with mask 0 — but framed robustly. Returns the finite count.
 */
export function fitEmbedding(embedding: Float64Array, nComponents: number, n: number, positions: Float32Array, mask: Uint8Array): number {
  const dims = Math.min(3, nComponents);
  let count = 0;
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let d = 0; d < nComponents; d++) if (!Number.isFinite(embedding[i * nComponents + d])) ok = false;
    mask[i] = ok ? 1 : 0;
    if (ok) count++;
  }
  positions.fill(0, 0, n * 3);
  if (count === 0) return 0;
  const centre = [0, 0, 0];
  const col = new Float64Array(count);
  for (let d = 0; d < dims; d++) {
    let q = 0;
    for (let i = 0; i < n; i++) if (mask[i]) col[q++] = embedding[i * nComponents + d];
    centre[d] = median(col);
  }
  const radii = new Float64Array(n);
  let q = 0;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    let r2 = 0;
    for (let d = 0; d < dims; d++) {
      const v = embedding[i * nComponents + d] - centre[d];
      r2 += v * v;
    }
    radii[i] = Math.sqrt(r2);
    col[q++] = radii[i];
  }
  col.sort();
  let ref = col[Math.min(count - 1, Math.floor(QUANTILE * (count - 1)))];
  if (!(ref > 0)) ref = col[count - 1] > 0 ? col[count - 1] : 1;
  const s = FIT_RADIUS / ref;
  const band = EDGE_MAX - EDGE_START;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    const r = radii[i] * s;
    // Beyond EDGE_START: r' = EDGE_START + band·x/(1 + x), x = (r − EDGE_START)/band; continuous with slope 1,
    // and rational rather than exponential so far outliers keep distinct radii (their order outward).
    const x = (r - EDGE_START) / band;
    const k = r > EDGE_START ? (EDGE_START + (band * x) / (1 + x)) / r : 1;
    for (let d = 0; d < dims; d++) positions[i * 3 + d] = (embedding[i * nComponents + d] - centre[d]) * s * k;
  }
  return count;
}
