// Title, population picker, import/export/copy link (sharing/SharingControls), backend indicator/override and the train toggle.
import { useStore, jobBusy, getState, type BackendPreference } from '../state/store';
import { theApp } from '../app/start';
import { SharingControls } from './sharing/SharingControls';
import { HelpButton } from './help/HelpPanel';
import { TrainingChip } from './train/TrainingChip';

const PREFS: BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export function TopBar() {
  const demos = useStore((s) => s.demos);
  const population = useStore((s) => s.population);
  const backend = useStore((s) => s.backend);
  const pref = useStore((s) => s.backendPreference);
  const tried = useStore((s) => s.backendTried);
  const trainOpen = useStore((s) => s.trainPanelOpen);
  const busy = useStore((s) => jobBusy(s.job));
  const currentDemo = demos.find((d) => population?.id === d.id)?.id ?? '';
  return (
    <header className="topbar">
      <div className="brand">
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="5" cy="17" r="2.4" fill="#440154" />
          <circle cx="10" cy="8" r="2.4" fill="#3b528b" />
          <circle cx="15" cy="14" r="2.4" fill="#21918c" />
          <circle cx="19.5" cy="5.5" r="2.4" fill="#5ec962" />
          <circle cx="19" cy="19" r="2.4" fill="#fde725" />
        </svg>
        <span className="brand-name">Netmanifold</span>
        <span className="brand-tag">the manifold of neural networks</span>
      </div>
      <div className="topbar-group">
        {demos.length > 0 && (
          <label className="inline">
            <span>Demo</span>
            <select
              aria-label="Demo population"
              className="population-select"
              title={population?.name}
              value={currentDemo}
              disabled={busy}
              onChange={(e) => {
                const d = demos.find((x) => x.id === e.target.value);
                if (d) void theApp().populations.loadDemo(d);
              }}
            >
              {currentDemo === '' && <option value="">{population ? population.name : '—'}</option>}
              {demos.map((d) => (
                <option key={d.id} value={d.id} title={d.description}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <SharingControls />
      <div className="topbar-spacer" />
      <div className="topbar-group">
        <label className="inline backend" title="TensorFlow.js backend used for training (chosen in the training worker)">
          <span>Backend</span>
          <span
            className={`backend-chip backend-${backend}`}
            data-testid="backend"
            title={tried.map((t) => `${t.name}: ${t.ok ? 'used' : t.reason}`).join('\n') || undefined}
          >
            {backend}
          </span>
          <select
            aria-label="Preferred TensorFlow.js backend"
            value={pref}
            disabled={busy}
            onChange={(e) => void theApp().backend.init(e.target.value as BackendPreference)}
          >
            {PREFS.map((p) => (
              <option key={p} value={p}>
                {p === 'auto' ? 'auto (best available)' : p}
              </option>
            ))}
          </select>
        </label>
        <TrainingChip />
        <button
          className={trainOpen ? 'primary active' : 'primary'}
          data-testid="train-toggle"
          aria-expanded={trainOpen}
          onClick={() => getState().setTrainPanelOpen(!trainOpen)}
        >
          Train a population
        </button>
        <HelpButton />
      </div>
    </header>
  );
}
