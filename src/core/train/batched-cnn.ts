// G CNNs of one shape (cnn.ts: convDepth × (k×k 'same' conv → activation →
// optional 2×2 pool), flatten, dense head, linear output) as ONE stacked
// computation over one flat parameter variable, as StackedMlp holds MLPs.
// Layer tensors, in order: conv kernel i [G, k·k·cin, ch] (the row-major
// [k, k, cin, ch] kernel), conv bias i [G, 1, ch], dense kernel j [G, in, u],
// dense bias j [G, 1, u], output kernel and bias.
//
// A conv is im2col patches × kernel (cnn.ts patchesSame): with every network's
// own batch ([G, rows, in], training) the patches are [G, rows·h·w, k·k·cin]
// and the product is the stacked matmul of the MLP trainer (batched-matmul.ts);
// with a shared input ([rows, in], evaluation and probe) the first conv is one
// 2-D product of the shared patches with the concatenated filters. Pooling
// works on [G·rows, h, w, ch] (per example, per channel, so networks never
// mix); dropout masks are drawn as tf.dropout draws them for one network
// (batched-batches.ts dropoutMultiplier) and reshaped to the image layout.
// Probe representations are cnn.ts's: a conv layer's post-pool output
// averaged over positions (rows × channels), the dense layers as they are.
import type { HyperParams } from '../types';
import { imageShape } from '../architecture';
import { buildCnn, cnnShapes, patchesSame, poolWindow } from './cnn';
import type { Tensor, Tf, Variable } from './batched-tf';
import { addRowVector } from './batched-broadcast';
import { stackedMatMul } from './batched-matmul';
import { applyActivation, sharedRowsMatMul, StackedMlp, type StackedForward, type StackedNet } from './batched-mlp';

/** One network's initial parameters in the stacked layer order (from cnn.ts's own seeded builder). */
export async function initialCnnWeights(
  tf: Tf,
  hp: HyperParams,
  inputShape: readonly number[],
  numClasses: number,
): Promise<Float32Array[]> {
  const cnn = hp.cnn;
  if (!cnn) throw new Error("architecture 'cnn' needs hp.cnn");
  const net = buildCnn(tf, inputShape, numClasses, hp);
  try {
    const values = await Promise.all(net.vars.map(async (v) => Float32Array.from((await v.data()) as Float32Array)));
    // buildCnn's variable order: conv kernel/bias pairs, dense kernels, dense biases, output kernel, output bias
    const d = cnn.convDepth;
    const m = hp.widths.length;
    const out: Float32Array[] = [];
    for (let i = 0; i < d; i++) out.push(values[2 * i], values[2 * i + 1]);
    for (let j = 0; j < m; j++) out.push(values[2 * d + j], values[2 * d + m + j]);
    out.push(values[2 * d + 2 * m], values[2 * d + 2 * m + 1]);
    return out;
  } finally {
    net.dispose();
  }
}

interface ParamBlock {
  at: number;
  size: number;
  shape: [number, number, number];
}

let nextUid = 0;

export class StackedCnn implements StackedNet {
  readonly count: number;
  readonly params: Variable;
  readonly owner: Tensor;
  readonly hiddenWidths: number[];
  readonly dropoutWidths: number[];
  readonly floatsPerRow: number;
  private readonly blocks: ParamBlock[] = [];
  private readonly image: [number, number, number];
  /** Spatial size of each conv layer's input and output (after pooling). */
  private readonly convIn: [number, number][] = [];
  private readonly convOut: [number, number][] = [];

  constructor(
    private readonly tf: Tf,
    private readonly hp: HyperParams,
    inputShape: readonly number[],
    numClasses: number,
    weights: readonly Float32Array[][],
  ) {
    const cnn = hp.cnn;
    if (!cnn) throw new Error("architecture 'cnn' needs hp.cnn");
    if (weights.length === 0) throw new Error('StackedCnn needs at least one network');
    const G = (this.count = weights.length);
    this.image = imageShape(inputShape);
    const { spatial, flat } = cnnShapes(inputShape, cnn);
    let prev: [number, number] = [this.image[0], this.image[1]];
    const k2 = cnn.kernel * cnn.kernel;
    let rowFloats = 0;
    let at = 0;
    const addBlock = (shape: [number, number, number]): void => {
      const size = shape[1] * shape[2];
      this.blocks.push({ at, size, shape });
      at += G * size;
    };
    for (let i = 0; i < cnn.convDepth; i++) {
      const cin = i === 0 ? this.image[2] : cnn.channels;
      this.convIn.push(prev);
      this.convOut.push(spatial[i]);
      rowFloats = Math.max(rowFloats, prev[0] * prev[1] * Math.max(k2 * cin, cnn.channels));
      prev = spatial[i];
      addBlock([G, k2 * cin, cnn.channels]);
      addBlock([G, 1, cnn.channels]);
    }
    const sizes = [flat, ...hp.widths, numClasses];
    for (let l = 0; l + 1 < sizes.length; l++) {
      addBlock([G, sizes[l], sizes[l + 1]]);
      addBlock([G, 1, sizes[l + 1]]);
    }
    this.floatsPerRow = Math.max(rowFloats, ...sizes);
    this.hiddenWidths = [...Array.from({ length: cnn.convDepth }, () => cnn.channels), ...hp.widths];
    this.dropoutWidths = [...spatial.map(([h, w]) => h * w * cnn.channels), ...hp.widths];
    const all = new Float32Array(at);
    const owner = new Int32Array(at);
    weights.forEach((w, g) => {
      if (w.length !== this.blocks.length) throw new Error(`network ${g}: ${w.length} parameter tensors, expected ${this.blocks.length}`);
      this.blocks.forEach((b, i) => {
        if (w[i].length !== b.size) throw new Error(`network ${g}: parameter ${i} has ${w[i].length} values, expected ${b.size}`);
        all.set(w[i], b.at + g * b.size);
        owner.fill(g, b.at + g * b.size, b.at + (g + 1) * b.size);
      });
    });
    this.params = tf.tidy(() => tf.variable(tf.tensor1d(all), true, `batched_cnn_params_${nextUid++}`));
    this.owner = tf.tensor1d(owner, 'int32');
  }

