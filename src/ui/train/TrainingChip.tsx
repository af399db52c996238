// A compact progress chip in the top bar while a population trains or embeds
// (issue 14 item 6): the run's progress panel sits below the builder, often
// below the fold, so the chip keeps the percentage, networks done and time
// left in view; clicking it opens the training panel and scrolls to the panel.
import { useStore, jobShown } from '../../state/store';
import { useTraining } from '../../state/training';
import { formatDuration } from './PopulationBuilder';

const LABEL = { training: 'Training', distances: 'Distances', phate: 'Embedding' } as const;

export function TrainingChip() {
  const stage = useStore((s) => jobShown(s.job)) as keyof typeof LABEL;
  const done = useStore((s) => s.job.done);
  const total = useStore((s) => s.job.total);
  const paused = useTraining((s) => s.paused && s.run.status === 'running');
  const p = useTraining((s) => s.progress);
  if (stage !== 'training' && stage !== 'distances' && stage !== 'phate') return null;
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  const nets = stage === 'training' && p ? ` · ${p.networksDone} of ${p.networksTotal} networks` : '';
  const eta = stage === 'training' && p && Number.isFinite(p.etaSeconds) && !paused ? ` · ${formatDuration(p.etaSeconds)} left` : '';
  // Compact on screen (the top bar is full at laptop widths): percentage, networks done / total, time left.
  const short = `${pct}%${stage === 'training' && p ? ` · ${p.networksDone}/${p.networksTotal}` : ''}${eta}`;
  const open = () => {
    useStore.getState().setTrainPanelOpen(true);
    // After the panel renders: bring the full progress (pause / cancel, finished networks) into view.
    requestAnimationFrame(() =>
      document.querySelector('[data-testid="run-progress"]')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }),
    );
  };
  return (
    <button
      type="button"
      className="training-chip"
      data-testid="training-chip"
      data-stage={stage}
      onClick={open}
      title={`${paused ? 'Paused' : LABEL[stage]} ${pct}%${nets}${eta}. Click to show the run's progress (pause, cancel, finished networks).`}
      aria-label={`${paused ? 'Paused' : LABEL[stage]} ${pct}%${nets}${eta}. Show the progress.`}
    >
      <span className="training-chip-text">
        {paused ? 'Paused' : LABEL[stage]} {short}
      </span>
      <span className="training-chip-track" aria-hidden="true">
        <span className="training-chip-fill" style={{ width: `${pct}%` }} />
      </span>
    </button>
  );
}
