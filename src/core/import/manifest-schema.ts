// The activation-bundle manifest (docs/activation-bundle.md) declared once,
// as valibot schemas: which keys each level has, the spellings accepted for
// each (snake_case and camelCase, `y` for labels, …), what each may hold, and
// the message when it is wrong. Arrays (inline lists or .npy file names) are
// kept as given: activation-bundle.ts loads them and checks their shapes
// against each other; hyperparameters are mapped by hyperparameter-names.ts.
import * as v from 'valibot';
import { fail } from '../bundle/errors';
import { pathOf } from '../bundle/schema';
import { NETWORK_STATUSES } from '../types';

export const ACTIVATION_BUNDLE_FORMAT = 'netmanifold-activations';
export const ACTIVATION_BUNDLE_VERSION = 1;

type Obj = Record<string, unknown>;

export const describe = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? `an array of ${v.length}`
      : typeof v === 'object'
        ? 'an object'
        : typeof v === 'string'
          ? JSON.stringify(v.slice(0, 40))
          : String(v);

const got = (expected: string) => (issue: v.BaseIssue<unknown>) => `${expected}, got ${describe(issue.input)}`;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

// ---------------------------------------------------------------- objects whose keys have several spellings

interface Entry<S extends v.GenericSchema = v.GenericSchema> {
  /** Accepted spellings, first match wins (null and undefined count as absent, unless `nullIsValue`). */
  names: readonly string[];
  schema: S;
  /** Message when no spelling is present; absent means optional. */
  missing?: string;
  nullIsValue?: boolean;
}

type Entries = Record<string, Entry>;

/** What an aliased object reads as: each canonical key's value (undefined when absent) and the spelling it came with. */
export type Aliased<E extends Entries> = {
  [K in keyof E]: E[K]['missing'] extends string ? v.InferOutput<E[K]['schema']> : v.InferOutput<E[K]['schema']> | undefined;
} & { readonly spelled: Record<keyof E, string> };

const entry = <S extends v.GenericSchema, const M extends string | undefined = undefined>(
  names: readonly string[],
  schema: S,
  opts: { missing?: M; nullIsValue?: boolean } = {},
) => ({ names, schema, missing: opts.missing as M, nullIsValue: opts.nullIsValue });

/** An object read through its spellings; issues keep the spelling the manifest used in their path. */
function aliased<E extends Entries>(entries: E, notObject = 'expected an object') {
  return v.pipe(
    v.custom<Obj>(isObj, got(notObject)),
    v.rawTransform(({ dataset, addIssue, config, NEVER }) => {
      const o = dataset.value;
      const out: Obj = {};
      const spelled: Obj = {};
      for (const [key, e] of Object.entries(entries)) {
        const name = e.names.find(
          (n) => Object.prototype.hasOwnProperty.call(o, n) && o[n] !== undefined && (e.nullIsValue || o[n] !== null),
        );
        spelled[key] = name ?? e.names[0];
        if (name === undefined) {
          if (e.missing === undefined) continue;
          addIssue({
            message: e.missing,
            input: undefined,
            path: [{ type: 'object', origin: 'key', input: o, key: e.names[0], value: undefined }],
          });
          return NEVER;
        }
        const r = v.safeParse(e.schema, o[name], { abortEarly: config.abortEarly });
        if (!r.success) {
          for (const issue of r.issues) {
            const path = [{ type: 'object', origin: 'value', input: o, key: name, value: o[name] } as const, ...(issue.path ?? [])];
            addIssue({ message: issue.message, input: issue.input, path: path as unknown as [v.ObjectPathItem] });
          }
          return NEVER;
        }
        out[key] = r.output;
      }
      out.spelled = spelled;
      return out as Aliased<E>;
    }),
  );
}

// ---------------------------------------------------------------- values

const integer = (min: number) =>
  v.custom<number>((x) => typeof x === 'number' && Number.isInteger(x) && x >= min, got(`expected an integer ≥ ${min}`));

const objectOrNothing = v.custom<Obj>(isObj, got('expected an object'));

