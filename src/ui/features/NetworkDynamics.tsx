// Inspector: one network's features against epoch, from the activations stored at its
// checkpoints (computed on first view in a features worker, then kept with the population).
import { useEffect, useState } from 'react';
import type { DynamicsRecord, NetworkRecord } from '../../core/types';
import { DYNAMICS_FEATURE_IDS, fitPowerLaw } from '../../core/features/dynamics';
import { FEATURE_INFO, type FeatureInfo } from '../../core/features/info';
import { theApp } from '../../app/start';
import { DynamicsChart, describePowerLaw } from './DynamicsChart';

const INFO = FEATURE_INFO as Record<string, FeatureInfo>;

export function DynamicsFeaturePicker({ ids, value, onChange }: { ids: readonly string[]; value: string; onChange(id: string): void }) {
  return (
    <select aria-label="Feature over training" value={value} onChange={(e) => onChange(e.target.value)} data-testid="dynamics-feature">
      {ids.map((id) => (
        <option key={id} value={id} title={INFO[id]?.description}>
          {INFO[id]?.label ?? id}
        </option>
      ))}
    </select>
  );
}

export function NetworkDynamics({ network }: { network: NetworkRecord }) {
  const [state, setState] = useState<{ id: string; d: DynamicsRecord | null; error?: string } | null>(null);
  const [feature, setFeature] = useState<string>('effDim');
  const [logLog, setLogLog] = useState(false);
  useEffect(() => {
    let live = true;
    setState(null);
    theApp()
      .dynamics.dynamicsOf(network)
      .then(
        (d) => live && setState({ id: network.id, d }),
        (e: unknown) => live && setState({ id: network.id, d: null, error: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      live = false;
    };
  }, [network.id, network.dynamics]);
  if (!network.checkpoints?.length && !network.dynamics) return null;
  const d = state?.d;
  const ids = d ? DYNAMICS_FEATURE_IDS.filter((id) => d.features[id]) : [];
  const shown = d && d.features[feature] ? feature : ids[0];
  const values = d && shown ? d.features[shown] : [];
  const fit = d && shown ? fitPowerLaw(d.epochs, values) : undefined;
  return (
    <div className="network-dynamics" data-testid="network-dynamics">
      <h3>Over training</h3>
      {!state && <p className="muted">computing features at each checkpoint…</p>}
      {state && !d && <p className="muted">{state.error ?? 'Fewer than two epochs of activations were stored for this network.'}</p>}
      {d && shown && (
        <>
          <div className="dynamics-controls">
            <DynamicsFeaturePicker ids={ids} value={shown} onChange={setFeature} />
            <label title="Log axes on both sides: a power law is a straight line (epoch 0 leaves the plot)">
              <input type="checkbox" checked={logLog} onChange={(e) => setLogLog(e.target.checked)} data-testid="dynamics-loglog" /> log–log
            </label>
          </div>
          <DynamicsChart
            label={INFO[shown]?.label ?? shown}
            lines={[{ epochs: d.epochs, values, kind: 'highlight' }]}
            logLog={logLog}
            fit={fit}
          />
          <p className="muted findings-note" data-testid="dynamics-fit-text">
            {INFO[shown]?.label ?? shown} at epochs {d.epochs.join(', ')}; {fit && describePowerLaw(fit)}.
          </p>
        </>
      )}
    </div>
  );
}
