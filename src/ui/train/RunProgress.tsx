// The run's progress: networks done, group and epoch, current loss,
// networks per minute, time left; pause / resume / cancel; the finished
// networks as they are stored (a diverged one is marked with its reason).
import { useStore, jobShown } from '../../state/store';
import { useTraining, runPhase } from '../../state/training';
import { theApp } from '../../app/start';
import { formatDuration } from './PopulationBuilder';

const STAGE_LABEL: Record<string, string> = {
  idle: 'ready',
  training: 'Training networks',
  distances: 'Computing network distances',
  phate: 'Embedding with PHATE',
  done: 'Done',
  cancelled: 'Cancelled',
  error: 'Failed',
};

const fmt = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '—');

export function RunProgress({ busy }: { busy: boolean }) {
  const job = useStore((s) => s.job);
  const phase = useTraining(runPhase);
  const p = useTraining((s) => s.progress);
  const finished = useTraining((s) => s.finished);
  const storedBefore = useTraining((s) => s.storedBefore);
  const kept = useTraining((s) => s.kept);
  const storageFailure = useTraining((s) => s.storageFailure);
  const unstored = finished.filter((f) => f.stored === false).length;
  const pct = job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : 0;
  const stage = jobShown(job);
  const training = stage === 'training';
  const paused = phase === 'paused';
  const diverged = finished.filter((f) => f.status === 'diverged').length;
  const meanBytes = finished.length ? finished.reduce((s, f) => s + f.bytes, 0) / finished.length : NaN;
  return (
    <div className="run-progress" data-testid="run-progress" data-phase={phase}>
      <div className="form-actions">
        {training && !paused ? (
          <button
            type="button"
            data-testid="train-pause"
            onClick={() => theApp().training.runs.pause()}
            title="Hold training; every network keeps its state"
          >
            Pause
          </button>
        ) : (
          <button type="button" data-testid="train-resume" disabled={!paused} onClick={() => theApp().training.runs.resume()}>
            Resume
          </button>
        )}
        <button
          type="button"
          data-testid="train-cancel"
          disabled={!busy}
          onClick={() => theApp().training.runs.cancel()}
          title="Stop; finished networks are kept"
        >
          Cancel
        </button>
      </div>
      <div className="progress-block" aria-live="polite">
        <div className="progress-label">
          <span>{paused ? 'Paused' : STAGE_LABEL[stage]}</span>
          {stage !== 'idle' && <span className="muted">{job.total > 0 ? `${pct}%` : ''}</span>}
        </div>
        <div
          className={`progress progress-${stage}${paused ? ' progress-paused' : ''}`}
          data-testid="train-progress"
          role="progressbar"
          aria-label="Training progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          data-done={job.done}
          data-total={job.total}
          data-stage={stage === 'idle' ? '' : stage}
        >
          <div className="progress-fill" style={{ width: `${stage === 'done' ? 100 : pct}%` }} />
        </div>
        {job.message && <div className="progress-message muted">{job.message}</div>}
      </div>
      {p && (training || phase === 'cancelled' || phase === 'embedding' || phase === 'done') && (
        <div className="run-stats" data-testid="train-stats">
          <div className="run-stat">
            <span className="run-stat-value" data-testid="train-networks-done">
              {storedBefore + finished.length}/{p.networksTotal}
            </span>
            <span className="run-stat-label">networks</span>
          </div>
          <div className="run-stat">
            <span className="run-stat-value">
              {p.epoch}/{p.epochs}
            </span>
            <span className="run-stat-label">
              epoch (group {p.group}/{p.groups})
            </span>
          </div>
          <div className="run-stat">
            <span className="run-stat-value">{fmt(p.loss, 3)}</span>
            <span className="run-stat-label">train loss</span>
          </div>
          <div className="run-stat">
            <span className="run-stat-value">{fmt(p.networksPerMinute, 1)}</span>
            <span className="run-stat-label">networks/min</span>
          </div>
          <div className="run-stat">
            <span className="run-stat-value">{training ? (paused ? 'paused' : formatDuration(p.etaSeconds)) : '—'}</span>
            <span className="run-stat-label">left</span>
          </div>
          <div className="run-stat">
            <span className="run-stat-value">{Number.isFinite(meanBytes) ? `${(meanBytes / 1024).toFixed(0)} KiB` : '—'}</span>
            <span className="run-stat-label">stored / network</span>
          </div>
        </div>
      )}
      {storageFailure && (
        <div className="storage-warning" role="status" data-testid="train-storage-warning" data-unstored={unstored}>
          Not stored — {storageFailure}. Training goes on; {unstored} finished network{unstored === 1 ? ' is' : 's are'} kept only in this
          tab and lost on reload (Export bundle keeps them).
        </div>
      )}
      {kept && !busy && (
        <div className="kept" data-testid="train-kept">
          <span>
            {kept.stored} of {kept.total} networks kept{' '}
            {kept.unstored ? `(${kept.unstored} only in this tab, lost on reload)` : 'in this browser'}.
          </span>
          <div className="kept-actions">
            <button
              type="button"
              className="link"
              data-testid="kept-show"
              disabled={kept.stored < 3}
              onClick={() => void theApp().training.viewer.show(kept.runId)}
            >
              Show them
            </button>
            <button
              type="button"
              className="link"
              data-testid="kept-resume"
              onClick={() => void theApp().training.runs.resumeStored(kept.runId)}
            >
              Resume
            </button>
            <button
              type="button"
              className="link"
              data-testid="kept-discard"
              onClick={() => void theApp().training.restore.discard(kept.runId)}
            >
              Discard
            </button>
          </div>
        </div>
      )}
      {finished.length > 0 && (
        <details className="finished" open={diverged > 0}>
          <summary>
            Finished this session: {finished.length}
            {diverged > 0 && <span className="badge badge-diverged">{diverged} diverged</span>}
          </summary>
          <ul className="network-list" data-testid="train-finished">
            {finished.map((f) => (
              <li key={f.index} data-network-id={f.id} data-status={f.status} title={f.statusReason}>
                <span className="mono">{f.id}</span>{' '}
                {f.stored === false && (
                  <span className="badge badge-cancelled" title="Storing failed: kept in this tab only, lost on reload">
                    not stored
                  </span>
                )}{' '}
                {f.status === 'ok' ? (
                  <span className="muted">test acc {fmt(f.testAcc, 3)}</span>
                ) : (
                  <span className="diverged-reason">
                    <span className={`badge badge-${f.status}`}>{f.status}</span> {f.statusReason}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
