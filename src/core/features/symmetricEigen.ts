// Eigenvalues of a dense real symmetric matrix, sorted descending, with input
// checks. The solver lives in src/core/linalg (Householder tridiagonalisation
// + implicit QL with JAMA tql2's convergence test); this module keeps the
// features' import path and signature.
export { symmetricEigenvaluesSorted as symmetricEigenvalues } from '../linalg/symmetricEigenvalues';
