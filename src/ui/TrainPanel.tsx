// "Train a population": the population builder (every hyperparameter of
// METHODS §1, grid or random sampling, count and time estimate), then the
// run's progress with pause / resume / cancel (src/ui/train/).
import { useStore, jobBusy, getState } from '../state/store';
import { theApp } from '../app/start';
import { PopulationBuilder } from './train/PopulationBuilder';
import { RunProgress } from './train/RunProgress';
import { useTraining, validateBuilder } from '../state/training';
import './train/train.css';

export function TrainPanel() {
  const open = useStore((s) => s.trainPanelOpen);
  const invalid = useTraining((s) => validateBuilder(s.builder));
  const busy = useStore((s) => jobBusy(s.job));
  if (!open) return null;
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
          void theApp().training.runs.start();
        }}
      >
        <PopulationBuilder busy={busy} />
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="train-start" disabled={busy || invalid !== null}>
            Train
          </button>
        </div>
        <RunProgress busy={busy} />
      </form>
    </section>
  );
}
