// Findings → Depth by family (issue 15 item 3): the median of a per-layer feature at each relative
// depth, one line per architecture family, so MLPs, CNNs and attention networks on one manifold
// can be compared layer by layer (core/features/depth-by-family).
import { useMemo, useState } from 'react';
import { useStore } from '../../state/store';
import { depthProfilesByFamily } from '../../core/features/depth-by-family';
import { FEATURE_INFO, type FeatureInfo } from '../../core/features/info';
import { ARCHITECTURE_LABELS } from '../../core/architecture';
import type { ArchitectureName } from '../../core/types';
import { DynamicsChart, type DynamicsLine } from './DynamicsChart';
import { DynamicsFeaturePicker } from './NetworkDynamics';
import { CATEGORICAL_PALETTE } from '../color';

const INFO = FEATURE_INFO as Record<string, FeatureInfo>;
const DEPTH_FEATURES = ['phDim', 'effDim', 'nonlinR1', 'nonlinSlope'] as const;

export function DepthByFamily() {
  const pop = useStore((s) => s.population);
  const [feature, setFeature] = useState<string>('effDim');
  const rows = useMemo(() => (pop ? depthProfilesByFamily(pop.networks, feature) : []), [pop, feature]);
  if (!pop || !pop.networks.some((n) => n.layerProfile)) return null;
  const families = [...new Set(rows.map((r) => r.family))] as ArchitectureName[];
  const lines: DynamicsLine[] = families.map((f, i) => {
    const fr = rows.filter((r) => r.family === f);
    return {
      epochs: fr.map((r) => r.depth),
      values: fr.map((r) => r.median),
      kind: 'median',
      color: CATEGORICAL_PALETTE[i % CATEGORICAL_PALETTE.length],
      title: `${ARCHITECTURE_LABELS[f]}: ${fr.map((r) => `${r.count} at ${r.depth.toFixed(2)}`).join(', ')}`,
    };
  });
  return (
    <div className="depth-by-family" data-testid="depth-by-family">
      <h3>Depth by family</h3>
      <div className="dynamics-controls">
        <DynamicsFeaturePicker ids={DEPTH_FEATURES} value={feature} onChange={setFeature} />
      </div>
      {rows.length > 0 ? (
        <>
          <DynamicsChart label={INFO[feature]?.label ?? feature} lines={lines} logLog={false} xLabel="relative depth" />
          <p className="muted findings-note" data-testid="depth-by-family-text">
            Median {INFO[feature]?.label ?? feature} per hidden layer at relative depth (layer l of L at (l + 1)/L; 1 = the last hidden
            layer):{' '}
            {families.map((f, i) => (
              <span key={f} className="depth-family" style={{ color: CATEGORICAL_PALETTE[i % CATEGORICAL_PALETTE.length] }} data-family={f}>
                {ARCHITECTURE_LABELS[f]} (
                {new Set(pop.networks.filter((n) => (n.hp.architecture ?? 'mlp') === f && n.layerProfile).map((n) => n.id)).size}){' '}
              </span>
            ))}
          </p>
        </>
      ) : (
        <p className="muted">No network has a finite {INFO[feature]?.label ?? feature} at any layer.</p>
      )}
    </div>
  );
}
