// Integrity and semantic checks of the importers (issue 16 item 1, issue 17
// caps), one case each: the damage the fuzz suite hits at random, made on purpose.
import { describe, expect, it } from 'vitest';
import { gzipSync, strToU8, zipSync } from 'fflate';
import {
  BundleError,
  MAX_DECOMPRESSED_BYTES,
  crc32,
  decodePopulation,
  encodePopulation,
  encodePopulationJson,
  gunzipChecked,
} from '../../src/core/bundle';
import {
  DownloadTooLargeError,
  MAX_TFJS_MODEL_BYTES,
  TfjsImportError,
  importActivationBundle,
  readCapped,
  tfjsArtifacts,
  writeNpy,
} from '../../src/core/import';
import { mulberry32, randn } from '../../src/core/random';
import type { Population } from '../../src/core/types';

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}

function population(): Population {
  const rng = mulberry32(3);
  const n = 4;
  return {
    id: 'p',
    name: 'p',
    provenance: {
      dataset: { name: 'moons', seed: 1 },
      probe: { n, seed: 1 },
      metric: { name: 'diffusion' },
      phate: { knn: 2, decay: 40, t: 'auto', gamma: 1, nComponents: 3, solver: 'smacof', seed: 0 },
      generator: 'test',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    probe: {
      seed: 1,
      n,
      inputDim: 2,
      indices: Int32Array.of(0, 1, 2, 3),
      x: Float32Array.from({ length: 2 * n }, () => randn(rng)),
      labels: Int32Array.of(0, 1, 0, 1),
    },
    networks: [
      {
        id: 'a',
        hp: {
          architecture: 'mlp',
          widths: [3],
          activation: 'relu',
          optimizer: 'sgd',
          learningRate: 0.1,
          batchSize: 8,
          epochs: 1,
          dropout: 0,
          l2: 0,
          init: 'he_normal',
          seed: 0,
        },
        status: 'ok',
        history: [],
        final: { epoch: 1, trainLoss: 0.1, trainAcc: 1, testLoss: 0.1, testAcc: 1 },
        layers: [{ layer: 0, width: 3, data: Float32Array.from({ length: 3 * n }, () => randn(rng)) }],
      },
    ],
  };
}

describe('gzip: CRC-32, length and the decompressed-size cap', () => {
  it('crc32 matches the check value of the standard ("123456789" → cbf43926)', () => {
    expect(crc32(strToU8('123456789')).toString(16)).toBe('cbf43926');
  });

  it('a flipped byte that still inflates is refused by the CRC-32 (fflate alone would accept it)', () => {
    // Stored (level 0) deflate: every payload byte is literal, so a flip inflates fine to different text.
    const good = gzipSync(strToU8(encodePopulationJson(population())), { level: 0 });
    const bad = good.slice();
    bad[60] ^= 0x01;
    const e = catchError(() => decodePopulation(bad));
    expect(e).toBeInstanceOf(BundleError);
    expect(e.message).toMatch(/the bundle is corrupt: its gzip checksum \(CRC-32\) does not match/);
    expect(decodePopulation(good).networks[0].id).toBe('a');
  });

  it('a wrong length in the trailer (ISIZE) is refused', () => {
    const bad = encodePopulation(population());
    bad[bad.length - 4] ^= 0x01;
    expect(catchError(() => decodePopulation(bad)).message).toMatch(/trailer records \d+ bytes but it decompresses to \d+/);
  });

  it('a gzip bomb stops at the cap with a clear message, before being inflated in full', () => {
    // 16 MB of zeros gzip to ~16 KB; a 1 MB cap refuses it at the first input step (64 KB in, at most ~66 MB out).
    const bomb = gzipSync(new Uint8Array(16 * 1024 * 1024), { level: 6 });
    expect(bomb.length).toBeLessThan(40_000);
    const e = catchError(() => decodePopulation(bomb, { maxBytes: 1024 * 1024 }));
    expect(e).toBeInstanceOf(BundleError);
    expect(e.message).toMatch(/decompresses to more than 1 MB/);
    // The default cap is the named constant, a few hundred MB.
    expect(MAX_DECOMPRESSED_BYTES).toBe(400 * 1024 * 1024);
    expect(gunzipChecked(bomb).length).toBe(16 * 1024 * 1024);
  });
});

describe('semantic validation of population bundles', () => {
  it('refuses a bundle with zero networks', () => {
    const p = population();
    p.networks = [];
    const e = catchError(() => decodePopulation(encodePopulation(p)));
    expect(e).toBeInstanceOf(BundleError);
    expect(e.message).toMatch(/networks: the bundle has no networks/);
  });

  it('refuses labels out of range for the dataset (moons has 2 classes)', () => {
    const p = population();
    p.probe.labels = Int32Array.of(0, 1, 5, 1);
    expect(catchError(() => decodePopulation(encodePopulation(p))).message).toMatch(
      /probe.labels: label 5 at entry 2 is out of range: "moons" has 2 classes \(0..1\)/,
    );
  });

  it('refuses labels out of range of a custom dataset and a probe input size that disagrees', () => {
    const p = population();
    p.provenance.dataset = { name: 'digits', seed: -1 };
    p.provenance.customDataset = { name: 'mine', inputDim: 2, numClasses: 1 };
    expect(catchError(() => decodePopulation(encodePopulation(p))).message).toMatch(/custom dataset "mine" has 1 classes/);
    const q = population();
    q.provenance.dataset = { name: 'digits', seed: 1 };
    expect(catchError(() => decodePopulation(encodePopulation(q))).message).toMatch(
      /probe.inputDim: "digits" has 64 inputs per example, the probe says 2/,
    );
  });
});

describe('zip: entry CRC-32s', () => {
  const n = 3;
  const files = { 'y.npy': writeNpy(Int32Array.of(0, 1, 0), [n]), 'a.npy': writeNpy(Float32Array.of(1, 2, 3, 4, 5, 6), [n, 2]) };
  const manifest = {
    format: 'netmanifold-activations',
    version: 1,
    dataset: { name: 'toy', input_dim: 1, num_classes: 2 },
    probe: { labels: 'y.npy' },
    networks: [{ id: 'n', activations: ['a.npy'] }],
  };
  const zip = zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest)), ...files }, { level: 0 });

  it('a damaged stored entry is refused by its CRC-32 (fflate alone would return the changed bytes)', () => {
    expect(importActivationBundle(zip).population.networks).toHaveLength(1);
    const i = zip.lastIndexOf(0x40); // inside a.npy's float data (6.0 = 0x40c00000)
    const bad = zip.slice();
    bad[i] ^= 0x02;
    const e = catchError(() => importActivationBundle(bad));
    expect(e).toBeInstanceOf(BundleError);
    expect(e.message).toMatch(/the zip is corrupt: "a.npy" does not match its CRC-32 checksum/);
  });
});

