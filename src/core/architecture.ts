// Network families (issue 15): what each family's hidden layers are, how a flat
// input row is read by it, defaults, the one-line description, and the
// migration of hyperparameters written before families existed (→ 'mlp').
import type { ArchitectureName, AttentionParams, CnnParams, HyperParams } from './types';

export const DEFAULT_CNN: CnnParams = { convDepth: 2, channels: 8, kernel: 3, pooling: 'max' };
export const DEFAULT_ATTENTION: AttentionParams = { blocks: 1, embedDim: 16, heads: 2 };
/** Dense head of CNN and attention networks built by the spec (one hidden layer; records carry it in hp.widths). */
export const HEAD_WIDTHS: readonly number[] = [32];

export const ARCHITECTURE_LABELS: Record<ArchitectureName, string> = { mlp: 'MLP', cnn: 'CNN', attention: 'Attention' };

/** Hyperparameters as read from an older bundle or store: a missing architecture means 'mlp'. */
export function withArchitecture<T extends Omit<HyperParams, 'architecture'> & { architecture?: ArchitectureName }>(
  hp: T,
): T & HyperParams {
  return (hp.architecture ? hp : { architecture: 'mlp', ...hp }) as T & HyperParams;
}

/**
 * Width of every hidden layer whose probe activations a network of this family
 * yields, in order: CNN conv layers (one value per channel, see cnn.ts), then
 * attention blocks (embedDim, mean over tokens), then the dense layers.
 */
export function hiddenLayerWidths(hp: HyperParams): number[] {
  switch (hp.architecture) {
    case 'cnn':
      return [...Array<number>(hp.cnn?.convDepth ?? 0).fill(hp.cnn?.channels ?? 0), ...hp.widths];
    case 'attention':
      return [...Array<number>(hp.attention?.blocks ?? 0).fill(hp.attention?.embedDim ?? 0), ...hp.widths];
    default:
      return hp.widths;
  }
}

/** Short name of hidden layer `l`: conv1, block1, dense1, … (h1, h2 for MLPs as before). */
export function hiddenLayerName(hp: HyperParams, l: number): string {
  const structured =
    hp.architecture === 'cnn' ? (hp.cnn?.convDepth ?? 0) : hp.architecture === 'attention' ? (hp.attention?.blocks ?? 0) : 0;
  if (l < structured) return `${hp.architecture === 'cnn' ? 'conv' : 'block'}${l + 1}`;
  return hp.architecture === 'mlp' ? `h${l + 1}` : `dense${l - structured + 1}`;
}

/** Why the family fields do not describe a network, or null (checked on load and before training). */
export function architectureProblem(hp: HyperParams): string | null {
  if (hp.architecture === 'cnn' && !hp.cnn) return "architecture 'cnn' needs hp.cnn";
  if (hp.architecture === 'attention' && !hp.attention) return "architecture 'attention' needs hp.attention";
  if (hp.architecture === 'cnn' && hp.cnn && hp.cnn.kernel % 2 !== 1) return `cnn.kernel must be odd, got ${hp.cnn.kernel}`;
  if (hp.architecture === 'attention' && hp.attention && hp.attention.embedDim % hp.attention.heads !== 0)
    return `attention.embedDim (${hp.attention.embedDim}) must be a multiple of attention.heads (${hp.attention.heads})`;
  return null;
}

/** How a CNN reads a flat row: [d] → a 1×d image, [t, d] → t×d, [h, w, c] as is. */
export function imageShape(inputShape: readonly number[]): [number, number, number] {
  if (inputShape.length === 1) return [1, inputShape[0], 1];
  if (inputShape.length === 2) return [inputShape[0], inputShape[1], 1];
  if (inputShape.length === 3) return [inputShape[0], inputShape[1], inputShape[2]];
  throw new Error(`a CNN cannot read input shape [${inputShape.join(', ')}]`);
}

/** How an attention encoder reads a flat row: [d] → d tokens of 1 value, [t, d] as is, [h, w, c] → h tokens of w·c values (image rows). */
export function sequenceShape(inputShape: readonly number[]): [number, number] {
  if (inputShape.length === 1) return [inputShape[0], 1];
  if (inputShape.length === 2) return [inputShape[0], inputShape[1]];
  if (inputShape.length === 3) return [inputShape[0], inputShape[1] * inputShape[2]];
  throw new Error(`an attention encoder cannot read input shape [${inputShape.join(', ')}]`);
}

/** One line: "MLP [32, 32]", "CNN 2 conv × 8 ch 3×3, max pool → [32]", "Attention 1 block, width 16, 2 heads → [32]". */
export function describeArchitecture(hp: HyperParams): string {
  const dense = `[${hp.widths.join(', ')}]`;
  if (hp.architecture === 'cnn' && hp.cnn) {
    const c = hp.cnn;
    const pool = c.pooling === 'none' ? 'no pool' : `${c.pooling} pool`;
    return `CNN ${c.convDepth} conv × ${c.channels} ch ${c.kernel}×${c.kernel}, ${pool} → ${dense}`;
  }
  if (hp.architecture === 'attention' && hp.attention) {
    const a = hp.attention;
    return `Attention ${a.blocks} block${a.blocks === 1 ? '' : 's'}, width ${a.embedDim}, ${a.heads} head${a.heads === 1 ? '' : 's'} → ${dense}`;
  }
  return `MLP ${dense}`;
}