/** A metric value: a number, or "NaN"/"Infinity" as Python's json writes them; a loss ≥ 0, an accuracy a fraction. */
const metric = (kind: 'loss' | 'acc') =>
  v.pipe(
    v.custom<number | 'NaN' | 'Infinity'>((x) => typeof x === 'number' || x === 'NaN' || x === 'Infinity', got('expected a number')),
    v.transform((x): number => (x === 'NaN' ? NaN : x === 'Infinity' ? Infinity : x)),
    v.check(
      (x) => !Number.isFinite(x) || (kind === 'acc' ? x >= 0 && x <= 1 : x >= 0),
      (i) =>
        kind === 'acc'
          ? `accuracy must be in [0, 1] (a fraction, not a percentage), got ${String(i.input)}`
          : `loss must be ≥ 0, got ${String(i.input)}`,
    ),
  );

/** An inline array (nested lists) or a .npy file name; loaded and shape-checked by activation-bundle.ts. */
const arrayRef = v.unknown();

/** A string that is used when it is one (else ignored, with the documented default). */
const lenientString = v.fallback(v.optional(v.string()), undefined);

// ---------------------------------------------------------------- the manifest

const ClassNames = v.custom<string[]>((x) => Array.isArray(x) && x.every((s) => typeof s === 'string'), 'expected a list of strings');

const DatasetObject = aliased({
  name: entry(
    ['name'],
    v.custom<string>((x) => typeof x === 'string' && x.length > 0, got('expected a dataset name')),
    {
      missing: 'expected a dataset name, got undefined',
    },
  ),
  inputDim: entry(['input_dim', 'inputDim'], integer(1)),
  numClasses: entry(['num_classes', 'numClasses'], integer(1)),
  seed: entry(['seed'], integer(-(2 ** 31))),
  samples: entry(['samples'], integer(1)),
  noise: entry(
    ['noise'],
    v.custom<number>((x) => typeof x === 'number' && x >= 0, got('expected a number ≥ 0')),
  ),
  classNames: entry(['class_names', 'classNames'], ClassNames),
});
export type ManifestDataset = v.InferOutput<typeof DatasetObject>;

/** A shipped dataset's name, or an object describing the dataset. */
const DatasetSchema = v.pipe(
  v.unknown(),
  v.transform((x) => (typeof x === 'string' ? { name: x } : x)),
  DatasetObject,
);

const ProbeSchema = aliased({
  labels: entry(['labels', 'y'], arrayRef, { missing: 'missing (probe labels are required)' }),
  x: entry(['x', 'inputs'], arrayRef),
  indices: entry(['indices'], arrayRef),
  seed: entry(['seed'], v.fallback(v.optional(v.pipe(v.number(), v.integer())), undefined)),
});
export type ManifestProbe = v.InferOutput<typeof ProbeSchema>;

const Layers = v.pipe(
  v.custom<unknown[]>(Array.isArray, got('expected a list with one array per hidden layer')),
  v.check((a) => a.length > 0, 'expected at least one hidden layer'),
);

const EpochSchema = aliased({
  epoch: entry(['epoch'], integer(0), { nullIsValue: true }),
  trainLoss: entry(['train_loss', 'trainLoss'], metric('loss')),
  trainAcc: entry(['train_acc', 'trainAcc', 'train_accuracy'], metric('acc')),
  testLoss: entry(['test_loss', 'testLoss', 'val_loss'], metric('loss')),
  testAcc: entry(['test_acc', 'testAcc', 'test_accuracy', 'val_acc'], metric('acc')),
});

/** Per-network metrics: the final epoch's values at the top, the history as a list. */
const MetricsSchema = aliased({
  history: entry(
    ['history'],
    v.pipe(v.custom<unknown[]>(Array.isArray, got('expected a list of per-epoch metrics')), v.array(EpochSchema)),
  ),
  trainLoss: entry(['train_loss', 'trainLoss'], metric('loss')),
  trainAcc: entry(['train_acc', 'trainAcc', 'train_accuracy'], metric('acc')),
  testLoss: entry(['test_loss', 'testLoss', 'val_loss'], metric('loss')),
  testAcc: entry(['test_acc', 'testAcc', 'test_accuracy', 'val_acc'], metric('acc')),
});

