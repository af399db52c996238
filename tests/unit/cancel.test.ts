import { describe, expect, it } from 'vitest';
import { CancelledError, drainSteps, isCancelled, runSteps, throwIfCancelled } from '../../src/core/cancel';
import { CancelledError as FromHooks } from '../../src/core/distance/hooks';
import { CancelledError as FromPhate } from '../../src/core/phate';

describe('CancelledError (one class, core/cancel.ts)', () => {
  it('is the same class wherever it is imported from', () => {
    expect(FromHooks).toBe(CancelledError);
    expect(FromPhate).toBe(CancelledError);
  });
  it('isCancelled: true for the class and for a name-only error (comlink re-creates errors by name)', () => {
    expect(isCancelled(new CancelledError())).toBe(true);
    expect(isCancelled(Object.assign(new Error('superseded'), { name: 'CancelledError' }))).toBe(true);
    expect(isCancelled(new Error('cancelled'))).toBe(false);
    expect(isCancelled('CancelledError')).toBe(false);
    expect(isCancelled(undefined)).toBe(false);
  });
  it('throwIfCancelled throws only when the hook says so', () => {
    expect(() => throwIfCancelled({ isCancelled: () => false })).not.toThrow();
    expect(() => throwIfCancelled(undefined)).not.toThrow();
    expect(() => throwIfCancelled({ isCancelled: () => true }, 'x')).toThrow(CancelledError);
  });
});

describe('steps (drainSteps / runSteps): where a cancel from the event loop lands', () => {
  /** 40 steps of ~3 ms busy work each. */
  function* busy(log: number[]): Generator<void, string, void> {
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      while (performance.now() - t < 3);
      log.push(i);
      yield;
    }
    return 'finished';
  }

  it('runSteps gives the event loop a turn, so a cancel queued as a message stops the work early with CancelledError', async () => {
    let flag = false;
    setTimeout(() => (flag = true), 0); // what a worker's cancel message does
    const log: number[] = [];
    await expect(runSteps(busy(log), { isCancelled: () => flag }, 10)).rejects.toBeInstanceOf(CancelledError);
    expect(log.length).toBeGreaterThan(0);
    expect(log.length).toBeLessThan(40);
  });

  it('drainSteps never yields: the same queued cancel arrives only after the work (why distances run as steps in workers)', async () => {
    let flag = false;
    setTimeout(() => (flag = true), 0);
    const log: number[] = [];
    expect(drainSteps(busy(log), { isCancelled: () => flag })).toBe('finished');
    expect(log).toHaveLength(40);
    // and a hook that is already set stops it at the first step
    expect(() => drainSteps(busy([]), { isCancelled: () => true })).toThrow(CancelledError);
  });

  it('an EmbeddingSession run cancelled by a queued message stops inside its distance stage', async () => {
    const { EmbeddingSession } = await import('../../src/core/embedding-session');
    const { mulberry32, randn } = await import('../../src/core/random');
    const rng = mulberry32(3);
    const n = 128;
    const probe = {
      seed: 1,
      n,
      inputDim: 2,
      indices: Int32Array.from({ length: n }, (_, i) => i),
      x: Float32Array.from({ length: n * 2 }, () => randn(rng)),
      labels: Int32Array.from({ length: n }, (_, i) => i % 2),
    };
    const networks = Array.from({ length: 120 }, (_, i) => ({
      id: `n${i}`,
      hp: { widths: [8] } as never,
      status: 'ok' as const,
      history: [],
      final: { epoch: 1, trainLoss: 0, trainAcc: 0, testLoss: 0, testAcc: 0 },
      layers: [{ layer: 0, width: 8, data: Float32Array.from({ length: n * 8 }, () => randn(rng)) }],
    }));
    let flag = false;
    const stages: string[] = [];
    let operators = 0;
    const p = new EmbeddingSession(networks, probe).run(
      { metric: 'diffusion', layer: 'last', phate: {} },
      {
        isCancelled: () => flag,
        onProgress: (pr) => {
          if (stages.length === 0) setTimeout(() => (flag = true), 0);
          stages.push(pr.stage);
          if (pr.stage === 'distance:operators') operators = Math.max(operators, pr.done);
        },
      },
    );
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(stages.every((s) => s.startsWith('distance'))).toBe(true);
    // Stopped while the diffusion operators were still being built (not after the stage).
    expect(operators).toBeLessThan(120);
  });
});
