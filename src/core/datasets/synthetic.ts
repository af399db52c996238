// Seeded 2-D toy datasets (METHODS §1). Each generator returns raw points with
// an exactly balanced class count; index.ts splits and standardises them.
import type { SyntheticDatasetName } from '../types';
import { randn, type Rng } from '../random';
import { BLOB_CLASSES, SPIRAL_ARMS } from './info';

export { BLOB_CLASSES, SPIRAL_ARMS };

export interface RawPoints {
  /** n x 2 row-major. */
  x: Float64Array;
  y: Int32Array;
}

/** Points per class: n split as evenly as possible, remainder to the first classes. */
function classCounts(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, c) => Math.floor(n / k) + (c < n % k ? 1 : 0));
}

/** Fills x, y class by class; `point(c, rng)` returns the noiseless point of class c. */
function generate(n: number, k: number, noise: number, rng: Rng, point: (c: number, rng: Rng) => [number, number]): RawPoints {
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  let i = 0;
  classCounts(n, k).forEach((count, c) => {
    for (let j = 0; j < count; j++, i++) {
      const [px, py] = point(c, rng);
      x[2 * i] = px + noise * randn(rng);
      x[2 * i + 1] = py + noise * randn(rng);
      y[i] = c;
    }
  });
  return { x, y };
}

/** Two interleaved half circles (as scikit-learn's make_moons). */
function moons(n: number, noise: number, rng: Rng): RawPoints {
  return generate(n, 2, noise, rng, (c, r) => {
    const t = Math.PI * r();
    return c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  });
}

/** Two concentric circles, inner radius 0.5 (scikit-learn's make_circles, factor 0.5). */
function circles(n: number, noise: number, rng: Rng): RawPoints {
  return generate(n, 2, noise, rng, (c, r) => {
    const t = 2 * Math.PI * r();
    const rad = c === 0 ? 1 : 0.5;
    return [rad * Math.cos(t), rad * Math.sin(t)];
  });
}

/** Three interleaved spirals: arm c at angle 2πc/3 + 3π·r, radius r ∈ [0.05, 1]. */
function spirals(n: number, noise: number, rng: Rng): RawPoints {
  return generate(n, SPIRAL_ARMS, noise, rng, (c, r) => {
    const rad = 0.05 + 0.95 * r();
    const t = (2 * Math.PI * c) / SPIRAL_ARMS + 3 * Math.PI * rad;
    return [rad * Math.cos(t), rad * Math.sin(t)];
  });
}

/** XOR: uniform in [-1,1]², class 1 where the signs of x and y differ. */
function xor(n: number, noise: number, rng: Rng): RawPoints {
  return generate(n, 2, noise, rng, (c, r) => {
    // Pick one of the class's two quadrants, then a uniform point inside it.
    const sx = r() < 0.5 ? -1 : 1;
    const sy = c === 0 ? sx : -sx;
    return [sx * r(), sy * r()];
  });
}

/** Four Gaussian blobs centred on a square of side 4; noise is each blob's std. */
function blobs(n: number, noise: number, rng: Rng): RawPoints {
  const centres: [number, number][] = [
    [-2, -2],
    [2, -2],
    [-2, 2],
    [2, 2],
  ];
  return generate(n, BLOB_CLASSES, noise, rng, (c) => centres[c]);
}

export const SYNTHETIC_GENERATORS: Record<SyntheticDatasetName, (n: number, noise: number, rng: Rng) => RawPoints> = {
  moons,
  circles,
  spirals,
  xor,
  blobs,
};
