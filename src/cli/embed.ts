// `netmanifold embed (--activations BUNDLE | --raw FILE) --out OUT [options]`:
// embeds a large population (N >= 20,000 is the design point) with the same
// code as the app: diffusion distances under an operator memory budget
// (block pairs, operators recomputed), float32 distances and landmark PHATE
// above 2,000 networks, no N×N float64 copy above 4,000 (distance/budget.ts).
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PHATE_PARAMS, DEFAULT_N_LANDMARK, PHATE_SOLVERS, PhateEngine } from '../core/phate';
import { embedPopulation } from '../core/pipeline';
import { encodePopulation } from '../core/bundle';
import { importActivationBundle } from '../core/import/activation-bundle';
import { withDatasetFiles } from './dataset-files';
import { writeNpy } from '../core/import/npy';
import type { PhateParams, Population, Progress } from '../core/types';
import { readRawData, readRawHeader } from './raw-format';

const USAGE = `usage: netmanifold embed (--activations BUNDLE | --raw FILE) --out OUT [options]

inputs:
  --activations B   an activation bundle (.zip or manifest .json; docs/activation-bundle.md)
  --raw FILE        a netmanifold-raw float32 file (docs/scale.md):
                      kind "activations", shape [N, n, d]: one hidden layer of n probe rows per network
                      kind "distances",   shape [N, N]:    a precomputed distance matrix (PHATE only)
output:
  --out OUT         activations: a population bundle the app opens (gzipped JSON, e.g. OUT.nmpop)
                    distances:   {"embedding", "t", "vne", "components"} JSON, as 'netmanifold phate' writes
options:
  --budget-mb M     memory the distances may plan for (default 2048); above it the run stops with a message
  --landmarks L     landmarks above L networks (default ${DEFAULT_N_LANDMARK}, as the reference's n_landmark)
  --solver S        ${PHATE_SOLVERS.join(' | ')} (default ${DEFAULT_PHATE_PARAMS.solver})
  --dims D          embedding dimensions (default ${DEFAULT_PHATE_PARAMS.nComponents})
  --t T             diffusion time or 'auto' (default auto)
  --knn K           kernel neighbours (default ${DEFAULT_PHATE_PARAMS.knn})
  --name NAME       population name (default from OUT)
  --help            this text`;

interface EmbedArgs {
  activations?: string;
  raw?: string;
  out: string;
  budgetBytes: number;
  nLandmark: number;
  name?: string;
  params: Partial<PhateParams>;
}

function num(flag: string, v: string | undefined): number {
  const x = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(x)) throw new Error(`embed: ${flag} needs a number, got '${v ?? ''}'`);
  return x;
}

