export { symmetricEigenvalues, symmetricEigenvaluesInPlace, symmetricEigenvaluesSorted } from './symmetricEigenvalues';
export { jacobiEigen, svdSmall } from './jacobi';
export { topEigenpairs, type TopEigenpairs } from './topEigenpairs';
