// "Train a population": dataset, size and epochs; progress bar and cancel.
import { useStore, getState, type JobStage } from '../state/store';
import { DATASETS, DATASET_LABELS, LIMITS, startTraining, cancelJob } from '../app/controller';
import type { DatasetName } from '../core/types';

const STAGE_LABEL: Record<JobStage, string> = {
  idle: 'ready',
  training: 'Training networks',
  distances: 'Computing network distances',
  phate: 'Embedding with PHATE',
  done: 'Done',
  cancelled: 'Cancelled',
  error: 'Failed',
};

/** Rough time left from the rate so far; null until there is a rate to go on. */
function remaining(startedAt: number | undefined, done: number, total: number): string | null {
  if (startedAt === undefined || done <= 0 || total <= done) return null;
  const s = (((performance.now() - startedAt) / done) * (total - done)) / 1000;
  return s < 60 ? `~${Math.ceil(s)} s` : `~${Math.round(s / 60)} min`;
}

export function TrainPanel() {
  const open = useStore((s) => s.trainPanelOpen);
  const form = useStore((s) => s.trainForm);
  const job = useStore((s) => s.job);
  const backend = useStore((s) => s.backend);
  if (!open) return null;
  const busy = job.stage === 'training' || job.stage === 'distances' || job.stage === 'phate';
  const pct = job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : 0;
  const num = (v: string) => (v.trim() === '' ? NaN : Number(v));
  const eta = job.stage === 'training' ? remaining(job.startedAt, job.done, job.total) : null;
  return (
    <section className="panel train-panel" data-testid="train-panel" aria-label="Train a population">
      <header className="panel-header">
        <h2>Train a population</h2>
        <button className="icon-button" aria-label="Close training panel" onClick={() => getState().setTrainPanelOpen(false)}>
          ×
        </button>
      </header>
      <form
        className="panel-body form"
        onSubmit={(e) => {
          e.preventDefault();
          void startTraining();
        }}
      >
        <label>
          <span>Dataset</span>
          <select
            data-testid="train-dataset"
            value={form.dataset}
            disabled={busy}
            onChange={(e) => getState().setTrainForm({ dataset: e.target.value as DatasetName })}
          >
            {DATASETS.map((d) => (
              <option key={d} value={d}>
                {DATASET_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <div className="form-row">
          <label>
            <span>Networks</span>
            <input
              data-testid="train-count"
              type="number"
              min={LIMITS.count.min}
              max={LIMITS.count.max}
              step={1}
              value={Number.isFinite(form.count) ? form.count : ''}
              disabled={busy}
              onChange={(e) => getState().setTrainForm({ count: num(e.target.value) })}
            />
          </label>
          <label>
            <span>Epochs</span>
            <input
              data-testid="train-epochs"
              type="number"
              min={LIMITS.epochs.min}
              max={LIMITS.epochs.max}
              step={1}
              value={Number.isFinite(form.epochs) ? form.epochs : ''}
              disabled={busy}
              onChange={(e) => getState().setTrainForm({ epochs: num(e.target.value) })}
            />
          </label>
        </div>
        <p className="hint">
          Random architectures, activations, optimizers and learning rates from the default search space; trained in a background worker on the{' '}
          <b>{backend === 'none' ? '…' : backend}</b> backend.
        </p>
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="train-start" disabled={busy}>
            Train
          </button>
          <button type="button" data-testid="train-cancel" disabled={!busy} onClick={cancelJob}>
            Cancel
          </button>
        </div>
        <div className="progress-block" aria-live="polite">
          <div className="progress-label">
            <span>{STAGE_LABEL[job.stage]}</span>
            {job.stage !== 'idle' && (
              <span className="muted">
                {eta ? `${eta} left · ` : ''}
                {job.total > 0 ? `${pct}%` : ''}
              </span>
            )}
          </div>
          <div
            className={`progress progress-${job.stage}`}
            data-testid="train-progress"
            role="progressbar"
            aria-label="Training progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            data-done={job.done}
            data-total={job.total}
            data-stage={job.stage === 'idle' ? '' : job.stage}
          >
            <div className="progress-fill" style={{ width: `${job.stage === 'done' ? 100 : pct}%` }} />
          </div>
          {job.message && <div className="progress-message muted">{job.message}</div>}
        </div>
      </form>
    </section>
  );
}
