// Seeded, stratified train/test split.
import { permutation, type Rng } from '../random';

/**
 * Per class, a seeded permutation of its members sends round(count·testFraction)
 * of them to the test split. Both index lists come back sorted ascending, so the
 * split depends only on the seed, not on the order classes were generated in.
 */
export function stratifiedSplit(
  y: ArrayLike<number>,
  numClasses: number,
  testFraction: number,
  rng: Rng,
): { train: Int32Array; test: Int32Array } {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  const train: number[] = [];
  const test: number[] = [];
  for (const members of byClass) {
    const perm = permutation(members.length, rng);
    const nTest = Math.round(members.length * testFraction);
    for (let j = 0; j < members.length; j++) (j < nTest ? test : train).push(members[perm[j]]);
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/**
 * Per-class quotas proportional to class frequency (largest remainder, ties to
 * the lower class), summing to n.
 */
export function classQuotas(counts: number[], n: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((c) => (c * n) / total);
  const quota = exact.map(Math.floor);
  let left = n - quota.reduce((a, b) => a + b, 0);
  const order = exact.map((e, c) => ({ c, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.c - b.c);
  for (let k = 0; left > 0; k = (k + 1) % order.length) {
    const c = order[k].c;
    if (quota[c] < counts[c]) {
      quota[c]++;
      left--;
    }
  }
  return quota;
}

/** A seeded stratified subset of exactly n of the indices 0..y.length−1 (class shares kept), sorted ascending. */
export function stratifiedSubset(y: ArrayLike<number>, numClasses: number, n: number, rng: Rng): Int32Array {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  const quotas = classQuotas(
    byClass.map((b) => b.length),
    n,
  );
  const out: number[] = [];
  byClass.forEach((members, c) => {
    const perm = permutation(members.length, rng);
    for (let j = 0; j < quotas[c]; j++) out.push(members[perm[j]]);
  });
  return Int32Array.from(out.sort((a, b) => a - b));
}

/** Rows `idx` of an n x dim row-major matrix, as float32. */
export function takeRows(x: ArrayLike<number>, dim: number, idx: Int32Array): Float32Array {
  const out = new Float32Array(idx.length * dim);
  for (let i = 0; i < idx.length; i++) {
    const src = idx[i] * dim;
    for (let c = 0; c < dim; c++) out[i * dim + c] = x[src + c];
  }
  return out;
}

/** Rows `idx` of an n x dim row-major uint8 matrix, times `scale`, as float32 (pixels → [0, 1]). */
export function takeScaledRows(x: Uint8Array, dim: number, idx: Int32Array, scale: number): Float32Array {
  const out = new Float32Array(idx.length * dim);
  for (let i = 0; i < idx.length; i++) {
    const src = idx[i] * dim;
    for (let c = 0; c < dim; c++) out[i * dim + c] = x[src + c] * scale;
  }
  return out;
}

export function takeLabels(y: ArrayLike<number>, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]];
  return out;
}

/** Standardise columns in place with the training split's mean and std (no test leakage). */
export function standardise(xTrain: Float32Array, xTest: Float32Array, dim: number): void {
  const nTrain = xTrain.length / dim;
  for (let c = 0; c < dim; c++) {
    let mean = 0;
    for (let i = 0; i < nTrain; i++) mean += xTrain[i * dim + c];
    mean /= nTrain;
    let v = 0;
    for (let i = 0; i < nTrain; i++) v += (xTrain[i * dim + c] - mean) ** 2;
    const std = Math.sqrt(v / nTrain) || 1;
    for (let i = c; i < xTrain.length; i += dim) xTrain[i] = (xTrain[i] - mean) / std;
    for (let i = c; i < xTest.length; i += dim) xTest[i] = (xTest[i] - mean) / std;
  }
}
