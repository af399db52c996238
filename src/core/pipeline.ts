// The embedding pipeline: networks → diffusion-operator distances (METHODS §2a)
// → PHATE (METHODS §3), as one request on a fresh EmbeddingSession
// (core/embedding-session.ts), the one embedding path: the CLI, the tests and
// the app's workers all embed through it, with the same exclusion rule,
// cooperative cancel and memory plan.
//
// Exclusion rule (embedding-session.ts): a network whose chosen layer is
// missing or non-finite, or whose status is 'diverged' (unless
// `includeDiverged`), is left out. The outputs stay indexed by the ORIGINAL
// network order so that point i is always network i:
//   - embedding.embedding is N×k with all-NaN rows for excluded networks;
//   - distances is N×N with NaN in the rows/columns of excluded networks
//     (diagonal 0 everywhere);
//   - `included` lists the embedded indices in increasing order, and
//     `excluded` says why each other network was left out.
// The bundle validator (src/core/bundle) accepts exactly this shape.

import { resolveDiffusionOptions } from './distance';
import { EmbeddingSession, MIN_EMBEDDABLE, type ExcludedNetwork } from './embedding-session';
import type { DiffusionDistanceOptions, NetworkRecord, PhateParams, PhateResult, ProbeSet, Progress } from './types';

export { MIN_EMBEDDABLE, type ExcludedNetwork };

export interface EmbedPopulationOptions {
  metric?: Partial<DiffusionDistanceOptions>;
  phate?: Partial<PhateParams>;
  onProgress?(p: Progress): void;
  isCancelled?(): boolean;
  /** Memory the run may plan for (distance/budget.ts); above it the run is refused with a message. */
  memoryBudgetBytes?: number;
  /** PHATE landmarks above this many networks (default 2000). */
  nLandmark?: number;
  /** Embed diverged networks as well (from their last sane activations); default false. */
  includeDiverged?: boolean;
}

export interface EmbedPopulationResult {
  /** N×N, NaN where an excluded network is involved; absent above FULL_DISTANCES_MAX networks (distance/budget.ts). */
  distances?: Float64Array;
  /** embedding is N×nComponents, all-NaN rows for excluded networks. */
  embedding: PhateResult;
  metric: DiffusionDistanceOptions;
  phate: PhateParams;
  /** Indices (into the input networks) that were embedded, increasing. */
  included: number[];
  excluded: ExcludedNetwork[];
}

export async function embedPopulation(
  networks: NetworkRecord[],
  probe: ProbeSet,
  opts: EmbedPopulationOptions = {},
): Promise<EmbedPopulationResult> {
  const metric = resolveDiffusionOptions(opts.metric);
  const { layer, ...diffusion } = metric;
  const session = new EmbeddingSession(networks, probe, {
    memoryBudgetBytes: opts.memoryBudgetBytes,
    nLandmark: opts.nLandmark,
    includeDiverged: opts.includeDiverged,
  });
  const r = await session.run(
    { metric: 'diffusion', layer, diffusion, phate: opts.phate ?? {} },
    { onProgress: opts.onProgress, isCancelled: opts.isCancelled },
  );
  return { distances: r.distances, embedding: r.embedding, metric, phate: r.phate, included: r.included, excluded: r.excluded };
}
