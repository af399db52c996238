export { symmetricEigenvalues, symmetricEigenvaluesInPlace, symmetricEigenvaluesSorted, symmetricEigenvaluesSteps } from './symmetricEigenvalues';
export { jacobiEigen, svdSmall } from './jacobi';
export { topEigenpairs, type TopEigenpairs } from './topEigenpairs';
