// The embedding pipeline: networks → diffusion-operator distances (METHODS §2a)
// → PHATE (METHODS §3).
//
// Exclusion rule: a network whose chosen layer is missing (e.g. cancelled before
// any activations were kept) or contains non-finite values (diverged) is left
// out of the distance computation and of PHATE. The outputs stay indexed by the
// ORIGINAL network order so that point i is always network i:
//   - embedding.embedding is N×k with all-NaN rows for excluded networks;
//   - distances is N×N with NaN in the rows/columns of excluded networks
//     (diagonal 0 everywhere);
//   - `included` lists the embedded indices in increasing order, and
//     `excluded` says why each other network was left out.
// A network whose status is 'diverged' (core/train/divergence.ts) is left out
// too unless `includeDiverged` is set: its activations are those of the last
// sane epoch (often epoch 0), not of a trained network.
// The bundle validator (src/core/bundle) accepts exactly this shape.

import { allFinite, checkEmbeddingBudget, diffusionDistancesInto, resolveDiffusionOptions, selectLayer } from './distance';
import { DEFAULT_PHATE_PARAMS, PhateEngine } from './phate';
import type { DiffusionDistanceOptions, NetworkRecord, PhateParams, PhateResult, ProbeSet, Progress } from './types';

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

export interface ExcludedNetwork {
  index: number;
  reason: string;
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

/** Minimum number of embeddable networks for PHATE. */
export const MIN_EMBEDDABLE = 3;

function withoutUndefined<T extends object>(o: Partial<T> | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (o) for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export async function embedPopulation(
  networks: NetworkRecord[],
  probe: ProbeSet,
  opts: EmbedPopulationOptions = {},
): Promise<EmbedPopulationResult> {
  const metric = resolveDiffusionOptions(opts.metric);
  const phate: PhateParams = { ...DEFAULT_PHATE_PARAMS, ...withoutUndefined(opts.phate) };
  const hooks = { onProgress: opts.onProgress, isCancelled: opts.isCancelled };
  const N = networks.length;
  const n = probe.n;

  const included: number[] = [];
  const excluded: ExcludedNetwork[] = [];
  const layers: { data: Float32Array; width: number }[] = [];
  networks.forEach((net, i) => {
    const L = selectLayer(net, metric.layer);
    if (!L) {
      excluded.push({ index: i, reason: `no activations for layer ${String(metric.layer)} (status ${net.status})` });
      return;
    }
    if (L.data.length !== n * L.width) {
      throw new Error(
        `embedPopulation: network ${i} (${net.id}) layer ${L.layer} has ${L.data.length} activations, expected ${n}×${L.width}`,
      );
    }
    if (!allFinite(L.data)) {
      excluded.push({ index: i, reason: `non-finite activations in layer ${L.layer} (status ${net.status}; diverged?)` });
      return;
    }
    if (net.status === 'diverged' && !opts.includeDiverged) {
      excluded.push({
        index: i,
        reason: `diverged (${net.statusReason ?? 'no reason recorded'}); diverged networks are left out unless included`,
      });
      return;
    }
    included.push(i);
    layers.push({ data: L.data, width: L.width });
  });

  const M = included.length;
  if (M < MIN_EMBEDDABLE) {
    throw new Error(
      `embedPopulation: need at least ${MIN_EMBEDDABLE} networks with finite activations to embed, ` +
        `got ${M} of ${N}` +
        (excluded.length ? ` (excluded: ${excluded.map((e) => `#${e.index} ${e.reason}`).join('; ')})` : ''),
    );
  }

  // Above 2,000 networks: float32 distances and the landmark path; above 4,000 no N×N float64 copy.
  const plan = checkEmbeddingBudget(N, M, n, 'diffusion', opts.memoryBudgetBytes);
  const Dsub = diffusionDistancesInto(layers, n, metric, hooks, { out: plan.entryBytes === 4 ? new Float32Array(M * M) : undefined });
  // Yield a macrotask so a worker's message loop can deliver a cancel between stages.
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  const res = await new PhateEngine(Dsub, M, { ...phate, nLandmark: opts.nLandmark }).fit(hooks);

  const k = res.nComponents;
  const distances = plan.keepFull ? new Float64Array(N * N).fill(NaN) : undefined;
  const Y = new Float64Array(N * k).fill(NaN);
  for (let a = 0; a < M; a++) {
    const ia = included[a];
    if (distances) for (let b = 0; b < M; b++) distances[ia * N + included[b]] = Dsub[a * M + b];
    for (let c = 0; c < k; c++) Y[ia * k + c] = res.embedding[a * k + c];
  }
  if (distances) for (let i = 0; i < N; i++) distances[i * N + i] = 0;

  return { distances, embedding: { ...res, embedding: Y }, metric, phate, included, excluded };
}
