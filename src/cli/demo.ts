// `netmanifold demo`: train the shipped demo population (digits MLPs spanning
// good and bad configurations), embed it (diffusion distances + PHATE) and
// write the gzipped bundle plus public/demo/index.json.
import { hiddenLayerWidths } from '../core/architecture';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend, type BackendName } from '../core/backend';
import { DATASET_INFO, DATASET_NAMES } from '../core/datasets';
import { datasetFilePath, provideDatasetFromDisk } from './dataset-files';
import { trainPopulation } from '../core/train/train-population';
import { embedPopulation } from '../core/pipeline';
import { encodePopulation } from '../core/bundle';
import type { DatasetName, HyperParamSpace, NetworkRecord, Population, PopulationSpec } from '../core/types';
import type { ArchitectureName } from '../core/types';
import { ACTIVATION_NAMES, ARCHITECTURE_NAMES, OPTIMIZER_NAMES } from '../core/types';
import { expandBalanced } from '../core/population/spec';

const VERSION = '0.1.0';

export interface DemoOptions {
  out: string;
  count: number;
  epochs: number;
  probe: number;
  seed: number;
  dataset: DatasetName;
  /** Points of the dataset (synthetic sets: generated; mnist: a stratified subset); unset = its default. */
  samples?: number;
  backend: BackendName[];
  /**
   * Checkpoint epochs besides the final one. Each costs ~1.6 MB in the
   * 120-network demo (float16 barely gzips), so the default keeps two.
   */
  checkpoints: number[];
  /** Hidden layers kept in checkpoints: only the last (small bundle) or all. */
  checkpointLayers: 'last' | 'all';
  activations: 'float16' | 'float32';
  /** Families to train, the count split evenly over them (default MLPs only). */
  architectures: ArchitectureName[];
  /** Bundle id and index.json entry name; default from --out. */
  id?: string;
}

const DEFAULTS: DemoOptions = {
  out: 'public/demo/digits-mlp.nmpop',
  count: 120,
  epochs: 20,
  probe: 256,
  seed: 7,
  dataset: 'digits',
  backend: ['wasm', 'cpu'],
  checkpoints: [0, 8],
  checkpointLayers: 'last',
  activations: 'float16',
  architectures: ['mlp'],
};

const USAGE = `usage: netmanifold demo [options]

Trains a population of MLPs spanning good and bad configurations (depth 1-3,
width 8-64, six activations, four optimizers, learning rates 1e-4..3 on a log
scale including diverging ones, dropout, L2, initialisers, seeds), computes
diffusion-operator distances and PHATE, and writes a gzipped bundle.

options:
  --out FILE            bundle path (default ${DEFAULTS.out}); index.json is written beside it
  --count N             number of networks (default ${DEFAULTS.count})
  --epochs E            epochs per network (default ${DEFAULTS.epochs})
  --probe N             probe set size (default ${DEFAULTS.probe})
  --seed S              seed of dataset split, probe and sampling (default ${DEFAULTS.seed})
  --dataset NAME        ${DATASET_NAMES.join(' | ')} (default ${DEFAULTS.dataset})
  --samples N           points of the dataset: synthetic sets generate N, mnist draws N of its 10,000 (default: the set's own)
  --backend LIST        comma-separated TF.js backends to try (default ${DEFAULTS.backend.join(',')})
  --checkpoints LIST    epochs whose probe activations are kept besides the final (default ${DEFAULTS.checkpoints.join(',')})
  --checkpoint-layers   last | all: hidden layers kept at checkpoints (default ${DEFAULTS.checkpointLayers})
  --activations         float16 | float32 storage in the bundle (default ${DEFAULTS.activations})
  --architectures LIST  families to train, ${ARCHITECTURE_NAMES.join(',')}; the count is split evenly over them
                        (default ${DEFAULTS.architectures.join(',')})
  --id ID               bundle id (default: the --out file name)
  --help                this text`;

function num(flag: string, v: string | undefined, integer = true): number {
  const x = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
    throw new Error(`${flag} needs ${integer ? 'an integer' : 'a number'}, got '${v ?? ''}'`);
  }
  return x;
}

