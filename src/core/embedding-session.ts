// A live embedding session for one population (the app's PHATE panel):
// distances are computed once per (metric, layer) and a PhateEngine is kept per
// distance matrix, so changing t or gamma reuses the kernel and changing dims
// reuses the diffusion (the engine's stage cache). Runs are cooperative: a
// caller cancels through hooks.isCancelled, which the engine polls at its
// yields; the caches survive a cancelled run.
//
// Outputs are indexed by the ORIGINAL network order with NaN rows for the
// networks left out (src/core/pipeline.ts's rule: missing or non-finite layer).
//
// Large populations (distance/budget.ts): above 2,000 embedded networks the
// distances PHATE reads are float32 and the engine takes its landmark path
// (as the reference does above n_landmark = 2000); above 4,000 networks no
// N×N float64 copy is kept (the result has no `distances`); a run whose
// memory plan exceeds the budget is refused with a message before any work.
import { allFinite, checkEmbeddingBudget, DEFAULT_EMBEDDING_BUDGET_BYTES, diffusionDistancesInto, selectLayer } from './distance';
import { ckaDistanceMatrix } from './distance/cka';
import { rsaDistanceMatrix } from './distance/rsa';
import { wassersteinH0DistanceMatrix } from './distance/wasserstein';
import type { WorkHooks } from './distance/hooks';
import { throwIfCancelled } from './cancel';
import { DEFAULT_PHATE_PARAMS, PhateEngine, findKnee, procrustesTo, effectiveKnn, type StageRuns } from './phate';
import type { DistanceMetricName, NetworkRecord, PhateParams, PhateResult, ProbeSet } from './types';

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
}

export interface SessionResult {
  /** N × nComponents, NaN rows for excluded networks; aligned (Procrustes) to the previous result when comparable. */
  embedding: PhateResult;
  /** N × N, NaN where an excluded network is involved; zero diagonal. Absent above FULL_DISTANCES_MAX networks. */
  distances?: Float64Array;
  included: number[];
  metric: DistanceMetricName;
  layer: 'last' | number;
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
  /** How many of the included networks have a constant representation on the layer. */
  constant: number;
  /** M × M over the included networks (float32 above FLOAT32_DISTANCES_ABOVE). */
  sub: Float64Array | Float32Array;
  full?: Float64Array;
  seconds: number;
  engine?: PhateEngine;
}

const keyOf = (metric: DistanceMetricName, layer: 'last' | number) => `${metric}@${layer}`;
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now()) / 1000;

/** True when every probe row of the layer equals the first (all inputs map to one point). */
export function isConstantRepresentation(data: Float32Array, width: number, n: number): boolean {
  for (let r = 1; r < n; r++) for (let c = 0; c < width; c++) if (data[r * width + c] !== data[c]) return false;
  return true;
}

/** Networks whose chosen layer exists and is finite, and their activations (pipeline.ts's exclusion rule). */
export function embeddableLayers(networks: NetworkRecord[], probe: ProbeSet, layer: 'last' | number) {
  const included: number[] = [];
  const layers: { data: Float32Array; width: number }[] = [];
  networks.forEach((net, i) => {
    const L = selectLayer(net, layer);
    if (!L || L.data.length !== probe.n * L.width || !allFinite(L.data)) return;
    included.push(i);
    layers.push({ data: L.data, width: L.width });
  });
  return { included, layers };
}

/** The distance matrix of one metric between the given layers (M × M); `out` (diffusion only) receives it, e.g. as float32. */
export function metricDistances(
  metric: DistanceMetricName,
  layers: { data: Float32Array; width: number }[],
  n: number,
  hooks?: WorkHooks,
  out?: Float32Array,
): Float64Array | Float32Array {
  switch (metric) {
    case 'diffusion':
      return diffusionDistancesInto(layers, n, {}, hooks, { out });
    case 'cka':
      return ckaDistanceMatrix(layers, n, hooks);
    case 'rsa':
      return rsaDistanceMatrix(layers, n, hooks);
    case 'wasserstein-h0':
      return wassersteinH0DistanceMatrix(layers, n, hooks);
    default:
      throw new Error(`unknown distance metric '${String(metric)}'`);
  }
}

export class EmbeddingSession {
  private readonly cache = new Map<string, DistanceEntry>();
  private last: { included: number[]; Y: Float64Array; k: number } | null = null;

  constructor(
    readonly networks: NetworkRecord[],
    readonly probe: ProbeSet,
    /** Memory one embedding may plan for (distance/budget.ts); above it run() refuses with a message. */
    readonly memoryBudgetBytes = DEFAULT_EMBEDDING_BUDGET_BYTES,
  ) {}

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
    this.cache.set(keyOf(metric, layer), { included, constant: this.countConstant(included, layer), sub, full: distances, seconds: 0 });
    if (embedding) this.last = { included, Y: embedding.embedding, k: embedding.nComponents };
  }

  async run(req: EmbedRequest, hooks: WorkHooks = {}): Promise<SessionResult> {
    const N = this.networks.length;
    const key = keyOf(req.metric, req.layer);
    let entry = this.cache.get(key);
    const distancesReused = !!entry;
    if (!entry) {
      const t0 = now();
      const { included, layers } = embeddableLayers(this.networks, this.probe, req.layer);
      if (included.length < 3)
        throw new Error(`need at least 3 networks with finite activations at layer ${String(req.layer)}, got ${included.length}`);
      const M = included.length;
      const plan = checkEmbeddingBudget(N, M, this.probe.n, req.metric, this.memoryBudgetBytes);
      hooks.onProgress?.({ stage: `distance:${req.metric}`, done: 0, total: included.length, message: `${req.metric} distances` });
      const wide = plan.entryBytes === 4 && req.metric === 'diffusion' ? new Float32Array(M * M) : undefined;
      let sub = metricDistances(req.metric, layers, this.probe.n, hooks, wide);
      if (plan.entryBytes === 4 && sub instanceof Float64Array) sub = Float32Array.from(sub);
      let full: Float64Array | undefined;
      if (plan.keepFull) {
        full = new Float64Array(N * N).fill(NaN);
        for (let a = 0; a < M; a++) for (let b = 0; b < M; b++) full[included[a] * N + included[b]] = sub[a * M + b];
        for (let i = 0; i < N; i++) full[i * N + i] = 0;
      }
      entry = {
        included,
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
    if (!entry.engine) entry.engine = new PhateEngine(entry.sub, M, params);
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
      metric: req.metric,
      layer: req.layer,
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
