// The manifold's vector figure (issue 14 item 3): one circle per drawn point,
// back to front, states as drawn, legend ticks and caption. Pure string builder.
import { describe, expect, it } from 'vitest';
import { manifoldFigureSVG, backToFront } from '../../src/ui/explore/manifoldFigure';
import { columnColorScale } from '../../src/ui/explore/columnColor';
import type { FigureGeometry } from '../../src/ui/manifold-scene';
import type { Column } from '../../src/core/explore/table';

function geometry(n: number): FigureGeometry {
  const g: FigureGeometry = {
    width: 400,
    height: 300,
    xy: new Float32Array(n * 2),
    drawn: new Uint8Array(n).fill(1),
    depth: new Float32Array(n),
    radius: new Float32Array(n).fill(6),
    fog: new Float32Array(n),
    dimmed: new Uint8Array(n),
    highlight: new Uint8Array(n),
    opacity: 1,
  };
  for (let i = 0; i < n; i++) {
    g.xy[i * 2] = 20 + 30 * i;
    g.xy[i * 2 + 1] = 40 + 10 * i;
    g.depth[i] = [3, 1, 4, 1.5, 2][i % 5];
  }
  return g;
}

const acc: Column = {
  id: 'accuracy',
  label: 'Test accuracy',
  type: 'continuous',
  group: 'metric',
  values: Float64Array.from([0.993, 0.995, 0.997, 1, NaN]),
  domain: [0.993, 1],
} as Column;

function circles(svg: string): { id: string; attrs: string }[] {
  return [...svg.matchAll(/<circle data-network-id="([^"]*)"([^>]*)\/>/g)].map((m) => ({ id: m[1], attrs: m[2] }));
}

describe('manifoldFigureSVG', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  it('draws one circle per drawn point, farthest first, and none for undrawn points', () => {
    const g = geometry(5);
    g.drawn[3] = 0;
    const svg = manifoldFigureSVG({
      geometry: g,
      ids,
      scale: columnColorScale(acc),
      theme: 'dark',
      colorLabel: 'Colour: Test accuracy',
      sizeNote: '',
      caption: ['Pop', 'Distance: x', 'PHATE: knn 5'],
    });
    const cs = circles(svg);
    expect(cs.map((c) => c.id)).toEqual(['c', 'a', 'e', 'b']); // depths 4, 3, 2, 1
    expect(svg).toContain('data-points="4"');
    expect(backToFront(g)).toEqual([2, 0, 4, 1]);
  });

  it('marks dimmed and inspected points, draws the inspected one last, and greys missing values', () => {
    const g = geometry(5);
    g.dimmed[0] = 1;
    g.highlight[1] = 2;
    const svg = manifoldFigureSVG({
      geometry: g,
      ids,
      scale: columnColorScale(acc),
      theme: 'light',
      colorLabel: 'Colour: Test accuracy',
      sizeNote: '',
      caption: ['Pop'],
    });
    const cs = circles(svg);
    expect(cs[cs.length - 1].id).toBe('b');
    expect(cs[cs.length - 1].attrs).toContain('data-inspected="1"');
    expect(cs.find((c) => c.id === 'a')!.attrs).toContain('data-dimmed="1"');
    expect(cs.find((c) => c.id === 'e')!.attrs).toContain('fill="#5a6270"');
    expect(svg).toContain('1 without a value (grey)');
    expect(svg).toContain('data-theme="light"');
    expect(svg).toContain('fill="#ffffff"');
  });

  it('carries the legend ticks (distinct labels) and every caption line', () => {
    const svg = manifoldFigureSVG({
      geometry: geometry(5),
      ids,
      scale: columnColorScale(acc),
      theme: 'dark',
      colorLabel: 'Colour: Test accuracy',
      sizeNote: 'Size: width (8 → 64)',
      caption: [
        'Digits — 120 networks',
        'Distance: Diffusion-operator distance, last hidden layer',
        'PHATE: knn 5, decay 40, t 12 (auto), gamma 1, 3-D, solver smacof, seed 42',
      ],
    });
    const ticks = [...svg.matchAll(/<text class="fig-tick"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(ticks.length).toBeGreaterThan(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.every((t) => t.endsWith('%'))).toBe(true);
    for (const s of [
      'Colour: Test accuracy',
      'Size: width (8 → 64)',
      'PHATE: knn 5, decay 40',
      'last hidden layer',
      'Digits — 120 networks',
    ])
      expect(svg).toContain(s);
  });
});