export function parseDemoArgs(argv: string[]): DemoOptions | null {
  const o: DemoOptions = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = argv[i + 1];
    const take = () => {
      i++;
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return null;
      case '--out':
        o.out = take();
        break;
      case '--count':
        o.count = num(flag, take());
        break;
      case '--epochs':
        o.epochs = num(flag, take());
        break;
      case '--probe':
        o.probe = num(flag, take());
        break;
      case '--seed':
        o.seed = num(flag, take());
        break;
      case '--dataset': {
        const d = take() as DatasetName;
        if (!DATASET_NAMES.includes(d)) throw new Error(`--dataset must be one of ${DATASET_NAMES.join(', ')}`);
        o.dataset = d;
        break;
      }
      case '--id':
        o.id = take();
        break;
      case '--samples':
        o.samples = num(flag, take());
        break;
      case '--backend':
        o.backend = take().split(',') as BackendName[];
        break;
      case '--checkpoints':
        o.checkpoints = take()
          .split(',')
          .filter(Boolean)
          .map((s) => num(flag, s));
        break;
      case '--checkpoint-layers': {
        const c = take();
        if (c !== 'last' && c !== 'all') throw new Error('--checkpoint-layers must be last or all');
        o.checkpointLayers = c;
        break;
      }
      case '--activations': {
        const a = take();
        if (a !== 'float16' && a !== 'float32') throw new Error('--activations must be float16 or float32');
        o.activations = a;
        break;
      }
      case '--architectures': {
        const list = take().split(',').filter(Boolean) as ArchitectureName[];
        const bad = list.find((a) => !ARCHITECTURE_NAMES.includes(a));
        if (bad !== undefined || list.length === 0) throw new Error(`--architectures takes a list of ${ARCHITECTURE_NAMES.join(', ')}`);
        o.architectures = [...new Set(list)];
        break;
      }
      default:
        throw new Error(`unknown option '${flag}'\n\n${USAGE}`);
    }
  }
  if (o.count < 3) throw new Error('--count must be at least 3');
  if (o.epochs < 1) throw new Error('--epochs must be at least 1');
  return o;
}

/**
 * The demo's hyperparameter space: wide on purpose, so that test accuracy runs
 * from chance (tiny rates, sigmoid + sgd, exploding rates) to ~97%.
 */
export function demoSpace(epochs: number, architectures: ArchitectureName[] = ['mlp']): HyperParamSpace {
  return {
    architecture: [...architectures],
    // CNN: 1-2 conv layers of 4-8 channels, 3x3, max/avg pooling (5x5 kernels and unpooled
    // 28x28 second layers cost 3-8x more on the CPU and changed little in a trial)
    convDepth: [1, 2],
    channels: [4, 8],
    kernel: [3],
    pooling: ['max', 'avg'],
    // attention: 1-2 blocks, width 16 or 32, 1-2 heads
    blocks: [1, 2],
    embedDim: [16, 32],
    heads: [1, 2],
    depth: [1, 2, 3],
    width: [8, 16, 32, 64],
    activation: [...ACTIVATION_NAMES],
    optimizer: [...OPTIMIZER_NAMES],
    // log scale 1e-4 .. 3 in half decades, the useful middle listed twice (drawn
    // twice as often) so that not half the population sits at chance; the top
    // values diverge or stall for most optimizers
    learningRate: [1e-4, 3e-4, 1e-3, 1e-3, 3e-3, 3e-3, 1e-2, 1e-2, 3e-2, 3e-2, 0.1, 0.3, 1, 3],
    batchSize: [32, 64, 128],
    epochs: [epochs],
    dropout: [0, 0, 0.1, 0.3],
    l2: [0, 0, 1e-4, 1e-3],
    init: ['glorot_uniform', 'he_normal', 'lecun_normal'],
    seed: Array.from({ length: 1000 }, (_, i) => i),
  };
}

