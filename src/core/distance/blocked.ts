// Pairwise distances between networks from one per-network feature each
// (CKA's centred Gram, RSA's standardised ranks, the H0 death list), under the
// same memory plan as the diffusion distances (budget.ts): the features are
// held only while all N of them fit `featureBudgetBytes`; above that the
// networks are split into blocks of ⌊budget / (2 · bytes per feature)⌋ and the
// pairs run block pair by block pair with each block's features rebuilt, so
// memory is bounded. The result goes into `out` (float64 or float32, N×N):
// no float64 N×N matrix is built first. Every pair's value comes from the same
// two features by the same function, so blocked and resident results are
// identical.
import type { Progress } from '../types';
import type { WorkHooks } from './hooks';
import type { Steps } from '../cancel';
import { DEFAULT_OPERATOR_BUDGET_BYTES } from './diffusion';

export interface PairwiseFeatureMetric<F> {
  /** Progress stage suffix: 'distance:<name>'. */
  name: string;
  /** Bytes one network's feature takes. */
  featureBytes: number;
  /** The feature of network i (may throw a user-facing error). */
  build(i: number): F;
  /** Distance between two networks from their features. */
  pair(a: F, b: F): number;
}

export interface BlockedMatrixOptions {
  /** Where to write the N×N distances (default a new Float64Array; a Float32Array halves the memory). */
  out?: Float64Array | Float32Array;
  /** Bytes the per-network features may take at once (default 256 MiB, the operator budget of diffusion). */
  featureBudgetBytes?: number;
}

/** Block layout: `rows` networks per block; `resident` when all N features fit the budget at once. */
export function featureBlocks(N: number, featureBytes: number, budgetBytes: number): { rows: number; resident: boolean } {
  const resident = N * featureBytes <= budgetBytes;
  const rows = resident ? N : Math.max(1, Math.floor(budgetBytes / (2 * featureBytes)));
  return { rows: Math.min(rows, Math.max(N, 1)), resident };
}

/**
 * The N×N distance matrix of a feature metric, as steps: yields between
 * feature builds and between rows of a block pair, where the caller polls
 * for a cancel (drainSteps / runSteps in core/cancel.ts).
 */
export function* blockedPairwiseSteps<F>(
  N: number,
  metric: PairwiseFeatureMetric<F>,
  hooks?: WorkHooks,
  matrix: BlockedMatrixOptions = {},
): Steps<Float64Array | Float32Array> {
  const out = matrix.out ?? new Float64Array(N * N);
  if (out.length !== N * N) throw new Error(`${metric.name}: output must hold ${N}×${N} values, got ${out.length}`);
  const budget = matrix.featureBudgetBytes ?? DEFAULT_OPERATOR_BUDGET_BYTES;
  const { rows: bs, resident } = featureBlocks(N, metric.featureBytes, budget);
  const nb = Math.ceil(N / bs);
  const report = (p: Progress) => hooks?.onProgress?.(p);
  const rowsOf = (blk: number) => Math.min(bs, N - blk * bs);
  // feature builds: once each when resident, else block J is rebuilt for every I < J
  let buildTotal = N;
  if (!resident) for (let I = 0; I + 1 < nb; I++) for (let J = I + 1; J < nb; J++) buildTotal += rowsOf(J);
  let built = 0;
  const all: F[] | null = resident ? [] : null;
  function* block(blk: number): Steps<F[]> {
    const i0 = blk * bs;
    const cnt = rowsOf(blk);
    if (all && all.length >= i0 + cnt) return all.slice(i0, i0 + cnt);
    const feats: F[] = [];
    for (let a = 0; a < cnt; a++) {
      yield;
      feats.push(metric.build(i0 + a));
      built++;
      if (nb === 1 || (built & 15) === 0 || built === buildTotal)
        report({
          stage: `distance:${metric.name}-features`,
          done: built,
          total: buildTotal,
          message: `${metric.name} features ${built}/${buildTotal}`,
        });
    }
    if (all) all.push(...feats);
    return feats;
  }
  const write = (i: number, j: number, d: number): void => {
    out[i * N + j] = d;
    out[j * N + i] = d;
  };
  if (nb === 1) {
    const A = yield* block(0);
    for (let a = 0; a < N; a++) {
      yield;
      for (let b = a + 1; b < N; b++) write(a, b, metric.pair(A[a], A[b]));
      report({ stage: `distance:${metric.name}`, done: a + 1, total: N });
    }
  } else {
    const pairs = (nb * (nb + 1)) / 2;
    let pairsDone = 0;
    for (let I = 0; I < nb; I++) {
      const A = yield* block(I);
      const i0 = I * bs;
      for (let J = I; J < nb; J++) {
        const B = J === I ? A : yield* block(J);
        const j0 = J * bs;
        for (let a = 0; a < A.length; a++) {
          yield;
          for (let b = J === I ? a + 1 : 0; b < B.length; b++) write(i0 + a, j0 + b, metric.pair(A[a], B[b]));
        }
        pairsDone++;
        report({ stage: `distance:${metric.name}`, done: pairsDone, total: pairs, message: `block pair ${pairsDone}/${pairs}` });
      }
    }
  }
  for (let i = 0; i < N; i++) out[i * N + i] = 0;
  return out;
}
