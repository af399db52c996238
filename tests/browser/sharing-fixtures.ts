// Files the sharing test imports: TF.js models for the two-moons demo
// (model.json + .bin written by TF.js itself), made in Node at test time.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../../src/core/datasets';
import type { DatasetSpec } from '../../src/core/types';

/** Trains a small dense classifier on `spec` for a few epochs and writes <dir>/<name>.json + <name>.weights.bin. */
export async function writeTfjsModel(dir: string, name: string, spec: DatasetSpec, hidden: number[], seed: number): Promise<{ json: string; bin: string }> {
  await tf.setBackend('cpu');
  const data = loadDataset(spec);
  const model = tf.sequential({ name });
  hidden.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: 'relu', inputShape: i === 0 ? [data.inputDim] : undefined, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }) })),
  );
  model.add(tf.layers.dense({ units: data.numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }) }));
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const n = data.yTrain.length;
  const x = tf.tensor2d(data.xTrain, [n, data.inputDim]);
  const y = tf.oneHot(tf.tensor1d(data.yTrain, 'int32'), data.numClasses);
  await model.fit(x, y, { epochs: 15, batchSize: 32, shuffle: false, verbose: 0 });
  x.dispose();
  y.dispose();
  mkdirSync(dir, { recursive: true });
  const bin = `${name}.weights.bin`;
  await model.save(
    tf.io.withSaveHandler(async (art) => {
      const weightData = art.weightData as ArrayBuffer;
      writeFileSync(path.join(dir, bin), Buffer.from(weightData));
      const json = { modelTopology: art.modelTopology, format: 'layers-model', generatedBy: 'netmanifold sharing test', convertedBy: null, weightsManifest: [{ paths: [bin], weights: art.weightSpecs }] };
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return { json: path.join(dir, `${name}.json`), bin: path.join(dir, bin) };
}