const CheckpointSchema = aliased({
  epoch: entry(['epoch'], integer(0), { missing: 'expected an integer ≥ 0, got undefined', nullIsValue: true }),
  layers: entry(['activations', 'layers'], Layers, { missing: 'expected a list with one array per hidden layer, got undefined' }),
});

const NetworkSchema = aliased({
  id: entry(
    ['id', 'name'],
    v.custom<string | number>(
      (x) => (typeof x === 'string' || typeof x === 'number') && String(x).length > 0,
      got('expected a non-empty id'),
    ),
    { missing: 'expected a non-empty id, got undefined' },
  ),
  layers: entry(['activations', 'layers'], Layers, { missing: 'missing (one array per hidden layer)' }),
  metrics: entry(['metrics'], MetricsSchema),
  hyperparameters: entry(['hyperparameters', 'hparams', 'hp'], objectOrNothing),
  status: entry(['status'], v.picklist(NETWORK_STATUSES, got(`expected one of ${NETWORK_STATUSES.join(', ')}`))),
  statusReason: entry(['status_reason', 'statusReason'], lenientString),
  checkpoints: entry(['checkpoints'], v.pipe(v.custom<unknown[]>(Array.isArray, got('expected a list')), v.array(CheckpointSchema))),
});
export type ManifestNetwork = v.InferOutput<typeof NetworkSchema>;
export type ManifestEpoch = v.InferOutput<typeof EpochSchema>;

export const ManifestSchema = aliased(
  {
    format: entry(
      ['format'],
      v.custom<typeof ACTIVATION_BUNDLE_FORMAT>(
        (x) => x === ACTIVATION_BUNDLE_FORMAT,
        (i) =>
          i.input === 'netmanifold-population'
            ? 'this is a population bundle, not an activation bundle; open it with the population importer'
            : `expected "${ACTIVATION_BUNDLE_FORMAT}", got ${describe(i.input)}; see docs/activation-bundle.md`,
      ),
      { missing: `expected "${ACTIVATION_BUNDLE_FORMAT}", got undefined; see docs/activation-bundle.md`, nullIsValue: true },
    ),
    // A newer version is refused here, before its (possibly different) structure is read.
    version: entry(
      ['version'],
      v.pipe(
        integer(1),
        v.check(
          (x) => x <= ACTIVATION_BUNDLE_VERSION,
          (i) =>
            `activation bundle version ${String(i.input)} is newer than this app supports (${ACTIVATION_BUNDLE_VERSION}); update Netmanifold`,
        ),
      ),
      { missing: 'expected an integer ≥ 1, got undefined', nullIsValue: true },
    ),
    dataset: entry(['dataset'], DatasetSchema, {
      missing: 'missing (a shipped dataset name, or {"name", "input_dim", "num_classes"} for your own)',
      nullIsValue: true,
    }),
    probe: entry(['probe'], ProbeSchema, { missing: 'missing (at least {"labels": ...})', nullIsValue: true }),
    networks: entry(
      ['networks'],
      v.pipe(
        v.custom<unknown[]>(Array.isArray, got('expected a list of networks')),
        v.check((a) => a.length > 0, 'the bundle has no networks'),
        v.array(NetworkSchema),
      ),
      { missing: 'expected a list of networks, got undefined', nullIsValue: true },
    ),
    id: entry(['id'], lenientString),
    name: entry(['name'], lenientString),
    generator: entry(['generator'], lenientString),
    createdAt: entry(['created_at', 'createdAt'], lenientString),
  },
  'expected an object',
);
export type Manifest = v.InferOutput<typeof ManifestSchema>;

/** The manifest read by its schema, or the BundleError of the first issue (`networks[2].metrics.test_acc: …`). */
export function parseManifest(doc: unknown): Manifest {
  const r = v.safeParse(ManifestSchema, doc, { abortEarly: true });
  if (r.success) return r.output;
  const issue = r.issues[0];
  fail(pathOf('', issue) || 'manifest', issue.message);
}
