// TF.js backend selection: try backends in order of preference and keep the
// first that really computes. tf.setBackend resolves to false (without
// throwing) when a backend cannot initialise, so its result is checked, and a
// tiny matMul is run because some backends initialise and then fail on use.
// In 'auto' a GPU backend that runs on a CPU rasteriser (SwiftShader,
// llvmpipe, WARP: a browser without a usable GPU) is passed over: wasm trains
// these small networks several times faster (docs/training.md); it is still
// taken when nothing else works, and a user's explicit choice is kept.
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

/**
 * Settings for training on the chosen backend. WebGPU: submit the command
 * buffer every 64 dispatches instead of tfjs' 15: a batched training step is a
 * few hundred small dispatches, and on an H200 (Node + Dawn, docs/training.md)
 * this made batched training 1.2-1.37x faster with identical results.
 */
export function tuneForTraining(tf: Tf): void {
  if (tf.getBackend() === 'webgpu') tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', 64);
}

export interface SelectOptions {
  /** Pass over a GPU backend whose adapter is a CPU rasteriser, unless nothing else works. */
  skipSoftware?: boolean;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render driver/i;

/** The adapter or renderer behind the current GPU backend, when it is a CPU rasteriser; else null. */
export function softwareRenderer(tf: Tf): string | null {
  const backend = tf.backend() as {
    adapterInfo?: { vendor?: string; architecture?: string };
    gpgpu?: { gl?: WebGLRenderingContext };
  };
  let desc = '';
  if (tf.getBackend() === 'webgpu') {
    desc = [backend.adapterInfo?.vendor, backend.adapterInfo?.architecture].filter(Boolean).join(' ');
  } else if (tf.getBackend() === 'webgl' && backend.gpgpu?.gl) {
    const gl = backend.gpgpu.gl;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    desc = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  }
  return SOFTWARE_RENDERER.test(desc) ? desc : null;
}

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
export async function selectBackend(
  tf: Tf,
  order: BackendName[] = DEFAULT_BACKEND_ORDER,
  opts: SelectOptions = {},
): Promise<BackendChoice> {
  const tried: BackendAttempt[] = [];
  const passedOver: BackendName[] = [];
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
      const software = opts.skipSoftware ? softwareRenderer(tf) : null;
      if (software) {
        tried.push({ name, ok: false, reason: `software renderer (${software}): wasm trains faster` });
        passedOver.push(name);
        continue;
      }
      tried.push({ name, ok: true, reason: 'ok' });
      tuneForTraining(tf);
      return { name, tried };
    } catch (err) {
      tried.push({ name, ok: false, reason: message(err) });
    }
  }
  // nothing but a software renderer: better than nothing
  for (const name of passedOver) {
    if (await tf.setBackend(name)) {
      tried.push({ name, ok: true, reason: 'ok (software renderer, nothing faster works)' });
      tuneForTraining(tf);
      return { name, tried };
    }
  }
  throw new Error(`no TF.js backend works: ${tried.map((t) => `${t.name}: ${t.reason}`).join('; ')}`);
}
