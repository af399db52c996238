// `netmanifold embed` end to end (through the dispatcher with tsx): raw float32
// activations -> a population bundle the app's decoder accepts, on the landmark
// path (N above --landmarks); raw
// distances -> the embedding JSON; bad raw files and a too-small budget are
// refused with a message.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePopulation } from '../../src/core/bundle';
import { mulberry32 } from '../../src/core/random';
import { writeRaw, readRawHeader } from '../../src/cli/raw-format';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const cli = (args: string[]) => spawnSync(TSX, ['src/cli/main.ts', 'embed', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('netmanifold embed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embed-cli-'));
  const N = 60;
  const n = 12;
  const d = 3;
  const rng = mulberry32(4);
  // three families of networks: a random linear map of shared probe inputs plus noise
  const probe = Float32Array.from({ length: n * 2 }, () => rng() * 2 - 1);
  const maps = [0, 1, 2].map(() => Float32Array.from({ length: 2 * d }, () => rng() * 2 - 1));
  const acts = new Float32Array(N * n * d);
  for (let i = 0; i < N; i++)
    for (let p = 0; p < n; p++)
      for (let c = 0; c < d; c++)
        acts[(i * n + p) * d + c] = Math.tanh(probe[p * 2] * maps[i % 3][c] + probe[p * 2 + 1] * maps[i % 3][d + c] + 0.1 * (rng() - 0.5));
  const rawActs = path.join(dir, 'acts.nmraw');
  writeRaw(rawActs, 'activations', [N, n, d], acts);

  it('raw activations -> a population bundle the app decodes, on the landmark path', () => {
    const out = path.join(dir, 'pop.nmpop');
    // 20 landmarks (< N): the landmark path
    const r = cli(['--raw', rawActs, '--out', out, '--landmarks', '20', '--solver', 'fast']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/60 of 60 networks embedded/);
    const pop = decodePopulation(new Uint8Array(fs.readFileSync(out)));
    expect(pop.networks).toHaveLength(N);
    expect(pop.embedding!.embedding).toHaveLength(N * 3);
    expect(Array.from(pop.embedding!.embedding).every(Number.isFinite)).toBe(true);
    expect(pop.distances).toHaveLength(N * N);
    expect(pop.networks[7].layers[0].data).toEqual(acts.subarray(7 * n * d, 8 * n * d));
  });

  it('raw distances -> the embedding JSON', () => {
    const D = new Float32Array(N * N);
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) D[i * N + j] = Math.abs(Math.sin(i) - Math.sin(j)) + (i === j ? 0 : 0.01 * ((i * j) % 7));
    for (let i = 0; i < N; i++) for (let j = 0; j < i; j++) D[i * N + j] = D[j * N + i];
    const raw = path.join(dir, 'dist.nmraw');
    writeRaw(raw, 'distances', [N, N], D);
    expect(readRawHeader(raw).dataOffset % 4).toBe(0);
    const out = path.join(dir, 'emb.json');
    const r = cli(['--raw', raw, '--out', out, '--solver', 'fast', '--landmarks', '30']);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(res.embedding).toHaveLength(N);
    expect(res.embedding[0]).toHaveLength(3);
  });

  it('refuses a truncated raw file, a wrong header and a budget too small, with messages', () => {
    const bad = path.join(dir, 'bad.nmraw');
    fs.writeFileSync(bad, fs.readFileSync(rawActs).subarray(0, 1000));
    expect(cli(['--raw', bad, '--out', path.join(dir, 'x')]).stderr).toMatch(/needs \d+ bytes with the header, the file has 1000/);
    fs.writeFileSync(bad, '{"format":"other"}\n');
    expect(cli(['--raw', bad, '--out', path.join(dir, 'x')]).stderr).toMatch(/header format must be "netmanifold-raw"/);
    const r = cli(['--raw', rawActs, '--out', path.join(dir, 'x'), '--budget-mb', '1']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/needs about .* of memory, above the memory budget/);
  });
});
