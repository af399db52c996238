// Maps a population to per-network colour values. Pure (no DOM): a view concern,
// not science — it only reads numbers the core already computed.
import { interpolateViridis } from 'd3';
import type { NetworkRecord } from '../core/types';
import { hiddenLayerWidths } from '../core/architecture';
import type { ColorKey } from '../state/store';

export interface ColorOption {
  key: ColorKey;
  label: string;
  kind: 'continuous' | 'categorical';
}

export const COLOR_OPTIONS: ColorOption[] = [
  { key: 'testAcc', label: 'Test accuracy', kind: 'continuous' },
  { key: 'trainAcc', label: 'Train accuracy', kind: 'continuous' },
  { key: 'testLoss', label: 'Test loss', kind: 'continuous' },
  { key: 'gap', label: 'Generalisation gap (train − test acc.)', kind: 'continuous' },
  { key: 'logLearningRate', label: 'log₁₀ learning rate', kind: 'continuous' },
  { key: 'depth', label: 'Depth (hidden layers)', kind: 'continuous' },
  { key: 'width', label: 'Width (widest layer)', kind: 'continuous' },
  { key: 'optimizer', label: 'Optimizer', kind: 'categorical' },
  { key: 'activation', label: 'Activation', kind: 'categorical' },
  { key: 'architecture', label: 'Architecture (family)', kind: 'categorical' },
];

/** Okabe–Ito: a categorical palette that stays distinct under the common colour-vision deficiencies. */
export const CATEGORICAL_PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#BBBBBB'];
export const MISSING_COLOR = '#5a6270';

export interface ColorScale {
  option: ColorOption;
  /** One value per network; NaN where missing. Categorical keys give the category index. */
  values: Float64Array;
  /** Continuous: [min, max] over finite values (equal when all equal; [0,1] when none). */
  domain: [number, number];
  /** Categorical: category names in index order. */
  categories: string[];
}

function scalarOf(net: NetworkRecord, key: ColorKey): number {
  const f = net.final;
  switch (key) {
    case 'testAcc':
      return f.testAcc;
    case 'trainAcc':
      return f.trainAcc;
    case 'testLoss':
      return f.testLoss;
    case 'gap':
      return f.trainAcc - f.testAcc;
    case 'logLearningRate':
      return Math.log10(net.hp.learningRate);
    case 'depth':
      return hiddenLayerWidths(net.hp).length;
    case 'width': {
      const w = hiddenLayerWidths(net.hp);
      return w.length ? Math.max(...w) : 0;
    }
    default:
      return NaN;
  }
}

export function colorScaleFor(networks: NetworkRecord[], key: ColorKey): ColorScale {
  const option = COLOR_OPTIONS.find((o) => o.key === key) ?? COLOR_OPTIONS[0];
  const values = new Float64Array(networks.length);
  const categories: string[] = [];
  if (option.kind === 'categorical') {
    networks.forEach((n, i) => {
      const name = key === 'optimizer' ? n.hp.optimizer : key === 'architecture' ? (n.hp.architecture ?? 'mlp') : n.hp.activation;
      let c = categories.indexOf(name);
      if (c < 0) c = categories.push(name) - 1;
      values[i] = c;
    });
    return { option, values, domain: [0, Math.max(0, categories.length - 1)], categories };
  }
  let lo = Infinity;
  let hi = -Infinity;
  networks.forEach((n, i) => {
    const v = scalarOf(n, key);
    values[i] = Number.isFinite(v) ? v : NaN;
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  });
  if (lo === Infinity) return { option, values, domain: [0, 1], categories };
  return { option, values, domain: [lo, hi], categories };
}

/** CSS colour of one value under a scale. */
export function cssColor(scale: ColorScale, v: number): string {
  if (!Number.isFinite(v)) return MISSING_COLOR;
  if (scale.option.kind === 'categorical') return CATEGORICAL_PALETTE[v % CATEGORICAL_PALETTE.length];
  const [lo, hi] = scale.domain;
  return interpolateViridis(hi > lo ? (v - lo) / (hi - lo) : 0.5);
}

/** Fills rgb (length 3N, 0..1) in place with the colours of scale.values. */
export function fillRgb(scale: ColorScale, rgb: Float32Array): void {
  const tmp = { r: 0, g: 0, b: 0 };
  for (let i = 0; i < scale.values.length; i++) {
    parseHex(cssColor(scale, scale.values[i]), tmp);
    rgb[i * 3] = tmp.r;
    rgb[i * 3 + 1] = tmp.g;
    rgb[i * 3 + 2] = tmp.b;
  }
}

function parseHex(css: string, out: { r: number; g: number; b: number }): void {
  // d3's viridis returns "#rrggbb"; the palette is hex too.
  const m = /^#([0-9a-f]{6})$/i.exec(css);
  if (m) {
    const n = parseInt(m[1], 16);
    out.r = ((n >> 16) & 255) / 255;
    out.g = ((n >> 8) & 255) / 255;
    out.b = (n & 255) / 255;
    return;
  }
  const rgb = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(css);
  out.r = rgb ? +rgb[1] / 255 : 0.5;
  out.g = rgb ? +rgb[2] / 255 : 0.5;
  out.b = rgb ? +rgb[3] / 255 : 0.5;
}

export function formatValue(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}
