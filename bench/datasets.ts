// `npm run bench -- datasets [--repeat N]`: how long the shipped datasets take to load in Node.
// MNIST: reading public/data/mnist-10k.bin.gz, its checked gunzip and decode (provideDatasetFromDisk),
// then loadDataset (split + float32 rows) for all 10,000 images and for a 1,000-image subset;
// digits and modadd for comparison. Prints figures (medians of N runs); asserts nothing.
import fs from 'node:fs';
import { loadDataset, provideDatasetBytes } from '../src/core/datasets';
import { datasetFilePath } from '../src/cli/dataset-files';
import type { DatasetSpec } from '../src/core/types';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn: () => void, repeat: number): number {
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export async function run(argv: string[]): Promise<void> {
  const k = argv.indexOf('--repeat');
  const repeat = k >= 0 ? Math.max(1, Number(argv[k + 1]) || 5) : 5;
  const file = datasetFilePath('mnist');
  const size = fs.statSync(file).size;
  const read = time(() => fs.readFileSync(file), repeat);
  const bytes = new Uint8Array(fs.readFileSync(file));
  const decode = time(() => provideDatasetBytes('mnist', bytes), repeat);
  console.log(`mnist file: ${file}, ${size} bytes gz (${(size / 1e6).toFixed(2)} MB)`);
  console.log(`  read ${read.toFixed(1)} ms, checked gunzip + CRC + decode ${decode.toFixed(1)} ms (median of ${repeat})`);
  const specs: DatasetSpec[] = [
    { name: 'mnist', seed: 0 },
    { name: 'mnist', seed: 0, samples: 1000 },
    { name: 'digits', seed: 0 },
    { name: 'modadd', seed: 0 },
  ];
  for (const spec of specs) {
    const ms = time(() => loadDataset(spec), repeat);
    const ds = loadDataset(spec);
    console.log(
      `  loadDataset ${JSON.stringify(spec)}: ${ms.toFixed(1)} ms (${ds.yTrain.length} train + ${ds.yTest.length} test × ${ds.inputDim})`,
    );
  }
}
