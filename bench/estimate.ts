// `npm run bench -- estimate [--backend wasm] [--cases moons-default,digits-default,…]`
// The builder's time estimate against the real run, on one backend: for each
// population the calibrated estimate (src/core/train/estimate.ts, as the
// training worker computes it) and the wall time of the same population
// trained as the app trains it (runPopulation: batched trainer, checkpoints).
// Prints estimate/actual per population; the goal is every ratio in [1/1.5, 1.5].
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../src/core/datasets';
import { makeProbeSet } from '../src/core/probe';
import { calibrateThroughput, dataShape, estimateSeconds, measuredGroups, type ThroughputCalibration } from '../src/core/train/estimate';
import { runPopulation } from '../src/core/train/population-run';
import { defaultSpace, expandPopulation } from '../src/core/population/spec';
import { groupForBatching } from '../src/core/train/batched-groups';
import { selectBackend, type BackendName } from '../src/core/backend';
import { registerNodeWasm } from '../src/cli/demo';
import type { DatasetName, HyperParamSpace, PopulationSpec } from '../src/core/types';

interface Case {
  name: string;
  dataset: DatasetName;
  count: number;
  sampling: 'grid' | 'random';
  space: Partial<HyperParamSpace>;
}

/** The builder's default populations and narrower ones that stress one term of the model each. */
const CASES: Case[] = [
  // The builder's defaults (random sampling over depths, widths, activations, optimizers): many small groups.
  { name: 'moons-default', dataset: 'moons', count: 12, sampling: 'random', space: { epochs: [10] } },
  { name: 'digits-default', dataset: 'digits', count: 12, sampling: 'random', space: { epochs: [20] } },
  // One group: step- and FLOP-bound.
  {
    name: 'moons-16x16-b16',
    dataset: 'moons',
    count: 8,
    sampling: 'random',
    space: { depth: [2], width: [16], activation: ['relu'], optimizer: ['adam'], batchSize: [16], epochs: [10] },
  },
  {
    name: 'digits-64x64-b64',
    dataset: 'digits',
    count: 16,
    sampling: 'random',
    space: { depth: [2], width: [64], activation: ['relu'], optimizer: ['adam'], batchSize: [64], epochs: [10] },
  },
  {
    name: 'digits-32-b32-e5',
    dataset: 'digits',
    count: 24,
    sampling: 'random',
    space: { depth: [1], width: [32], activation: ['tanh'], optimizer: ['sgd'], batchSize: [32], epochs: [5] },
  },
  {
    name: 'digits-3x16-b128',
    dataset: 'digits',
    count: 8,
    sampling: 'random',
    space: { depth: [3], width: [16], activation: ['sigmoid'], optimizer: ['adam'], batchSize: [128], epochs: [30] },
  },
];

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

function specOf(c: Case): PopulationSpec {
  const space = { ...defaultSpace(c.dataset), ...c.space };
  return { dataset: { name: c.dataset, seed: 1 }, space, sampling: c.sampling, count: c.count, seed: 7, probe: { n: 256, seed: 1 } };
}

/** This process's user + system CPU time in ms (tfjs-wasm in Node runs on one thread). */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export async function run(argv: string[]): Promise<void> {
  const backend = argValue(argv, 'backend') ?? 'wasm';
  const only = argValue(argv, 'cases')?.split(',');
  if (backend === 'wasm') registerNodeWasm();
  const sel = await selectBackend(tf, [backend as BackendName]);
  if (sel.name !== backend) throw new Error(`backend ${backend} unavailable (got ${sel.name})`);
  // Two clocks: wall time (what the app reads, and what a user waits) and this process's CPU time (the same
  // comparison without the other processes of a shared machine: on an idle machine the two agree).
  const clocks = { wall: () => performance.now(), cpu: cpuMs };
  const calibrations = { wall: new Map<string, ThroughputCalibration>(), cpu: new Map<string, ThroughputCalibration>() };
  const rows: string[][] = [];
  for (const c of CASES.filter((k) => !only || only.includes(k.name))) {
    const spec = specOf(c);
    const hps = expandPopulation(spec);
    const ds = loadDataset(spec.dataset);
    const probe = makeProbeSet(ds, spec.probe.n, spec.probe.seed);
    const d = dataShape(ds, probe);
    // As the training worker does: the spec's groups are timed (once per backend and dataset), then estimated.
    const est: Record<'wall' | 'cpu', { seconds: number; measuring: number; measured: number }> = {} as never;
    for (const k of ['wall', 'cpu'] as const) {
      const cal = await calibrateThroughput(tf, ds, probe, hps, {
        previous: calibrations[k].get(c.dataset),
        clock: clocks[k],
        budgetSeconds: BUDGET_SECONDS,
      });
      calibrations[k].set(c.dataset, cal);
      est[k] = { seconds: estimateSeconds(hps, d, cal), measuring: cal.measuredSeconds, measured: measuredGroups(hps, cal).measured };
    }
    const t0 = performance.now();
    const c0 = cpuMs();
    await runPopulation(tf, ds, probe, spec);
    const wall = (performance.now() - t0) / 1000;
    const cpu = (cpuMs() - c0) / 1000;
    const groups = groupForBatching(hps).length;
    rows.push([
      c.name,
      String(hps.length),
      `${est.wall.measured}/${groups}`,
      est.wall.measuring.toFixed(1),
      est.wall.seconds.toFixed(1),
      wall.toFixed(1),
      (est.wall.seconds / wall).toFixed(2),
      est.cpu.seconds.toFixed(1),
      cpu.toFixed(1),
      (est.cpu.seconds / cpu).toFixed(2),
    ]);
    console.log(rows[rows.length - 1].join('  '));
  }
  const head = [
    'population',
    'nets',
    'timed groups',
    'measuring s',
    'est wall s',
    'actual wall s',
    'wall ratio',
    'est cpu s',
    'actual cpu s',
    'cpu ratio',
  ];
  const all = [head, ...rows];
  const w = head.map((_, k) => Math.max(...all.map((r) => r[k].length)));
  console.log(`\nbackend ${backend}; ratio = estimate / actual`);
  for (const r of all) console.log(r.map((v, k) => v.padEnd(w[k])).join('  '));
  const worst = (col: number) => Math.max(...rows.map((r) => Number(r[col])).map((x) => Math.max(x, 1 / x))).toFixed(2);
  console.log(`worst ratio: wall ${worst(6)}x, cpu ${worst(9)}x (goal ≤ 1.5x)`);
}

/** The training worker's measuring budget (train.worker.ts). */
const BUDGET_SECONDS = 4;
