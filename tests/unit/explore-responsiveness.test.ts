// Responsiveness rewrites of explorer computations (issue 6): each must give
// exactly what the straightforward version gave, only faster.
import { describe, expect, it } from 'vitest';
import { mulberry32, randInt } from '../../src/core/random';
import { columnRanks, rankOfRow } from '../../src/core/explore/summary';
import type { Column } from '../../src/core/explore/table';
import { ScreenGrid } from '../../src/core/explore/screen-grid';
import { nearestPoint } from '../../src/ui/picking';

/** The original definition: sort finite rows descending, ties take the rank of the first. */
function referenceRanks(values: Float64Array): Float64Array {
  const idx = Array.from({ length: values.length }, (_, i) => i).filter((i) => Number.isFinite(values[i]));
  idx.sort((a, b) => values[b] - values[a]);
  const ranks = new Float64Array(values.length).fill(NaN);
  idx.forEach((r, k) => (ranks[r] = k > 0 && values[idx[k - 1]] === values[r] ? ranks[idx[k - 1]] : k + 1));
  return ranks;
}

function column(values: Float64Array): Column {
  return { id: 'c', label: 'c', type: 'continuous', group: 'feature', values, domain: [0, 1] };
}

function randomValues(seed: number, n: number): Float64Array {
  const rng = mulberry32(seed);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng();
    // Ties (few distinct values), missing and infinite values, negative zero.
    v[i] = u < 0.1 ? NaN : u < 0.13 ? Infinity : u < 0.15 ? -Infinity : u < 0.17 ? -0 : randInt(rng, 40) - 20 + (u < 0.5 ? 0 : rng());
  }
  return v;
}

describe('rank in the population', () => {
  it('columnRanks equals the sort-based definition (ties, NaN, ±Infinity, -0)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const v = randomValues(seed, 1 + seed * 37);
      expect(Array.from(columnRanks(column(v)))).toEqual(Array.from(referenceRanks(v)));
    }
  });

  it('rankOfRow equals columnRanks at every row', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const col = column(randomValues(100 + seed, 200));
      const all = referenceRanks(col.values);
      for (let r = 0; r < col.values.length; r++) expect(rankOfRow(col, r)).toEqual(all[r]);
    }
  });

  it('columnRanks is cached per column object', () => {
    const col = column(randomValues(7, 50));
    expect(columnRanks(col)).toBe(columnRanks(col));
  });
});

describe('screen grid picking', () => {
  it('finds exactly the point nearestPoint finds (random clouds, duplicates, off-screen and hidden points)', () => {
    const bounds = { left: 30, top: 12, width: 400, height: 300 };
    for (let seed = 1; seed <= 8; seed++) {
      const rng = mulberry32(seed);
      const n = 2000;
      const screen = new Float32Array(n * 2);
      const visible = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        // Some points land on integer pixels shared by others (ties), some outside the bounds.
        const snap = rng() < 0.3;
        const x = bounds.left - 20 + rng() * (bounds.width + 40);
        const y = bounds.top - 20 + rng() * (bounds.height + 40);
        screen[i * 2] = snap ? Math.round(x / 4) * 4 : x;
        screen[i * 2 + 1] = snap ? Math.round(y / 4) * 4 : y;
        // Outside the bounds means outside the clip volume: projectToClient marks those invisible.
        const inside = x >= bounds.left && x <= bounds.left + bounds.width && y >= bounds.top && y <= bounds.top + bounds.height;
        visible[i] = inside && rng() < 0.9 ? 1 : 0;
      }
      const grid = new ScreenGrid(16);
      grid.build(screen, visible, bounds);
      let hits = 0;
      for (let q = 0; q < 500; q++) {
        const x = q % 7 === 0 ? Math.round(bounds.left + rng() * bounds.width) : bounds.left + rng() * bounds.width;
        const y = bounds.top + rng() * bounds.height;
        const r = q % 3 === 0 ? 4 : 9 + rng() * 20;
        const want = nearestPoint(screen, visible, x, y, r);
        expect(grid.nearest(x, y, r)).toBe(want);
        if (want >= 0) hits++;
      }
      expect(hits).toBeGreaterThan(100);
    }
  });
});
