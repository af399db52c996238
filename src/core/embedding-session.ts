// The one embedding path (METHODS §2–§3): networks → distances → PHATE. The
// app's PHATE panel keeps a live session per population; embedPopulation
// (core/pipeline.ts: CLI, tests, a grown population) runs one request on a
// fresh session. Distances are computed once per (metric, layer, diffusion
// options) and a PhateEngine is kept per distance matrix, so changing t or
// gamma reuses the kernel and changing dims reuses the diffusion (the engine's
// stage cache). Runs are cooperative: every stage (distances included) yields
// to the event loop about every 50 ms and polls hooks.isCancelled, throwing
// CancelledError; the caches survive a cancelled run.
//
// Exclusion rule: a network whose chosen layer is missing (e.g. cancelled
// before any activations were kept) or contains non-finite values (diverged)
// is left out, and so is a network whose status is 'diverged' unless
// includeDiverged is set (its activations are those of its last sane epoch,
// often epoch 0, not of a trained network). Outputs are indexed by the
// ORIGINAL network order with NaN rows for the networks left out; `excluded`
// says why each was left out.
//
// Large populations (distance/budget.ts): above 2,000 embedded networks the
// distances PHATE reads are float32 and the engine takes its landmark path
// (as the reference does above n_landmark = 2000); above 4,000 networks no
// N×N float64 copy is kept (the result has no `distances`); a run whose
// memory plan exceeds the budget is refused with a message before any work.
import {
  allFinite,
  checkEmbeddingBudget,
  DEFAULT_EMBEDDING_BUDGET_BYTES,
  diffusionDistanceSteps,
  resolveDiffusionOptions,
  selectLayer,
} from './distance';
import { ckaDistanceSteps } from './distance/cka';
import { rsaDistanceSteps } from './distance/rsa';
import { wassersteinH0DistanceSteps } from './distance/wasserstein';
import type { WorkHooks } from './distance/hooks';
import { drainSteps, runSteps, throwIfCancelled, type Steps } from './cancel';
import { DEFAULT_PHATE_PARAMS, PhateEngine, findKnee, procrustesTo, effectiveKnn, type StageRuns } from './phate';
import type { DiffusionDistanceOptions, DistanceMetricName, NetworkRecord, PhateParams, PhateResult, ProbeSet } from './types';

export const DISTANCE_METRICS: { name: DistanceMetricName; label: string }[] = [
  { name: 'diffusion', label: 'Diffusion operator ‖P_i − P_j‖' },
  { name: 'cka', label: '1 − linear CKA' },
  { name: 'rsa', label: 'RSA (1 − Spearman ρ)' },
  { name: 'wasserstein-h0', label: 'Wasserstein-1 of H0 diagrams' },
];

export interface EmbedRequest {
  metric: DistanceMetricName;
  layer: 'last' | number;
  phate: Partial<PhateParams>;
  /** Diffusion-operator options other than the layer (sigma, scale, tau); diffusion metric only. */
  diffusion?: Partial<Omit<DiffusionDistanceOptions, 'layer'>>;
}

