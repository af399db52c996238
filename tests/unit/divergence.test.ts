// The divergence rule (core/train/divergence.ts): per-epoch NaN / explosion, and at the end of
// training loss blow-up and collapse to chance; checked on hand-made histories (the issue's
// relu / sgd / lr 10 case among them), on the shipped demos' real histories, and in the
// embedding pipeline (diverged networks left out unless included).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePopulation } from '../../src/core/bundle';
import { embedPopulation } from '../../src/core/pipeline';
import { mulberry32, randn } from '../../src/core/random';
import {
  BLOWUP_FACTOR,
  DIVERGED_LOSS,
  DIVERGENCE_RULE,
  epochDivergenceReason,
  finalDivergenceReason,
} from '../../src/core/train/divergence';
import type { EpochMetrics, NetworkRecord, ProbeSet } from '../../src/core/types';

/** A history from epoch 0 with the given train losses and accuracies. */
function history(losses: number[], accs: number[]): EpochMetrics[] {
  return losses.map((l, epoch) => ({ epoch, trainLoss: l, trainAcc: accs[epoch], testLoss: l, testAcc: accs[epoch] }));
}

describe('epochDivergenceReason', () => {
  it('stops a network whose loss is NaN, infinite or above the explosion limit', () => {
    const m = (trainLoss: number): EpochMetrics => ({ epoch: 3, trainLoss, trainAcc: 0.1, testLoss: trainLoss, testAcc: 0.1 });
    expect(epochDivergenceReason(m(NaN))).toMatch(/became NaN at epoch 3/);
    expect(epochDivergenceReason(m(Infinity))).toMatch(/became Infinity/);
    expect(epochDivergenceReason(m(DIVERGED_LOSS * 2))).toMatch(/exploded/);
    expect(epochDivergenceReason(m(50))).toBeNull(); // large but finite: judged at the end
  });
});

describe('finalDivergenceReason', () => {
  it("flags the issue's case: relu, sgd, lr 10 on digits — loss 6.5, chance accuracy", () => {
    const h = history([2.34, 7.9, 6.8, 6.5], [0.1, 0.1, 0.098, 0.101]);
    expect(finalDivergenceReason(h, 10)).toMatch(/collapsed to chance: training accuracy 0\.101/);
  });

  it('flags a loss blow-up even when the accuracy is above chance', () => {
    // moons, linear rmsprop lr 3 in the shipped demo: loss 0.57 → 14.3 at 0.83 accuracy
    const h = history([0.565, 3, 9, 14.3], [0.7, 0.8, 0.82, 0.825]);
    const r = finalDivergenceReason(h, 2);
    expect(r).toMatch(/blew up to 14\.30/);
    expect(r).toContain(`${BLOWUP_FACTOR}× max(ln 2`);
  });

  it('keeps networks that learned, learned slowly, or are accurate with a high loss', () => {
    expect(finalDivergenceReason(history([2.3, 1.2, 0.4, 0.2], [0.1, 0.6, 0.9, 0.95]), 10)).toBeNull();
    // tiny learning rate: chance accuracy, but the loss falls (slowly) — not diverged
    expect(finalDivergenceReason(history([2.303, 2.302, 2.301, 2.3], [0.1, 0.1, 0.1, 0.1]), 10)).toBeNull();
    // overconfident but accurate: loss doubled, accuracy 0.82 (below the blow-up ceiling)
    expect(finalDivergenceReason(history([2.32, 1.5, 3.9, 4.65], [0.1, 0.7, 0.8, 0.82]), 10)).toBeNull();
    // never judged on epoch 0 alone or without classes
    expect(finalDivergenceReason(history([9], [0.1]), 10)).toBeNull();
    expect(finalDivergenceReason(history([2.3, 2.4], [0.1, 0.1]), 1)).toBeNull();
  });

  it('on the shipped demos: flags every network the old rule caught and none that learned', () => {
    const flagged: string[] = [];
    for (const [file, C] of [
      ['digits-mlp.nmpop', 10],
      ['moons-mlp.nmpop', 2],
    ] as const) {
      const pop = decodePopulation(new Uint8Array(readFileSync(path.join(__dirname, '../../public/demo', file))));
      for (const n of pop.networks) {
        const r = finalDivergenceReason(n.history, C);
        if (n.status === 'diverged') expect(r, `${file} ${n.id} (${n.statusReason})`).not.toBeNull();
        // a network clearly better than chance on its test set is never called diverged, unless its loss blew up
        if (r && n.final.testAcc > 1 / C + 0.3) expect(r, `${file} ${n.id}`).toMatch(/blew up|became NaN/);
        if (r) flagged.push(`${file} ${n.id}: ${r}`);
      }
    }
    console.log(`[divergence] the new rule flags ${flagged.length} demo networks:\n${flagged.join('\n')}`);
    expect(flagged.length).toBeGreaterThan(5);
  });

  it('is stated in words for the UI', () => {
    expect(DIVERGENCE_RULE).toMatch(/NaN/);
    expect(DIVERGENCE_RULE).toMatch(/ln C/);
    expect(DIVERGENCE_RULE).toMatch(/chance/);
  });
});

describe('embedPopulation and diverged networks', () => {
  const n = 24;
  const rng = mulberry32(5);
  const probe: ProbeSet = {
    seed: 1,
    n,
    inputDim: 2,
    indices: Int32Array.from({ length: n }, (_, i) => i),
    x: Float32Array.from({ length: n * 2 }, () => randn(rng)),
    labels: Int32Array.from({ length: n }, (_, i) => i % 2),
  };
  const networks: NetworkRecord[] = Array.from({ length: 9 }, (_, i) => {
    const m = { epoch: 5, trainLoss: i === 4 ? 6.5 : 0.3, trainAcc: i === 4 ? 0.5 : 0.9, testLoss: 0.3, testAcc: 0.9 };
    return {
      id: `net-${i}`,
      hp: {
        architecture: 'mlp',
        widths: [6],
        activation: 'relu',
        optimizer: 'sgd',
        learningRate: 0.1,
        batchSize: 16,
        epochs: 5,
        dropout: 0,
        l2: 0,
        init: 'he_normal',
        seed: i,
      },
      status: i === 4 ? 'diverged' : 'ok',
      ...(i === 4 ? { statusReason: 'collapsed to chance' } : {}),
      history: [m],
      final: m,
      // finite activations: a diverged network keeps its last sane (epoch-0) ones
      layers: [{ layer: 0, width: 6, data: Float32Array.from({ length: n * 6 }, () => Math.max(0, randn(rng))) }],
    };
  });

  it('leaves a diverged network with finite activations out by default, and embeds it when included', async () => {
    const out = await embedPopulation(networks, probe);
    expect(out.included).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
    expect(out.excluded).toHaveLength(1);
    expect(out.excluded[0].index).toBe(4);
    expect(out.excluded[0].reason).toMatch(/diverged \(collapsed to chance\)/);
    expect(Number.isNaN(out.embedding.embedding[4 * out.embedding.nComponents])).toBe(true);
    const all = await embedPopulation(networks, probe, { includeDiverged: true });
    expect(all.included).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Number.isFinite(all.embedding.embedding[4 * all.embedding.nComponents])).toBe(true);
  });
});
