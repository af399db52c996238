// Staged, cancellable PHATE engine (the host owns the loop, umap-js style).
// Stage groups and what invalidates them:
//   kernel    (knn, decay, nLandmark)     -> bandwidths, K, components, P (or the
//                                            landmark operator), spectrum of P
//   diffusion (t, gamma, tMax)            -> VNE/t, P^t, potential, potential distances
//   mds       (nComponents, solver, seed) -> classic MDS, solver, Procrustes
import type { PhateParams, PhateResult, Progress } from '../types';
import { CancelledError, yieldToEventLoop } from '../cancel';
import {
  computeBandwidths,
  computeKernel,
  connectedComponents,
  componentMembers,
  denseToCsr,
  effectiveKnn,
  type Components,
  type Csr,
} from './kernel';
import { diffusionSingularValuesSteps, findKnee, vneFromSingularValues } from './vne';
import { componentPowersSteps, potentialBlocksInPlace, potentialDistancesFromBlocksSteps, potentialValue } from './potential';
import { denseDistances, isDistanceRows, rowReader, type PhateDistanceInput } from './input';
import { csrComponents, rowNormalised, sparseKernelSteps } from './sparseKernel';
import { farthestPointClusters, interpolateEmbedding, landmarkOperator, type LandmarkClusters } from './landmarks';
import { classicMDSSteps, procrustesTo } from './mds';
import { SmacofSolver, condensed } from './smacof';
import { FastMdsSolver } from './fastMds';
import { validateDistanceMatrix } from './validate';

export const DEFAULT_PHATE_PARAMS: Readonly<Required<PhateParams>> = Object.freeze({
  knn: 5,
  decay: 40,
  t: 'auto',
  gamma: 1,
  nComponents: 3,
  solver: 'smacof',
  seed: 42,
  tMax: 100,
});

/** Solvers: 'smacof' (exact port; also what the reference's 'sgd' does for nComponents != 2), 'sgd' (alias of smacof here), 'fast'. */
export const PHATE_SOLVERS = ['smacof', 'sgd', 'fast'] as const;

/** Above this many points the engine uses landmarks (the reference's n_landmark default). */
export const DEFAULT_N_LANDMARK = 2000;

/** Engine options beyond PhateParams. */
export interface PhateEngineOptions {
  /** Landmark count; the landmark path runs when N > nLandmark (default 2000; Infinity disables it). */
  nLandmark?: number;
}

/** The one cancel error (core/cancel.ts); the engine throws it with 'PHATE was cancelled'. */
export { CancelledError };

export interface PhateHooks {
  onProgress?(p: Progress): void;
  isCancelled?(): boolean;
}

export interface StageRuns {
  kernel: number;
  spectrum: number;
  diffusion: number;
  mds: number;
}

interface KernelState {
  bandwidths: Float64Array;
  /** Dense symmetric kernel (exact path only; the landmark path keeps it sparse in Ksparse). */
  K?: Float64Array;
  Ksparse?: Csr;
  /** Connected components of the data graph (what the result reports). */
  comp: Components;
  /** The operator diffusion runs on: P (N x N) or the landmark operator (M x M). */
  P: Csr;
  /** Components of the graph of that operator and their members. */
  opComp: Components;
  members: Int32Array[];
  singularValues?: Float64Array;
  /** Set on the landmark path. */
  landmarks?: { clusters: LandmarkClusters; transitions: Csr };
}

interface DiffusionState {
  vne: Float64Array;
  t: number;
  potentialDistances: Float64Array;
}

