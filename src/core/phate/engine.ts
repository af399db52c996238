// Staged, cancellable PHATE engine (the host owns the loop, umap-js style).
// Stage groups and what invalidates them:
//   kernel    (knn, decay)                -> bandwidths, K, components, P, spectrum of P
//   diffusion (t, gamma, tMax)            -> VNE/t, P^t, potential, potential distances
//   mds       (nComponents, solver, seed) -> classic MDS, solver, Procrustes
import type { PhateParams, PhateResult, Progress } from '../types';
import { computeBandwidths, computeKernel, connectedComponents, componentMembers, denseToCsr, effectiveKnn, type Components, type Csr } from './kernel';
import { diffusionSingularValues, findKnee, vneFromSingularValues } from './vne';
import { componentPowers, potentialBlocksInPlace, potentialDistancesFromBlocks, potentialValue } from './potential';
import { classicMDS, procrustesTo } from './mds';
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

export class CancelledError extends Error {
  constructor(message = 'PHATE was cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

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
  K: Float64Array;
  comp: Components;
  members: Int32Array[];
  P: Csr;
  singularValues?: Float64Array;
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
  if (!Number.isInteger(p.nComponents) || p.nComponents < 1 || p.nComponents > N) throw new Error(`nComponents must be an integer in 1..${N}, got ${p.nComponents}`);
  if (!(PHATE_SOLVERS as readonly string[]).includes(p.solver)) throw new Error(`unknown solver '${p.solver}' (use ${PHATE_SOLVERS.join(', ')})`);
  if (!Number.isInteger(p.tMax) || p.tMax < 3) throw new Error(`tMax must be an integer >= 3, got ${p.tMax}`);
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now()) / 1000;

export class PhateEngine {
  readonly N: number;
  readonly D: Float64Array;
  params: Required<PhateParams>;
  readonly stageRuns: StageRuns = { kernel: 0, spectrum: 0, diffusion: 0, mds: 0 };
  readonly timings: Record<string, number> = {};
  /** SMACOF / solver iterations of the last MDS run. */
  mdsIterations = 0;
  private kernel: KernelState | null = null;
  private diffusion: DiffusionState | null = null;
  private result: PhateResult | null = null;

  constructor(D: Float64Array | ArrayLike<number>, N: number, params: Partial<PhateParams> = {}) {
    validateDistanceMatrix(D, N);
    this.N = N;
    this.D = D instanceof Float64Array ? D : Float64Array.from(D);
    this.params = { ...DEFAULT_PHATE_PARAMS, ...stripUndefined(params) };
    validatePhateParams(this.params, N);
  }

  /** Changes parameters, dropping only the stages they affect. */
  setParams(partial: Partial<PhateParams>): void {
    const next = { ...this.params, ...stripUndefined(partial) };
    validatePhateParams(next, this.N);
    const prev = this.params;
    this.params = next;
    if (next.knn !== prev.knn || next.decay !== prev.decay) this.kernel = null;
    if (!this.kernel || next.t !== prev.t || next.gamma !== prev.gamma || next.tMax !== prev.tMax) this.diffusion = null;
    if (!this.diffusion || next.nComponents !== prev.nComponents || next.solver !== prev.solver || next.seed !== prev.seed) this.result = null;
  }

  /** Runs (or reuses) every stage; yields to the event loop about every 50 ms so cancel messages get through. */
  async fit(hooks: PhateHooks = {}): Promise<PhateResult> {
    let last = now();
    for (const _ of this.stages(hooks)) {
      if (now() - last > 0.05) {
        await new Promise((r) => setTimeout(r, 0));
        last = now();
      }
      if (hooks.isCancelled?.()) throw new CancelledError();
    }
    return this.result!;
  }