export function parseEmbedArgs(argv: string[]): EmbedArgs | null {
  const a: EmbedArgs = { out: '', budgetBytes: 2048 * 2 ** 20, nLandmark: DEFAULT_N_LANDMARK, params: {} };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = argv[i + 1];
    const take = (): string => {
      i++;
      if (v === undefined) throw new Error(`embed: ${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return null;
      case '--activations': a.activations = take(); break; // prettier-ignore
      case '--raw': a.raw = take(); break; // prettier-ignore
      case '--out': a.out = take(); break; // prettier-ignore
      case '--name': a.name = take(); break; // prettier-ignore
      case '--budget-mb': a.budgetBytes = num(flag, take()) * 2 ** 20; break; // prettier-ignore
      case '--landmarks': a.nLandmark = num(flag, take()); break; // prettier-ignore
      case '--solver': a.params.solver = take() as PhateParams['solver']; break; // prettier-ignore
      case '--dims': a.params.nComponents = num(flag, take()); break; // prettier-ignore
      case '--knn': a.params.knn = num(flag, take()); break; // prettier-ignore
      case '--t': { const t = take(); a.params.t = t === 'auto' ? 'auto' : num(flag, t); break; } // prettier-ignore
      default:
        throw new Error(`embed: unknown option '${flag}'\n\n${USAGE}`);
    }
  }
  if (!a.activations === !a.raw) throw new Error(`embed: give exactly one of --activations or --raw\n\n${USAGE}`);
  if (!a.out) throw new Error(`embed: --out OUT is required\n\n${USAGE}`);
  return a;
}

/** Progress on stderr, at most every 2 s per stage. */
function progressPrinter(): (p: Progress) => void {
  let last = 0;
  let stage = '';
  return (p) => {
    const t = Date.now();
    if (p.stage === stage && t - last < 2000 && p.done < p.total) return;
    last = t;
    stage = p.stage;
    process.stderr.write(`  ${p.stage} ${p.done}/${p.total}${p.message ? ` — ${p.message}` : ''}\n`);
  };
}

/** A raw [N, n, d] activation file as an in-memory activation bundle (same validation as the app's importer). */
export function rawActivationsToPopulation(file: string, name: string): Population {
  const { header, dataOffset } = readRawHeader(file);
  if (header.kind !== 'activations') throw new Error(`${file}: expected kind "activations", got "${header.kind}"`);
  const [N, n, d] = header.shape;
  const data = readRawData(file, dataOffset, N * n * d);
  const files: Record<string, Uint8Array> = {};
  const networks = Array.from({ length: N }, (_, i) => {
    const key = `a/${i}.npy`;
    files[key] = writeNpy(data.subarray(i * n * d, (i + 1) * n * d), [n, d]);
    return { id: `net-${i}`, activations: [key] };
  });
  const manifest = {
    format: 'netmanifold-activations',
    version: 1,
    name,
    generator: 'netmanifold embed --raw',
    dataset: { name: 'raw-activations', input_dim: 1, num_classes: 1 },
    probe: { labels: new Array(n).fill(0) },
    networks,
  };
  return importActivationBundle(manifest, { files }).population;
}

export async function run(argv: string[]): Promise<void> {
  const args = parseEmbedArgs(argv);
  if (!args) {
    console.log(USAGE);
    return;
  }
  const onProgress = progressPrinter();
  const t0 = performance.now();
  const name = args.name ?? path.basename(args.out).replace(/\.(nmpop|json|gz)$/, '');
  if (args.raw && readRawHeader(args.raw).header.kind === 'distances') {
    const { header, dataOffset } = readRawHeader(args.raw);
    const N = header.shape[0];
    if (N * N * 4 > args.budgetBytes)
      throw new Error(
        `embed: the ${N}×${N} float32 matrix (${((N * N * 4) / 2 ** 30).toFixed(2)} GB) is above --budget-mb ${args.budgetBytes / 2 ** 20}`,
      );
    const D = readRawData(args.raw, dataOffset, N * N);
    const res = await new PhateEngine(D, N, { ...args.params, nLandmark: args.nLandmark }).fit({ onProgress });
    const k = res.nComponents;
    const embedding = Array.from({ length: N }, (_, i) => Array.from(res.embedding.subarray(i * k, i * k + k)));
    fs.writeFileSync(args.out, JSON.stringify({ embedding, t: res.t, vne: Array.from(res.vne), components: res.components }));
    console.log(`embed: N=${N} t=${res.t} components=${res.components} -> ${args.out} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return;
  }
  let pop: Population;
  if (args.raw) pop = rawActivationsToPopulation(args.raw, name);
  else {
    const bytes = fs.readFileSync(args.activations!);
    // A bundle that declares "mnist" is checked against public/data's file, read only then.
    pop = withDatasetFiles(
      () => importActivationBundle(args.activations!.endsWith('.json') ? bytes.toString('utf8') : new Uint8Array(bytes)).population,
    );
  }
  const N = pop.networks.length;
  process.stderr.write(`embed: ${N} networks, ${pop.probe.n} probe points\n`);
  const emb = await embedPopulation(pop.networks, pop.probe, {
    phate: args.params,
    memoryBudgetBytes: args.budgetBytes,
    onProgress,
    nLandmark: args.nLandmark,
  });
  const out: Population = {
    ...pop,
    provenance: { ...pop.provenance, metric: { name: 'diffusion', ...emb.metric }, phate: emb.phate },
    distances: emb.distances,
    embedding: emb.embedding,
  };
  fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  fs.writeFileSync(args.out, encodePopulation(out));
  console.log(
    `embed: ${emb.included.length} of ${N} networks embedded, t=${emb.embedding.t}, ${emb.embedding.components} component(s)` +
      `${emb.distances ? '' : ' (distances not stored: above 4,000 networks)'} -> ${args.out} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