/** Checks parameter values; throws an Error naming the bad one. */
export function validatePhateParams(p: Required<PhateParams>, N: number): void {
  if (!Number.isInteger(p.knn) || p.knn < 1) throw new Error(`knn must be a positive integer, got ${p.knn}`);
  if (!(p.decay > 0)) throw new Error(`decay must be positive, got ${p.decay}`);
  if (p.t !== 'auto' && (!Number.isInteger(p.t) || p.t < 1)) throw new Error(`t must be 'auto' or a positive integer, got ${p.t}`);
  if (!(p.gamma >= -1 && p.gamma <= 1)) throw new Error(`gamma must be in [-1, 1], got ${p.gamma}`);
  if (!Number.isInteger(p.nComponents) || p.nComponents < 1 || p.nComponents > N)
    throw new Error(`nComponents must be an integer in 1..${N}, got ${p.nComponents}`);
  if (!(PHATE_SOLVERS as readonly string[]).includes(p.solver))
    throw new Error(`unknown solver '${p.solver}' (use ${PHATE_SOLVERS.join(', ')})`);
  if (!Number.isInteger(p.tMax) || p.tMax < 3) throw new Error(`tMax must be an integer >= 3, got ${p.tMax}`);
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now()) / 1000;

export class PhateEngine {
  readonly N: number;
  /** Dense distances (exact path). Null on the landmark path, which reads rows from `input`. */
  readonly D: Float64Array | null;
  readonly input: PhateDistanceInput;
  params: Required<PhateParams>;
  /** Landmark count in use (see PhateEngineOptions). */
  nLandmark: number;
  readonly stageRuns: StageRuns = { kernel: 0, spectrum: 0, diffusion: 0, mds: 0 };
  readonly timings: Record<string, number> = {};
  /** SMACOF / solver iterations of the last MDS run. */
  mdsIterations = 0;
  private kernel: KernelState | null = null;
  private diffusion: DiffusionState | null = null;
  private result: PhateResult | null = null;

  /**
   * D: N x N distances (Float64Array, Float32Array or array-like, row-major)
   * or a row callback { N, row(i, out) }. Dense inputs with N <= nLandmark are
   * fully validated; larger inputs are checked row by row as they are read
   * (finite, non-negative, zero diagonal; symmetry is assumed).
   */
  constructor(D: PhateDistanceInput, N: number, params: Partial<PhateParams> & PhateEngineOptions = {}) {
    const { nLandmark, ...rest } = params;
    this.nLandmark = checkLandmarks(nLandmark ?? DEFAULT_N_LANDMARK);
    this.N = N;
    this.input = D;
    if (!Number.isInteger(N) || N < 3) throw new Error(`PHATE needs at least 3 points, got N = ${N}`);
    if (N <= this.nLandmark) {
      if (!isDistanceRows(D)) validateDistanceMatrix(D, N);
      this.D = denseDistances(D, N);
    } else {
      if (!isDistanceRows(D) && D.length !== N * N)
        throw new Error(`distance matrix must be square N x N = ${N * N} entries, got ${D.length}`);
      this.D = null;
    }
    this.params = { ...DEFAULT_PHATE_PARAMS, ...stripUndefined(rest) };
    validatePhateParams(this.params, N);
  }

  /** True when the landmark path runs (N > nLandmark). */
  get usesLandmarks(): boolean {
    return this.D === null;
  }

  /** Changes parameters, dropping only the stages they affect. */
  setParams(partial: Partial<PhateParams> & PhateEngineOptions): void {
    const { nLandmark, ...rest } = partial;
    const next = { ...this.params, ...stripUndefined(rest) };
    validatePhateParams(next, this.N);
    if (nLandmark !== undefined && checkLandmarks(nLandmark) !== this.nLandmark) {
      if (this.N > this.nLandmark !== this.N > nLandmark)
        throw new Error('nLandmark cannot switch between the exact and the landmark path on one engine; make a new engine');
      this.nLandmark = nLandmark;
      this.kernel = null;
    }
    const prev = this.params;
    this.params = next;
    if (next.knn !== prev.knn || next.decay !== prev.decay) this.kernel = null;
    if (!this.kernel || next.t !== prev.t || next.gamma !== prev.gamma || next.tMax !== prev.tMax) this.diffusion = null;
    if (!this.diffusion || next.nComponents !== prev.nComponents || next.solver !== prev.solver || next.seed !== prev.seed)
      this.result = null;
  }

