// Trajectory keyframes: expansion of checkpoints into embeddable states and
// interpolation of positions along each network's path.
import { describe, expect, it } from 'vitest';
import { buildKeyframes, expandCheckpoints, pathSegments, positionsAtEpoch } from '../../src/core/explore/trajectory';
import type { NetworkRecord } from '../../src/core/types';

function net(id: string, epochs: number, cps: number[]): NetworkRecord {
  const layer = (v: number) => [{ layer: 0, width: 1, data: new Float32Array([v]) }];
  return {
    id,
    hp: {
      architecture: 'mlp',
      widths: [1],
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 8,
      epochs,
      dropout: 0,
      l2: 0,
      init: 'he_normal',
      seed: 1,
    },
    status: 'ok',
    history: Array.from({ length: epochs }, (_, k) => ({ epoch: k + 1, trainLoss: 1, testLoss: 1, trainAcc: 0.5, testAcc: 0.5 })),
    final: { epoch: epochs, trainLoss: 1, testLoss: 1, trainAcc: 0.5, testAcc: 0.5 },
    layers: layer(99),
    checkpoints: cps.map((e) => ({ epoch: e, layers: layer(e) })),
  };
}

describe('trajectory keyframes', () => {
  const nets = [net('a', 10, [1, 5, 10]), net('b', 4, [2])];
  const states = expandCheckpoints(nets);

  it('expands checkpoints before the final state, dropping a checkpoint at the final epoch', () => {
    expect(Array.from(states.owner)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(states.epoch)).toEqual([1, 5, 10, 2, 4]);
    expect(states.records[0].layers[0].data[0]).toBe(1);
    expect(states.records[2].layers[0].data[0]).toBe(99); // final state's layers
    expect(states.records[2].id).toBe('a');
    expect(states.records[0].id).toBe('a@1');
  });

  it('interpolates linearly between keyframes and clamps outside them', () => {
    // state r sits at x = r
    const pos = new Float32Array(15);
    for (let r = 0; r < 5; r++) pos[r * 3] = r;
    const drawn = new Uint8Array([1, 1, 1, 1, 0]); // b's final state is not embedded
    const kf = buildKeyframes(2, states, pos, drawn);
    expect(kf.epochs).toEqual([1, 2, 5, 10]);
    const out = new Float32Array(6);
    const mask = new Uint8Array(2);
    positionsAtEpoch(kf, 3, out, mask);
    expect(out[0]).toBeCloseTo(0.5); // halfway from epoch 1 (x=0) to 5 (x=1)
    expect(out[3]).toBe(3); // b: only its epoch-2 state
    expect(Array.from(mask)).toEqual([1, 1]);
    positionsAtEpoch(kf, 0, out, mask);
    expect(out[0]).toBe(0);
    positionsAtEpoch(kf, 50, out, mask);
    expect(out[0]).toBe(2);
    expect(pathSegments(kf).length).toBe(2 * 6);
  });
});
