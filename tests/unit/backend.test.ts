import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { selectBackend } from '../../src/core/backend';
import { registerNodeWasm } from '../../src/cli/demo';

describe('selectBackend', () => {
  it('falls back to cpu in Node and says why webgpu/webgl failed', async () => {
    const choice = await selectBackend(tf, ['webgpu', 'webgl', 'cpu']);
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.tried.map((t) => t.name)).toEqual(['webgpu', 'webgl', 'cpu']);
    expect(choice.tried.slice(0, 2).every((t) => !t.ok && t.reason.length > 0)).toBe(true);
    expect(choice.tried[2]).toEqual({ name: 'cpu', ok: true, reason: 'ok' });
  });

  it('reports unregistered backends and throws when none works', async () => {
    await expect(selectBackend(tf, ['webgl', 'nope' as never])).rejects.toThrow(/webgl: .*; nope: not registered/);
  });

  it('wasm works in Node once its .wasm path is set', async () => {
    registerNodeWasm();
    const choice = await selectBackend(tf, ['wasm', 'cpu']);
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    await tf.setBackend('cpu');
  });
});
