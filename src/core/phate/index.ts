export { runPhate } from './runPhate';
export { PhateEngine, CancelledError, DEFAULT_PHATE_PARAMS, PHATE_SOLVERS, validatePhateParams, type PhateHooks, type StageRuns } from './engine';
export { computeBandwidths, computeKernel, diffusionOperator, connectedComponents, effectiveKnn, denseToCsr, type Components, type Csr } from './kernel';
export { vonNeumannEntropy, vneFromSingularValues, diffusionSingularValues, findKnee } from './vne';
export { matrixPower, potential, pairwiseRowDistances, potentialDistancesFromBlocks } from './potential';
export { classicMDS, procrustesTo, stress1 } from './mds';
export { smacof, SmacofSolver, condensed } from './smacof';
export { validateDistanceMatrix } from './validate';
