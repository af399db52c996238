// The `phate` CLI end to end: through the dispatcher with tsx, on a small matrix.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPhate } from '../../src/core/phate';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function smallMatrix(n: number): number[][] {
  const pts = Array.from({ length: n }, (_, i) => [Math.cos(i / 3), Math.sin(i / 5) + (i % 4) * 0.1]);
  return pts.map((a) => pts.map((b) => Math.hypot(a[0] - b[0], a[1] - b[1])));
}

describe('netmanifold phate', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phate-cli-'));
  const input = path.join(dir, 'in.json');
  const out = path.join(dir, 'out.json');
  const D = smallMatrix(20);
  fs.writeFileSync(input, JSON.stringify({ distances: D }));

  it('embeds a distance matrix and writes the documented JSON', () => {
    execFileSync(TSX, ['src/cli/main.ts', 'phate', '--distances', input, '--out', out, '--dims', '2', '--knn', '4'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const res = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(res.embedding).toHaveLength(20);
    expect(res.embedding[0]).toHaveLength(2);
    expect(res.vne).toHaveLength(100);
    const direct = runPhate(Float64Array.from(D.flat()), 20, { nComponents: 2, knn: 4 });
    expect(res.t).toBe(direct.t);
    expect(res.components).toBe(direct.components);
    expect(res.embedding.flat()).toEqual(Array.from(direct.embedding));
  });

  it('prints usage on --help', () => {
    const r = spawnSync(TSX, ['src/cli/main.ts', 'phate', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/usage: netmanifold phate/);
  });

  it('fails clearly on bad input', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        distances: [
          [0, 1],
          [1, 0],
          [2, 2],
        ],
      }),
    );
    const r = spawnSync(TSX, ['src/cli/main.ts', 'phate', '--distances', bad, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/square/);
    const missing = spawnSync(TSX, ['src/cli/main.ts', 'phate', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/--distances/);
  });
});
