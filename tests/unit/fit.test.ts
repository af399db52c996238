// Robust manifold framing (src/ui/explore/fit.ts): a lopsided cloud with far
// outliers fills the view instead of collapsing into a clump, outliers stay at
// the edge in their outward order, and NaN rows are masked.
import { describe, expect, it } from 'vitest';
import { EDGE_MAX, FIT_RADIUS, fitEmbedding } from '../../src/ui/explore/fit';
import { normaliseEmbedding } from '../../src/core/explore/normalise';
import { mulberry32, randn } from '../../src/core/random';

function lopsided(n: number) {
  const rng = mulberry32(3);
  const e = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) e[i * 3 + d] = randn(rng);
  // 2% far outliers along +x at increasing distance.
  const k = Math.floor(n * 0.02);
  for (let j = 0; j < k; j++) e[(n - 1 - j) * 3] = 40 + 10 * j;
  e[5 * 3 + 1] = NaN;
  return e;
}

const radius = (p: Float32Array, i: number) => Math.hypot(p[i * 3], p[i * 3 + 1], p[i * 3 + 2]);
function medianRadius(p: Float32Array, mask: Uint8Array) {
  const r: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) r.push(radius(p, i));
  r.sort((a, b) => a - b);
  return r[r.length >> 1];
}

describe('fitEmbedding', () => {
  const n = 1000;
  const e = lopsided(n);
  const pos = new Float32Array(n * 3);
  const mask = new Uint8Array(n);
  it('frames the bulk at the fit radius and keeps outliers inside the edge, in order', () => {
    expect(fitEmbedding(e, 3, n, pos, mask)).toBe(n - 1);
    expect(mask[5]).toBe(0);
    expect(radius(pos, 5)).toBe(0);
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, radius(pos, i));
    expect(max).toBeLessThan(EDGE_MAX);
    // Outliers keep their outward order.
    for (let j = 1; j < 20; j++) expect(radius(pos, n - 1 - j)).toBeGreaterThan(radius(pos, n - j));
    // The bulk fills the view: median radius a sizeable fraction of the fit radius...
    expect(medianRadius(pos, mask)).toBeGreaterThan(0.35 * FIT_RADIUS);
    // ...where max-radius scaling squeezes it into a clump.
    const old = new Float32Array(n * 3);
    normaliseEmbedding(e, 3, n, old, new Uint8Array(n));
    expect(medianRadius(old, mask)).toBeLessThan(0.1);
  });
  it('2-D embeddings stay in the z = 0 plane', () => {
    const e2 = new Float64Array([0, 0, 1, 0, 0, 1, -1, -1]);
    const p = new Float32Array(12);
    fitEmbedding(e2, 2, 4, p, new Uint8Array(4));
    for (let i = 0; i < 4; i++) expect(p[i * 3 + 2]).toBe(0);
  });
});
