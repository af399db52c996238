// Layer rules (README "Code layout"): which folder of src/ may import which.
// core imports only core; workers and state never import app or ui; app never imports ui.
// KNOWN lists the imports that break a rule today, each to be removed (issue 12): a new
// break fails this test, and so does a listed one that is gone (so the list only shrinks).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../../src');

const MAY_IMPORT: Record<string, readonly string[]> = {
  core: ['core'],
  workers: ['core', 'workers'],
  state: ['core', 'state'],
  app: ['core', 'workers', 'state', 'app'],
  ui: ['core', 'workers', 'state', 'app', 'ui'],
  cli: ['core', 'cli'],
};

const KNOWN: string[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** Relative import specifiers of a file: static imports, re-exports and dynamic import(). */
function relativeImports(text: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|import\s+['"](\.[^'"]+)['"]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function breaks(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    const layer = rel.split('/')[0];
    const allowed = MAY_IMPORT[layer];
    if (!allowed) continue;
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const target = path
        .relative(SRC, path.resolve(path.dirname(file), spec.replace(/\?.*$/, '')))
        .split(path.sep)
        .join('/');
      const targetLayer = target.split('/')[0];
      if (target.startsWith('..') || !(targetLayer in MAY_IMPORT)) continue;
      if (!allowed.includes(targetLayer)) found.push(`${rel} -> ${target.replace(/\.(ts|tsx)$/, '')}`);
    }
  }
  return [...new Set(found)].sort();
}

describe('layer rules', () => {
  it('finds the imports it is meant to check (the scanner is not blind)', () => {
    expect(
      relativeImports(
        `import { a } from './x';\nimport type { B } from "../y";\nexport * from './z';\nconst w = import('./w');\nimport './s.css';`,
      ),
    ).toEqual(['./x', '../y', './z', './w', './s.css']);
    expect(sourceFiles(SRC).length).toBeGreaterThan(100);
  });

  it('no layer imports one it may not, beyond the known list', () => {
    expect(breaks()).toEqual([...KNOWN].sort());
  });
});
