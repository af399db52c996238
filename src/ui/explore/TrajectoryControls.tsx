// Trajectory controls: embed checkpoints (once), an epoch slider that moves every
// point along its path, and play/pause. Hidden when no network kept checkpoints.
import { useStore } from '../../state/store';
import { hasCheckpoints } from '../../app/trajectory';
import { useTrajectory } from '../../state/trajectory';
import { theApp } from '../../app/start';

export function TrajectoryControls() {
  const population = useStore((s) => s.population);
  const epoch = useStore((s) => s.epoch);
  const t = useTrajectory();
  if (!population || !hasCheckpoints(population)) return null;
  const mine = t.popId === population.id;
  const kf = mine ? t.keyframes : null;
  const on = epoch !== null && !!kf;
  const lo = kf ? kf.epochs[0] : 0;
  const hi = kf ? kf.epochs[kf.epochs.length - 1] : 1;
  return (
    <div className="tb-group trajectory-controls" data-testid="trajectory-controls">
      {!on ? (
        <button
          className="tb-button"
          data-testid="trajectory-toggle"
          disabled={mine && t.status === 'running'}
          title="Embed every checkpoint together with the final states and show training paths"
          onClick={() => void theApp().trajectories.computeTrajectories()}
        >
          {mine && t.status === 'running' ? `Embedding checkpoints… ${t.stage} ${t.done}/${t.total}` : 'Trajectories'}
        </button>
      ) : (
        <>
          <button
            className="tb-button"
            data-testid="play"
            onClick={() => (t.playing ? theApp().trajectories.stopPlaying() : theApp().trajectories.play())}
            title="Play training"
          >
            {t.playing ? '❚❚' : '▶'}
          </button>
          <label className="tb-field" title="Checkpoint epochs are embedded; between them points move on straight segments (interpolated)">
            <span>Epoch</span>
            <input
              type="range"
              data-testid="epoch-slider"
              min={lo}
              max={hi}
              step={0.05}
              value={epoch!}
              aria-label="Training epoch"
              list="trajectory-epochs"
              onChange={(e) => {
                theApp().trajectories.stopPlaying();
                useStore.getState().setEpoch(+e.target.value);
              }}
            />
            <datalist id="trajectory-epochs">
              {kf!.epochs.map((e) => (
                <option key={e} value={e} />
              ))}
            </datalist>
            <b className="epoch-value">{epoch!.toFixed(epoch! % 1 ? 1 : 0)}</b>
          </label>
          <span
            className="tb-note"
            title={`Checkpoints embedded at epochs ${kf!.epochs.join(', ')}; points move on straight segments between them. ${t.message}`.trim()}
          >
            embedded at {kf!.epochs.join(', ')}
          </span>
          <button
            className="tb-button"
            onClick={() => theApp().trajectories.exitTrajectories()}
            title="Back to the population's own embedding"
          >
            Final only
          </button>
        </>
      )}
      {mine && t.status === 'error' && <span className="tb-error">trajectories failed: {t.message}</span>}
    </div>
  );
}
