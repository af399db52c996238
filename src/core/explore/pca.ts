// Principal components of one network's probe activations (n points × d units):
// the inspector's 2-D picture of a layer. Covariance d×d, then its leading
// eigenvectors by subspace iteration (linalg/topEigenpairs), so n ≤ 512 × d ≤ 256
// costs a few ms; runs in the features worker anyway.
import { topEigenpairs } from '../linalg/topEigenpairs';

export interface PCAResult {
  /** n × k row-major scores (projections of the centred points on the components). */
  coords: Float64Array;
  /** Variance along each component, descending. */
  variance: Float64Array;
  /** variance / total variance, per component. */
  explained: Float64Array;
  /** d × k row-major unit directions. */
  components: Float64Array;
  k: number;
}

/**
 * Top-k principal components of X (n × d, row-major). Sign convention: each component
 * points so that its largest |loading| is positive (deterministic pictures across runs).
 * With fewer than k non-degenerate directions the extra scores are zero.
 */
export function pca(X: ArrayLike<number>, n: number, d: number, k = 2): PCAResult {
  if (X.length !== n * d) throw new Error(`pca: X has ${X.length} values, expected n·d = ${n * d}`);
  const kk = Math.max(1, Math.min(k, d));
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= Math.max(1, n);
  // Centred copy, then C = Xcᵀ Xc / (n − 1) (upper triangle, mirrored).
  const Xc = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xc[i * d + j] = X[i * d + j] - mean[j];
  const C = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const r = i * d;
    for (let a = 0; a < d; a++) {
      const xa = Xc[r + a];
      if (xa === 0) continue;
      const ca = a * d;
      for (let b = a; b < d; b++) C[ca + b] += xa * Xc[r + b];
    }
  }
  const denom = Math.max(1, n - 1);
  let total = 0;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = C[a * d + b] / denom;
      C[a * d + b] = v;
      C[b * d + a] = v;
    }
    total += C[a * d + a];
  }
  const components = new Float64Array(d * k);
  const variance = new Float64Array(k);
  if (total > 0) {
    const top = topEigenpairs(C, d, kk);
    for (let c = 0; c < kk; c++) {
      variance[c] = Math.max(0, top.values[c]);
      if (variance[c] <= total * 1e-12) continue; // degenerate direction: leave zero
      let big = 0;
      for (let j = 0; j < d; j++) if (Math.abs(top.vectors[j * kk + c]) > Math.abs(big)) big = top.vectors[j * kk + c];
      const s = big < 0 ? -1 : 1;
      for (let j = 0; j < d; j++) components[j * k + c] = s * top.vectors[j * kk + c];
    }
  }
  const coords = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const r = i * d;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += Xc[r + j] * components[j * k + c];
      coords[i * k + c] = s;
    }
  }
  const explained = variance.map((v) => (total > 0 ? v / total : 0));
  return { coords, variance, explained, components, k };
}
