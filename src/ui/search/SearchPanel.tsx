// Search mode (METHODS §6 step 3): N rounds of proposals from the manifold's
// top region and, with the same budget, random proposals from the space the
// population spans; both best-so-far curves, progress and cancel. The new
// networks join the population coloured by origin (search-guided /
// search-random). The work is app/search.ts.
import { useStore, jobBusy } from '../../state/store';
import { SEARCH_LIMITS, useSearch, validateSearchSettings } from '../../state/search';
import { searchUnavailable } from '../../app/search';
import { theApp } from '../../app/start';
import { SearchCurves } from './SearchCurves';
import './search.css';

const wholeOrNull = (v: string): number | null => (v.trim() === '' ? null : Number(v));

export function SearchPanel() {
  const pop = useStore((s) => s.population);
  const jobRunning = useStore((s) => jobBusy(s.job));
  const settings = useSearch((s) => s.settings);
  const status = useSearch((s) => s.status);
  const message = useSearch((s) => s.message);
  const done = useSearch((s) => s.done);
  const total = useSearch((s) => s.total);
  const curves = useSearch((s) => s.curves);
  const budget = useSearch((s) => s.budget);
  const fallbacks = useSearch((s) => s.fallbacks);
  const set = useSearch((s) => s.setSettings);
  if (!pop) return null;
  const running = status === 'running';
  const busy = running || jobRunning;
  const invalid = validateSearchSettings(settings);
  const why = searchUnavailable(pop) ?? invalid ?? (busy ? 'Wait for the current training or embedding to finish (or cancel it).' : null);
  const L = SEARCH_LIMITS;
  return (
    <div className="search-mode" data-testid="search-mode" data-status={status}>
      <h3>Guided search vs random</h3>
      <p className="hint">
        Each round proposes networks from the top region of this manifold (test accuracy smoothed over its neighbours) and, with the same
        budget, uniformly from the hyperparameters this population spans. Both start from the population's networks.
      </p>
      <div className="form-row search-settings">
        <label>
          <span>Rounds</span>
          <input
            type="number"
            data-testid="search-rounds"
            min={L.rounds.lo}
            max={L.rounds.hi}
            value={settings.rounds}
            disabled={busy}
            onChange={(e) => set({ rounds: Number(e.target.value) })}
          />
        </label>
        <label title="Networks each arm proposes and trains per round">
          <span>Per round</span>
          <input
            type="number"
            data-testid="search-per-round"
            min={L.perRound.lo}
            max={L.perRound.hi}
            value={settings.perRound}
            disabled={busy}
            onChange={(e) => set({ perRound: Number(e.target.value) })}
          />
        </label>
        <label title="Epochs of the new networks (both arms); empty: the values the population uses">
          <span>Epochs</span>
          <input
            type="number"
            data-testid="search-epochs"
            min={L.epochs.lo}
            max={L.epochs.hi}
            placeholder="as population"
            value={settings.epochs ?? ''}
            disabled={busy}
            onChange={(e) => set({ epochs: wholeOrNull(e.target.value) })}
          />
        </label>
      </div>
      <label
        className="search-perturb"
        title="Guided proposals may also take the next depth, width, learning rate, … of the population's values beyond the region's (the region's own values alone cannot leave a poor start)"
      >
        <input
          type="checkbox"
          data-testid="search-perturb"
          checked={settings.perturb}
          disabled={busy}
          onChange={(e) => set({ perturb: e.target.checked })}
        />{' '}
        also step to neighbouring values
      </label>
      <p className="muted">
        Budget: {2 * settings.rounds * settings.perRound} new networks ({settings.rounds} × {settings.perRound} per arm).
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          data-testid="search-start"
          disabled={why !== null}
          title={why ?? 'Run the search'}
          onClick={() => void theApp().search.start()}
        >
          Search
        </button>
        <button
          type="button"
          data-testid="search-cancel"
          disabled={!running}
          onClick={() => theApp().search.cancel()}
          title="Stop; the networks finished so far are added"
        >
          Cancel
        </button>
      </div>
      {status !== 'idle' && (
        <div className="search-status" role="status">
          {running && <progress data-testid="search-progress" max={Math.max(1, total)} value={Math.min(done, total)} />}
          <p data-testid="search-message">{message}</p>
          {fallbacks.length > 0 && (
            <ul className="warning" data-testid="search-fallbacks">
              {fallbacks.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {curves && <SearchCurves curves={curves} budget={budget} />}
    </div>
  );
}
