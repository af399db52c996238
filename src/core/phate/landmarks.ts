// Landmark PHATE for large N (the reference switches to landmarks above
// n_landmark = 2000). Our choice of landmarks [ours, documented]: the
// reference runs spectral clustering (k-means on the top singular vectors of
// the diffusion operator); we use farthest-point sampling in the input metric,
// seeded with one point per connected component and kept inside components,
// and assign every point to its nearest centre (Voronoi cells). It needs only
// M rows of the distance input (O(N M), no N x M storage) and is deterministic.
// From the clusters on, the reference's construction (graphtools
// LandmarkGraph.build_landmark_op) is followed exactly:
//   P_mn = rownorm(C^T K)  (M x N),  P_nm = rownorm(K C)  (N x M),
//   landmark operator L = P_mn P_nm (M x M, row-stochastic),
// and PHATE's diffusion, potential and MDS run on L; the embedding is
// interpolated back by Y_N = P_nm Y_M.
import type { Components, Csr } from './kernel';
import type { RowReader } from './input';

export interface LandmarkClusters {
  /** Number of landmarks M actually used (<= requested; fewer when points coincide). */
  count: number;
  /** Landmark (cluster) index of every point, 0..count-1. */
  assignment: Int32Array;
  /** The point chosen as centre of each cluster. */
  centres: Int32Array;
}

/**
 * Farthest-point landmarks with Voronoi assignment; yields every `chunk`
 * centres. Ties go to the lowest index, so the result is deterministic.
 */
export function* farthestPointClusters(
  read: RowReader,
  N: number,
  M: number,
  comp: Components,
  chunk = 32,
): Generator<void, LandmarkClusters> {
  const minDist = new Float64Array(N).fill(Infinity);
  const assignment = new Int32Array(N).fill(-1);
  const centres: number[] = [];
  const row = new Float64Array(N);
  const labels = comp.labels;
  const addCentre = (c: number): void => {
    const a = centres.length;
    centres.push(c);
    read(c, row);
    const lc = labels[c];
    for (let j = 0; j < N; j++) {
      if (labels[j] === lc && row[j] < minDist[j]) {
        minDist[j] = row[j];
        assignment[j] = a;
      }
    }
    minDist[c] = 0;
    assignment[c] = a;
  };
  // one seed per component (its first point), so every component has a landmark
  const seeded = new Uint8Array(comp.count);
  for (let i = 0; i < N && centres.length < comp.count; i++) {
    if (!seeded[labels[i]]) {
      seeded[labels[i]] = 1;
      addCentre(i);
      if (centres.length % chunk === 0) yield;
    }
  }
  while (centres.length < M) {
    let best = -1;
    let bestD = 0;
    for (let j = 0; j < N; j++) {
      if (minDist[j] > bestD) {
        bestD = minDist[j];
        best = j;
      }
    }
    if (best < 0) break; // every remaining point coincides with a centre
    addCentre(best);
    if (centres.length % chunk === 0) yield;
  }
  return { count: centres.length, assignment, centres: Int32Array.from(centres) };
}

export interface LandmarkOperator {
  /** M x M row-stochastic landmark operator L = P_mn P_nm (CSR). */
  L: Csr;
  /** N x M row-stochastic transitions P_nm (CSR) used to interpolate the embedding. */
  transitions: Csr;
}

/** The reference's landmark operator from the symmetric kernel K (N x N CSR) and the clusters. */
export function landmarkOperator(K: Csr, clusters: LandmarkClusters): LandmarkOperator {
  const N = K.n;
  const M = clusters.count;
  const asg = clusters.assignment;
  const acc = new Float64Array(Math.max(N, M));
  const mark = new Int32Array(Math.max(N, M)).fill(-1);
  const touched = new Int32Array(Math.max(N, M));
  // P_nm = rownorm(K C): row i sums K[i, j] over j in each cluster
  const nmPtr = new Int32Array(N + 1);
  const nmCols: number[] = [];
  const nmVals: number[] = [];
  for (let i = 0; i < N; i++) {
    let nt = 0;
    let sum = 0;
    for (let p = K.rowPtr[i]; p < K.rowPtr[i + 1]; p++) {
      const a = asg[K.cols[p]];
      if (mark[a] !== i) {
        mark[a] = i;
        touched[nt++] = a;
        acc[a] = 0;
      }
      acc[a] += K.vals[p];
      sum += K.vals[p];
    }
    const ts = Array.from(touched.subarray(0, nt)).sort((x, y) => x - y);
    for (const a of ts) {
      nmCols.push(a);
      nmVals.push(acc[a] / sum);
    }
    nmPtr[i + 1] = nmCols.length;
  }
  const transitions: Csr = { n: N, rowPtr: nmPtr, cols: Int32Array.from(nmCols), vals: Float64Array.from(nmVals) };
  // P_mn = rownorm(C^T K): row a sums the kernel rows of a's members; K is symmetric,
  // so its row sum is the sum of column a of K C.
  const members = clusterMembers(asg, M);
  const mnRowSum = new Float64Array(M);
  for (let i = 0; i < N; i++) for (let p = K.rowPtr[i]; p < K.rowPtr[i + 1]; p++) mnRowSum[asg[i]] += K.vals[p];
  // L[a, b] = sum_j P_mn[a, j] P_nm[j, b], with P_mn[a, j] = sum_{i in a} K[i, j] / mnRowSum[a]
  mark.fill(-1);
  const lPtr = new Int32Array(M + 1);
  const lCols: number[] = [];
  const lVals: number[] = [];
  for (let a = 0; a < M; a++) {
    let nt = 0;
    const inv = 1 / mnRowSum[a];
    for (const i of members[a]) {
      for (let p = K.rowPtr[i]; p < K.rowPtr[i + 1]; p++) {
        const j = K.cols[p];
        const w = K.vals[p] * inv;
        for (let q = nmPtr[j]; q < nmPtr[j + 1]; q++) {
          const b = transitions.cols[q];
          if (mark[b] !== a) {
            mark[b] = a;
            touched[nt++] = b;
            acc[b] = 0;
          }
          acc[b] += w * transitions.vals[q];
        }
      }
    }
    const ts = Array.from(touched.subarray(0, nt)).sort((x, y) => x - y);
    for (const b of ts) {
      lCols.push(b);
      lVals.push(acc[b]);
    }
    lPtr[a + 1] = lCols.length;
  }
  return { L: { n: M, rowPtr: lPtr, cols: Int32Array.from(lCols), vals: Float64Array.from(lVals) }, transitions };
}

function clusterMembers(asg: Int32Array, M: number): Int32Array[] {
  const sizes = new Int32Array(M);
  for (let i = 0; i < asg.length; i++) sizes[asg[i]]++;
  const out = Array.from({ length: M }, (_, a) => new Int32Array(sizes[a]));
  const fill = new Int32Array(M);
  for (let i = 0; i < asg.length; i++) out[asg[i]][fill[asg[i]]++] = i;
  return out;
}

/** Y_N = P_nm Y_M (N x k row-major). */
export function interpolateEmbedding(transitions: Csr, Y: Float64Array, k: number): Float64Array {
  const N = transitions.n;
  const out = new Float64Array(N * k);
  for (let i = 0; i < N; i++) {
    for (let p = transitions.rowPtr[i]; p < transitions.rowPtr[i + 1]; p++) {
      const w = transitions.vals[p];
      const b = transitions.cols[p] * k;
      for (let c = 0; c < k; c++) out[i * k + c] += w * Y[b + c];
    }
  }
  return out;
}
