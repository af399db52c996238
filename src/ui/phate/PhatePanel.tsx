// PHATE panel: distance metric and layer, knn, decay, t (auto or fixed),
// gamma, 2-D/3-D and solver; the VNE curve with its knee; the graph's
// connected components; live progress (stage, SMACOF iteration and stress)
// and the stage timings of the last run. Every change re-embeds in the worker.
import { useMemo } from 'react';
import { useStore } from '../../state/store';
import { theApp } from '../../app/start';
import { DISTANCE_METRICS } from '../../core/embedding-session';
import type { DistanceMetricName } from '../../core/types';
import { VneCurve } from './VneCurve';
import { DivergedToggle } from './DivergedToggle';
import { STAGE_LABELS, layerLabel } from './labels';
import './phate.css';

function Slider(props: {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  display?: string;
  title?: string;
  disabled?: boolean;
  onChange(v: number): void;
}) {
  return (
    <label className="phate-slider" title={props.title}>
      <span className="phate-slider-label">{props.label}</span>
      <input
        type="range"
        data-testid={props.id}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
      <span className="phate-slider-value">{props.display ?? props.value}</span>
    </label>
  );
}

const fmtS = (s: number) =>
  s === 0 ? 'cached' : s < 0.01 ? `${(s * 1000).toFixed(1)} ms` : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`;

export function PhatePanel() {
  const pop = useStore((s) => s.population);
  const req = useStore((s) => s.phateRequest);
  const run = useStore((s) => s.phateRun);
  const info = useStore((s) => s.phateInfo);
  const maxLayers = useMemo(() => (pop ? Math.max(0, ...pop.networks.map((n) => n.layers.length)) : 0), [pop?.networks]);
  if (!pop?.embedding || !info) return null;
  const M = info.embedded;
  const tMax = Math.max(2, info.vne.length - 1);
  const tShown = req.t === 'auto' ? info.tAuto : req.t;
  const disconnected = info.components > 1;
  // Constant representations split the graph under CKA and RSA (distance 1 to everything): say so.
  const deadSplit = (info.metric === 'cka' || info.metric === 'rsa') && (info.constant ?? 0) > 0;
  const knnNearN = req.knn >= M - 2 || req.knn > M / 3;
  const running = run.status === 'running';
  const mdsProgress = running && run.stage === 'mds' && run.total > 0;

  return (
    <section className="panel phate-panel" data-testid="phate-panel" aria-label="PHATE settings">
      <header className="panel-header">
        <h2>PHATE</h2>
        <span className={`phate-status phate-status-${run.status}`} data-testid="phate-status" data-status={run.status}>
          {running
            ? 'embedding…'
            : run.status === 'done' && run.seconds !== undefined
              ? `${run.seconds.toFixed(2)} s`
              : run.status === 'error'
                ? 'failed'
                : run.status === 'cancelled'
                  ? 'cancelled'
                  : ''}
        </span>
      </header>
      <div className="panel-body phate-body">
        <div className="phate-row">
          <label className="phate-field">
            <span>Distance</span>
            <select
              data-testid="metric-select"
              value={req.metric}
              onChange={(e) => theApp().phate.requestEmbed({ metric: e.target.value as DistanceMetricName }, 0)}
            >
              {DISTANCE_METRICS.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
          <label className="phate-field">
            <span>Layer</span>
            <select
              data-testid="layer-select"
              value={String(req.layer)}
              onChange={(e) => theApp().phate.requestEmbed({ layer: e.target.value === 'last' ? 'last' : Number(e.target.value) }, 0)}
            >
              <option value="last">last</option>
              {Array.from({ length: maxLayers }, (_, i) => (
                <option key={i} value={i}>
                  {layerLabel(i)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="phate-t-row">
          <Slider
            id="phate-t"
            label="t"
            min={1}
            max={tMax}
            value={tShown}
            display={req.t === 'auto' ? `${tShown} (auto)` : String(tShown)}
            title="Diffusion time: the power of the diffusion operator"
            onChange={(v) => theApp().phate.requestEmbed({ t: v })}
          />
          <label className="phate-check" title="Pick t at the knee of the von Neumann entropy curve">
            <input
              type="checkbox"
              data-testid="phate-t-auto"
              checked={req.t === 'auto'}
              onChange={(e) => theApp().phate.requestEmbed({ t: e.target.checked ? 'auto' : tShown }, 0)}
            />
            auto
          </label>
        </div>
        {/* Folded by default (issue 13): metric, layer and t are what a newcomer changes. */}
        <details className="phate-advanced" data-testid="phate-advanced">
          <summary>
            Advanced · knn {req.knn} · decay {req.decay} · gamma {req.gamma.toFixed(1)} · {req.nComponents}-D
          </summary>
          <Slider
            id="phate-knn"
            label="knn"
            min={2}
            max={Math.max(3, Math.min(40, M - 2))}
            value={req.knn}
            title="Neighbours that set each point's kernel bandwidth"
            onChange={(v) => theApp().phate.requestEmbed({ knn: v })}
          />
          <Slider
            id="phate-decay"
            label="decay"
            min={2}
            max={100}
            value={req.decay}
            title="Kernel decay exponent α (sharper kernel for larger values)"
            onChange={(v) => theApp().phate.requestEmbed({ decay: v })}
          />
          <Slider
            id="phate-gamma"
            label="gamma"
            min={-1}
            max={1}
            step={0.1}
            value={req.gamma}
            display={req.gamma.toFixed(1)}
            title="Informational distance: 1 = log potential (PHATE default), 0 = square root, −1 = raw transitions"
            onChange={(v) => theApp().phate.requestEmbed({ gamma: Math.round(v * 10) / 10 })}
          />
          <div className="phate-row">
            <label className="phate-field">
              <span>Dimensions</span>
              <select
                data-testid="phate-dims"
                value={req.nComponents}
                onChange={(e) => theApp().phate.requestEmbed({ nComponents: Number(e.target.value) === 2 ? 2 : 3 }, 0)}
              >
                <option value={3}>3-D</option>
                <option value={2}>2-D</option>
              </select>
            </label>
            <label className="phate-field">
              <span>Solver</span>
              <select
                data-testid="phate-solver"
                value={req.solver}
                onChange={(e) => theApp().phate.requestEmbed({ solver: e.target.value === 'fast' ? 'fast' : 'smacof' }, 0)}
              >
                <option value="smacof">exact SMACOF</option>
                <option value="fast">fast (accelerated)</option>
              </select>
            </label>
          </div>
        </details>

        <VneCurve vne={info.vne} knee={info.tAuto} t={info.t} />

        <div className="phate-graph" data-testid="phate-components" data-components={info.components}>
          {info.components} connected component{info.components === 1 ? '' : 's'} · {M} networks embedded · knn {info.knnEffective}
        </div>
        <DivergedToggle />
        {(disconnected || knnNearN) && (
          <div className="phate-warning" data-testid="components-warning" role="status">
            {disconnected && (
              <>
                The kNN graph falls apart into {info.components} pieces: distances between pieces are not meaningful, and PHATE squeezes
                each piece together. Raise knn or lower decay.{' '}
              </>
            )}
            {disconnected && deadSplit && (
              <span data-testid="constant-representations">
                {info.constant} network{info.constant === 1 ? ' has' : 's have'} a constant representation on this layer (every probe input
                maps to the same point: dead units); under {info.metric === 'cka' ? '1 − CKA' : 'RSA'}{' '}
                {info.constant === 1 ? 'it is' : 'they are'} at distance 1 from every other network and form a piece of{' '}
                {info.constant === 1 ? 'its' : 'their'} own; knn of {info.constant} or more joins them to the rest.{' '}
                {info.constant! <= Math.min(40, M - 2) && info.constant! > req.knn && (
                  <button
                    className="link"
                    data-testid="use-knn-constant"
                    onClick={() => theApp().phate.requestEmbed({ knn: info.constant! }, 0)}
                  >
                    Use knn {info.constant}
                  </button>
                )}{' '}
              </span>
            )}
            {knnNearN && (
              <>
                knn ({req.knn}) is close to the number of networks ({M}): every point neighbours most others, which blurs the structure.
              </>
            )}
          </div>
        )}

        <div className="phate-progress" data-testid="phate-progress" data-stage={run.stage} aria-live="polite">
          {running ? (
            <>
              <span className="phate-progress-text">
                {run.stage.startsWith('distance') ? 'distances' : (STAGE_LABELS[run.stage] ?? run.stage)}
                {mdsProgress && run.done > 0 && ` · iteration ${run.done}`}
                {run.message && ` · ${run.message}`}
              </span>
              <button className="link" onClick={() => theApp().phate.cancelEmbed()}>
                cancel
              </button>
              {mdsProgress && (
                <div className="bar">
                  <div className="bar-fill" style={{ width: `${Math.min(100, (100 * run.done) / run.total)}%` }} />
                </div>
              )}
            </>
          ) : run.status === 'error' ? (
            <span className="phate-error">{run.message}</span>
          ) : null}
        </div>

        {info.timings && (
          <table className="kv phate-timings" data-testid="phate-timings">
            <tbody>
              {Object.entries(info.timings).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{STAGE_LABELS[k] ?? k}</th>
                  <td className={v === 0 ? 'muted' : ''}>
                    {fmtS(v)}
                    {k === 'mds' && v > 0 && info.mdsIterations ? ` · ${info.mdsIterations} it.` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
