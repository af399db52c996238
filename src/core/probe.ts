// The shared probe set (METHODS §1): the same test inputs, in the same order,
// fed to every network so that their activation matrices are comparable row by row.
import type { Dataset, ProbeSet } from './types';
import { hashSeed, mulberry32, permutation } from './random';
import { classQuotas } from './datasets/split';

/**
 * Stratified draw of n probes from the test split (n clamped to its size).
 * Ordered by class, then by test index: class-sorted probes make per-network
 * matrices (distances, diffusion operators) show block structure by class,
 * which is easy to read in the inspector.
 */
export function makeProbeSet(ds: Dataset, n: number, seed: number): ProbeSet {
  const nTest = ds.yTest.length;
  const m = Math.max(0, Math.min(Math.floor(n), nTest));
  const byClass: number[][] = Array.from({ length: ds.numClasses }, () => []);
  for (let i = 0; i < nTest; i++) byClass[ds.yTest[i]].push(i);
  const quotas = classQuotas(
    byClass.map((b) => b.length),
    m,
  );
  const rng = mulberry32(hashSeed('probe', seed));
  const indices = new Int32Array(m);
  let k = 0;
  byClass.forEach((members, c) => {
    const perm = permutation(members.length, rng);
    const chosen = Array.from(perm.subarray(0, quotas[c]), (j) => members[j]).sort((a, b) => a - b);
    for (const idx of chosen) indices[k++] = idx;
  });
  const dim = ds.inputDim;
  const x = new Float32Array(m * dim);
  const labels = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    x.set(ds.xTest.subarray(indices[i] * dim, (indices[i] + 1) * dim), i * dim);
    labels[i] = ds.yTest[indices[i]];
  }
  return { seed, n: m, inputDim: dim, indices, x, labels };
}
