// Inspector: the network's own probe activations in 2-D — PCA (top two principal
// components) of one hidden layer, computed in a features worker, points coloured
// by class with a class legend. Both axes share one scale so distances read true.
import { theApp } from '../../app/start';
import { useEffect, useMemo, useState } from 'react';
import { scaleLinear, schemeTableau10 } from 'd3';
import type { NetworkRecord } from '../../core/types';
import type { LayerEmbedding } from '../../workers/features.worker';
import { useStore } from '../../state/store';
import { CATEGORICAL_PALETTE } from '../color';
import './inspect.css';

const W = 268;
const H = 200;
const PAD = 8;

/** Colour-blind-safe palette up to 8 classes; Tableau 10 beyond (distinct hues for 10 digit classes). */
export function classColor(c: number, numClasses: number): string {
  const pal = numClasses <= CATEGORICAL_PALETTE.length ? CATEGORICAL_PALETTE : schemeTableau10;
  return pal[((c % pal.length) + pal.length) % pal.length];
}

function useClassNames(numClasses: number): string[] {
  const names = useStore((s) => s.population?.provenance.customDataset?.classNames);
  return useMemo(() => Array.from({ length: numClasses }, (_, c) => names?.[c] ?? String(c)), [names, numClasses]);
}

function Plot({ e }: { e: LayerEmbedding }) {
  const numClasses = useMemo(() => e.labels.reduce((m, v) => Math.max(m, v + 1), 0), [e]);
  const names = useClassNames(numClasses);
  const { x, y } = useMemo(() => {
    let x0 = Infinity,
      x1 = -Infinity,
      y0 = Infinity,
      y1 = -Infinity;
    for (let i = 0; i < e.n; i++) {
      x0 = Math.min(x0, e.coords[i * 2]);
      x1 = Math.max(x1, e.coords[i * 2]);
      y0 = Math.min(y0, e.coords[i * 2 + 1]);
      y1 = Math.max(y1, e.coords[i * 2 + 1]);
    }
    // One scale for both axes (PC2's spread is never stretched to look like PC1's).
    const span = Math.max(x1 - x0, ((y1 - y0) * (W - 2 * PAD)) / (H - 2 * PAD), 1e-12);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const k = (W - 2 * PAD) / span;
    return {
      x: scaleLinear()
        .domain([cx - (W / 2 - PAD) / k, cx + (W / 2 - PAD) / k])
        .range([PAD, W - PAD]),
      y: scaleLinear()
        .domain([cy - (H / 2 - PAD) / k, cy + (H / 2 - PAD) / k])
        .range([H - PAD, PAD]),
    };
  }, [e]);
  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  return (
    <>
      <svg
        className="activation-embedding"
        data-testid="activation-embedding"
        data-layer={e.layer}
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`PCA of hidden layer ${e.layer + 1} (${e.width} units): ${e.n} probe points coloured by class`}
      >
        <line className="ae-axis" x1={x(0)} x2={x(0)} y1={0} y2={H} />
        <line className="ae-axis" x1={0} x2={W} y1={y(0)} y2={y(0)} />
        {Array.from({ length: e.n }, (_, i) => (
          <circle
            key={i}
            cx={x(e.coords[i * 2]).toFixed(1)}
            cy={y(e.coords[i * 2 + 1]).toFixed(1)}
            r={2.4}
            fill={classColor(e.labels[i], numClasses)}
          />
        ))}
        <text className="chart-tick" x={W - 4} y={H - 4} textAnchor="end">
          PC1 {pct(e.explained[0])}
        </text>
        <text className="chart-tick" x={4} y={11}>
          PC2 {pct(e.explained[1])}
        </text>
      </svg>
      <div className="class-legend" data-testid="class-legend" aria-label="Classes">
        {names.map((name, c) => (
          <span key={c} className="class-legend-item">
            <i style={{ background: classColor(c, numClasses) }} />
            {name}
          </span>
        ))}
      </div>
    </>
  );
}

/** The panel: layer choice (defaults to the manifold's layer), the PCA plot and its legend. */
export function ActivationEmbedding({ network }: { network: NetworkRecord }) {
  const manifoldLayer = useStore((s) => s.phateRequest.layer);
  const layers = useMemo(() => network.layers.map((l) => l.layer).sort((a, b) => a - b), [network]);
  const [chosen, setChosen] = useState<'last' | number | null>(null);
  const layer = chosen ?? manifoldLayer;
  const [state, setState] = useState<{ key: string; e: LayerEmbedding | null; error?: string } | null>(null);
  const key = `${network.id}:${layer}`;
  useEffect(() => {
    let live = true;
    theApp()
      .features.embedNetworkLayer(network, layer)
      .then(
        (e) => live && setState({ key, e }),
        (err: unknown) => live && setState({ key, e: null, error: err instanceof Error ? err.message : String(err) }),
      );
    return () => {
      live = false;
    };
    // network.layers change only with the network; the id keys it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const current = state?.key === key ? state : null;
  if (layers.length === 0) return <p className="muted">No probe activations were kept for this network.</p>;
  return (
    <div className="activation-panel">
      <label className="ae-layer">
        <span>layer</span>
        <select
          aria-label="Layer to embed"
          value={String(layer)}
          onChange={(ev) => setChosen(ev.target.value === 'last' ? 'last' : Number(ev.target.value))}
        >
          <option value="last">last hidden</option>
          {layers.map((l) => (
            <option key={l} value={l}>
              h{l + 1} ({network.layers.find((q) => q.layer === l)?.width} units)
            </option>
          ))}
        </select>
      </label>
      {current?.e ? (
        <Plot e={current.e} />
      ) : (
        <p className="muted">{current ? (current.error ?? 'No usable activations (diverged or missing).') : 'computing PCA…'}</p>
      )}
    </div>
  );
}
