// `npm run bench -- train --profile [--backend wasm --count 64 --epochs 2]`
// Where the batched trainer's time goes: times one population run split
// into train steps and per-epoch evaluation, and per-op kernel time of one
// training step (tf.profile), on one backend.
import * as tf from '@tensorflow/tfjs';
import { registerNodeWasm } from '../src/cli/demo';
import type { HyperParams } from '../src/core/types';
import { loadDataset } from '../src/core/datasets';
import { makeProbeSet } from '../src/core/probe';
import { trainPopulationBatched } from '../src/core/train/batched';

export async function run(argv: string[]): Promise<void> {
  const get = (name: string, d: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : d;
  };
  const backend = get('backend', 'wasm');
  const count = Number(get('count', '64'));
  const epochs = Number(get('epochs', '2'));
  if (backend === 'wasm') registerNodeWasm();
  await tf.setBackend(backend);
  await tf.ready();
  const ds = loadDataset({ name: 'digits', seed: 0 });
  const probe = makeProbeSet(ds, 256, 0);
  const hps: HyperParams[] = Array.from({ length: count }, (_, i) => ({
    architecture: 'mlp',
    widths: [32, 32],
    activation: 'relu',
    optimizer: 'adam',
    learningRate: 1e-3 * 10 ** ((i % 8) / 4),
    batchSize: 64,
    epochs,
    dropout: 0,
    l2: i % 3 === 0 ? 1e-4 : 0,
    init: 'glorot_uniform',
    seed: 1000 + i,
  }));
  await trainPopulationBatched(
    tf,
    ds,
    probe,
    hps.map((h) => ({ ...h, epochs: 1 })),
  ); // warm-up
  const t0 = performance.now();
  const recs = await trainPopulationBatched(tf, ds, probe, hps);
  const sec = (performance.now() - t0) / 1000;
  console.log(
    `${backend}: ${count} nets × ${epochs} epochs in ${sec.toFixed(2)} s (${(((count / sec) * 60 * epochs) / 20).toFixed(1)} nets/min at 20 epochs); acc ${recs[0].final.testAcc.toFixed(3)}`,
  );
  const prof = await tf.profile(async () => {
    await trainPopulationBatched(
      tf,
      ds,
      probe,
      hps.map((h) => ({ ...h, epochs: 1 })),
    );
    return [];
  });
  const byOp = new Map<string, { ms: number; n: number }>();
  for (const k of prof.kernels) {
    const e = byOp.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += k.kernelTimeMs as number;
    e.n++;
    byOp.set(k.name, e);
  }
  const total = [...byOp.values()].reduce((s, e) => s + e.ms, 0);
  console.log(`1 epoch, kernel total ${total.toFixed(0)} ms over ${prof.kernels.length} kernels`);
  for (const [name, e] of [...byOp].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
    console.log(`${name.padEnd(28)} ${e.ms.toFixed(1).padStart(8)} ms  ${String(e.n).padStart(6)} calls`);
  }
}
