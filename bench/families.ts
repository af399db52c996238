// `npm run bench -- families [--count 8 --epochs 2 --backends cpu,wasm --families mlp,cnn,attention --repeats 1]`
// Networks per minute on the digits for each architecture family (MLP 2×32,
// CNN 2 conv × 8 ch 3×3 max-pool → 32, attention 1 block width 16, 2 heads →
// 32; adam, batch 64): (a) one at a time through the sequential trainer and
// (b) through the population trainer the app uses (trainPopulationBatched).
// MLPs and CNNs are stacked there (batched-mlp.ts, batched-cnn.ts), so for
// them (b)/(a) is the batching gain; attention groups train one network at a
// time by the same trainNetwork calls, so for attention (b)/(a) should be 1
// and its spread is the noise of the measurement. Each family is first warmed
// up untimed (one network through each arm, 1 epoch: the backend's first
// kernels and the JIT would otherwise be charged to whichever arm runs first),
// then the arms alternate over --repeats rounds ((a)(b), (b)(a), …); the rates
// are over all rounds and each round's ratio is printed too. With
// --step it first times the earlier experiment, one training step of G CNNs
// written as one stacked computation against G separate steps
// (bench/cnn-stacked-step.ts, not the trainer's code). Figures only.
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../src/core/datasets';
import { makeProbeSet } from '../src/core/probe';
import { trainNetwork } from '../src/core/train/train-network';
import { trainPopulationBatched } from '../src/core/train/batched';
import { selectBackend, type BackendName } from '../src/core/backend';
import { registerNodeWasm } from '../src/cli/demo';
import { DEFAULT_ATTENTION, DEFAULT_CNN, HEAD_WIDTHS, describeArchitecture } from '../src/core/architecture';
import type { ArchitectureName, HyperParams, NetworkRecord } from '../src/core/types';
import { stackedCnnStep } from './cnn-stacked-step';

function arg(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
}

function population(arch: ArchitectureName, count: number, epochs: number): HyperParams[] {
  return Array.from({ length: count }, (_, i) => {
    const shared = {
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 1e-3 * 10 ** ((i % 4) / 4),
      batchSize: 64,
      epochs,
      dropout: 0,
      l2: 0,
      init: 'he_normal',
      seed: 100 + i,
    } as const;
    if (arch === 'cnn') return { architecture: 'cnn', widths: [...HEAD_WIDTHS], cnn: { ...DEFAULT_CNN }, ...shared };
    if (arch === 'attention')
      return { architecture: 'attention', widths: [...HEAD_WIDTHS], attention: { ...DEFAULT_ATTENTION }, ...shared };
    return { architecture: 'mlp', widths: [32, 32], ...shared };
  });
}

export async function run(argv: string[]): Promise<void> {
  const count = Number(arg(argv, 'count', '8'));
  const epochs = Number(arg(argv, 'epochs', '2'));
  const backends = arg(argv, 'backends', 'cpu,wasm').split(',');
  const families = arg(argv, 'families', 'mlp,cnn,attention').split(',') as ArchitectureName[];
  const repeats = Math.max(1, Number(arg(argv, 'repeats', '1')));
  const ds = loadDataset({ name: 'digits', seed: 0 });
  const probe = makeProbeSet(ds, 256, 0);
  console.log(
    `digits: ${ds.yTrain.length} train / ${ds.yTest.length} test rows, probe ${probe.n}; ${count} networks per family, ${epochs} epochs, ${repeats} round(s), arms alternating after an untimed warm-up`,
  );
  const head = [
    'backend',
    'family',
    'architecture',
    'one at a time nets/min',
    'population trainer nets/min',
    'ratio',
    'ratio per round',
    'mean test acc',
  ];
  const rows: string[][] = [];
  for (const backend of backends) {
    if (backend === 'wasm') registerNodeWasm();
    try {
      if ((await selectBackend(tf, [backend as BackendName])).name !== backend) continue;
    } catch (err) {
      console.error(`backend ${backend} unavailable: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    // With --step: the earlier experiment, one training step of G CNNs stacked vs G separate steps (bench/cnn-stacked-step.ts).
    if (argv.includes('--step'))
      for (const G of [8, 32]) {
        const s = await stackedCnnStep(tf, G, 64);
        console.log(
          `${backend}: CNN step (forward+backward, batch 64), G = ${G}: stacked ${s.stackedMs.toFixed(1)} ms vs ${G} separate ${s.separateMs.toFixed(1)} ms → ${s.speedup.toFixed(2)}×`,
        );
      }
    for (const fam of families) {
      const hps = population(fam, count, epochs);
      // untimed warm-up of both arms (first kernels, JIT)
      const warm = population(fam, 2, 1);
      await trainNetwork(tf, ds, probe, warm[0], { index: 0 });
      await trainPopulationBatched(tf, ds, probe, warm);
      let seqMs = 0;
      let popMs = 0;
      let recs: NetworkRecord[] = [];
      const roundRatios: string[] = [];
      for (let r = 0; r < repeats; r++) {
        let s = 0;
        let p = 0;
        for (const arm of r % 2 === 0 ? ['seq', 'pop'] : ['pop', 'seq']) {
          const t = performance.now();
          if (arm === 'seq') {
            for (let i = 0; i < hps.length; i++) await trainNetwork(tf, ds, probe, hps[i], { index: i });
            s = performance.now() - t;
          } else {
            recs = await trainPopulationBatched(tf, ds, probe, hps);
            p = performance.now() - t;
          }
        }
        seqMs += s;
        popMs += p;
        roundRatios.push((s / p).toFixed(2));
      }
      const seqRate = (count * repeats) / (seqMs / 60000);
      const popRate = (count * repeats) / (popMs / 60000);
      const acc = recs.reduce((s, r) => s + r.final.testAcc, 0) / recs.length;
      rows.push([
        backend,
        fam,
        describeArchitecture(hps[0]),
        seqRate.toFixed(1),
        popRate.toFixed(1),
        (popRate / seqRate).toFixed(2),
        roundRatios.join(', '),
        acc.toFixed(3),
      ]);
      console.log(rows[rows.length - 1].join(' | '));
    }
  }
  const all = [head, ...rows];
  const w = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => v.padEnd(w[c])).join('  ');
  console.log('\n' + line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  rows.forEach((r) => console.log(line(r)));
}
