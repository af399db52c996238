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
// Not done: landmarks (the reference switches to them above N = 2000). The
// engine keeps several dense N x N Float64 arrays (D, K, potential distances,
// the classic-MDS matrix), about 4 * 8 N^2 bytes: fine to N ~ 3000-4000 in a
// worker, not N = 10,000. A landmark path (spectral k-means on P's top
// eigenvectors, as graphtools does, then landmark-to-landmark transitions)
// would be a new stage group between kernel and diffusion.
export { runPhate } from './runPhate';
export { PhateEngine, CancelledError, DEFAULT_PHATE_PARAMS, PHATE_SOLVERS, validatePhateParams, type PhateHooks, type StageRuns } from './engine';
export { computeBandwidths, computeKernel, diffusionOperator, connectedComponents, effectiveKnn, denseToCsr, type Components, type Csr } from './kernel';
export { vonNeumannEntropy, vneFromSingularValues, diffusionSingularValues, findKnee } from './vne';
export { matrixPower, potential, pairwiseRowDistances, potentialDistancesFromBlocks } from './potential';
export { classicMDS, procrustesTo, stress1 } from './mds';
export { smacof, SmacofSolver, condensed } from './smacof';
export { validateDistanceMatrix } from './validate';
