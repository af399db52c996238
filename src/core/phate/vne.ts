// Automatic t (phate.vne): von Neumann entropy of the singular values of P
// over powers 1..tMax, and phate's two-line knee, off-by-one included.
import { symmetricEigenvaluesSteps } from '../linalg/symmetricEigenvalues';
import { connectedComponents, componentMembers, csrSubmatrix, denseToCsr, type Components, type Csr } from './kernel';

const VNE_EPS = 2.220446049250313e-16; // np.finfo(float).eps

/** Transpose of a CSR matrix. */
export function csrTranspose(A: Csr): Csr {
  const n = A.n;
  const counts = new Int32Array(n + 1);
  for (let p = 0; p < A.cols.length; p++) counts[A.cols[p] + 1]++;
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const rowPtr = Int32Array.from(counts);
  const fill = Int32Array.from(counts);
  const cols = new Int32Array(A.cols.length);
  const vals = new Float64Array(A.cols.length);
  for (let i = 0; i < n; i++) {
    for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) {
      const q = fill[A.cols[p]]++;
      cols[q] = i;
      vals[q] = A.vals[p];
    }
  }
  return { n, rowPtr, cols, vals };
}

/** Dense A A^T of a sparse square matrix (lower triangle filled; that is all the eigensolver reads). */
export function gramLowerOf(A: Csr): Float64Array {
  const n = A.n;
  const At = csrTranspose(A);
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) {
      const k = A.cols[p];
      const v = A.vals[p];
      for (let q = At.rowPtr[k]; q < At.rowPtr[k + 1]; q++) {
        const j = At.cols[q];
        if (j <= i) M[ri + j] += v * At.vals[q];
      }
    }
  }
  return M;
}

/**
 * Singular values of the sparse diffusion operator P, as the square roots of
 * the eigenvalues of P P^T. P P^T is block diagonal over connected
 * components, so each block is solved on its own (O(sum n_c^3)).
 */
export function diffusionSingularValues(P: Csr, comp: Components): Float64Array {
  const steps = diffusionSingularValuesSteps(P, comp);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** diffusionSingularValues as a generator that yields inside the O(n^3) eigen-solve (cooperative cancel). */
export function* diffusionSingularValuesSteps(P: Csr, comp: Components): Generator<void, Float64Array> {
  const out = new Float64Array(P.n);
  let o = 0;
  for (const members of componentMembers(comp)) {
    const sub = members.length === P.n ? P : csrSubmatrix(P, members);
    const ev = yield* symmetricEigenvaluesSteps(gramLowerOf(sub), sub.n);
    for (let i = 0; i < ev.length; i++) out[o++] = Math.sqrt(Math.max(0, ev[i]));
  }
  return out.sort().reverse();
}

/** H(tau) for tau = 1..tMax of p = s^tau / sum(s^tau) + eps (phate.vne.compute_von_neumann_entropy). */
export function vneFromSingularValues(s: Float64Array, tMax = 100): Float64Array {
  const h = new Float64Array(tMax);
  const st = Float64Array.from(s);
  for (let t = 0; t < tMax; t++) {
    let sum = 0;
    for (let i = 0; i < st.length; i++) sum += st[i];
    let H = 0;
    for (let i = 0; i < st.length; i++) {
      const p = st[i] / sum + VNE_EPS;
      H -= p * Math.log(p);
    }
    h[t] = H;
    for (let i = 0; i < st.length; i++) st[i] *= s[i];
  }
  return h;
}

/** VNE curve of a dense diffusion operator P (N x N). */
export function vonNeumannEntropy(P: Float64Array, N: number, tMax = 100): Float64Array {
  const csr = denseToCsr(P, N);
  return vneFromSingularValues(diffusionSingularValues(csr, connectedComponents(P, N)), tMax);
}

/** Least-squares line through (x, y[x]) for x in [a, b] (inclusive); returns [slope, intercept]. */
function fitLine(y: ArrayLike<number>, a: number, b: number): [number, number] {
  const n = b - a + 1;
  let sx = 0;
  let sy = 0;
  for (let x = a; x <= b; x++) {
    sx += x;
    sy += y[x];
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let x = a; x <= b; x++) {
    sxx += (x - mx) * (x - mx);
    sxy += (x - mx) * (y[x] - my);
  }
  const m = sxy / sxx;
  return [m, my - m * mx];
}

/**
 * phate.vne.find_knee_point over x = 0..n-1: for break b in 1..n-2 the left
 * line fits points 0..b, the right line fits b-1..n-1 (phate's extra point),
 * error = sum |left residuals on 0..b| + sum |right residuals on b..n-1|;
 * the first minimum wins. The returned x is used directly as the power t.
 */
export function findKnee(y: ArrayLike<number>): number {
  const n = y.length;
  if (n < 3) throw new Error(`findKnee needs at least 3 values, got ${n}`);
  let best = Infinity;
  let bestB = 1;
  for (let b = 1; b < n - 1; b++) {
    const [ml, cl] = fitLine(y, 0, b);
    const [mr, cr] = fitLine(y, b - 1, n - 1);
    let err = 0;
    for (let x = 0; x <= b; x++) err += Math.abs(ml * x + cl - y[x]);
    for (let x = b; x < n; x++) err += Math.abs(mr * x + cr - y[x]);
    if (err < best) {
      best = err;
      bestB = b;
    }
  }
  return bestB;
}