  /** The same stages without yielding (Node CLI, tests, runPhate). */
  fitSync(hooks: PhateHooks = {}): PhateResult {
    for (const _ of this.stages(hooks)) if (hooks.isCancelled?.()) throw new CancelledError();
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
    const { N, D } = this;
    const p = this.params;
    if (!this.kernel) {
      hooks.onProgress?.({ stage: 'kernel', done: 0, total: 1, message: 'building the kNN kernel' });
      let t0 = now();
      const knn = effectiveKnn(p.knn, N);
      const bandwidths = computeBandwidths(D, N, knn);
      const K = computeKernel(D, N, { knn, decay: p.decay }, bandwidths);
      const comp = connectedComponents(K, N);
      this.timings.kernel = now() - t0;
      t0 = now();
      const Kc = denseToCsr(K, N);
      for (let i = 0; i < N; i++) {
        let s = 0;
        for (let q = Kc.rowPtr[i]; q < Kc.rowPtr[i + 1]; q++) s += Kc.vals[q];
        for (let q = Kc.rowPtr[i]; q < Kc.rowPtr[i + 1]; q++) Kc.vals[q] /= s;
      }
      this.kernel = { bandwidths, K, comp, members: componentMembers(comp), P: Kc };
      this.timings.operator = now() - t0;
      this.stageRuns.kernel++;
      yield;
    }
  }

  private *diffusionStage(hooks: PhateHooks): Generator<void> {
    const p = this.params;
    const ks = this.kernel!;
    if (this.diffusion) return;
    let t0 = now();
    if (!ks.singularValues) {
      hooks.onProgress?.({ stage: 'tSelection', done: 0, total: 1, message: 'spectrum of the diffusion operator' });
      ks.singularValues = diffusionSingularValues(ks.P, ks.comp);
      this.stageRuns.spectrum++;
      yield;
    }
    const vne = vneFromSingularValues(ks.singularValues, p.tMax);
    const t = p.t === 'auto' ? findKnee(vne) : p.t;
    this.timings.tSelection = now() - t0;
    hooks.onProgress?.({ stage: 'diffusionPower', done: 0, total: 1, message: `P^${t}` });
    t0 = now();
    const blocks = componentPowers(ks.P, ks.members, t);
    this.timings.diffusionPower = now() - t0;
    yield;
    hooks.onProgress?.({ stage: 'potentialDistances', done: 0, total: 1 });
    t0 = now();
    potentialBlocksInPlace(blocks, p.gamma);
    const potentialDistances = potentialDistancesFromBlocks(blocks, ks.members, this.N, potentialValue(0, p.gamma));
    this.timings.potentialDistances = now() - t0;
    this.diffusion = { vne, t, potentialDistances };
    this.stageRuns.diffusion++;
    yield;
  }

  private *mdsStage(hooks: PhateHooks): Generator<void> {
    if (this.result) return;
    const p = this.params;
    const { N } = this;
    const k = p.nComponents;
    const ds = this.diffusion!;
    const t0 = now();
    hooks.onProgress?.({ stage: 'mds', done: 0, total: 1, message: 'classic MDS' });
    const Yc = classicMDS(ds.potentialDistances, N, k);
    yield;
    const Dc = condensed(ds.potentialDistances, N);
    const solver = p.solver === 'fast' ? new FastMdsSolver(Dc, N, Yc, k) : new SmacofSolver(Dc, N, Yc, k, { maxIter: 3000, eps: 1e-6 });
    const total = p.solver === 'fast' ? FastMdsSolver.MAX_ITER : 3000;
    while (!solver.step()) {
      // The exact solver exposes its raw stress; the UI streams it beside the iteration.
      const stress = solver.stress;
      if (solver.iterations % 10 === 0) hooks.onProgress?.({ stage: 'mds', done: solver.iterations, total, message: Number.isFinite(stress) ? `stress ${stress.toPrecision(4)}` : undefined });
      yield;
    }
    this.mdsIterations = solver.iterations;
    const embedding = procrustesTo(Yc, solver.X, N, k);
    this.timings.mds = now() - t0;
    hooks.onProgress?.({ stage: 'mds', done: total, total });
    this.stageRuns.mds++;
    const ks = this.kernel!;
    this.result = { embedding, nComponents: k, t: ds.t, vne: ds.vne, components: ks.comp.count, timings: { ...this.timings } };
    yield;
  }

  private *stages(hooks: PhateHooks): Generator<void> {
    yield* this.kernelStage(hooks);
    yield* this.diffusionStage(hooks);
    yield* this.mdsStage(hooks);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  return out;
}
