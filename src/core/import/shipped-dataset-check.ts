// An activation bundle that declares a shipped dataset (docs/activation-bundle.md
// "Declaring a shipped dataset") promises its probe inputs are the app's rows:
// TF.js models added later are fed those inputs and scored on the app's split.
// This checks the promise against the shipped inputs: scaling (digits are
// pixel / 16 in [0, 1], not raw 0–16) and order (row i is test row indices[i]).
// Digits are fixed data, so wrong scaling or rows that are not at their
// declared indices are refused; synthetic sets regenerated elsewhere rarely
// match bit for bit, and rows from another split (no indices) are valid
// inputs, so those are warnings.
import type { Dataset, DatasetName, ProbeSet } from '../types';
import { DATASET_INFO } from '../datasets/info';

/** Image sets: the raw pixel maximum their shipped inputs are divided by. */
const RAW_PIXEL_MAX: Partial<Record<DatasetName, { max: number; hint: string }>> = {
  digits: { max: 16, hint: " (as sklearn's load_digits().data / 16)" },
  mnist: { max: 255, hint: '' },
};

export interface ShippedProbeCheck {
  /** Set when the bundle must not be imported as declared. */
  refuse?: string;
  /** Set when it may be imported, with this said. */
  warn?: string;
}

/** Largest per-value difference for a row to count as the shipped one (digits are k/16 exactly; float32 round trips stay far below). */
export const ROW_TOLERANCE = 1e-3;

function rowDiff(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  let m = 0;
  for (let d = 0; d < dim; d++) m = Math.max(m, Math.abs(a[i * dim + d] - b[j * dim + d]));
  return m;
}

/** Rows of `x` keyed by their values rounded to the tolerance, for lookups of where a row really is. */
function rowIndex(x: Float32Array, dim: number): Map<string, number> {
  const m = new Map<string, number>();
  const n = x.length / dim;
  for (let j = 0; j < n; j++) {
    const key = Array.from(x.subarray(j * dim, (j + 1) * dim), (v) => Math.round(v / ROW_TOLERANCE)).join(',');
    if (!m.has(key)) m.set(key, j);
  }
  return m;
}

const keyOf = (x: Float32Array, i: number, dim: number) =>
  Array.from(x.subarray(i * dim, (i + 1) * dim), (v) => Math.round(v / ROW_TOLERANCE)).join(',');

/**
 * Compare a bundle's probe inputs with the shipped dataset it declares.
 * `indicesGiven`: whether the bundle gave probe.indices (else they are 0..n−1
 * placeholders and only membership in the test split can be checked).
 */
export function checkShippedProbe(probe: ProbeSet, dataset: Dataset, indicesGiven: boolean): ShippedProbeCheck {
  if (probe.inputsMissing) return {};
  const name = dataset.spec.name;
  // Digits, MNIST and modular addition are fixed data; the 2-D sets are regenerated from a seed.
  const fixed = !DATASET_INFO[name].synthetic;
  const dim = dataset.inputDim;
  const nTest = dataset.yTest.length;
  const split = `Netmanifold's ${name} test split (dataset seed ${dataset.spec.seed}, ${nTest} rows)`;
  const verdict = (msg: string): ShippedProbeCheck => (fixed ? { refuse: msg } : { warn: msg });

  if (fixed) {
    let max = -Infinity;
    let min = Infinity;
    for (let i = 0; i < probe.x.length; i++) {
      if (probe.x[i] > max) max = probe.x[i];
      if (probe.x[i] < min) min = probe.x[i];
    }
    if (max > 1 + ROW_TOLERANCE || min < -ROW_TOLERANCE) {
      const scale = RAW_PIXEL_MAX[name];
      const raw = scale !== undefined && max <= scale.max + ROW_TOLERANCE && min >= -ROW_TOLERANCE && max > 1.5;
      const what = scale ? `the shipped ${name} inputs are pixel / ${scale.max} in [0, 1]` : `the shipped ${name} inputs lie in [0, 1]`;
      return {
        refuse:
          raw && scale
            ? `the probe inputs look like raw 0–${scale.max} pixel values (largest ${max}); ${what}: divide probe.x by ${scale.max}${scale.hint}, or declare your own dataset`
            : `the probe inputs range over [${min}, ${max}]; ${what} (standardised or otherwise transformed inputs are not the shipped dataset: declare your own dataset)`,
      };
    }
  }

  if (indicesGiven) {
    for (let i = 0; i < probe.n; i++)
      if (probe.indices[i] >= nTest) return verdict(`probe index ${probe.indices[i]} (row ${i}) is outside ${split}`);
    const bad: number[] = [];
    let worst = 0;
    for (let i = 0; i < probe.n; i++) {
      const d = rowDiff(probe.x, i, dataset.xTest, probe.indices[i], dim);
      if (d > ROW_TOLERANCE) {
        bad.push(i);
        worst = Math.max(worst, d);
      }
    }
    if (bad.length === 0) return {};
    // Shuffled rows: the inputs are test rows, at other indices.
    const where = rowIndex(dataset.xTest, dim);
    const moved = bad.map((i) => [i, where.get(keyOf(probe.x, i, dim))] as const).filter(([, j]) => j !== undefined);
    if (moved.length === bad.length) {
      const [i, j] = moved[0];
      return verdict(
        `${bad.length} of ${probe.n} probe rows are not in the order of probe.indices: row ${i} is test row ${j}, not ${probe.indices[i]}; write the indices in the order of the probe rows (the exporter's --probe-indices) so inputs, labels and activations line up with ${split}`,
      );
    }
    return verdict(
      `${bad.length} of ${probe.n} probe rows differ from ${split} at probe.indices (largest difference ${worst.toPrecision(3)}, first at row ${bad[0]}): the bundle was not drawn from this split; give the dataset seed it used, or declare your own dataset`,
    );
  }

  const where = rowIndex(dataset.xTest, dim);
  let missing = 0;
  let first = -1;
  for (let i = 0; i < probe.n; i++)
    if (!where.has(keyOf(probe.x, i, dim))) {
      missing++;
      if (first < 0) first = i;
    }
  if (missing === 0) return {};
  // Valid inputs from another split: importable, but the scores are not comparable.
  return {
    warn: `${missing} of ${probe.n} probe rows (first: row ${first}) are not rows of ${split}; the bundle gives no probe.indices, so TF.js models added to it would be scored on a split its networks never saw: give probe.indices, or declare your own dataset`,
  };
}