export interface EmbeddingSessionOptions {
  /** Memory one embedding may plan for (distance/budget.ts); above it run() refuses with a message. */
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

/** Minimum number of embeddable networks for PHATE. */
export const MIN_EMBEDDABLE = 3;

export interface SessionResult {
  /** N × nComponents, NaN rows for excluded networks; aligned (Procrustes) to the previous result when comparable. */
  embedding: PhateResult;
  /** N × N, NaN where an excluded network is involved; zero diagonal. Absent above FULL_DISTANCES_MAX networks. */
  distances?: Float64Array;
  included: number[];
  /** Why each network not in `included` was left out. */
  excluded: ExcludedNetwork[];
  metric: DistanceMetricName;
  layer: 'last' | number;
  /** The diffusion-operator options the distances used (diffusion metric only). */
  diffusion?: DiffusionDistanceOptions;
  phate: Required<PhateParams>;
  /** The knee of the VNE curve (what t = auto picks), whatever t was used. */
  tAuto: number;
  /** knn after the reference's clamp to M − 2 (M = embedded networks). */
  knnEffective: number;
  stageRuns: StageRuns;
  /** Seconds per stage of THIS run: 0 for a stage reused from the cache. */
  timings: Record<string, number>;
  mdsIterations: number;
  /** Whether the distances came from the cache. */
  distancesReused: boolean;
  /**
   * Embedded networks whose chosen layer maps every probe input to the same
   * vector (dead units). Under 1 − CKA and RSA they are at distance 1 from
   * every other network, so they split the kNN graph.
   */
  constant: number;
}

interface DistanceEntry {
  included: number[];
  excluded: ExcludedNetwork[];
  diffusion?: DiffusionDistanceOptions;
  /** How many of the included networks have a constant representation on the layer. */
  constant: number;
  /** M × M over the included networks (float32 above FLOAT32_DISTANCES_ABOVE). */
  sub: Float64Array | Float32Array;
  full?: Float64Array;
  seconds: number;
  engine?: PhateEngine;
}

const keyOf = (metric: DistanceMetricName, layer: 'last' | number, d?: DiffusionDistanceOptions) =>
  d ? `${metric}@${layer}/${d.sigma}/${d.scale}/${d.tau}` : `${metric}@${layer}`;

/** The diffusion options of a request (defaults resolved), or undefined for the other metrics. */
function diffusionOf(req: EmbedRequest): DiffusionDistanceOptions | undefined {
  return req.metric === 'diffusion' ? resolveDiffusionOptions({ ...req.diffusion, layer: req.layer }) : undefined;
}
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now()) / 1000;

/** True when every probe row of the layer equals the first (all inputs map to one point). */
export function isConstantRepresentation(data: Float32Array, width: number, n: number): boolean {
  for (let r = 1; r < n; r++) for (let c = 0; c < width; c++) if (data[r * width + c] !== data[c]) return false;
  return true;
}

/**
 * The networks embedded on `layer` (the exclusion rule above) and their
 * activations; a layer of the wrong size is a malformed population and throws.
 */
export function embeddableLayers(networks: NetworkRecord[], probe: ProbeSet, layer: 'last' | number, includeDiverged = false) {
  const included: number[] = [];
  const excluded: ExcludedNetwork[] = [];
  const layers: { data: Float32Array; width: number }[] = [];
  networks.forEach((net, i) => {
    const L = selectLayer(net, layer);
    if (!L) {
      excluded.push({ index: i, reason: `no activations for layer ${String(layer)} (status ${net.status})` });
      return;
    }
    if (L.data.length !== probe.n * L.width)
      throw new Error(`network ${i} (${net.id}) layer ${L.layer} has ${L.data.length} activations, expected ${probe.n}×${L.width}`);
    if (!allFinite(L.data)) {
      excluded.push({ index: i, reason: `non-finite activations in layer ${L.layer} (status ${net.status}; diverged?)` });
      return;
    }
    if (net.status === 'diverged' && !includeDiverged) {
      excluded.push({
        index: i,
        reason: `diverged (${net.statusReason ?? 'no reason recorded'}); diverged networks are left out unless included`,
      });
      return;
    }
    included.push(i);
    layers.push({ data: L.data, width: L.width });
  });
  return { included, excluded, layers };
}

/** The distance matrix of one metric between the given layers (M × M), as steps; `out` receives it, e.g. as float32 (all metrics compute in blocks under the operator budget). */
export function metricDistanceSteps(
  metric: DistanceMetricName,
  layers: { data: Float32Array; width: number }[],
  n: number,
  hooks?: WorkHooks,
  out?: Float32Array,
  diffusion?: Partial<DiffusionDistanceOptions>,
): Steps<Float64Array | Float32Array> {
  switch (metric) {
    case 'diffusion':
      return diffusionDistanceSteps(layers, n, diffusion ?? {}, hooks, { out });
    case 'cka':
      return ckaDistanceSteps(layers, n, hooks, { out });
    case 'rsa':
      return rsaDistanceSteps(layers, n, hooks, { out });
    case 'wasserstein-h0':
      return wassersteinH0DistanceSteps(layers, n, hooks, { out });
    default:
      throw new Error(`unknown distance metric '${String(metric)}'`);
  }
}

