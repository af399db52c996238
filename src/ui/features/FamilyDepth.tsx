// Inspector and compare view (issue 15 item 3): a network's per-layer feature at each relative depth
// drawn over its family's median, the other families' medians lighter; in the compare view both
// networks on one chart. The numbers are core/features/depth-by-family's (familyDepthComparison).
import { useMemo, useState } from 'react';
import type { ArchitectureName, NetworkRecord } from '../../core/types';
import { ARCHITECTURE_NAMES } from '../../core/types';
import { ARCHITECTURE_LABELS } from '../../core/architecture';
import { familyDepthComparison, familyOf, networkDepthProfile } from '../../core/features/depth-by-family';
import { FEATURE_INFO, type FeatureInfo } from '../../core/features/info';
import { useStore } from '../../state/store';
import { CATEGORICAL_PALETTE, formatValue } from '../color';
import { DynamicsChart, type DynamicsLine } from './DynamicsChart';

const INFO = FEATURE_INFO as Record<string, FeatureInfo>;
const DEPTH_FEATURES = ['effDim', 'phDim', 'nonlinR1', 'nonlinSlope'] as const;
/** Dash of the second network's line (the first is solid), so two networks of one family stay apart. */
const NETWORK_DASH = [undefined, '3 2'];

/** One colour per family, the same in every chart (the family's place in ARCHITECTURE_NAMES). */
export function familyColor(f: ArchitectureName): string {
  return CATEGORICAL_PALETTE[ARCHITECTURE_NAMES.indexOf(f) % CATEGORICAL_PALETTE.length];
}

export function FamilyDepth({ networks, names }: { networks: NetworkRecord[]; names?: string[] }) {
  const pop = useStore((s) => s.population);
  const [feature, setFeature] = useState<string>('effDim');
  const [first, second] = networks;
  const available: string[] = DEPTH_FEATURES.filter((id) => networks.some((n) => n.layerProfile?.features[id]));
  const shown = available.includes(feature) ? feature : (available[0] ?? feature);
  const cmp = useMemo(
    () => (pop ? familyDepthComparison(pop.networks, [first, second].filter(Boolean), shown) : null),
    [pop, first, second, shown],
  );
  if (!pop || !cmp || available.length === 0) return null;
  const label = INFO[shown]?.label ?? shown;
  const own = new Set(cmp.networks.map((n) => n.family));
  const profiled = (f: ArchitectureName) =>
    pop.networks.filter((n) => familyOf(n) === f && networkDepthProfile(n, shown).length > 0).length;
  const lines: DynamicsLine[] = [
    ...cmp.families.map(({ family, rows }): DynamicsLine => ({
      epochs: rows.map((r) => r.depth),
      values: rows.map((r) => r.median),
      kind: 'median',
      color: familyColor(family),
      faint: !own.has(family),
      // Under the networks' lines: the lighter families lowest.
      z: own.has(family) ? 1 : 0,
      id: `median-${family}`,
      title: `${ARCHITECTURE_LABELS[family]} median: ${rows.map((r) => `${formatValue(r.median)} at ${r.depth.toFixed(2)} (${r.count})`).join(', ')}`,
    })),
    ...cmp.networks.map((n, k): DynamicsLine => ({
      epochs: n.points.map((p) => p.depth),
      values: n.points.map((p) => p.value),
      kind: 'highlight',
      color: familyColor(n.family),
      dash: NETWORK_DASH[k],
      z: 2,
      id: `network-${k}`,
      title: `${n.id}: ${n.points.map((p) => `${formatValue(p.value)} at ${p.depth.toFixed(2)}`).join(', ')}`,
    })),
  ];
  return (
    <div className="family-depth" data-testid="family-depth" data-feature={shown}>
      <h3>Depth profile against the families</h3>
      <div className="dynamics-controls">
        <select
          aria-label="Per-layer feature against the families"
          value={shown}
          onChange={(e) => setFeature(e.target.value)}
          data-testid="family-depth-feature"
        >
          {available.map((id) => (
            <option key={id} value={id} title={INFO[id]?.description}>
              {INFO[id]?.label ?? id}
            </option>
          ))}
        </select>
      </div>
      <DynamicsChart
        label={label}
        lines={lines}
        logLog={false}
        xLabel="relative depth"
        exportChart="family-depth"
        testId="family-depth-chart"
      />
      <p className="muted findings-note" data-testid="family-depth-text">
        {label} per hidden layer at relative depth (layer l of L at (l + 1)/L):{' '}
        {cmp.networks.map((n, k) => (
          <span key={n.id} className="depth-family" style={{ color: familyColor(n.family) }} data-network={n.id}>
            {names?.[k] ?? 'this network'}
            {k === 1 ? ' (dashed)' : ''} ({ARCHITECTURE_LABELS[n.family]}
            {n.points.length === 0 ? `, no finite ${label}` : ''});{' '}
          </span>
        ))}
        medians over the population&apos;s networks:{' '}
        {cmp.families.map(({ family }) => (
          <span
            key={family}
            className="depth-family"
            style={{ color: familyColor(family), opacity: own.has(family) ? 1 : 0.6 }}
            data-family={family}
          >
            {ARCHITECTURE_LABELS[family]} ({profiled(family)}){' '}
          </span>
        ))}
      </p>
    </div>
  );
}
