// `netmanifold features` end to end (through the dispatcher with tsx): the
// bundle it writes on several worker threads holds byte for byte the JSON it
// writes on one, every network carries features, a depth profile and (with
// checkpoints) dynamics, and a bad --threads is refused with a message.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'fflate';
import { decodePopulation, encodePopulation } from '../../src/core/bundle';
import type { NetworkRecord, Population } from '../../src/core/types';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const cli = (args: string[]) => spawnSync(TSX, ['src/cli/main.ts', 'features', ...args], { cwd: ROOT, encoding: 'utf8' });

/** The first `rows` probe rows of a population (activations cut to match), without features or embedding. */
function smaller(pop: Population, networks: number, rows: number): Population {
  const cut = <T extends { width: number; data: Float32Array }>(l: T): T => ({ ...l, data: l.data.slice(0, rows * l.width) });
  const { probe } = pop;
  return {
    ...pop,
    id: `${pop.id}-small`,
    probe: {
      ...probe,
      n: rows,
      indices: probe.indices.slice(0, rows),
      x: probe.x.slice(0, rows * probe.inputDim),
      labels: probe.labels.slice(0, rows),
    },
    provenance: { ...pop.provenance, probe: { ...pop.provenance.probe, n: rows } },
    networks: pop.networks.slice(0, networks).map((n): NetworkRecord => ({
      ...n,
      features: undefined,
      layerProfile: undefined,
      dynamics: undefined,
      layers: n.layers.map(cut),
      checkpoints: n.checkpoints?.map((c) => ({ ...c, layers: c.layers.map(cut) })),
    })),
    distances: undefined,
    embedding: undefined,
  };
}

describe('netmanifold features', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'features-cli-'));
  const demo = decodePopulation(new Uint8Array(fs.readFileSync(path.join(ROOT, 'public/demo/moons-mlp.nmpop'))));
  const input = path.join(dir, 'in.nmpop');
  fs.writeFileSync(input, encodePopulation(smaller(demo, 7, 48)));

  it('writes the same bundle on 3 threads as on 1, every network with its features and depth profile', () => {
    const one = path.join(dir, 'one.nmpop');
    const three = path.join(dir, 'three.nmpop');
    const r1 = cli(['--in', input, '--out', one, '--threads', '1']);
    expect(r1.status, r1.stderr).toBe(0);
    expect(r1.stdout).toMatch(/features of 7 networks in [\d.]+ s on 1 thread\b/);
    const r3 = cli(['--in', input, '--out', three, '--threads', '3']);
    expect(r3.status, r3.stderr).toBe(0);
    expect(r3.stdout).toMatch(/features of 7 networks in [\d.]+ s on 3 threads/);
    // The bundles' JSON is the same byte for byte (the gzip headers differ only in their time stamp).
    const json = (f: string) => Buffer.from(gunzipSync(new Uint8Array(fs.readFileSync(f))));
    expect(Buffer.compare(json(one), json(three))).toBe(0);
    const pop = decodePopulation(new Uint8Array(fs.readFileSync(three)));
    expect(pop.networks).toHaveLength(7);
    for (const n of pop.networks) {
      expect(Object.keys(n.features ?? {})).toContain('silhouette');
      expect(n.layerProfile?.layers).toHaveLength(n.layers.length);
    }
  }, 120_000);

  it('refuses a --threads that is not a whole number ≥ 1', () => {
    const r = cli(['--in', input, '--out', path.join(dir, 'x.nmpop'), '--threads', '0']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--threads must be a whole number ≥ 1 \(got 0\)/);
  });
});
