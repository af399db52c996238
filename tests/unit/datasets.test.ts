import { describe, expect, it } from 'vitest';
import { DATASET_INFO, DATASET_NAMES, loadDataset } from '../../src/core/datasets';
import { provideDatasetFromDisk } from '../../src/cli/dataset-files';

// MNIST is read from public/data (the browser fetches it; Node reads it).
provideDatasetFromDisk('mnist');
import type { Dataset } from '../../src/core/types';

/** Bitwise equality of two typed arrays (toEqual walks MNIST's 5.9 M values one by one, slowly). */
const sameBits = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function classCounts(y: Int32Array, k: number): number[] {
  const c = new Array(k).fill(0);
  for (const v of y) c[v]++;
  return c;
}

describe('datasets', () => {
  for (const name of DATASET_NAMES) {
    it(`${name}: shapes, labels, balance, determinism`, () => {
      const info = DATASET_INFO[name];
      const ds: Dataset = loadDataset({ name, seed: 5 });
      const nTrain = ds.yTrain.length;
      const nTest = ds.yTest.length;
      expect(nTrain + nTest).toBe(info.defaultSamples);
      expect(ds.inputDim).toBe(info.inputDim);
      expect(ds.numClasses).toBe(info.numClasses);
      expect(ds.xTrain.length).toBe(nTrain * ds.inputDim);
      expect(ds.xTest.length).toBe(nTest * ds.inputDim);
      expect(Math.abs(nTest / (nTrain + nTest) - 0.25)).toBeLessThan(0.01);
      // stratified: each class's test share is ~25%
      const tr = classCounts(ds.yTrain, ds.numClasses);
      const te = classCounts(ds.yTest, ds.numClasses);
      for (let c = 0; c < ds.numClasses; c++) {
        expect(te[c]).toBeGreaterThan(0);
        expect(Math.abs(te[c] / (tr[c] + te[c]) - 0.25)).toBeLessThan(0.02);
      }
      expect(ds.xTrain.every(Number.isFinite)).toBe(true);
      const again = loadDataset({ name, seed: 5 });
      expect(sameBits(again.xTrain, ds.xTrain)).toBe(true);
      expect(again.yTest).toEqual(ds.yTest);
      expect(again.spec).toEqual(ds.spec);
      const other = loadDataset({ name, seed: 6 });
      expect(sameBits(other.xTest, ds.xTest)).toBe(false);
    });
  }

  it('synthetic sets are balanced and standardised on train', () => {
    const ds = loadDataset({ name: 'blobs', seed: 1, samples: 400 });
    const all = classCounts(ds.yTrain, 4).map((v, c) => v + classCounts(ds.yTest, 4)[c]);
    expect(all).toEqual([100, 100, 100, 100]);
    for (let d = 0; d < 2; d++) {
      let m = 0;
      let v = 0;
      const n = ds.yTrain.length;
      for (let i = 0; i < n; i++) m += ds.xTrain[i * 2 + d];
      m /= n;
      for (let i = 0; i < n; i++) v += (ds.xTrain[i * 2 + d] - m) ** 2;
      expect(Math.abs(m)).toBeLessThan(1e-5);
      expect(Math.abs(v / n - 1)).toBeLessThan(1e-4);
    }
  });

  it('noise and samples take effect and are recorded', () => {
    const a = loadDataset({ name: 'moons', seed: 1, samples: 200, noise: 0 });
    const b = loadDataset({ name: 'moons', seed: 1, samples: 200, noise: 0.3 });
    expect(a.yTrain.length + a.yTest.length).toBe(200);
    expect(a.spec).toEqual({ name: 'moons', seed: 1, samples: 200, noise: 0, testFraction: 0.25 });
    expect(b.xTrain).not.toEqual(a.xTrain);
  });

  it('digits: 1797 images in [0,1], 10 classes, pixel values multiples of 1/16', () => {
    const ds = loadDataset({ name: 'digits', seed: 0, testFraction: 0.2 });
    expect(ds.yTrain.length + ds.yTest.length).toBe(1797);
    expect(Math.abs(ds.yTest.length - 0.2 * 1797)).toBeLessThan(6);
    const all = classCounts(ds.yTrain, 10).map((v, c) => v + classCounts(ds.yTest, 10)[c]);
    // the sklearn copy has 174..183 images per class
    expect(Math.min(...all)).toBeGreaterThanOrEqual(174);
    expect(Math.max(...all)).toBeLessThanOrEqual(183);
    expect(all.reduce((a, b) => a + b)).toBe(1797);
    let max = 0;
    for (const v of ds.xTrain) {
      expect(v * 16).toBe(Math.round(v * 16));
      max = Math.max(max, v);
    }
    expect(max).toBe(1);
  });

  it('rejects bad specs', () => {
    expect(() => loadDataset({ name: 'moons', seed: 1, testFraction: 1 })).toThrow();
    expect(() => loadDataset({ name: 'nope' as never, seed: 1 })).toThrow();
  });
});
