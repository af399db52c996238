// The population document (docs/bundle-format.md) declared once, as a valibot
// schema: every field's type, range and enum. Its output is the document with
// metrics decoded ("NaN" → NaN) and tensors still as {dtype, shape, b64}; the
// type is checked equal to Encoded<Population>, so the in-memory types in
// core/types and the file format cannot drift apart. What depends on other
// fields (tensor shapes against probe.n and hp.widths, unique ids, labels in
// range, N×N distances) is checked after the schema, in validate.ts.
import * as v from 'valibot';
import {
  DISTANCE_METRIC_NAMES,
  DISTANCE_SCALES,
  NETWORK_ORIGINS,
  NETWORK_STATUSES,
  type CustomDatasetInfo,
  type EpochMetrics,
  type NetworkRecord,
  type PhateParams,
  type Population,
  type Provenance,
} from '../types';
import {
  DatasetSpecSchema,
  HyperParamsSchema,
  bool,
  finite,
  integer,
  list,
  numberOrNonFinite,
  object,
  oneOf,
  orLiteral,
  recordOf,
  text,
} from './schema';
import { describe, type DType, type TensorJson } from './tensor';

/** A type as the document stores it: typed arrays become tensor objects {dtype, shape, b64}. */
export type Encoded<T> = T extends Float32Array | Float64Array | Int32Array
  ? TensorJson
  : T extends readonly (infer U)[]
    ? Encoded<U>[]
    : T extends object
      ? { [K in keyof T]: Encoded<T[K]> }
      : T;

const got = (expected: string) => (issue: v.BaseIssue<unknown>) => `${expected}, got ${describe(issue.input)}`;

const isShape = (s: unknown): s is number[] => Array.isArray(s) && s.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0);

/** A tensor's structure; its shape against the expected one and its bytes are checked when decoded (tensor.ts). */
const tensor = (allowed: readonly DType[]) =>
  object(
    {
      dtype: v.picklist(allowed, got(`expected one of ${allowed.map((d) => `"${d}"`).join(', ')}`)),
      shape: v.custom<number[]>(isShape, got('expected an array of non-negative integers')),
      b64: v.string(got('expected a base64 string')),
    },
    'expected a tensor object {dtype, shape, b64}',
  );

const ACTIVATION_DTYPES: readonly DType[] = ['f32', 'f16'];
const FLOAT_DTYPES: readonly DType[] = ['f64', 'f32'];

// ---------------------------------------------------------------- provenance

const PhateParamsSchema = object({
  knn: integer({ min: 1 }),
  decay: finite({ above: 0 }),
  t: orLiteral('auto', integer({ min: 1 }), 'expected an integer or "auto"'),
  gamma: finite(),
  nComponents: integer({ min: 1 }),
  solver: text({ nonEmpty: true }),
  seed: integer(),
  tMax: v.optional(integer({ min: 1 })),
});

const CustomDatasetSchema = object({
  name: text({ nonEmpty: true }),
  inputDim: integer({ min: 1 }),
  numClasses: integer({ min: 1 }),
  classNames: v.optional(list(text())),
});

const MetricSchema = object({
  name: oneOf(DISTANCE_METRIC_NAMES),
  layer: v.optional(orLiteral('last', integer({ min: 0 }), 'expected an integer or "last"')),
  sigma: v.optional(finite({ above: 0 })),
  scale: v.optional(oneOf(DISTANCE_SCALES)),
  tau: v.optional(integer({ min: 1 })),
});

const ProvenanceSchema = object({
  dataset: DatasetSpecSchema,
  probe: object({ n: integer({ min: 1 }), seed: integer() }),
  metric: MetricSchema,
  phate: PhateParamsSchema,
  generator: text(),
  createdAt: v.pipe(
    text(),
    v.check((s) => !Number.isNaN(Date.parse(s)), got('expected an ISO date')),
  ),
  customDataset: v.optional(CustomDatasetSchema),
});

const ProbeSchema = object({
  seed: integer(),
  n: integer({ min: 1 }),
  inputDim: integer({ min: 1 }),
  indices: tensor(['i32']),
  x: tensor(['f32', 'f64']),
  labels: tensor(['i32']),
  inputsMissing: v.optional(bool()),
});

// ---------------------------------------------------------------- networks

const EpochMetricsSchema = object({
  epoch: integer({ min: 0 }),
  trainLoss: numberOrNonFinite({ min: 0 }),
  trainAcc: numberOrNonFinite({ min: 0, max: 1 }),
  testLoss: numberOrNonFinite({ min: 0 }),
  testAcc: numberOrNonFinite({ min: 0, max: 1 }),
});

const LayerSchema = object({ layer: integer({ min: 0 }), width: integer({ min: 1 }), data: tensor(ACTIVATION_DTYPES) });

const ExtraValueSchema = v.custom<string | number | boolean | null>(
  (x) => x === null || typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)),
  got('expected a string, finite number, boolean or null'),
);

export const NetworkSchema = object({
  id: text({ nonEmpty: true }),
  hp: HyperParamsSchema,
  status: oneOf(NETWORK_STATUSES),
  history: list(EpochMetricsSchema),
  final: EpochMetricsSchema,
  layers: list(LayerSchema),
  statusReason: v.optional(text()),
  checkpoints: v.optional(list(object({ epoch: integer({ min: 0 }), layers: list(LayerSchema) }))),
  origin: v.optional(oneOf(NETWORK_ORIGINS)),
  extraHyperParams: v.optional(recordOf(ExtraValueSchema)),
  trainSeconds: v.optional(finite({ min: 0 })),
  features: v.optional(recordOf(numberOrNonFinite())),
  layerProfile: v.optional(object({ layers: list(integer({ min: 0 })), features: recordOf(list(numberOrNonFinite())) })),
  dynamics: v.optional(object({ epochs: list(integer({ min: 0 })), features: recordOf(list(numberOrNonFinite())) })),
});

// ---------------------------------------------------------------- distances and embedding

const EmbeddingSchema = object({
  embedding: tensor(FLOAT_DTYPES),
  nComponents: integer({ min: 1 }),
  t: finite({ min: 0 }),
  vne: tensor(FLOAT_DTYPES),
  components: integer({ min: 0 }),
  timings: v.optional(recordOf(finite({ min: 0 }))),
});

/** The document after checkHeader (format and version are checked there, with their own messages). */
export const PopulationDocumentSchema = object({
  probe: ProbeSchema,
  provenance: ProvenanceSchema,
  networks: list(NetworkSchema),
  id: text({ nonEmpty: true }),
  name: text(),
  distances: v.optional(tensor(FLOAT_DTYPES)),
  embedding: v.optional(EmbeddingSchema),
});

export type PopulationDocument = v.InferOutput<typeof PopulationDocumentSchema>;

// The schema and the hand-written types must describe the same thing.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const typesAgree: [
  Equal<v.InferOutput<typeof EpochMetricsSchema>, EpochMetrics>,
  Equal<v.InferOutput<typeof PhateParamsSchema>, Encoded<PhateParams>>,
  Equal<v.InferOutput<typeof CustomDatasetSchema>, CustomDatasetInfo>,
  Equal<v.InferOutput<typeof ProvenanceSchema>, Encoded<Provenance>>,
  Equal<v.InferOutput<typeof NetworkSchema>, Encoded<NetworkRecord>>,
  Equal<PopulationDocument, Encoded<Population>>,
] = [true, true, true, true, true, true];
void typesAgree;
