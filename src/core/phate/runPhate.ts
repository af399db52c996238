// One-shot synchronous PHATE (Node CLI, tests). Workers use PhateEngine.
import type { PhateParams, PhateResult } from '../types';
import { PhateEngine, type PhateHooks } from './engine';

/** PHATE of a precomputed N x N distance matrix (row-major). Throws on invalid input. */
export function runPhate(D: Float64Array, N: number, params: Partial<PhateParams> = {}, hooks: PhateHooks = {}): PhateResult {
  return new PhateEngine(D, N, params).fitSync(hooks);
}