  /** Build the group from each network's seeded initial weights (cnn.ts's builder). */
  static async create(tf: Tf, hps: readonly HyperParams[], inputShape: readonly number[], numClasses: number): Promise<StackedCnn> {
    const weights = await Promise.all(hps.map((hp) => initialCnnWeights(tf, hp, inputShape, numClasses)));
    return new StackedCnn(tf, hps[0], inputShape, numClasses, weights);
  }

  layerTensors(): Tensor[] {
    return this.blocks.map((b) => this.tf.reshape(this.tf.slice(this.params, [b.at], [b.shape[0] * b.size]), b.shape));
  }

  flatGradient(grads: readonly Tensor[]): Tensor {
    return this.tf.concat(grads.map((g) => this.tf.reshape(g, [-1])));
  }

  kernelsOf(layers: readonly Tensor[]): Tensor[] {
    return StackedMlp.kernelsOf(layers);
  }

  forward(x: Tensor, dropoutMasks?: readonly (Tensor | null)[], layers: readonly Tensor[] = this.layerTensors()): StackedForward {
    const tf = this.tf;
    const cnn = this.hp.cnn!;
    const G = this.count;
    const shared = x.rank === 2;
    const n = (shared ? x.shape[0] : x.shape[1]) as number;
    const [H, W, C] = this.image;
    const hidden: Tensor[] = [];
    // images, [G·n, h, w, c] (or [n, H, W, C] for a shared input before the first conv)
    let img = tf.reshape(x, [shared ? n : G * n, H, W, C]);
    for (let i = 0; i < cnn.convDepth; i++) {
      const [h, w] = this.convIn[i];
      const cin = img.shape[3] as number;
      const kkc = cnn.kernel * cnn.kernel * cin;
      const patches = patchesSame(tf, img, cnn.kernel);
      const z =
        i === 0 && shared
          ? sharedRowsMatMul(tf, tf.reshape(patches, [n * h * w, kkc]), layers[2 * i])
          : stackedMatMul(tf, tf.reshape(patches, [G, n * h * w, kkc]), layers[2 * i], i === 0);
      const a = applyActivation(tf, this.hp.activation, addRowVector(tf, z, layers[2 * i + 1]));
      img = tf.reshape(a, [G * n, h, w, cnn.channels]);
      if (cnn.pooling !== 'none') {
        const [ph, pw] = poolWindow(h, w);
        if (ph > 1 || pw > 1)
          img =
            cnn.pooling === 'max'
              ? tf.maxPool(img as import('@tensorflow/tfjs').Tensor4D, [ph, pw], [ph, pw], 'valid')
              : tf.avgPool(img as import('@tensorflow/tfjs').Tensor4D, [ph, pw], [ph, pw], 'valid');
      }
      const [oh, ow] = this.convOut[i];
      hidden.push(tf.mean(tf.reshape(img, [G, n, oh, ow, cnn.channels]), [2, 3]));
      const mask = dropoutMasks?.[i];
      if (mask) img = tf.mul(img, tf.reshape(mask, img.shape));
    }
    let h = tf.reshape(img, [G, n, -1]);
    const first = 2 * cnn.convDepth;
    const last = (layers.length - first) / 2 - 1;
    for (let l = 0; l <= last; l++) {
      const z = addRowVector(tf, stackedMatMul(tf, h, layers[first + 2 * l]), layers[first + 2 * l + 1]);
      if (l === last) return { hidden, logits: z };
      const a = applyActivation(tf, this.hp.activation, z);
      hidden.push(a);
      const mask = dropoutMasks?.[cnn.convDepth + l];
      h = mask ? tf.mul(a, mask) : a;
    }
    throw new Error('unreachable');
  }

  /** Copy of network g's parameter tensors in the stacked layer order (for tests). */
  async weightsOf(g: number): Promise<Float32Array[]> {
    const all = (await this.params.data()) as Float32Array;
    return this.blocks.map((b) => all.slice(b.at + g * b.size, b.at + (g + 1) * b.size));
  }

  dispose(): void {
    this.tf.dispose([this.params, this.owner]);
  }
}
