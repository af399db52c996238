// Colour encodings (issue 14 item 4): tick labels that never repeat, the colour
// domain modes (data range, fixed 0–1, quantiles) and colour-map ends that stay
// visible on each theme's background.
import { describe, expect, it } from 'vitest';
import { rgb, ticks as d3ticks } from 'd3';
import { axisTicks, tickLabels } from '../../src/ui/explore/axisTicks';
import { RAMP_RANGE, THEME_BACKGROUND, columnColorScale, domainModesFor, isRateColumn } from '../../src/ui/explore/columnColor';
import type { Column } from '../../src/core/explore/table';

function column(id: string, values: number[], extra: Partial<Column> = {}): Column {
  const finite = values.filter(Number.isFinite);
  return {
    id,
    label: id === 'accuracy' ? 'Test accuracy' : id,
    type: 'continuous',
    group: 'metric',
    values: Float64Array.from(values),
    domain: finite.length ? [Math.min(...finite), Math.max(...finite)] : [NaN, NaN],
    ...extra,
  } as Column;
}

/** WCAG relative-luminance contrast ratio. */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const c = rgb(css);
    const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

describe('tickLabels', () => {
  it('gives distinct labels to accuracy ticks between 99.3 % and 100 %', () => {
    const ts = d3ticks(0.993, 1, 4);
    const labels = tickLabels(ts, { percent: true });
    expect(new Set(labels).size).toBe(ts.length);
    expect(labels[0]).toBe('99.4%'); // d3 ticks 0.994 … 1.0 by 0.002
    expect(labels[labels.length - 1]).toBe('100%');
    // The old formatter (rounded to whole percent) read "99% 99% 100% 100%".
    expect(new Set(ts.map((t) => `${Math.round(t * 100)}%`)).size).toBeLessThan(ts.length);
  });

  it('raises the precision until neighbours differ, for any step', () => {
    for (const [lo, hi] of [
      [0.993, 1],
      [0.99991, 0.99999],
      [1234.5, 1234.9],
      [-0.002, 0.003],
      [1e-7, 5e-7],
      [2e6, 2.00004e6],
    ]) {
      const ts = d3ticks(lo, hi, 5);
      const labels = tickLabels(ts);
      expect(new Set(labels).size, `${lo}..${hi}: ${labels.join(' ')}`).toBe(ts.length);
    }
    // Uneven steps: the smallest gap decides.
    expect(new Set(tickLabels([0.1, 0.1004, 0.2])).size).toBe(3);
  });

  it('prints zero without a sign and trims trailing zeros', () => {
    expect(tickLabels([-0.5, 0, 0.5])).toEqual(['−0.5', '0', '0.5']);
    expect(tickLabels([0, 0.25, 0.5, 0.75, 1], { percent: true })).toEqual(['0%', '25%', '50%', '75%', '100%']);
  });

  it('axisTicks labels stay distinct on a narrow linear axis', () => {
    const t = axisTicks(0.9931, 0.99995, false);
    expect(new Set(t.map((x) => x.label)).size).toBe(t.length);
  });
});

