// Axis titles of the parallel coordinates: short display names, and a layout in which
// no two titles overlap. Titles sit centred over their axes on one row when they fit;
// otherwise they alternate between two rows, so same-row neighbours are two axes apart.
// Each title owns the span halfway to its same-row neighbours (the chart's edges for the
// outermost), slides within it when off-centre room is needed, and is shortened with an
// ellipsis only when even that span is too narrow. Pure: text widths come from `measure`.

/** Short display names of the known columns; the full name goes in the title's tooltip. */
const SHORT: Record<string, string> = {
  maxWidth: 'max width',
  learningRate: 'learning rate',
  batchSize: 'batch',
  l2: 'L2',
  accuracy: 'test acc.',
  loss: 'test loss',
  trainAcc: 'train acc.',
  trainLoss: 'train loss',
  gap: 'gen. gap',
  fisherRatio: 'Fisher ratio',
  dendrogramPurity: 'dendro. purity',
  copheneticCorrelation: 'cophenetic r',
  dse: 'DSE',
  dseTau2: 'DSE τ2',
  dseTau4: 'DSE τ4',
  dseTau8: 'DSE τ8',
  dseTau16: 'DSE τ16',
  h0TotalPersistence: 'H0 total',
  h0Entropy: 'H0 entropy',
  h1Count: 'H1 bars',
  h1TotalPersistence: 'H1 total',
  h1Entropy: 'H1 entropy',
  h1LongBars: 'long H1',
  phDim: 'PH dim.',
  phDimR2: 'PH dim. R²',
  effDim: 'eff. dim.',
  nonlinR1: 'lin. deficit',
  nonlinSlope: 'nonlin. slope',
};

/** The short name shown over an axis: the known abbreviation, else the column's label in lower case (first letter kept). */
export function shortAxisName(id: string, label: string): string {
  if (SHORT[id]) return SHORT[id];
  if (/^[a-z]+$/.test(id) && id.length <= 12) return id;
  return label.length > 1 ? label[0] + label.slice(1).toLowerCase() : label;
}

export interface AxisTitle {
  /** Shown text (possibly shortened with an ellipsis); the suffix (e.g. ' log') is drawn after it. */
  text: string;
  suffix: string;
  /** Centre of the drawn text (text-anchor middle). */
  x: number;
  /** 0 = next to the axes, 1 = the row above. */
  row: 0 | 1;
  truncated: boolean;
}

export interface TitleInput {
  text: string;
  suffix?: string;
}

/** The span each title may use with `rows` rows: halfway to its same-row neighbours, less half a gap. */
function spans(xs: number[], width: number, rows: number, gap: number): [number, number][] {
  return xs.map((x, i) => {
    const lo = i - rows >= 0 ? (xs[i - rows] + x) / 2 + gap / 2 : 0;
    const hi = i + rows < xs.length ? (x + xs[i + rows]) / 2 - gap / 2 : width;
    return [lo, hi];
  });
}

/** Places `w` px of text centred at x if possible, else slid inside [lo, hi]. */
function place(x: number, w: number, lo: number, hi: number): number {
  const half = w / 2;
  return Math.min(hi - half, Math.max(lo + half, x));
}

/**
 * Lays out one title per axis (axis x positions `xs`, ascending) inside a chart `width` px wide.
 * `measure(s)` is the drawn width of `s` in px. Two titles on the same row never overlap (they
 * keep at least `gap` px apart), and every title stays inside [0, width].
 */
export function layoutAxisTitles(
  xs: number[],
  titles: TitleInput[],
  width: number,
  measure: (s: string) => number,
  gap = 8,
): { rows: 1 | 2; titles: AxisTitle[] } {
  const full = titles.map((t) => measure(t.text + (t.suffix ?? '')));
  const one = spans(xs, width, 1, gap);
  const fitsOneRow = full.every((w, i) => w <= one[i][1] - one[i][0]);
  const rows: 1 | 2 = fitsOneRow ? 1 : 2;
  const sp = fitsOneRow ? one : spans(xs, width, 2, gap);
  return {
    rows,
    titles: titles.map((t, i) => {
      const suffix = t.suffix ?? '';
      const [lo, hi] = sp[i];
      const room = Math.max(0, hi - lo);
      let text = t.text;
      let w = full[i];
      let truncated = false;
      if (w > room) {
        truncated = true;
        // Longest prefix that fits with an ellipsis (and the suffix); at least one character.
        let k = text.length - 1;
        while (k > 1 && measure(text.slice(0, k) + '…' + suffix) > room) k--;
        text = text.slice(0, Math.max(1, k)).trimEnd() + '…';
        w = Math.min(room, measure(text + suffix));
      }
      return { text, suffix, x: place(xs[i], w, lo, hi), row: (rows === 2 ? i % 2 : 0) as 0 | 1, truncated };
    }),
  };
}
