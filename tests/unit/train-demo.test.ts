import { describe, expect, it } from 'vitest';
import { demoSpace, parseDemoArgs } from '../../src/cli/demo';
import { spaceSize } from '../../src/core/population/spec';

describe('demo CLI options', () => {
  it('parses flags and keeps defaults', () => {
    const o = parseDemoArgs(['--count', '30', '--epochs', '3', '--checkpoints', '0,1', '--backend', 'cpu'])!;
    expect(o.count).toBe(30);
    expect(o.epochs).toBe(3);
    expect(o.checkpoints).toEqual([0, 1]);
    expect(o.backend).toEqual(['cpu']);
    expect(o.dataset).toBe('digits');
    expect(o.probe).toBe(256);
    expect(parseDemoArgs(['--help'])).toBeNull();
    expect(() => parseDemoArgs(['--count', 'x'])).toThrow(/--count/);
    expect(() => parseDemoArgs(['--bogus'])).toThrow(/unknown option/);
    // (this used 'mnist' as the unknown name until MNIST shipped)
    expect(() => parseDemoArgs(['--dataset', 'fashion-mnist'])).toThrow(/--dataset/);
    expect(parseDemoArgs(['--dataset', 'mnist', '--samples', '1000'])).toMatchObject({ dataset: 'mnist', samples: 1000 });
  });

  it('--architectures takes a list of families and refuses others', () => {
    expect(parseDemoArgs([])!.architectures).toEqual(['mlp']);
    expect(parseDemoArgs(['--architectures', 'mlp,cnn,attention'])!.architectures).toEqual(['mlp', 'cnn', 'attention']);
    expect(() => parseDemoArgs(['--architectures', 'mlp,rnn'])).toThrow(/--architectures/);
    const s = demoSpace(5, ['mlp', 'cnn', 'attention']);
    expect(s.architecture).toEqual(['mlp', 'cnn', 'attention']);
    expect(s.convDepth!.length * s.blocks!.length).toBeGreaterThan(1);
  });

  it('demo space spans good and bad configurations', () => {
    const s = demoSpace(20);
    expect(Math.min(...s.learningRate)).toBeLessThanOrEqual(1e-4);
    expect(Math.max(...s.learningRate)).toBeGreaterThanOrEqual(3);
    expect(s.depth).toEqual([1, 2, 3]);
    expect(new Set(s.optimizer).size).toBe(4);
    expect(spaceSize(s)).toBeGreaterThan(1e6);
  });
});
