// Findings → Over training (issue 15 item 4): a feature against epoch for every network (thin
// lines; the selected ones highlighted), the population's median and quartile band, and power-law
// fits — of the median curve, and per network (their exponents' median and spread).
import { useMemo, useState } from 'react';
import { useStore } from '../../state/store';
import { DYNAMICS_FEATURE_IDS, fitPowerLaw, summariseDynamics } from '../../core/features/dynamics';
import { FEATURE_INFO, type FeatureInfo } from '../../core/features/info';
import { networksLackingDynamics } from '../../app/dynamics';
import { theApp } from '../../app/start';
import { DynamicsChart, describePowerLaw, type DynamicsLine } from './DynamicsChart';
import { DynamicsFeaturePicker } from './NetworkDynamics';
import { formatValue } from '../color';
import { quantileSorted } from '../../core/features/stats';

const INFO = FEATURE_INFO as Record<string, FeatureInfo>;
/** Past this many networks the thin lines are drawn for the selection only (the band stays). */
const MAX_LINES = 400;

const median = (v: number[]): number =>
  quantileSorted(
    v.slice().sort((a, b) => a - b),
    0.5,
  );

export function PopulationDynamics() {
  const pop = useStore((s) => s.population);
  const job = useStore((s) => s.dynamicsJob);
  const mask = useStore((s) => s.selectionMask);
  const selectionActive = useStore((s) => s.selectionActive);
  const [feature, setFeature] = useState<string>('effDim');
  const [logLog, setLogLog] = useState(false);
  const lacking = useMemo(() => (pop ? networksLackingDynamics(pop).length : 0), [pop]);
  const records = useMemo(() => pop?.networks.map((n) => n.dynamics) ?? [], [pop]);
  const withDynamics = records.filter(Boolean).length;
  if (!pop) return null;
  if (withDynamics === 0 && lacking === 0) return null;
  const ids = DYNAMICS_FEATURE_IDS.filter((id) => records.some((r) => r?.features[id]));
  const shown = ids.includes(feature as (typeof ids)[number]) ? feature : ids[0];
  const withFeature = shown ? records.filter((r) => r?.features[shown]).length : 0;
  // An epoch only a few networks stored (e.g. where some diverged and stopped) would put one
  // network's value on the median line: the median and band use epochs most networks share.
  const allRows = shown ? summariseDynamics(records, shown) : [];
  const rows = allRows.filter((r) => r.count >= Math.max(3, withFeature / 2));
  const rare = allRows.length - rows.length;
  const lines: DynamicsLine[] = [];
  if (shown) {
    const many = records.length > MAX_LINES;
    records.forEach((r, i) => {
      const v = r?.features[shown];
      if (!r || !v) return;
      const picked = selectionActive && mask[i] === 1;
      if (many && !picked) return;
      lines.push({ epochs: r.epochs, values: v, kind: picked ? 'highlight' : 'network' });
    });
    lines.push({ epochs: rows.map((r) => r.epoch), values: rows.map((r) => r.median), kind: 'median' });
  }
  const medianFit = fitPowerLaw(
    rows.map((r) => r.epoch),
    rows.map((r) => r.median),
  );
  const exps = shown
    ? records.flatMap((r) => {
        const v = r?.features[shown];
        if (!r || !v) return [];
        const f = fitPowerLaw(r.epochs, v);
        return Number.isFinite(f.exponent) ? [f.exponent] : [];
      })
    : [];
  const running = job.status === 'running';
  return (
    <div className="population-dynamics" data-testid="population-dynamics">
      <h3>Over training</h3>
      {lacking > 0 && !running && (
        <p className="dynamics-compute">
          <button type="button" onClick={() => void theApp().dynamics.computeDynamics()} data-testid="dynamics-compute">
            Compute features at each checkpoint for {lacking} network{lacking === 1 ? '' : 's'}
          </button>
        </p>
      )}
      {running && (
        <p className="features-progress" data-testid="dynamics-progress">
          checkpoint features {job.done}/{job.total}
          <button type="button" onClick={() => theApp().dynamics.cancelDynamics()}>
            Cancel
          </button>
        </p>
      )}
      {job.status === 'error' && <p className="muted">Failed: {job.message}</p>}
      {shown && withDynamics > 0 && (
        <>
          <div className="dynamics-controls">
            <DynamicsFeaturePicker ids={ids} value={shown} onChange={setFeature} />
            <label title="Log axes on both sides: a power law is a straight line (epoch 0 leaves the plot)">
              <input type="checkbox" checked={logLog} onChange={(e) => setLogLog(e.target.checked)} data-testid="dynamics-loglog" /> log–log
            </label>
          </div>
          <DynamicsChart
            label={INFO[shown]?.label ?? shown}
            lines={lines}
            band={{ epochs: rows.map((r) => r.epoch), lo: rows.map((r) => r.q25), hi: rows.map((r) => r.q75) }}
            logLog={logLog}
            fit={medianFit}
          />
          <p className="muted findings-note" data-testid="dynamics-population-text">
            {withDynamics} networks; line: median, band: quartiles
            {rare > 0 ? ` over the ${rows.length} epochs at least half of them stored (${rare} rarer epochs left out)` : ''}
            {selectionActive ? ', highlighted: the selection' : ''}. Median curve {describePowerLaw(medianFit)}.{' '}
            {exps.length > 0
              ? `Per-network exponents (${exps.length} networks with ≥ 3 epochs ≥ 1): median ${formatValue(median(exps))}, range ${formatValue(Math.min(...exps))} – ${formatValue(Math.max(...exps))}.`
              : 'No network stored enough epochs ≥ 1 for its own power-law fit.'}
          </p>
        </>
      )}
    </div>
  );
}