  /** Runs (or reuses) every stage; yields to the event loop about every 50 ms so cancel messages get through. */
  async fit(hooks: PhateHooks = {}): Promise<PhateResult> {
    let last = now();
    for (const _ of this.stages(hooks)) {
      if (now() - last > 0.05) {
        await yieldToEventLoop();
        last = now();
      }
      if (hooks.isCancelled?.()) throw new CancelledError('PHATE was cancelled');
    }
    return this.result!;
  }

  /** The same stages without yielding (Node CLI, tests, runPhate). */
  fitSync(hooks: PhateHooks = {}): PhateResult {
    for (const _ of this.stages(hooks)) if (hooks.isCancelled?.()) throw new CancelledError('PHATE was cancelled');
    return this.result!;
  }

  /** Kernel-stage outputs, computing them if needed (for tests and inspectors). */
  getKernel(): Readonly<KernelState> {
    for (const _ of this.kernelStage({})) void _;
    return this.kernel!;
  }

  /** Potential distances of the current diffusion stage (for tests and inspectors). */
  getPotentialDistances(): Float64Array {
    for (const _ of this.kernelStage({})) void _;
    for (const _ of this.diffusionStage({})) void _;
    return this.diffusion!.potentialDistances;
  }

  private *kernelStage(hooks: PhateHooks): Generator<void> {
    if (this.kernel) return;
    if (this.D) {
      this.denseKernel(this.D, hooks);
      yield;
    } else {
      yield* this.landmarkKernel(hooks);
    }
    this.stageRuns.kernel++;
  }

  private denseKernel(D: Float64Array, hooks: PhateHooks): void {
    const { N } = this;
    const p = this.params;
    hooks.onProgress?.({ stage: 'kernel', done: 0, total: 1, message: 'building the kNN kernel' });
    let t0 = now();
    const knn = effectiveKnn(p.knn, N);
    const bandwidths = computeBandwidths(D, N, knn);
    const K = computeKernel(D, N, { knn, decay: p.decay }, bandwidths);
    const comp = connectedComponents(K, N);
    this.timings.kernel = now() - t0;
    t0 = now();
    const P = rowNormalised(denseToCsr(K, N));
    this.kernel = { bandwidths, K, comp, P, opComp: comp, members: componentMembers(comp) };
    this.timings.operator = now() - t0;
  }

  /** Sparse kernel from rows, farthest-point landmarks, landmark operator (landmarks.ts). */
  private *landmarkKernel(hooks: PhateHooks): Generator<void> {
    const { N } = this;
    const p = this.params;
    const read = rowReader(this.input, N);
    hooks.onProgress?.({ stage: 'kernel', done: 0, total: 1, message: 'building the sparse kNN kernel' });
    let t0 = now();
    const knn = effectiveKnn(p.knn, N);
    const { bandwidths, K } = yield* sparseKernelSteps(read, N, knn, p.decay);
    const comp = csrComponents(K);
    this.timings.kernel = now() - t0;
    t0 = now();
    hooks.onProgress?.({ stage: 'landmarks', done: 0, total: 1, message: `choosing ${this.nLandmark} landmarks` });
    const clusters = yield* farthestPointClusters(read, N, this.nLandmark, comp);
    this.timings.landmarks = now() - t0;
    t0 = now();
    const { L, transitions } = landmarkOperator(K, clusters);
    const opComp = csrComponents(L);
    this.kernel = { bandwidths, Ksparse: K, comp, P: L, opComp, members: componentMembers(opComp), landmarks: { clusters, transitions } };
    this.timings.operator = now() - t0;
    yield;
  }

