// Parallel-coordinate axis titles (src/ui/explore/pcpTitles.ts): short names, one row when
// they fit, two alternating rows otherwise, never overlapping, never outside the chart.
import { describe, expect, it } from 'vitest';
import { layoutAxisTitles, shortAxisName, type TitleInput } from '../../src/ui/explore/pcpTitles';

const CHAR = 6.3; // a 10.5 px monospace font
const measure = (s: string) => s.length * CHAR;

function boxes(layout: ReturnType<typeof layoutAxisTitles>) {
  return layout.titles.map((t) => {
    const w = measure(t.text + t.suffix);
    return { row: t.row, lo: t.x - w / 2, hi: t.x + w / 2 };
  });
}

function expectNoOverlap(layout: ReturnType<typeof layoutAxisTitles>, width: number, gap = 8) {
  const b = boxes(layout);
  for (const x of b) {
    expect(x.lo).toBeGreaterThanOrEqual(-1e-9);
    expect(x.hi).toBeLessThanOrEqual(width + 1e-9);
  }
  for (let i = 0; i < b.length; i++)
    for (let j = i + 1; j < b.length; j++)
      if (b[i].row === b[j].row)
        expect(b[i].hi + gap - 1e-9 <= b[j].lo || b[j].hi + gap - 1e-9 <= b[i].lo, `titles ${i} and ${j} overlap`).toBe(true);
}

const axes = (n: number, left: number, right: number, width: number) =>
  Array.from({ length: n }, (_, i) => left + (i * (width - left - right)) / (n - 1));

describe('shortAxisName', () => {
  it('abbreviates long known names and keeps short ids', () => {
    expect(shortAxisName('learningRate', 'Learning rate')).toBe('learning rate');
    expect(shortAxisName('dendrogramPurity', 'Dendrogram purity')).toBe('dendro. purity');
    expect(shortAxisName('depth', 'Depth')).toBe('depth');
    expect(shortAxisName('someNewFeature', 'Some New Feature')).toBe('Some new feature');
  });
});

describe('layoutAxisTitles', () => {
  const ids = [
    'depth',
    'width',
    'activation',
    'optimizer',
    'learningRate',
    'dropout',
    'l2',
    'accuracy',
    'gap',
    'silhouette',
    'fisherRatio',
    'dendrogramPurity',
  ];
  const titles: TitleInput[] = ids.map((id) => ({ text: shortAxisName(id, id), suffix: id === 'learningRate' ? ' log' : '' }));

  it('uses one centred row when every title fits between its neighbours', () => {
    const width = 2000;
    const xs = axes(ids.length, 40, 44, width);
    const l = layoutAxisTitles(xs, titles, width, measure);
    expect(l.rows).toBe(1);
    l.titles.forEach((t, i) => {
      // Interior titles centred on their axes (the outermost may slide inward off the chart's edge).
      if (i > 0 && i < xs.length - 1) expect(t.x).toBeCloseTo(xs[i], 9);
      expect(t.truncated).toBe(false);
    });
    expectNoOverlap(l, width);
  });

  it('alternates two rows at 1280 px (the explorer chart is ~880 px wide) without truncating or overlapping', () => {
    const width = 880;
    const xs = axes(ids.length, 40, 44, width);
    const l = layoutAxisTitles(xs, titles, width, measure);
    expect(l.rows).toBe(2);
    expect(l.titles.map((t) => t.row)).toEqual(ids.map((_, i) => i % 2));
    expect(l.titles.some((t) => t.truncated)).toBe(false);
    expectNoOverlap(l, width);
  });

  it('slides titles off-centre at the chart edges and shortens with an ellipsis only when a span is too narrow', () => {
    const width = 400;
    const xs = axes(ids.length, 40, 44, width);
    const long = ids.map((id) => ({ text: `${id} with a very long name` }));
    const l = layoutAxisTitles(xs, long, width, measure);
    expect(l.rows).toBe(2);
    expect(l.titles.every((t) => t.truncated && t.text.endsWith('…'))).toBe(true);
    expectNoOverlap(l, width);
    // The first title cannot be centred on x = 40 with 50+ px of text: it starts at the edge instead.
    const first = boxes(l)[0];
    expect(first.lo).toBeGreaterThanOrEqual(0);
  });

  it('handles two axes and a single very wide title', () => {
    const l = layoutAxisTitles([40, 300], [{ text: 'a' }, { text: 'x'.repeat(80) }], 344, measure);
    expectNoOverlap(l, 344);
    expect(l.titles[1].truncated).toBe(true);
  });
});
