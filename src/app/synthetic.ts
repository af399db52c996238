// A synthetic population of N points for the render benchmark and tests
// (window.__netmanifold.loadSynthetic): random hyperparameters, metrics and two
// features that vary smoothly over a 3-D embedding of a few curved clusters.
// No activations: nothing here is science, only load for the views.
import { mulberry32, randn } from '../core/random';
import type { ActivationName, NetworkRecord, OptimizerName, Population } from '../core/types';
import { OPTIMIZER_NAMES } from '../core/types';

const ACTS: ActivationName[] = ['relu', 'tanh', 'sigmoid', 'elu', 'gelu'];
const OPTS: readonly OptimizerName[] = OPTIMIZER_NAMES;
const WIDTHS = [8, 16, 32, 64];
const LRS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3];

export function syntheticPopulation(N: number, seed = 1): Population {
  const rng = mulberry32(seed);
  const networks: NetworkRecord[] = new Array(N);
  const emb = new Float64Array(N * 3);
  for (let i = 0; i < N; i++) {
    const c = Math.floor(rng() * 6);
    const a = c * 1.05 + rng() * 0.9;
    emb[i * 3] = Math.cos(a) * (2 + c * 0.15) + 0.25 * randn(rng);
    emb[i * 3 + 1] = Math.sin(a) * 1.4 + 0.25 * randn(rng);
    emb[i * 3 + 2] = (c - 2.5) * 0.5 + 0.3 * randn(rng);
    const acc = Math.min(0.99, Math.max(0.05, 0.55 + 0.07 * c + 0.08 * randn(rng)));
    const depth = 1 + Math.floor(rng() * 3);
    const width = WIDTHS[Math.floor(rng() * WIDTHS.length)];
    networks[i] = {
      id: `syn-${i}`,
      hp: {
        architecture: 'mlp',
        widths: new Array(depth).fill(width),
        activation: ACTS[(c + Math.floor(rng() * 2)) % ACTS.length],
        optimizer: OPTS[Math.floor(rng() * OPTS.length)],
        learningRate: LRS[Math.floor(rng() * LRS.length)],
        batchSize: 32,
        epochs: 20,
        dropout: rng() < 0.5 ? 0 : 0.2,
        l2: 0,
        init: 'he_normal',
        seed: i,
      },
      status: 'ok',
      history: [],
      final: { epoch: 20, trainLoss: 1 - acc, testLoss: 1.1 - acc, trainAcc: Math.min(1, acc + 0.03), testAcc: acc },
      layers: [],
      features: { effDim: 2 + 6 * rng() + c, silhouette: acc - 0.5 + 0.1 * randn(rng) },
    };
  }
  return {
    id: `synthetic-${N}-${seed}`,
    name: `Synthetic · ${N.toLocaleString('en')} points`,
    provenance: {
      dataset: { name: 'moons', seed },
      probe: { n: 0, seed },
      metric: { name: 'diffusion' },
      phate: { knn: 5, decay: 40, t: 'auto', gamma: 1, nComponents: 3, solver: 'smacof', seed },
      generator: 'netmanifold synthetic (render benchmark)',
      createdAt: new Date(0).toISOString(),
    },
    probe: { seed, n: 0, inputDim: 2, indices: new Int32Array(0), x: new Float32Array(0), labels: new Int32Array(0) },
    networks,
    embedding: { embedding: emb, nComponents: 3, t: 1, vne: new Float64Array(0), components: 3 },
  };
}
