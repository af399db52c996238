// What the scene draws from an embedding: centred, scaled into the unit ball. Pure (no DOM), so
// both the view and app code (trajectories) use it without app importing ui.

/**
 * Centres finite embedding rows at their mean and scales them to unit max radius.
 * Writes 3 coordinates per point (missing components = 0) into positions, and mask[i] = 1 for
 * rows whose coordinates are all finite. Non-finite rows go to the origin with mask 0 (never drawn).
 */
export function normaliseEmbedding(
  embedding: Float64Array,
  nComponents: number,
  n: number,
  positions: Float32Array,
  mask: Uint8Array,
): number {
  const dims = Math.min(3, nComponents);
  const mean = [0, 0, 0];
  let count = 0;
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let d = 0; d < nComponents; d++) if (!Number.isFinite(embedding[i * nComponents + d])) ok = false;
    mask[i] = ok ? 1 : 0;
    if (!ok) continue;
    count++;
    for (let d = 0; d < dims; d++) mean[d] += embedding[i * nComponents + d];
  }
  if (count > 0) for (let d = 0; d < 3; d++) mean[d] /= count;
  let maxR2 = 0;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    let r2 = 0;
    for (let d = 0; d < dims; d++) {
      const v = embedding[i * nComponents + d] - mean[d];
      r2 += v * v;
    }
    if (r2 > maxR2) maxR2 = r2;
  }
  const s = maxR2 > 0 ? 1 / Math.sqrt(maxR2) : 1;
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < 3; d++) {
      positions[i * 3 + d] = mask[i] && d < dims ? (embedding[i * nComponents + d] - mean[d]) * s : 0;
    }
  }
  return count;
}