  private *diffusionStage(hooks: PhateHooks): Generator<void> {
    const p = this.params;
    const ks = this.kernel!;
    if (this.diffusion) return;
    let t0 = now();
    if (!ks.singularValues) {
      hooks.onProgress?.({ stage: 'tSelection', done: 0, total: 1, message: 'spectrum of the diffusion operator' });
      ks.singularValues = yield* diffusionSingularValuesSteps(ks.P, ks.opComp);
      this.stageRuns.spectrum++;
      yield;
    }
    const vne = vneFromSingularValues(ks.singularValues, p.tMax);
    const t = p.t === 'auto' ? findKnee(vne) : p.t;
    this.timings.tSelection = now() - t0;
    hooks.onProgress?.({ stage: 'diffusionPower', done: 0, total: 1, message: `P^${t}` });
    t0 = now();
    const blocks = yield* componentPowersSteps(ks.P, ks.members, t);
    this.timings.diffusionPower = now() - t0;
    yield;
    hooks.onProgress?.({ stage: 'potentialDistances', done: 0, total: 1 });
    t0 = now();
    potentialBlocksInPlace(blocks, p.gamma);
    const potentialDistances = yield* potentialDistancesFromBlocksSteps(blocks, ks.members, ks.P.n, potentialValue(0, p.gamma));
    this.timings.potentialDistances = now() - t0;
    this.diffusion = { vne, t, potentialDistances };
    this.stageRuns.diffusion++;
    yield;
  }

  private *mdsStage(hooks: PhateHooks): Generator<void> {
    if (this.result) return;
    const p = this.params;
    const ks = this.kernel!;
    const N = ks.P.n; // points MDS runs on: all of them, or the landmarks
    const k = Math.min(p.nComponents, N);
    const ds = this.diffusion!;
    const t0 = now();
    hooks.onProgress?.({ stage: 'mds', done: 0, total: 1, message: 'classic MDS' });
    const Yc = yield* classicMDSSteps(ds.potentialDistances, N, k);
    yield;
    const Dc = condensed(ds.potentialDistances, N);
    const solver = p.solver === 'fast' ? new FastMdsSolver(Dc, N, Yc, k) : new SmacofSolver(Dc, N, Yc, k, { maxIter: 3000, eps: 1e-6 });
    const total = p.solver === 'fast' ? FastMdsSolver.MAX_ITER : 3000;
    while (!solver.step()) {
      // The exact solver exposes its raw stress; the UI streams it beside the iteration.
      const stress = solver.stress;
      if (solver.iterations % 10 === 0)
        hooks.onProgress?.({
          stage: 'mds',
          done: solver.iterations,
          total,
          message: Number.isFinite(stress) ? `stress ${stress.toPrecision(4)}` : undefined,
        });
      yield;
    }
    this.mdsIterations = solver.iterations;
    let embedding = procrustesTo(Yc, solver.X, N, k);
    if (k < p.nComponents) embedding = padColumns(embedding, N, k, p.nComponents);
    if (ks.landmarks) embedding = interpolateEmbedding(ks.landmarks.transitions, embedding, p.nComponents);
    this.timings.mds = now() - t0;
    hooks.onProgress?.({ stage: 'mds', done: total, total });
    this.stageRuns.mds++;
    this.result = { embedding, nComponents: p.nComponents, t: ds.t, vne: ds.vne, components: ks.comp.count, timings: { ...this.timings } };
    yield;
  }

  private *stages(hooks: PhateHooks): Generator<void> {
    yield* this.kernelStage(hooks);
    yield* this.diffusionStage(hooks);
    yield* this.mdsStage(hooks);
  }
}

function checkLandmarks(n: number): number {
  if (!(n === Infinity || (Number.isInteger(n) && n >= 3))) throw new Error(`nLandmark must be an integer >= 3 (or Infinity), got ${n}`);
  return n;
}

/** Widen an n x k matrix to n x K with zero columns (fewer landmarks than dimensions). */
function padColumns(Y: Float64Array, n: number, k: number, K: number): Float64Array {
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[i * K + c] = Y[i * k + c];
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  return out;
}
