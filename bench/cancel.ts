// Cooperative cancel (docs/jobs.md): what yielding costs and how soon a cancel lands.
//   npm run bench -- cancel [--networks 200] [--probes 128] [--reps 3]
// Prints, in one run: diffusion distances run synchronously (drainSteps) vs as
// steps that give the event loop a turn every 50 ms (runSteps), and the delay
// between a cancel queued as a macrotask (what a worker's cancel message is)
// and the run's rejection, inside the distance stage and inside PHATE.
import { drainSteps, isCancelled, runSteps } from '../src/core/cancel';
import { diffusionDistanceSteps } from '../src/core/distance';
import { EmbeddingSession } from '../src/core/embedding-session';
import { mulberry32, randn } from '../src/core/random';
import type { NetworkRecord, ProbeSet } from '../src/core/types';

function arg(argv: string[], name: string, dflt: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(argv: string[]): Promise<void> {
  const N = arg(argv, 'networks', 200);
  const n = arg(argv, 'probes', 128);
  const reps = arg(argv, 'reps', 3);
  const rng = mulberry32(1);
  const probe: ProbeSet = {
    seed: 1,
    n,
    inputDim: 2,
    indices: Int32Array.from({ length: n }, (_, i) => i),
    x: Float32Array.from({ length: n * 2 }, () => randn(rng)),
    labels: Int32Array.from({ length: n }, (_, i) => i % 2),
  };
  const layers = Array.from({ length: N }, () => ({ width: 8, data: Float32Array.from({ length: n * 8 }, () => randn(rng)) }));
  const networks = layers.map(
    (L, i): NetworkRecord =>
      ({
        id: `n${i}`,
        hp: { widths: [8] },
        status: 'ok',
        history: [],
        final: { epoch: 1, trainLoss: 0, trainAcc: 0, testLoss: 0, testAcc: 0 },
        layers: [{ layer: 0, ...L }],
      }) as unknown as NetworkRecord,
  );

  const sync: number[] = [];
  const steps: number[] = [];
  // Alternating which goes first, so warm-up and the machine's load fall on both.
  for (let r = 0; r < reps; r++) {
    for (const asSteps of r % 2 ? [true, false] : [false, true]) {
      const t = performance.now();
      if (asSteps) await runSteps(diffusionDistanceSteps(layers, n));
      else drainSteps(diffusionDistanceSteps(layers, n));
      (asSteps ? steps : sync).push(performance.now() - t);
    }
  }
  console.log(`diffusion distances, ${N} networks × ${n} probes (median of ${reps}):`);
  console.log(
    `  synchronous (drainSteps) ${median(sync).toFixed(0)} ms; as steps yielding every 50 ms (runSteps) ${median(steps).toFixed(0)} ms`,
  );
  console.log(`  ratio steps / synchronous: ${(median(steps) / median(sync)).toFixed(3)}`);

  // Cancel latency: the cancel is queued (setTimeout 0) when the stage's first progress arrives.
  for (const stage of ['distance:', 'mds']) {
    const delays: number[] = [];
    for (let r = 0; r < reps; r++) {
      let flag = false;
      let queuedAt = 0;
      const session = new EmbeddingSession(networks, probe);
      const p = session.run(
        { metric: 'diffusion', layer: 'last', phate: {} },
        {
          isCancelled: () => flag,
          onProgress: (pr) => {
            if (!queuedAt && pr.stage.startsWith(stage)) {
              queuedAt = performance.now();
              setTimeout(() => (flag = true), 0);
            }
          },
        },
      );
      const outcome = await p.then(
        () => 'finished',
        (e: unknown) => (isCancelled(e) ? 'cancelled' : String(e)),
      );
      if (outcome !== 'cancelled') {
        console.log(`  cancel in ${stage}: the run ${outcome} first`);
        continue;
      }
      delays.push(performance.now() - queuedAt);
    }
    if (delays.length)
      console.log(
        `cancel queued at the start of ${stage}: rejected with CancelledError after ${median(delays).toFixed(0)} ms (median of ${delays.length})`,
      );
  }
  console.log('(one shared machine; figures are for comparison within this run)');
}
