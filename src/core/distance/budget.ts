// Memory plan of one embedding of N networks (the app's embedding path and
// the CLI): what the distances take at once, and a clear refusal above the
// budget instead of a tab that dies on an allocation.
//
// Storage rule: up to FULL_DISTANCES_MAX networks the N×N distances are kept
// as float64 (they ship in the bundle and feed the inspector); above it the
// embedding runs on a float32 M×M matrix that is dropped afterwards (the
// landmark PHATE path reads it row by row), and the population carries no
// distances. Diffusion distances hold at most `operatorBudgetBytes` of P_i at
// once (diffusion.ts computes the Gram products per block pair); CKA, RSA and
// Wasserstein hold at most as much of their per-network features (blocked.ts),
// and every metric writes straight into the float32 M×M matrix above 2,000.
import { DEFAULT_OPERATOR_BUDGET_BYTES } from './diffusion';
import { ckaFeatureBytes } from './cka';
import { rsaFeatureBytes } from './rsa';
import { wassersteinFeatureBytes } from './wasserstein';

/** Bytes one network's working data takes while its distances are computed (operator, Gram, ranks, diagram). */
export function perNetworkDistanceBytes(metric: string, n: number): number {
  if (metric === 'cka') return ckaFeatureBytes(n);
  if (metric === 'rsa') return rsaFeatureBytes(n);
  if (metric === 'wasserstein-h0') return wassersteinFeatureBytes(n);
  return n * n * 4; // diffusion: the flattened float32 operator
}

/** Above this many networks the N×N float64 distances are not kept (a 4,000² float64 matrix is 128 MB). */
export const FULL_DISTANCES_MAX = 4000;

/** Above this many networks the matrix PHATE reads is float32 (the landmark path starts at 2,000). */
export const FLOAT32_DISTANCES_ABOVE = 2000;

/** Default memory budget of one embedding (bytes): 2 GiB, what a browser tab can usually hold. */
export const DEFAULT_EMBEDDING_BUDGET_BYTES = 2 * 2 ** 30;

/** Working memory of landmark PHATE beyond its input (2,000 landmarks: potential, condensed distances, MDS), bytes. */
const LANDMARK_WORKING_BYTES = 200 * 2 ** 20;

export interface EmbeddingMemoryPlan {
  /** Networks embedded. */
  M: number;
  /** Bytes per entry of the M×M matrix PHATE reads. */
  entryBytes: 4 | 8;
  /** Whether an N×N float64 copy (NaN rows for excluded networks) is kept for the population. */
  keepFull: boolean;
  /** Estimated peak bytes. */
  bytes: number;
}

/**
 * The memory plan of embedding M of N networks with a metric: the M×M matrix,
 * the N×N float64 copy when kept, the landmark working set, and the
 * per-network working data of the distances up to the operator budget
 * (every metric computes in blocks under it).
 */
export function embeddingMemoryPlan(N: number, M: number, n: number, metric: string): EmbeddingMemoryPlan {
  const entryBytes = M > FLOAT32_DISTANCES_ABOVE ? 4 : 8;
  const keepFull = N <= FULL_DISTANCES_MAX;
  let bytes = M * M * entryBytes + (keepFull ? N * N * 8 : 0) + LANDMARK_WORKING_BYTES;
  bytes += Math.min(DEFAULT_OPERATOR_BUDGET_BYTES, M * perNetworkDistanceBytes(metric, n));
  return { M, entryBytes, keepFull, bytes };
}

const gb = (b: number): string => `${(b / 2 ** 30).toFixed(b < 2 ** 30 ? 2 : 1)} GB`;

/** Throws a user-facing Error when the plan exceeds the budget; returns the plan otherwise. */
export function checkEmbeddingBudget(
  N: number,
  M: number,
  n: number,
  metric: string,
  budgetBytes = DEFAULT_EMBEDDING_BUDGET_BYTES,
): EmbeddingMemoryPlan {
  const plan = embeddingMemoryPlan(N, M, n, metric);
  if (plan.bytes > budgetBytes) {
    throw new Error(
      `Embedding ${M.toLocaleString('en-US')} networks with ${metric} distances needs about ${gb(plan.bytes)} of memory, above the memory budget of ${gb(budgetBytes)}. ` +
        `Embed a subset, or run 'netmanifold embed' (the CLI streams the distances) and open the bundle it writes.`,
    );
  }
  return plan;
}
