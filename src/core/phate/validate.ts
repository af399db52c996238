// Input checks for PHATE: a square, finite, non-negative, symmetric distance
// matrix with zero diagonal and at least 3 points.

/** Throws an Error saying exactly what is wrong with D, or returns nothing. */
export function validateDistanceMatrix(D: ArrayLike<number>, N: number, symmetryTol = 1e-8): void {
  if (!Number.isInteger(N) || N < 3) throw new Error(`PHATE needs at least 3 points, got N = ${N}`);
  if (D.length !== N * N) throw new Error(`distance matrix must be square N x N = ${N * N} entries, got ${D.length}`);
  for (let i = 0; i < N; i++) {
    const ri = i * N;
    if (D[ri + i] !== 0) throw new Error(`distance matrix must have a zero diagonal: D[${i}][${i}] = ${D[ri + i]}`);
    for (let j = 0; j < N; j++) {
      const v = D[ri + j];
      if (!Number.isFinite(v)) throw new Error(`distance matrix has a non-finite entry D[${i}][${j}] = ${v}`);
      if (v < 0) throw new Error(`distance matrix has a negative entry D[${i}][${j}] = ${v}`);
      if (j > i) {
        const w = D[j * N + i];
        if (Math.abs(v - w) > symmetryTol * Math.max(1, Math.abs(v), Math.abs(w))) {
          throw new Error(`distance matrix is not symmetric: D[${i}][${j}] = ${v} but D[${j}][${i}] = ${w}`);
        }
      }
    }
  }
}
