// Files the sharing tests import: TF.js models for the shipped demos
// (model.json + .bin written by TF.js itself), made in Node at test time:
// dense classifiers, and a convolutional one for the digits.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../../src/core/datasets';
import type { DatasetSpec } from '../../src/core/types';

export interface TfjsModelOptions {
  /**
   * 'flat' (default): <dir>/<name>.json + <dir>/<name>.weights.bin.
   * 'folder': <dir>/<name>/model.json + <dir>/<name>/group1-shard1of1.bin, the layout
   * tensorflowjs_converter writes (and the one a URL's id is taken from).
   */
  layout?: 'flat' | 'folder';
  /** A convolutional classifier (Reshape to 8×8×1 → Conv2D → MaxPooling2D → Flatten → Dense) for the digits dataset. */
  conv?: boolean;
  epochs?: number;
}

/** Trains a small dense (or convolutional) classifier on `spec` for a few epochs and writes model.json + its weights as TF.js saves them. */
export async function writeTfjsModel(
  dir: string,
  name: string,
  spec: DatasetSpec,
  hidden: number[],
  seed: number,
  opts: TfjsModelOptions = {},
): Promise<{ json: string; bin: string }> {
  await tf.setBackend('cpu');
  const data = loadDataset(spec);
  const model = tf.sequential({ name });
  if (opts.conv) {
    const side = Math.round(Math.sqrt(data.inputDim));
    if (side * side !== data.inputDim)
      throw new Error(`a convolutional fixture needs square image inputs; ${spec.name} has ${data.inputDim}`);
    model.add(tf.layers.reshape({ targetShape: [side, side, 1], inputShape: [data.inputDim] }));
    model.add(tf.layers.conv2d({ filters: 6, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed }) }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
  }
  hidden.forEach((units, i) =>
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        inputShape: i === 0 && !opts.conv ? [data.inputDim] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
      }),
    ),
  );
  model.add(
    tf.layers.dense({
      units: data.numClasses,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const n = data.yTrain.length;
  const x = tf.tensor2d(data.xTrain, [n, data.inputDim]);
  const y = tf.oneHot(tf.tensor1d(data.yTrain, 'int32'), data.numClasses);
  await model.fit(x, y, { epochs: opts.epochs ?? 15, batchSize: 32, shuffle: false, verbose: 0 });
  x.dispose();
  y.dispose();
  const folder = opts.layout === 'folder';
  const out = folder ? path.join(dir, name) : dir;
  mkdirSync(out, { recursive: true });
  const bin = folder ? 'group1-shard1of1.bin' : `${name}.weights.bin`;
  const jsonFile = path.join(out, folder ? 'model.json' : `${name}.json`);
  await model.save(
    tf.io.withSaveHandler(async (art) => {
      const weightData = art.weightData as ArrayBuffer;
      writeFileSync(path.join(out, bin), Buffer.from(weightData));
      const json = {
        modelTopology: art.modelTopology,
        format: 'layers-model',
        generatedBy: 'netmanifold sharing test',
        convertedBy: null,
        weightsManifest: [{ paths: [bin], weights: art.weightSpecs }],
      };
      writeFileSync(jsonFile, JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return { json: jsonFile, bin: path.join(out, bin) };
}
