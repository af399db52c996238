// `npm run bench -- search [--seeds 6 --dataset digits --initial 12 --rounds 4 --per-round 6 --epochs 4 --probe 128 --backend wasm --rule manifold --perturb]`
// Guided search (the manifold's top region, "Train more like these") against
// random proposals from the same space with the same budget (METHODS §6 step
// 3), over several seeds: per-seed final best test accuracy and area under the
// best-so-far curve, the mean curves, and on how many seeds guided beat random.
// Prints figures only; it asserts nothing.
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../src/core/datasets';
import { makeProbeSet } from '../src/core/probe';
import { trainPopulationBatched } from '../src/core/train/batched';
import { embedPopulation } from '../src/core/pipeline';
import { selectBackend, type BackendName } from '../src/core/backend';
import { registerNodeWasm } from '../src/cli/demo';
import { runSearch, searchBudget, type SearchConfig } from '../src/core/search/search-loop';
import { REGION_RULES, type RegionRule } from '../src/core/search/region';
import { compareArms, curveArea, meanCurve } from '../src/core/search/curves';
import type { DatasetName, HyperParamSpace } from '../src/core/types';

interface Args {
  seeds: number;
  dataset: DatasetName;
  initial: number;
  rounds: number;
  perRound: number;
  epochs: number;
  probe: number;
  backend: BackendName;
  rule: RegionRule;
  topFraction: number;
  perturb: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (k: string) => {
    const i = argv.indexOf(`--${k}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (k: string, d: number) => (get(k) === undefined ? d : Number(get(k)));
  const rule = (get('rule') ?? 'manifold') as RegionRule;
  if (!REGION_RULES.includes(rule)) throw new Error(`--rule must be one of ${REGION_RULES.join(', ')}`);
  const dataset = (get('dataset') ?? 'digits') as DatasetName;
  if (dataset !== 'digits' && dataset !== 'moons') throw new Error('--dataset must be digits or moons');
  return {
    seeds: num('seeds', 6),
    dataset,
    initial: num('initial', 12),
    rounds: num('rounds', 4),
    perRound: num('per-round', 6),
    epochs: num('epochs', 4),
    probe: num('probe', 128),
    backend: (get('backend') ?? 'wasm') as BackendName,
    rule,
    topFraction: num('top', 0.25),
    perturb: argv.includes('--perturb'),
  };
}

/** Tiny MLPs with a wide learning-rate range: with few epochs the rate and optimizer decide most of the accuracy. */
function searchSpace(epochs: number): HyperParamSpace {
  return {
    depth: [1, 2],
    width: [8, 16, 32],
    activation: ['relu', 'tanh', 'sigmoid'],
    optimizer: ['sgd', 'adam'],
    learningRate: [1e-4, 1e-3, 1e-2, 1e-1, 1],
    batchSize: [32],
    epochs: [epochs],
    dropout: [0],
    l2: [0],
    init: ['glorot_uniform'],
    seed: [1, 2],
  };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '  —  ');
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

export async function run(argv: string[]): Promise<void> {
  const a = parseArgs(argv);
  if (a.backend === 'wasm') registerNodeWasm();
  const backend = await selectBackend(tf, [a.backend]);
  const ds = loadDataset({ name: a.dataset, seed: 1 });
  const probe = makeProbeSet(ds, a.probe, 1);
  const space = searchSpace(a.epochs);
  const budget = searchBudget({ initial: a.initial, rounds: a.rounds, perRound: a.perRound });
  const perSeed = a.initial + 2 * a.rounds * a.perRound;
  console.log(
    `search bench: ${a.dataset} (${ds.yTrain.length} train / ${ds.yTest.length} test rows), probe ${probe.n}, tfjs ${backend.name}`,
  );
  console.log(
    `space: depth ${space.depth.join('/')} × width ${space.width.join('/')} × ${space.activation.join('/')} × ${space.optimizer.join('/')} × ` +
      `lr ${space.learningRate.join('/')}, batch 32, ${a.epochs} epochs`,
  );
  console.log(
    `budget per arm: ${budget} networks (round 0: ${a.initial} random, shared; then ${a.rounds} rounds × ${a.perRound}); ` +
      `${perSeed} networks trained per seed, ${a.seeds} seeds = ${perSeed * a.seeds} networks`,
  );
  console.log(
    `guided region: top ${Math.round(a.topFraction * 100)}% by ${a.rule === 'manifold' ? 'test accuracy smoothed over the PHATE kNN graph (k = 5)' : 'raw test accuracy (no manifold)'}` +
      (a.perturb
        ? '; proposals may also step to the neighbouring values of the space (--perturb)'
        : "; proposals from the region's own values (the Train-more-like-these sampler)"),
  );
  console.log('');

  const t0 = performance.now();
  const runs: { seed: number; guided: Float64Array; random: Float64Array; fallbacks: number }[] = [];
  for (let s = 1; s <= a.seeds; s++) {
    const ts = performance.now();
    const config: SearchConfig = {
      space,
      initial: a.initial,
      rounds: a.rounds,
      perRound: a.perRound,
      seed: s,
      region: { rule: a.rule, topFraction: a.topFraction },
      perturb: a.perturb,
    };
    const r = await runSearch(
      config,
      async ({ hps }) => trainPopulationBatched(tf, ds, probe, hps),
      async (nets) => {
        const e = await embedPopulation(nets, probe);
        return { coords: e.embedding.embedding, dim: e.embedding.nComponents };
      },
    );
    const fallbacks = r.guided.rounds.filter((x) => x.region?.fallback).length;
    runs.push({ seed: s, guided: r.guided.bestSoFar, random: r.random.bestSoFar, fallbacks });
    const g = r.guided.bestSoFar;
    const q = r.random.bestSoFar;
    const sizes = r.guided.rounds.map((x) => x.region?.size ?? 0).join('/');
    console.log(
      `seed ${s}: round 0 best ${f3(g[a.initial - 1])} · final best guided ${f3(g[budget - 1])} random ${f3(q[budget - 1])} · ` +
        `area guided ${f3(curveArea(g))} random ${f3(curveArea(q))} · region sizes ${sizes}${fallbacks ? ` · ${fallbacks} rounds fell back to accuracy` : ''} · ${((performance.now() - ts) / 1000).toFixed(0)} s`,
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  const mg = meanCurve(runs.map((r) => r.guided));
  const mr = meanCurve(runs.map((r) => r.random));
  console.log('');
  console.log(`mean best-so-far test accuracy over ${a.seeds} seeds (networks trained per arm → guided / random):`);
  const marks = [a.initial, ...Array.from({ length: a.rounds }, (_, i) => a.initial + (i + 1) * a.perRound)];
  for (const m of marks) console.log(`  ${String(m).padStart(4)}  ${f3(mg[m - 1])} / ${f3(mr[m - 1])}`);
  // Area after round 0 too: round 0 is shared, so the difference is all in the later rounds.
  const pairs = runs.map((r) => ({
    guided: { final: r.guided[budget - 1], area: curveArea(r.guided) },
    random: { final: r.random[budget - 1], area: curveArea(r.random) },
  }));
  const c = compareArms(pairs);
  const after = runs.map((r) => curveArea(r.guided, a.initial) - curveArea(r.random, a.initial));
  console.log('');
  console.log(
    `area under the best-so-far curve (mean over networks trained): guided ${f3(pairs.reduce((s, p) => s + p.guided.area, 0) / pairs.length)}, ` +
      `random ${f3(pairs.reduce((s, p) => s + p.random.area, 0) / pairs.length)} (guided − random ${signed(c.meanAreaDiff)}; over the rounds after round 0 ${signed(after.reduce((s, x) => s + x, 0) / after.length)})`,
  );
  console.log(`final best: guided − random ${signed(c.meanFinalDiff)} on average`);
  console.log(
    `guided beat random on ${c.wins} of ${a.seeds} seeds (final best), tied on ${c.ties}, lost on ${c.losses}; ` +
      `its area was larger on ${pairs.filter((p) => p.guided.area > p.random.area + 1e-9).length} of ${a.seeds}`,
  );
  const p = c.signTestP;
  const ahead = c.meanFinalDiff > 0 && c.meanAreaDiff > 0;
  const verdict =
    p < 0.05 && c.wins > c.losses
      ? 'guided search beat random here'
      : p < 0.05 && c.losses > c.wins
        ? 'guided search did worse than random here'
        : `no clear difference: guided ${ahead ? 'was ahead on average' : c.meanFinalDiff < 0 && c.meanAreaDiff < 0 ? 'was behind on average' : 'was mixed'}, but the seeds split ${c.wins}:${c.losses}`;
  console.log(`sign test over the seeds that did not tie (final best): p = ${p.toFixed(3)}`);
  console.log(`verdict: ${verdict} (${a.seeds} seeds, one dataset, one space)`);
  console.log(`total ${seconds.toFixed(0)} s`);
}
