// Placeholder fast solver (replaced below once measured).
import { SmacofSolver } from './smacof';

export class FastMdsSolver extends SmacofSolver {
  static readonly MAX_ITER = 300;
  constructor(Dc: Float64Array, N: number, X0: Float64Array, k: number) {
    super(Dc, N, X0, k, { maxIter: FastMdsSolver.MAX_ITER, eps: 1e-6 });
  }
}
