// The population builder: dataset, every hyperparameter of METHODS §1 as a
// multi-value control, grid or random sampling, the resulting number of
// networks and groups, and a calibrated time estimate before starting.
// In add mode ("Train more like these", opened from the selection panel) it
// says that the new networks join the current population, and offers a way
// back to a fresh population.
import { useEffect, useMemo, useState } from 'react';
import { useStore, type BackendPreference } from '../../state/store';
import {
  builderSpace,
  builderSpec,
  logSpaced,
  useTraining,
  getTraining,
  validateBuilder,
  LR_LIMITS,
  type Sampling,
} from '../../state/training';
import { DATASETS, DATASET_LABELS } from '../../app/dataset-labels';
import { theApp } from '../../app/start';
import { DATASET_INFO } from '../../core/datasets/info';
import { expandPopulation, formatRate, spaceSize } from '../../core/population/spec';
import { groupForBatching } from '../../core/train/batched-groups';
import type {
  ActivationName,
  ArchitectureName,
  DatasetName,
  HyperParamSpace,
  InitName,
  OptimizerName,
  PoolingName,
} from '../../core/types';
import { ACTIVATION_NAMES, ARCHITECTURE_NAMES, INIT_NAMES, OPTIMIZER_NAMES, POOLING_NAMES } from '../../core/types';
import { ARCHITECTURE_LABELS, imageShape, sequenceShape } from '../../core/architecture';

const ACTIVATIONS: readonly ActivationName[] = ACTIVATION_NAMES;
const OPTIMIZERS: readonly OptimizerName[] = OPTIMIZER_NAMES;
const INITS: readonly InitName[] = INIT_NAMES;
const INIT_LABEL: Record<InitName, string> = {
  glorot_uniform: 'Glorot U',
  he_normal: 'He N',
  lecun_normal: 'LeCun N',
  random_normal: 'N(0, .05)',
};
const ARCHITECTURES: readonly ArchitectureName[] = ARCHITECTURE_NAMES;
const POOLINGS: readonly PoolingName[] = POOLING_NAMES;
const CONV_DEPTHS = [1, 2, 3];
const CHANNELS = [4, 8, 16, 32];
const KERNELS = [3, 5];
const BLOCKS = [1, 2];
const EMBED_DIMS = [8, 16, 32];
const HEADS = [1, 2, 4];
const DEPTHS = [1, 2, 3, 4];
const WIDTHS = [4, 8, 16, 32, 64, 128];
const BATCHES = [16, 32, 64, 128];
const DROPOUTS = [0, 0.1, 0.2, 0.5];
const L2S = [0, 1e-4, 1e-3, 1e-2];
const BACKENDS: BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
/** Above these rates training usually diverges (shown as a warning, never refused). */
const DIVERGENT_RATE: Record<OptimizerName, number> = { sgd: 1, momentum: 0.5, adam: 0.1, rmsprop: 0.1 };

type ListKey = Exclude<keyof HyperParamSpace, 'learningRate' | 'seed' | 'epochs'>;

function Chips<T extends string | number>(props: {
  name: ListKey;
  label: string;
  options: readonly T[];
  format?: (v: T) => string;
  disabled: boolean;
}) {
  const selected = (useTraining((s) => s.builder.space[props.name]) ?? []) as T[];
  // Values outside the usual options (a region of an imported population) are shown too.
  const extra = selected.filter((v) => !props.options.includes(v));
  const options =
    extra.length === 0
      ? props.options
      : typeof extra[0] === 'number'
        ? [...props.options, ...extra].sort((a, b) => (a as number) - (b as number))
        : [...props.options, ...extra];
  const toggle = (v: T) => {
    const has = selected.includes(v);
    const next = has ? selected.filter((x) => x !== v) : options.filter((o) => o === v || selected.includes(o));
    getTraining().setSpace({ [props.name]: next } as Partial<HyperParamSpace>);
  };
  return (
    <div className="hp-row" data-testid={`train-hp-${props.name}`} role="group" aria-label={props.label}>
      <span className="hp-label">{props.label}</span>
      <div className="chips">
        {options.map((v) => (
          <button
            type="button"
            key={String(v)}
            className={`chip${selected.includes(v) ? ' on' : ''}`}
            aria-pressed={selected.includes(v)}
            data-value={String(v)}
            disabled={props.disabled}
            onClick={() => toggle(v)}
          >
            {props.format ? props.format(v) : String(v)}
          </button>
        ))}
      </div>
    </div>
  );
}