describe('TF.js model files: weights against the manifest', () => {
  const json = JSON.stringify({
    modelTopology: { class_name: 'Sequential', config: {} },
    weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'k', shape: [2, 3], dtype: 'float32' }] }],
  });

  it('refuses weight files shorter or longer than model.json declares, and missing ones', () => {
    const e = catchError(() => tfjsArtifacts(json, { 'w.bin': new Uint8Array(20) }));
    expect(e).toBeInstanceOf(TfjsImportError);
    expect(e.message).toMatch(/w.bin holds 20 bytes, model.json declares 24/);
    expect(catchError(() => tfjsArtifacts(json, {})).message).toMatch(/weight file w.bin was not given/);
    expect(tfjsArtifacts(json, { 'w.bin': new Uint8Array(24) }).weightData).toBeInstanceOf(ArrayBuffer);
  });

  it('refuses a damaged model.json in words', () => {
    expect(
      catchError(() =>
        tfjsArtifacts(
          '{"modelTopology": {}, "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "k", "shape": [-1], "dtype": "float32"}]}]}',
          {},
        ),
      ).message,
    ).toMatch(/model.json is damaged: weightsManifest\[0\].weights\[0\] \(k\) has shape \[-1\]/);
    expect(catchError(() => tfjsArtifacts('{"modelTo', {})).message).toMatch(/not valid JSON/);
  });
});

describe('download size cap (?model=)', () => {
  const stream = (chunks: number, size: number) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < chunks; i++) c.enqueue(new Uint8Array(size));
        c.close();
      },
    });

  it('refuses a declared Content-Length above the cap before reading', async () => {
    const res = new Response(stream(1, 10), { headers: { 'content-length': String(MAX_TFJS_MODEL_BYTES + 1) } });
    await expect(readCapped(res, MAX_TFJS_MODEL_BYTES, 'model.json')).rejects.toThrow(/model.json is larger than 128 MB/);
  });

  it('stops a body without a length as soon as it passes the cap', async () => {
    const err = await readCapped(new Response(stream(100, 1024)), 10 * 1024, 'its weight file w.bin').catch((e) => e);
    expect(err).toBeInstanceOf(DownloadTooLargeError);
    expect(err.message).toMatch(/its weight file w.bin is larger than 10 KB/);
    expect((await readCapped(new Response(stream(4, 1024)), 10 * 1024, 'x')).length).toBe(4096);
  });
});