describe('colour domain modes', () => {
  const accs = [0.993, 0.994, 0.995, 0.996, 0.997, 0.998, 0.999, 1.0];

  it('data range: the worst and best values reach the ramp ends; ticks cover the range', () => {
    const s = columnColorScale(column('accuracy', accs), { mode: 'data' });
    expect(s.mode).toBe('data');
    expect(s.color(0.993)).toBe(s.rampColor(0));
    expect(s.color(1)).toBe(s.rampColor(1));
    expect(new Set(s.ticks.map((t) => t.label)).size).toBe(s.ticks.length);
    for (const t of s.ticks) expect(t.pos).toBeGreaterThanOrEqual(0);
  });

  it('fixed 0–1 for a rate: 99.3 % sits near the top of the ramp, ticks read 0 %…100 %', () => {
    const col = column('accuracy', accs);
    expect(isRateColumn(col)).toBe(true);
    const s = columnColorScale(col, { mode: 'fixed' });
    expect(s.mode).toBe('fixed');
    expect(s.domain).toEqual([0, 1]);
    expect(s.color(0.993)).toBe(s.rampColor(0.993));
    expect(s.color(0)).toBe(s.rampColor(0));
    expect(s.ticks[0]).toEqual({ pos: 0, label: '0%' });
    expect(s.ticks[s.ticks.length - 1]).toEqual({ pos: 1, label: '100%' });
  });

  it('fixed is not offered for a column that is not a rate (falls back to the data range)', () => {
    const loss = column('loss', [0.1, 2, 5]);
    expect(domainModesFor(loss)).toEqual(['data', 'quantile']);
    expect(columnColorScale(loss, { mode: 'fixed' }).mode).toBe('data');
    expect(domainModesFor(column('accuracy', accs))).toEqual(['data', 'fixed', 'quantile']);
  });

  it('quantiles: colour by rank (a far outlier does not squash the rest), ticks at the quartiles', () => {
    const vals = [1, 2, 3, 4, 5, 6, 7, 8, 1000];
    const s = columnColorScale(column('loss', vals), { mode: 'quantile' });
    expect(s.mode).toBe('quantile');
    expect(s.color(1)).toBe(s.rampColor(0));
    expect(s.color(1000)).toBe(s.rampColor(1));
    // The median value sits mid-ramp (the data range would put it at 0.4 %).
    expect(s.color(5)).toBe(s.rampColor(0.5));
    expect(columnColorScale(column('loss', vals), { mode: 'data' }).color(5)).toBe(s.rampColor(4 / 999));
    expect(s.ticks.map((t) => t.pos)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(s.ticks.map((t) => t.label)).toEqual(['1', '3', '5', '7', '1000']);
    // Ties share a colour.
    const tied = columnColorScale(column('loss', [1, 2, 2, 2, 3]), { mode: 'quantile' });
    expect(tied.color(2)).toBe(tied.rampColor(0.5));
  });

  it('missing values are grey in every mode', () => {
    for (const mode of ['data', 'fixed', 'quantile'] as const) {
      const s = columnColorScale(column('accuracy', [0.5, NaN, 0.9]), { mode });
      expect(s.color(NaN)).toBe('#5a6270');
    }
  });
});

describe('colour-map ends stay visible', () => {
  it('dark theme: the worst value contrasts ≥ 2.5:1 with the dark background (raw viridis: 1.2:1)', () => {
    const s = columnColorScale(column('accuracy', [0.2, 0.9]), { theme: 'dark' });
    expect(contrast(s.color(0.2), THEME_BACKGROUND.dark)).toBeGreaterThanOrEqual(2.5);
    expect(contrast('#440154', THEME_BACKGROUND.dark)).toBeLessThan(1.5);
    const d = columnColorScale(column('gap', [-0.3, 0.3]), { theme: 'dark' });
    expect(d.kind).toBe('diverging');
    expect(contrast(d.color(-0.3), THEME_BACKGROUND.dark)).toBeGreaterThanOrEqual(2.5);
    expect(contrast(d.color(0.3), THEME_BACKGROUND.dark)).toBeGreaterThanOrEqual(2.5);
  });

  it('light theme: the best value contrasts ≥ 2.5:1 with white, the worst stays dark', () => {
    const s = columnColorScale(column('accuracy', [0.2, 0.9]), { theme: 'light' });
    expect(contrast(s.color(0.9), THEME_BACKGROUND.light)).toBeGreaterThanOrEqual(2.5);
    expect(contrast(s.color(0.2), THEME_BACKGROUND.light)).toBeGreaterThanOrEqual(2.5);
    expect(RAMP_RANGE.light.sequential[1]).toBeLessThan(1);
  });
});

describe('links carry the colour domain', () => {
  it('round-trips each mode, omits the default, and refuses an unknown one with a warning', async () => {
    const { decodeViewState, encodeViewState, defaultViewState } = await import('../../src/core/viewstate');
    for (const mode of ['data', 'fixed', 'quantile'] as const) {
      const s = { ...defaultViewState(), colorDomain: mode };
      expect(decodeViewState(encodeViewState(s)).state.colorDomain).toBe(mode);
    }
    expect(encodeViewState(defaultViewState())).toBe(encodeViewState({ ...defaultViewState(), colorDomain: 'data' }));
    const bad = decodeViewState(`j.${Buffer.from(JSON.stringify({ v: 1, c: 'width', cd: 'rainbow' })).toString('base64url')}`);
    expect(bad.state.colorDomain).toBe('data');
    expect(bad.warnings.join(' ')).toMatch(/rainbow|cd|colorDomain/);
  });
});
