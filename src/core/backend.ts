// TF.js backend selection: try backends in order of preference and keep the
// first that really computes. tf.setBackend resolves to false (without
// throwing) when a backend cannot initialise, so its result is checked, and a
// tiny matMul is run because some backends initialise and then fail on use.
import type * as tfType from '@tensorflow/tfjs';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  reason: string;
}

export interface BackendChoice {
  name: BackendName;
  tried: BackendAttempt[];
}

export const DEFAULT_BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

type Tf = typeof tfType;

/**
 * A 2x2 matMul whose result is known: [[1,2],[3,4]]·[[1,0],[0,1]]. Read
 * asynchronously: WebGPU's synchronous read goes through an OffscreenCanvas
 * (absent in Node, zeros on some software adapters), which the trainers never use.
 */
async function probeOp(tf: Tf): Promise<string | null> {
  const out = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.eye(2)));
  try {
    const v = await out.data();
    const want = [1, 2, 3, 4];
    return want.every((w, i) => Math.abs(v[i] - w) < 1e-6) ? null : `probe matMul gave [${Array.from(v).join(', ')}]`;
  } finally {
    out.dispose();
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Select the first working backend in `order`. Backends must already be
 * registered (import '@tensorflow/tfjs-backend-webgpu' / '-wasm' beforehand;
 * wasm also needs setWasmPaths). Throws if none works, listing why.
 */
export async function selectBackend(tf: Tf, order: BackendName[] = DEFAULT_BACKEND_ORDER): Promise<BackendChoice> {
  const tried: BackendAttempt[] = [];
  for (const name of order) {
    if (!tf.findBackendFactory(name)) {
      tried.push({ name, ok: false, reason: 'not registered' });
      continue;
    }
    try {
      const ok = await tf.setBackend(name);
      if (!ok) {
        tried.push({ name, ok: false, reason: 'setBackend returned false (backend failed to initialise)' });
        continue;
      }
      await tf.ready();
      const bad = await probeOp(tf);
      if (bad) {
        tried.push({ name, ok: false, reason: bad });
        continue;
      }
      tried.push({ name, ok: true, reason: 'ok' });
      return { name, tried };
    } catch (err) {
      tried.push({ name, ok: false, reason: message(err) });
    }
  }
  throw new Error(`no TF.js backend works: ${tried.map((t) => `${t.name}: ${t.reason}`).join('; ')}`);
}
