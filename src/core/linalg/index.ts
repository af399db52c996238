export {
  symmetricEigenvalues,
  symmetricEigenvaluesInPlace,
  symmetricEigenvaluesSorted,
  symmetricEigenvaluesSteps,
} from './symmetricEigenvalues';
export { jacobiEigen, svdSmall } from './jacobi';
export { topEigenpairs, topEigenpairsSteps, type TopEigenpairs } from './topEigenpairs';