/** metricDistanceSteps run to the end (synchronous). */
export function metricDistances(
  metric: DistanceMetricName,
  layers: { data: Float32Array; width: number }[],
  n: number,
  hooks?: WorkHooks,
  out?: Float32Array,
): Float64Array | Float32Array {
  return drainSteps(metricDistanceSteps(metric, layers, n, hooks, out), hooks);
}

export class EmbeddingSession {
  private readonly cache = new Map<string, DistanceEntry>();
  private last: { included: number[]; Y: Float64Array; k: number } | null = null;

  readonly memoryBudgetBytes: number;
  readonly includeDiverged: boolean;
  private readonly nLandmark?: number;

  constructor(
    readonly networks: NetworkRecord[],
    readonly probe: ProbeSet,
    options: EmbeddingSessionOptions = {},
  ) {
    this.memoryBudgetBytes = options.memoryBudgetBytes ?? DEFAULT_EMBEDDING_BUDGET_BYTES;
    this.includeDiverged = options.includeDiverged ?? false;
    this.nLandmark = options.nLandmark;
  }

  /**
   * Reuses distances already computed (a shipped bundle's, for its metric and
   * layer) and the embedding on screen as the alignment reference.
   */
  seed(metric: DistanceMetricName, layer: 'last' | number, distances: Float64Array, embedding?: PhateResult): void {
    const N = this.networks.length;
    if (distances.length !== N * N) return;
    const included: number[] = [];
    // An embedded network has finite distances to the other embedded ones; an excluded one only NaN.
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        if (j !== i && !Number.isNaN(distances[i * N + j])) {
          included.push(i);
          break;
        }
      }
    }
    const M = included.length;
    const sub = new Float64Array(M * M);
    for (let a = 0; a < M; a++) for (let b = 0; b < M; b++) sub[a * M + b] = distances[included[a] * N + included[b]];
    const inSet = new Set(included);
    const excluded = this.networks
      .map((_, i) => i)
      .filter((i) => !inSet.has(i))
      .map((index) => ({ index, reason: 'not in the embedding it came with' }));
    const diffusion = metric === 'diffusion' ? resolveDiffusionOptions({ layer }) : undefined;
    this.cache.set(keyOf(metric, layer, diffusion), {
      included,
      excluded,
      diffusion,
      constant: this.countConstant(included, layer),
      sub,
      full: distances,
      seconds: 0,
    });
    if (embedding) this.last = { included, Y: embedding.embedding, k: embedding.nComponents };
  }

  async run(req: EmbedRequest, hooks: WorkHooks = {}): Promise<SessionResult> {
    const N = this.networks.length;
    const diffusion = diffusionOf(req);
    const key = keyOf(req.metric, req.layer, diffusion);
    let entry = this.cache.get(key);
    const distancesReused = !!entry;
    if (!entry) {
      const t0 = now();
      const { included, excluded, layers } = embeddableLayers(this.networks, this.probe, req.layer, this.includeDiverged);
      const M = included.length;
      if (M < MIN_EMBEDDABLE)
        throw new Error(
          `need at least ${MIN_EMBEDDABLE} networks with finite activations to embed, got ${M} of ${N} (layer ${String(req.layer)})` +
            (excluded.length ? ` (excluded: ${excluded.map((e) => `#${e.index} ${e.reason}`).join('; ')})` : ''),
        );
      const plan = checkEmbeddingBudget(N, M, this.probe.n, req.metric, this.memoryBudgetBytes);
      hooks.onProgress?.({ stage: `distance:${req.metric}`, done: 0, total: M, message: `${req.metric} distances` });
      const wide = plan.entryBytes === 4 ? new Float32Array(M * M) : undefined;
      let sub = await runSteps(metricDistanceSteps(req.metric, layers, this.probe.n, hooks, wide, diffusion), hooks);
      if (plan.entryBytes === 4 && sub instanceof Float64Array) sub = Float32Array.from(sub);
      let full: Float64Array | undefined;
      if (plan.keepFull) {
        full = new Float64Array(N * N).fill(NaN);
        for (let a = 0; a < M; a++) for (let b = 0; b < M; b++) full[included[a] * N + included[b]] = sub[a * M + b];
        for (let i = 0; i < N; i++) full[i * N + i] = 0;
      }
      entry = {
        included,
        excluded,
        diffusion,
        constant: layers.filter((L) => isConstantRepresentation(L.data, L.width, this.probe.n)).length,
        sub,
        full,
        seconds: now() - t0,
      };
      this.cache.set(key, entry);
      // Let a queued cancel message through before PHATE starts.
      await new Promise((r) => setTimeout(r, 0));
      throwIfCancelled(hooks);
    }
    const M = entry.included.length;
    const params = { ...DEFAULT_PHATE_PARAMS, ...stripUndefined(req.phate) };
    params.nComponents = Math.min(params.nComponents, M);
    if (!entry.engine) entry.engine = new PhateEngine(entry.sub, M, { ...params, nLandmark: this.nLandmark });
    const engine = entry.engine;
    engine.setParams(params);
    const before = { ...engine.stageRuns };
    const res = await engine.fit(hooks);
    const k = res.nComponents;

    // Align to the previous embedding (same networks, same dims) so a re-embed animates as a change, not a flip.
    let Ysub = res.embedding;
    const prev = this.last;
    if (prev && prev.k === k && sameList(prev.included, entry.included)) {
      const ref = new Float64Array(M * k);
      for (let a = 0; a < M; a++) for (let c = 0; c < k; c++) ref[a * k + c] = prev.Y[entry.included[a] * k + c];
      if (allFinite(ref)) Ysub = procrustesTo(ref, Ysub, M, k);
    }
    const Y = new Float64Array(N * k).fill(NaN);
    for (let a = 0; a < M; a++) for (let c = 0; c < k; c++) Y[entry.included[a] * k + c] = Ysub[a * k + c];
    this.last = { included: entry.included, Y, k };

    const runs = engine.stageRuns;
    const t = engine.timings;
    const timings: Record<string, number> = {
      distances: distancesReused ? 0 : entry.seconds,
      kernel: runs.kernel > before.kernel ? (t.kernel ?? 0) + (t.operator ?? 0) : 0,
      tSelection: runs.diffusion > before.diffusion ? (t.tSelection ?? 0) : 0,
      diffusion: runs.diffusion > before.diffusion ? (t.diffusionPower ?? 0) + (t.potentialDistances ?? 0) : 0,
      mds: runs.mds > before.mds ? (t.mds ?? 0) : 0,
    };
    return {
      embedding: { ...res, embedding: Y, timings },
      distances: entry.full,
      included: entry.included,
      excluded: entry.excluded,
      metric: req.metric,
      layer: req.layer,
      diffusion: entry.diffusion,
      phate: { ...engine.params },
      tAuto: findKnee(res.vne),
      knnEffective: effectiveKnn(engine.params.knn, M),
      stageRuns: { ...runs },
      timings,
      mdsIterations: engine.mdsIterations,
      distancesReused,
      constant: entry.constant,
    };
  }

  private countConstant(included: number[], layer: 'last' | number): number {
    let k = 0;
    for (const i of included) {
      const L = selectLayer(this.networks[i], layer);
      if (L && L.data.length === this.probe.n * L.width && isConstantRepresentation(L.data, L.width, this.probe.n)) k++;
    }
    return k;
  }
}

function sameList(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  return out;
}
