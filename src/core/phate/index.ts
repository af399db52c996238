// PHATE (Moon et al. 2019) as phate 1.0.11 computes it for precomputed
// distances: see shared/fixtures/phate/README.md and METHODS.md §3.
//
// Paths:
//  - exact ('smacof', default; 'sgd' is the same here because the reference
//    falls back to SMACOF for nComponents != 2 and we do not port s_gd2's
//    MT19937 stream): matches the fixtures to ~1e-12 Procrustes disparity.
//  - 'fast': same graph, t, potential and classic start; Anderson-accelerated
//    Guttman iterations with a relative-progress stop (fastMds.ts).
// Speed-ups that keep the exact numbers: everything after the kernel works per
// connected component (P P^T, P^t and U are block diagonal), P^t by sparse x
// dense products, potential distances by a blocked Gram kernel.
//
// Large N (N > nLandmark, default 2000, as the reference): the kernel is
// built sparse from distance rows (a Float32Array, or a row callback
// { N, row(i, out) } so no N x N array is needed), landmarks are chosen by
// farthest-point sampling in the input metric [ours; the reference uses
// spectral k-means], and the reference's landmark operator P_mn P_nm carries
// the diffusion, potential and MDS; the embedding is interpolated back with
// P_nm (landmarks.ts). L takes two diffusion steps per power, so a fixed t on
// the landmark path is comparable to 2t on the exact path; t = auto runs the
// VNE knee on L as the reference does.
// Cooperative: the VNE eigen-solve, P^t and the potential distances are
// generators that yield every few million multiply-adds, so fit() sees a
// cancel within ~50 ms; so does classic MDS (per subspace-iteration sweep).
export { runPhate } from './runPhate';
export {
  PhateEngine,
  CancelledError,
  DEFAULT_PHATE_PARAMS,
  DEFAULT_N_LANDMARK,
  PHATE_SOLVERS,
  validatePhateParams,
  type PhateHooks,
  type StageRuns,
  type PhateEngineOptions,
} from './engine';
export { type DistanceRows, type PhateDistanceInput } from './input';
export { farthestPointClusters, landmarkOperator, interpolateEmbedding, type LandmarkClusters } from './landmarks';
export { sparseKernelSteps, csrComponents } from './sparseKernel';
export {
  computeBandwidths,
  computeKernel,
  diffusionOperator,
  connectedComponents,
  effectiveKnn,
  denseToCsr,
  type Components,
  type Csr,
} from './kernel';
export { vonNeumannEntropy, vneFromSingularValues, diffusionSingularValues, findKnee } from './vne';
export { matrixPower, potential, pairwiseRowDistances, potentialDistancesFromBlocks } from './potential';
export { classicMDS, procrustesTo, stress1 } from './mds';
export { smacof, SmacofSolver, condensed } from './smacof';
export { validateDistanceMatrix } from './validate';