/** "8×8×1 image, 8 tokens of 8 values" for the builder's note. */
function describeShape(d: DatasetName): string {
  const shape = DATASET_INFO[d].inputShape;
  const [h, w, c] = imageShape(shape);
  const [t, td] = sequenceShape(shape);
  return `${h}×${w}×${c}; as a sequence ${t} token${t === 1 ? '' : 's'} of ${td} value${td === 1 ? '' : 's'}`;
}

/** A number input that keeps what the user types and reports parsed values (NaN when empty). */
function NumberField(props: {
  testId: string;
  label: string;
  value: number;
  min?: number;
  max?: number;
  step?: number | 'any';
  disabled: boolean;
  onChange(v: number): void;
  title?: string;
}) {
  return (
    <label title={props.title}>
      <span>{props.label}</span>
      <input
        data-testid={props.testId}
        type="number"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={Number.isFinite(props.value) ? props.value : ''}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value.trim() === '' ? NaN : Number(e.target.value))}
      />
    </label>
  );
}

/** "10" or "10, 20, 40" → numbers; null when any entry is not a number. */
function parseList(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const nums = parts.map(Number);
  return nums.every(Number.isFinite) ? [...new Set(nums)] : null;
}

function EpochsField({ disabled }: { disabled: boolean }) {
  const epochs = useTraining((s) => s.builder.space.epochs);
  const [text, setText] = useState(epochs.join(', '));
  // Follow outside changes (a new dataset brings its default).
  useEffect(() => {
    if (JSON.stringify(parseList(text)) !== JSON.stringify(epochs)) setText(epochs.join(', '));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [epochs]);
  return (
    <label title="One or more values, separated by commas">
      <span>Epochs</span>
      <input
        data-testid="train-epochs"
        type="text"
        inputMode="numeric"
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          getTraining().setSpace({ epochs: parseList(e.target.value) ?? [NaN] });
        }}
      />
    </label>
  );
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 1) return '< 1 s';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.round((s % 3600) / 60)).padStart(2, '0')} min`;
}

function Estimate({ networks, groups }: { networks: number; groups: number }) {
  const est = useTraining((s) => s.estimate);
  const backend = useStore((s) => s.backend);
  const c = est.calibration;
  const text =
    est.status === 'ready' && est.seconds !== undefined
      ? `≈ ${formatDuration(est.seconds)} on ${c?.backend ?? backend}`
      : est.status === 'measuring'
        ? 'measuring this backend…'
        : est.status === 'error'
          ? 'no estimate'
          : '—';
  return (
    <div
      className="estimate"
      data-testid="train-estimate"
      data-status={est.status}
      data-seconds={est.seconds ?? ''}
      data-networks={networks}
    >
      <div className="estimate-main">
        <span className="estimate-count">
          <b>{networks}</b> networks in <b>{groups}</b> {groups === 1 ? 'group' : 'groups'}
        </span>
        <span className="estimate-time">{text}</span>
      </div>
      {est.status === 'ready' && c && (
        <div className="estimate-note" data-testid="train-estimate-note">
          {est.measured !== undefined && est.measured >= groups
            ? `from short real runs of ${groups === 1 ? 'its group' : `all ${groups} groups`} on this backend`
            : `from short real runs of ${est.measured ?? 0} of ${groups} groups on this backend (the rest from a line fitted to them)`}
        </div>
      )}
      {est.status === 'error' && <div className="estimate-note warning">{est.message}</div>}
    </div>
  );
}

export function PopulationBuilder({ busy }: { busy: boolean }) {
  const b = useTraining((s) => s.builder);
  const backend = useStore((s) => s.backend);
  const pref = useStore((s) => s.backendPreference);
  const invalid = validateBuilder(b);
  const rates = useMemo(() => logSpaced(b.lr.lo, b.lr.hi, b.lr.steps), [b.lr]);
  const { networks, groups, gridSize } = useMemo(() => {
    if (invalid) return { networks: 0, groups: 0, gridSize: 0 };
    const hps = expandPopulation(builderSpec(b, b.seed));
    return { networks: hps.length, groups: groupForBatching(hps).length, gridSize: spaceSize(builderSpace(b)) };
  }, [b, invalid]);

  // Estimate after the builder settles (a calibration runs once per backend and dataset).
  useEffect(() => {
    if (busy || invalid || backend === 'none') return;
    const id = setTimeout(() => void theApp().training.runs.requestEstimate(), 400);
    return () => clearTimeout(id);
  }, [b, busy, invalid, backend]);

  const families = b.space.architecture ?? ['mlp'];
  const maxDivergent = Math.min(...b.space.optimizer.map((o) => DIVERGENT_RATE[o]));
  const set = getTraining().setBuilder;
  const add = b.add;
  const info = DATASET_INFO[b.dataset];
  const shownId = useStore((s) => s.population?.id ?? null);
  return (
    <div className="builder" data-testid="population-builder" data-mode={add ? 'add' : 'new'}>
      {add && (
        <div className="add-mode" data-testid="train-add-mode" data-population-id={add.populationId}>
          <p>
            The new networks will be <b>added to the current population</b> “{add.populationName}” ({add.networks} networks) and embedded
            with it. They are sampled from the hyperparameters of the {add.selected} selected network{add.selected === 1 ? '' : 's'},
            trained on the population's dataset, probed on its own {add.probe.n} probe rows, with seeds it does not use yet.
          </p>
          {shownId !== add.populationId && (
            <p className="warning" data-testid="train-add-mode-stale">
              Another population is on screen now: the new networks will be shown as a population of their own.
            </p>
          )}
          <button type="button" className="link" data-testid="train-add-mode-off" disabled={busy} onClick={() => set({ add: null })}>
            Train a fresh population instead
          </button>
        </div>
      )}
      <div className="form-row">
        <label title={add ? "The population's own dataset (switch to a fresh population to choose another)" : undefined}>
          <span>Dataset</span>
          <select
            data-testid="train-dataset"
            value={b.dataset}
            disabled={busy || !!add}
            onChange={(e) => set({ dataset: e.target.value as DatasetName })}
          >
            {DATASETS.map((d) => (
              <option key={d} value={d} title={DATASET_INFO[d].description}>
                {DATASET_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        {info.source === 'file' && !add && (
          <label title={`A stratified draw of this many of the ${info.defaultSamples.toLocaleString('en')} images (fewer train faster)`}>
            <span>Images</span>
            <select
              data-testid="train-samples"
              value={b.samples ?? info.defaultSamples}
              disabled={busy}
              onChange={(e) => set({ samples: Number(e.target.value) })}
            >
              {[...new Set([1000, 2500, 5000, info.defaultSamples])]
                .filter((n) => n <= info.defaultSamples)
                .map((n) => (
                  <option key={n} value={n}>
                    {n === info.defaultSamples ? `all ${n.toLocaleString('en')}` : n.toLocaleString('en')}
                  </option>
                ))}
            </select>
          </label>
        )}
        <label title="TensorFlow.js backend of the training worker">
          <span>Backend</span>
          <select
            data-testid="train-backend"
            value={pref}
            disabled={busy}
            onChange={(e) => void theApp().backend.init(e.target.value as BackendPreference)}
          >
            {BACKENDS.map((p) => (
              <option key={p} value={p}>
                {p === 'auto' ? `auto (${backend})` : p}
              </option>
            ))}
          </select>
        </label>
      </div>

      <p className="hint" data-testid="train-dataset-description">
        {info.description}
        {info.inputShape.length > 1 ? ` Inputs ${info.inputShape.join('×')}, ${info.numClasses} classes.` : ''}
      </p>

      <h3 className="builder-section">Architecture</h3>
      <Chips name="architecture" label="Family" options={ARCHITECTURES} format={(v) => ARCHITECTURE_LABELS[v]} disabled={busy} />
      {families.includes('mlp') && (
        <>
          <Chips name="depth" label={families.length > 1 ? 'MLP depth' : 'Depth'} options={DEPTHS} disabled={busy} />
          <Chips name="width" label={families.length > 1 ? 'MLP width' : 'Width'} options={WIDTHS} disabled={busy} />
        </>
      )}
      {families.includes('cnn') && (
        <>
          <Chips name="convDepth" label="CNN conv layers" options={CONV_DEPTHS} disabled={busy} />
          <Chips name="channels" label="CNN channels" options={CHANNELS} disabled={busy} />
          <Chips name="kernel" label="CNN kernel" options={KERNELS} format={(v) => `${v}×${v}`} disabled={busy} />
          <Chips name="pooling" label="CNN pooling" options={POOLINGS} disabled={busy} />
        </>
      )}
      {families.includes('attention') && (
        <>
          <Chips name="blocks" label="Attention blocks" options={BLOCKS} disabled={busy} />
          <Chips name="embedDim" label="Embedding width" options={EMBED_DIMS} disabled={busy} />
          <Chips name="heads" label="Heads" options={HEADS} disabled={busy} />
        </>
      )}
      {families.some((f) => f !== 'mlp') && (
        <p className="muted builder-note" data-testid="train-family-note">
          CNNs read each input as an image ({describeShape(b.dataset)}), attention networks as a sequence of tokens; both end in one dense
          layer of 32 units. Family settings vary only within their family.
        </p>
      )}
      <Chips name="activation" label="Activation" options={ACTIVATIONS} disabled={busy} />
      <Chips name="init" label="Init" options={INITS} format={(v) => INIT_LABEL[v]} disabled={busy} />

      <h3 className="builder-section">Optimisation</h3>
      <Chips name="optimizer" label="Optimizer" options={OPTIMIZERS} disabled={busy} />
      <div className="hp-row" data-testid="train-hp-learningRate">
        <span className="hp-label">Learning rate</span>
        <div className="lr-control">
          <div className="lr-inputs">
            <input
              data-testid="train-lr-lo"
              aria-label="Smallest learning rate"
              type="number"
              step="any"
              min={LR_LIMITS.lo}
              max={LR_LIMITS.hi}
              value={Number.isFinite(b.lr.lo) ? b.lr.lo : ''}
              disabled={busy}
              onChange={(e) => set({ lr: { ...b.lr, lo: Number(e.target.value) } })}
            />
            <span className="muted">to</span>
            <input
              data-testid="train-lr-hi"
              aria-label="Largest learning rate"
              type="number"
              step="any"
              min={LR_LIMITS.lo}
              max={LR_LIMITS.hi}
              value={Number.isFinite(b.lr.hi) ? b.lr.hi : ''}
              disabled={busy}
              onChange={(e) => set({ lr: { ...b.lr, hi: Number(e.target.value) } })}
            />
            <span className="muted">×</span>
            <input
              data-testid="train-lr-steps"
              aria-label="Number of learning rates (log-spaced)"
              type="number"
              min={1}
              max={12}
              value={Number.isFinite(b.lr.steps) ? b.lr.steps : ''}
              disabled={busy}
              onChange={(e) => set({ lr: { ...b.lr, steps: Number(e.target.value) } })}
            />
          </div>
          <div className="lr-values" aria-label="Learning rates (log scale)">
            {rates.every(Number.isFinite) &&
              rates.map((r) => (
                <span
                  key={r}
                  className={`lr-value${r > maxDivergent ? ' divergent' : ''}`}
                  title={r > maxDivergent ? 'likely to diverge' : undefined}
                >
                  {formatRate(r)}
                </span>
              ))}
          </div>
        </div>
      </div>
      <Chips name="batchSize" label="Batch size" options={BATCHES} disabled={busy} />
      <Chips name="dropout" label="Dropout" options={DROPOUTS} disabled={busy} />
      <Chips name="l2" label="L2" options={L2S} format={(v) => (v === 0 ? '0' : formatRate(v))} disabled={busy} />

      <h3 className="builder-section">Population</h3>
      <div className="form-row three">
        <EpochsField disabled={busy} />
        <NumberField
          testId="train-seeds"
          label={add ? 'New seeds' : 'Seeds'}
          value={b.seeds}
          min={1}
          max={50}
          disabled={busy}
          onChange={(v) => set({ seeds: v })}
          title={add ? 'n seeds that no network of the population uses yet' : 'Seeds 1…n: repeats of every configuration'}
        />
        <NumberField
          testId="train-probe"
          label="Probe size"
          value={add ? add.probe.n : b.probeN}
          min={16}
          max={1024}
          disabled={busy || !!add}
          onChange={(v) => set({ probeN: v })}
          title={add ? "The population's own probe set" : undefined}
        />
      </div>
      <div className="form-row">
        <label>
          <span>Sampling</span>
          <div className="segmented" role="radiogroup" aria-label="Sampling">
            {(['random', 'grid'] as Sampling[]).map((m) => (
              <button
                type="button"
                key={m}
                role="radio"
                aria-checked={b.sampling === m}
                className={b.sampling === m ? 'on' : ''}
                data-testid={`train-sampling-${m}`}
                disabled={busy}
                onClick={() => set({ sampling: m })}
              >
                {m}
              </button>
            ))}
          </div>
        </label>
        <NumberField
          testId="train-count"
          label={b.sampling === 'grid' ? 'At most' : 'Networks'}
          value={b.count}
          min={3}
          max={512}
          disabled={busy}
          onChange={(v) => set({ count: v })}
        />
      </div>
      {invalid ? (
        <p className="warning" data-testid="train-invalid">
          {invalid}
        </p>
      ) : (
        <>
          <p className="hint">
            {b.sampling === 'grid'
              ? gridSize > b.count
                ? `Grid of ${gridSize} configurations, subsampled to ${b.count}.`
                : `Full grid of ${gridSize} configurations.`
              : `${b.count} random draws from ${gridSize} configurations.`}{' '}
            Networks with the same architecture, activation, optimizer, batch size and epochs train together.
          </p>
          <Estimate networks={networks} groups={groups} />
        </>
      )}
      {backend === 'none' && <p className="hint">Waiting for the training worker's backend…</p>}
    </div>
  );
}
