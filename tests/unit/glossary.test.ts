// The help panel's glossary covers every column the points can be coloured by:
// a column added to buildNetworkTable (or a feature added to FEATURE_INFO)
// without a glossary entry fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticPopulation } from '../../src/app/synthetic';
import { FEATURE_IDS } from '../../src/core/features/info';
import { buildNetworkTable } from '../../src/core/explore/table';
import { GLOSSARY, glossaryEntry } from '../../src/core/explore/glossary';

const METHODS = readFileSync(path.resolve(__dirname, '../../docs/METHODS.md'), 'utf8');

/** A population with every optional column present: all features, an imported network (origin), a 3-D embedding. */
function fullTable() {
  const pop = syntheticPopulation(12, 3);
  pop.networks.forEach((n, i) => {
    n.features = Object.fromEntries(FEATURE_IDS.map((f) => [f, i * 0.1]));
    if (i === 0) n.origin = 'imported-tfjs';
  });
  return buildNetworkTable(pop);
}

describe('colour-option glossary', () => {
  it('has an entry, with a definition and a METHODS source, for every column of a full table', () => {
    const table = fullTable();
    // The table really has the optional groups, so the check below covers them.
    for (const id of ['origin', 'x', 'z', 'silhouette', 'nonlinSlope', 'status', 'learningRate']) expect(table.byId.has(id), id).toBe(true);
    const missing = table.columns.filter((c) => !glossaryEntry(c)).map((c) => c.id);
    expect(missing, 'columns without a glossary entry (add them to src/core/explore/glossary.ts)').toEqual([]);
    for (const c of table.columns) {
      const e = glossaryEntry(c)!;
      expect(e.term.length, c.id).toBeGreaterThan(0);
      expect(e.definition.length, c.id).toBeGreaterThan(10);
      expect(e.source, c.id).toMatch(/^METHODS §\d/);
    }
  });

  it('has an entry for every feature in the registry, even ones a table folds into a metric', () => {
    for (const f of FEATURE_IDS) expect(GLOSSARY[f], f).toBeDefined();
  });

  it('cites METHODS sections that exist', () => {
    const sections = new Set([...METHODS.matchAll(/^## (\d+)\./gm)].map((m) => m[1]));
    const subsections = new Map<string, number>();
    for (const m of METHODS.matchAll(/^## (\d+)\.[\s\S]*?(?=^## |$(?![\s\S]))/gm))
      subsections.set(m[1], [...m[0].matchAll(/^(\d+)\. /gm)].length);
    for (const [id, e] of Object.entries(GLOSSARY)) {
      const m = e.source.match(/^METHODS §(\d+)(?:\.(\d+))?/)!;
      expect(sections.has(m[1]), `${id}: METHODS has no section ${m[1]}`).toBe(true);
      if (m[2]) expect(Number(m[2]), `${id}: METHODS §${m[1]} has no item ${m[2]}`).toBeLessThanOrEqual(subsections.get(m[1]) ?? 0);
    }
  });

  it('says nothing for a column this build does not define (an imported feature)', () => {
    expect(glossaryEntry({ id: 'myCustomFeature' })).toBeUndefined();
    expect(glossaryEntry({ id: 'toString' })).toBeUndefined();
  });
});
