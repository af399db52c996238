// TypeScript port of shared/fixtures/phate/bench_inputs.py networks_like(n, seed):
// a noisy curved 1-D manifold in 20-D plus three Gaussian clusters (one
// touching the end of the curve, two far away). Same structure as the
// reference benchmark inputs; the numbers differ (mulberry32, not numpy's
// MT19937), so t and iteration counts differ somewhat too.
import { mulberry32, randn, permutation } from '../src/core/random';

export function networksLike(n: number, seed: number, dim = 20, noise = 0.05): { X: Float64Array; labels: Int32Array } {
  const rng = mulberry32(seed);
  const nPer = Math.max(4, Math.round(0.1 * n));
  const nCurve = n - 3 * nPer;
  const s = Float64Array.from({ length: nCurve }, () => rng()).sort();
  // orthonormal 4 x dim projection (QR of a random dim x 4 matrix, Gram-Schmidt)
  const Q: Float64Array[] = [];
  for (let c = 0; c < 4; c++) {
    const v = Float64Array.from({ length: dim }, () => randn(rng));
    for (const q of Q) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += v[k] * q[k];
      for (let k = 0; k < dim; k++) v[k] -= dot * q[k];
    }
    const norm = Math.hypot(...v);
    Q.push(v.map((x) => x / norm));
  }
  const X = new Float64Array(n * dim);
  for (let i = 0; i < nCurve; i++) {
    const t = s[i];
    const base = [(1 + t) * Math.cos(3 * Math.PI * t), (1 + t) * Math.sin(3 * Math.PI * t), 2 * t, 0.5 * Math.sin(6 * Math.PI * t)];
    for (let k = 0; k < dim; k++) {
      let x = 0;
      for (let c = 0; c < 4; c++) x += base[c] * Q[c][k];
      X[i * dim + k] = x + noise * randn(rng);
    }
  }
  const end = X.slice((nCurve - 1) * dim, nCurve * dim); // s is sorted: the last curve point ends it
  const centers: Float64Array[] = [end.map((x) => x + (0.3 * randn(rng)) / Math.sqrt(dim))];
  for (let f = 0; f < 2; f++) {
    const v = Float64Array.from({ length: dim }, () => randn(rng));
    const norm = Math.hypot(...v);
    centers.push(v.map((x) => (4 * x) / norm));
  }
  const labels = new Int32Array(n);
  let row = nCurve;
  centers.forEach((c, ci) => {
    for (let a = 0; a < nPer; a++, row++) {
      for (let k = 0; k < dim; k++) X[row * dim + k] = c[k] + 0.15 * randn(rng);
      labels[row] = ci + 1;
    }
  });
  const perm = permutation(n, rng);
  const Xp = new Float64Array(n * dim);
  const Lp = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    Xp.set(X.subarray(perm[i] * dim, perm[i] * dim + dim), i * dim);
    Lp[i] = labels[perm[i]];
  }
  return { X: Xp, labels: Lp };
}

/** Euclidean distances rounded to 6 significant digits, exactly symmetric with zero diagonal (round6 of bench_inputs.py). */
export function roundedDistances(X: Float64Array, n: number, dim: number): Float64Array {
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const d = X[i * dim + k] - X[j * dim + k];
        s += d * d;
      }
      const v = Number(Math.sqrt(s).toPrecision(6));
      D[i * n + j] = v;
      D[j * n + i] = v;
    }
  }
  return D;
}

/** networks_like distances as a row callback (not rounded: toPrecision on 10^8 entries would dominate the timing); nothing N x N is allocated. */
export function roundedDistanceRows(X: Float64Array, n: number, dim: number): { N: number; row(i: number, out: Float64Array): void } {
  return {
    N: n,
    row(i, out) {
      const ri = i * dim;
      for (let j = 0; j < n; j++) {
        const rj = j * dim;
        let s = 0;
        for (let k = 0; k < dim; k++) {
          const d = X[ri + k] - X[rj + k];
          s += d * d;
        }
        out[j] = j === i ? 0 : Math.sqrt(s);
      }
    },
  };
}
