// PHATE panel and features state (issues 3 and 5). The store (store.ts)
// spreads this slice; this module holds its types and actions so store.ts
// stays small. Long work lives in src/app/phate.ts and src/app/features.ts.
import type { StoreApi } from 'zustand';
import { IDLE_JOB, type DistanceMetricName, type JobReport, type PhateParams, type Population } from '../core/types';
import type { StageRuns } from '../core/phate';
import { buildNetworkTable } from '../core/explore/table';
import { selectionFields } from './explore';
import type { AppState } from './store';

/** What the PHATE panel asks for: metric and layer make the distances, the rest the embedding. */
export interface PhateRequestState {
  metric: DistanceMetricName;
  layer: 'last' | number;
  knn: number;
  decay: number;
  t: number | 'auto';
  gamma: number;
  nComponents: 2 | 3;
  solver: 'smacof' | 'fast';
}

/** The PHATE panel's re-embed job (app/phate.ts); `seconds` is the last completed request's round trip. */
export type PhateRunState = JobReport;

/** What the last embedding says about itself (VNE curve, graph, timings). */
export interface PhateInfo {
  vne: Float64Array;
  t: number;
  /** Knee of the VNE curve (t = auto's choice). */
  tAuto: number;
  components: number;
  knnEffective: number;
  embedded: number;
  metric: DistanceMetricName;
  layer: 'last' | number;
  /** Seconds per stage of the last run (0 = reused from the cache); absent for a shipped embedding. */
  timings?: Record<string, number>;
  stageRuns?: StageRuns;
  mdsIterations?: number;
  distancesReused?: boolean;
  /** Embedded networks with a constant representation on the layer (SessionResult.constant); absent for a shipped embedding. */
  constant?: number;
}

/** The features job (app/features.ts). */
export type FeaturesJobState = JobReport;

export interface FindingRow {
  id: string;
  label: string;
  /** Spearman ρ between a network's value and its k nearest neighbours' mean, in the embedding. */
  rhoEmbedding: number;
  /** The same in the original network distance. */
  rhoDistance: number;
  /** One-sided permutation p of each ρ (NaN while not computed). */
  pEmbedding: number;
  pDistance: number;
  /** Networks with a finite value. */
  n: number;
  /** Neighbours per network (core/explore/finding-verdict findingsK). */
  k: number;
  sentence: string;
}

export interface PhateSlice {
  phateRequest: PhateRequestState;
  phateRun: PhateRunState;
  phateInfo: PhateInfo | null;
  /** Increments whenever a new embedding of the current population is applied (and on a new population). */
  embeddingVersion: number;
  featuresJob: FeaturesJobState;
  /** Training dynamics of the population (app/dynamics.ts), computed on demand. */
  dynamicsJob: FeaturesJobState;
  findings: FindingRow[] | null;
  /** The findings job (app/findings.ts). */
  findingsJob: JobReport;

  setPhateRequest(r: Partial<PhateRequestState>): void;
  setPhateRun(r: Partial<PhateRunState>): void;
  setPhateInfo(i: PhateInfo | null): void;
  /** Replaces the current population's embedding (same networks): keeps hover, selection and brushes. */
  applyEmbedding(pop: Population, info: PhateInfo): void;
  /** Replaces the current population's networks with feature-carrying copies: keeps hover, selection and brushes. */
  applyNetworks(pop: Population): void;
  setFeaturesJob(j: Partial<FeaturesJobState>): void;
  setDynamicsJob(j: Partial<FeaturesJobState>): void;
  setFindings(f: FindingRow[] | null): void;
  setFindingsJob(j: Partial<JobReport>): void;
}

export const DEFAULT_PHATE_REQUEST: PhateRequestState = {
  metric: 'diffusion',
  layer: 'last',
  knn: 5,
  decay: 40,
  t: 'auto',
  gamma: 1,
  nComponents: 3,
  solver: 'smacof',
};

function countEmbedded(pop: Population): number {
  const e = pop.embedding;
  if (!e) return 0;
  let n = 0;
  for (let i = 0; i < pop.networks.length; i++) if (Number.isFinite(e.embedding[i * e.nComponents])) n++;
  return n;
}

/** The table (and the evaluated brush selection) follow the population's numbers. */
function tableFields(s: AppState, pop: Population) {
  const table = buildNetworkTable(pop);
  return { table, ...selectionFields(table, s.selection) };
}

export function createPhateSlice(set: StoreApi<AppState>['setState']): PhateSlice {
  return {
    phateRequest: DEFAULT_PHATE_REQUEST,
    phateRun: IDLE_JOB,
    phateInfo: null,
    embeddingVersion: 0,
    featuresJob: IDLE_JOB,
    dynamicsJob: IDLE_JOB,
    findings: null,
    findingsJob: IDLE_JOB,

    setPhateRequest: (r) => set((s) => ({ phateRequest: { ...s.phateRequest, ...r } })),
    setPhateRun: (r) => set((s) => ({ phateRun: { ...s.phateRun, ...r } })),
    setPhateInfo: (phateInfo) => set({ phateInfo }),
    applyEmbedding: (pop, info) =>
      set((s) => ({
        population: pop,
        embeddedCount: countEmbedded(pop),
        phateInfo: info,
        embeddingVersion: s.embeddingVersion + 1,
        ...tableFields(s, pop),
      })),
    applyNetworks: (pop) => set((s) => ({ population: pop, ...tableFields(s, pop) })),
    setFeaturesJob: (j) => set((s) => ({ featuresJob: { ...s.featuresJob, ...j } })),
    setDynamicsJob: (j) => set((s) => ({ dynamicsJob: { ...s.dynamicsJob, ...j } })),
    setFindings: (findings) => set({ findings }),
    setFindingsJob: (j) => set((s) => ({ findingsJob: { ...s.findingsJob, ...j } })),
  };
}

/** PhateParams of a request (seed fixed so Node and browser agree). */
export function phateParamsOf(r: PhateRequestState): Partial<PhateParams> {
  return { knn: r.knn, decay: r.decay, t: r.t, gamma: r.gamma, nComponents: r.nComponents, solver: r.solver };
}
