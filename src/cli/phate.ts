// `netmanifold phate --distances IN.json --out OUT.json [options]`:
// PHATE of a precomputed distance matrix, exact reference path by default.
import fs from 'node:fs';
import { runPhate, DEFAULT_PHATE_PARAMS, PHATE_SOLVERS } from '../core/phate';
import type { PhateParams } from '../core/types';

const USAGE = `usage: netmanifold phate --distances IN.json --out OUT.json [options]

IN.json:  {"distances": number[][]}  (symmetric, zero diagonal, N >= 3)
OUT.json: {"embedding": number[][], "t": number, "vne": number[], "components": number}

options:
  --knn K        neighbours for the kernel bandwidth (default ${DEFAULT_PHATE_PARAMS.knn})
  --decay A      kernel decay (default ${DEFAULT_PHATE_PARAMS.decay})
  --t T          diffusion time, a positive integer or 'auto' (default auto)
  --gamma G      potential: 1 = log, -1 = identity, else power (default ${DEFAULT_PHATE_PARAMS.gamma})
  --dims D       embedding dimensions (default ${DEFAULT_PHATE_PARAMS.nComponents})
  --solver S     ${PHATE_SOLVERS.join(' | ')} (default ${DEFAULT_PHATE_PARAMS.solver}: the exact reference port)
  --seed S       random seed (default ${DEFAULT_PHATE_PARAMS.seed})
  --help         this text`;

function parseNumber(flag: string, v: string | undefined): number {
  const x = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(x)) throw new Error(`${flag} needs a number, got '${v ?? ''}'`);
  return x;
}

export function parseArgs(argv: string[]): { input: string; out: string; params: Partial<PhateParams> } | null {
  let input = '';
  let out = '';
  const params: Partial<PhateParams> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = argv[i + 1];
    switch (flag) {
      case '--help':
      case '-h':
        return null;
      case '--distances':
        input = v ?? '';
        i++;
        break;
      case '--out':
        out = v ?? '';
        i++;
        break;
      case '--knn':
        params.knn = parseNumber(flag, v);
        i++;
        break;
      case '--decay':
        params.decay = parseNumber(flag, v);
        i++;
        break;
      case '--t':
        params.t = v === 'auto' ? 'auto' : parseNumber(flag, v);
        i++;
        break;
      case '--gamma':
        params.gamma = parseNumber(flag, v);
        i++;
        break;
      case '--dims':
        params.nComponents = parseNumber(flag, v);
        i++;
        break;
      case '--seed':
        params.seed = parseNumber(flag, v);
        i++;
        break;
      case '--solver':
        params.solver = v ?? '';
        i++;
        break;
      default:
        throw new Error(`phate: unknown option '${flag}'\n\n${USAGE}`);
    }
  }
  if (!input) throw new Error(`phate: --distances IN.json is required\n\n${USAGE}`);
  if (!out) throw new Error(`phate: --out OUT.json is required\n\n${USAGE}`);
  return { input, out, params };
}

/** Reads {"distances": number[][]} into a row-major matrix, with clear errors. */
export function readDistances(file: string): { D: Float64Array; N: number } {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const rows = (json as { distances?: unknown })?.distances;
  if (!Array.isArray(rows)) throw new Error(`${file}: expected {"distances": number[][]}`);
  const N = rows.length;
  const D = new Float64Array(N * N);
  rows.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row) || row.length !== N) throw new Error(`${file}: row ${i} must have ${N} numbers (the matrix must be square)`);
    row.forEach((v: unknown, j: number) => {
      if (typeof v !== 'number') throw new Error(`${file}: distances[${i}][${j}] is not a number`);
      D[i * N + j] = v;
    });
  });
  return { D, N };
}

export async function run(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (!args) {
    console.log(USAGE);
    return;
  }
  const { D, N } = readDistances(args.input);
  const res = runPhate(D, N, args.params);
  const k = res.nComponents;
  const embedding = Array.from({ length: N }, (_, i) => Array.from(res.embedding.subarray(i * k, i * k + k)));
  fs.writeFileSync(args.out, JSON.stringify({ embedding, t: res.t, vne: Array.from(res.vne), components: res.components }));
  if (res.components > 1) console.warn(`phate: warning: the kNN graph has ${res.components} connected components`);
  const total = Object.values(res.timings ?? {}).reduce((a, b) => a + b, 0);
  console.log(`phate: N=${N} t=${res.t} components=${res.components} -> ${args.out} (${total.toFixed(2)} s)`);
}
