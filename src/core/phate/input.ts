// Distance inputs PHATE accepts: a dense N x N matrix (Float64Array, Float32Array
// or any array-like, row-major) or a row callback, so that N = 10,000 never
// needs an 800 MB Float64 matrix (a Float32 one is 400 MB; a callback computing
// rows from features needs nothing N x N).

/** Distances delivered one row at a time: row(i, out) writes d(i, j) for j = 0..N-1 into out. */
export interface DistanceRows {
  readonly N: number;
  row(i: number, out: Float64Array): void;
}

export type PhateDistanceInput = Float64Array | Float32Array | ArrayLike<number> | DistanceRows;

export function isDistanceRows(x: PhateDistanceInput): x is DistanceRows {
  return typeof (x as DistanceRows).row === 'function';
}

/** A reader of rows of the input: fills out with row i (out has length N). */
export type RowReader = (i: number, out: Float64Array) => void;

/** Row reader over any input; callback rows are checked (finite, non-negative, zero diagonal) as they come. */
export function rowReader(input: PhateDistanceInput, N: number): RowReader {
  if (isDistanceRows(input)) {
    if (input.N !== N) throw new Error(`distance rows have N = ${input.N}, expected ${N}`);
    return (i, out) => {
      input.row(i, out);
      if (out[i] !== 0) throw new Error(`distance matrix must have a zero diagonal: D[${i}][${i}] = ${out[i]}`);
      for (let j = 0; j < N; j++) {
        const v = out[j];
        if (!(v >= 0) || v === Infinity)
          throw new Error(
            `distance matrix has a ${Number.isNaN(v) || v === Infinity ? 'non-finite' : 'negative'} entry D[${i}][${j}] = ${v}`,
          );
      }
    };
  }
  const D = input;
  if (D.length !== N * N) throw new Error(`distance matrix must be square N x N = ${N * N} entries, got ${D.length}`);
  if (D instanceof Float64Array || D instanceof Float32Array) return (i, out) => out.set(D.subarray(i * N, i * N + N));
  return (i, out) => {
    for (let j = 0; j < N; j++) out[j] = D[i * N + j];
  };
}

/** Dense Float64 copy of the input (for the exact path, N <= the landmark threshold). */
export function denseDistances(input: PhateDistanceInput, N: number): Float64Array {
  if (input instanceof Float64Array) return input;
  const read = rowReader(input, N);
  const D = new Float64Array(N * N);
  for (let i = 0; i < N; i++) read(i, D.subarray(i * N, i * N + N));
  return D;
}