/** Point tfjs-backend-wasm at its .wasm files in node_modules (Node has no fetch of relative URLs). */
export function registerNodeWasm(): void {
  const req = createRequire(import.meta.url);
  const main = req.resolve('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(path.dirname(main) + path.sep);
}

/** Keep only the last hidden layer in checkpoints (bundle size). */
function trimCheckpoints(net: NetworkRecord): NetworkRecord {
  if (!net.checkpoints) return net;
  const last = hiddenLayerWidths(net.hp).length - 1;
  return { ...net, checkpoints: net.checkpoints.map((c) => ({ epoch: c.epoch, layers: c.layers.filter((l) => l.layer === last) })) };
}

/** How a demo's name and description count a family's networks. */
const FAMILY_PLURAL: Record<ArchitectureName, string> = { mlp: 'MLPs', cnn: 'CNNs', attention: 'attention nets' };

/** 'A', 'A and B', 'A, B and C'. */
function familyList(xs: string[]): string {
  return xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

function mixedDescription(
  nets: NetworkRecord[],
  opts: DemoOptions,
  nTrain: number,
  nTest: number,
  label: string,
  probe: number,
  accs: number[],
): string {
  const per = opts.architectures.map((a) => `${nets.filter((n) => n.hp.architecture === a).length} ${FAMILY_PLURAL[a]}`);
  const ckpt = opts.checkpoints.filter((e) => e < opts.epochs);
  const count = ['one', 'two', 'three'][opts.architectures.length - 1] ?? String(opts.architectures.length);
  return (
    `${nets.length} networks of ${count} ${opts.architectures.length === 1 ? 'family' : 'families'} on one manifold (${per.join(', ')}), trained on ${label} (${nTrain} train / ${nTest} test images) for ${opts.epochs} epochs, ` +
    `with probe activations stored at epochs ${[...ckpt, opts.epochs].join(', ')}: CNNs of 1–2 conv layers (4–8 channels, 3×3, max/avg pooling), ` +
    `attention encoders of 1–2 blocks (width 16–32, 1–2 heads), MLPs of depth 1–3 and width 8–64; six activations, four optimizers, learning rates 1e-4 to 3. ` +
    `Test accuracy ${accs[0]?.toFixed(2)}–${accs[accs.length - 1]?.toFixed(2)}. Diffusion-operator distance on the last hidden layer over ${probe} probe images, PHATE in 3-D.`
  );
}

function fmtSeconds(s: number): string {
  return s < 90 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export async function run(argv: string[]): Promise<void> {
  const opts = parseDemoArgs(argv);
  if (!opts) {
    console.log(USAGE);
    return;
  }
  const tStart = performance.now();
  if (opts.backend.includes('wasm')) registerNodeWasm();
  const backend = await selectBackend(tf, opts.backend);
  console.log(`backend: ${backend.name} (${backend.tried.map((t) => `${t.name}: ${t.reason}`).join('; ')})`);

  const info = DATASET_INFO[opts.dataset];
  const readMs = provideDatasetFromDisk(opts.dataset);
  if (readMs) console.log(`dataset file: ${datasetFilePath(opts.dataset)} read and checked in ${readMs.toFixed(0)} ms`);
  const spec: PopulationSpec = {
    dataset: { name: opts.dataset, seed: opts.seed, ...(opts.samples ? { samples: opts.samples } : {}) },
    space: demoSpace(opts.epochs, opts.architectures),
    sampling: 'random',
    count: opts.count,
    seed: opts.seed,
    probe: { n: opts.probe, seed: opts.seed },
    // final activations are stored separately, so the last epoch is not repeated here
    checkpointEpochs: opts.checkpoints.filter((e) => e < opts.epochs),
  };

  let lastLine = 0;
  const trained = await trainPopulation(
    tf,
    spec,
    {
      onNetwork: (rec, i) => {
        const f = rec.final;
        console.log(
          `[${String(i + 1).padStart(3)}/${opts.count}] ${rec.id.padEnd(34)} ${rec.status.padEnd(8)} test acc ${f.testAcc.toFixed(3)} ` +
            `loss ${Number.isFinite(f.testLoss) ? f.testLoss.toFixed(3) : String(f.testLoss)} ${(rec.trainSeconds ?? 0).toFixed(1)} s` +
            (rec.statusReason ? `  (${rec.statusReason})` : ''),
        );
      },
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastLine > 30_000) {
          lastLine = now;
          console.log(`  … ${p.done}/${p.total} epochs, ${fmtSeconds((now - tStart) / 1000)} elapsed`);
        }
      },
    },
    expandBalanced(spec),
  );
  const trainSeconds = (performance.now() - tStart) / 1000;
  const nets = trained.networks;
  const accs = nets
    .map((n) => n.final.testAcc)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const diverged = nets.filter((n) => n.status === 'diverged').length;
  console.log(
    `trained ${nets.length} networks in ${fmtSeconds(trainSeconds)} on ${backend.name}; ${diverged} diverged; ` +
      `test acc min ${accs[0]?.toFixed(3)} median ${accs[Math.floor(accs.length / 2)]?.toFixed(3)} max ${accs[accs.length - 1]?.toFixed(3)}`,
  );

  const tEmbed = performance.now();
  const emb = await embedPopulation(nets, trained.probe);
  console.log(
    `embedded in ${fmtSeconds((performance.now() - tEmbed) / 1000)}: t = ${emb.embedding.t}, ${emb.embedding.components} component(s), ` +
      `${emb.included.length} embedded, ${emb.excluded.length} excluded`,
  );

  const mixed = opts.architectures.length > 1 || opts.architectures[0] !== 'mlp';
  const name = mixed
    ? `${info.label}: ${familyList(opts.architectures.map((a) => FAMILY_PLURAL[a]))} (${nets.length} networks)`
    : `${info.label} MLPs (${nets.length} networks)`;
  const pop: Population = {
    id: opts.id ?? path.basename(opts.out).replace(/\.nmpop$/, ''),
    name,
    provenance: {
      dataset: trained.dataset.spec,
      probe: spec.probe,
      metric: { name: 'diffusion', ...emb.metric },
      phate: emb.phate,
      generator: `netmanifold demo ${VERSION} (tfjs ${backend.name})`,
      createdAt: new Date().toISOString(),
    },
    probe: trained.probe,
    networks: opts.checkpointLayers === 'last' ? nets.map(trimCheckpoints) : nets,
    distances: emb.distances,
    embedding: emb.embedding,
  };
  const bytes = encodePopulation(pop, { activations: opts.activations });
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, bytes);

  const indexPath = path.join(path.dirname(opts.out), 'index.json');
  const entry = {
    id: pop.id,
    name,
    file: path.basename(opts.out),
    description: mixed
      ? mixedDescription(nets, opts, trained.dataset.yTrain.length, trained.dataset.yTest.length, info.label, trained.probe.n, accs)
      : `${nets.length} MLPs trained on the ${info.label.toLowerCase()} dataset (${trained.dataset.yTrain.length} train / ${trained.dataset.yTest.length} test images) ` +
        `for ${opts.epochs} epochs: depth 1–3, width 8–64, six activations, four optimizers, learning rates 1e-4 to 3 (some diverge), dropout, L2. ` +
        `Test accuracy ${accs[0]?.toFixed(2)}–${accs[accs.length - 1]?.toFixed(2)}. Diffusion-operator distance on ${trained.probe.n} probe images, PHATE in 3-D.`,
  };
  let index: (typeof entry)[] = [];
  if (fs.existsSync(indexPath)) {
    try {
      index = JSON.parse(fs.readFileSync(indexPath, 'utf8')) as (typeof entry)[];
    } catch {
      index = [];
    }
  }
  // regenerating a demo keeps its place (the first entry is the default demo); a new one is appended
  const at = index.findIndex((e) => e.id === entry.id);
  if (at >= 0) index[at] = entry;
  else index.push(entry);
  fs.writeFileSync(indexPath, JSON.stringify(index, null, 2) + '\n');
  console.log(`wrote ${opts.out} (${(bytes.length / 1e6).toFixed(2)} MB) and ${indexPath}`);
  console.log(`total ${fmtSeconds((performance.now() - tStart) / 1000)}`);
}
