// Backend choice in a browser whose GPU backends run on a CPU rasteriser
// (headless Chromium: SwiftShader for WebGL and, with --enable-unsafe-webgpu,
// for WebGPU). 'auto' passes over them for wasm and says why; choosing WebGPU
// by hand still works, and a population trains on it.
import { describe, expect, it } from 'vitest';
import { sel, storeValue, startTraining, useAppPage, waitForManifoldReady, waitForStage } from './app';

describe('TF.js backend choice', () => {
  const ctx = useAppPage({ chromiumArgs: ['--enable-unsafe-webgpu', '--enable-features=Vulkan'], viewport: { width: 1280, height: 800 } });

  it("'auto' passes over software WebGPU and WebGL for wasm, and the chip says why", async () => {
    const { page } = ctx;
    await expect.poll(() => storeValue(page, 's.backendResolved'), { timeout: 60_000 }).toBe(true);
    const tried = (await storeValue(page, 's.backendTried')) as { name: string; ok: boolean; reason: string }[];
    expect(await storeValue(page, 's.backend'), JSON.stringify(tried)).toBe('wasm');
    const reason = (name: string) => tried.find((t) => t.name === name)?.reason ?? '';
    expect(reason('webgpu'), JSON.stringify(tried)).toMatch(/software renderer \(google swiftshader\)/);
    expect(reason('webgl'), JSON.stringify(tried)).toMatch(/software renderer \(.*SwiftShader/);
    const title = (await page.locator(sel('backend')).getAttribute('title')) ?? '';
    expect(title).toMatch(/webgpu: software renderer/);
    expect(title).toMatch(/wasm: used/);
  });

  it('WebGPU chosen by hand is used (read back asynchronously) and trains as wasm does', async () => {
    const { page } = ctx;
    // The same spec (the builder's sampling seed is fixed for the page) on wasm, then on WebGPU.
    const train = async (): Promise<{ id: string; status: string; trainLoss: number }[]> => {
      // Learning rates 1e-3 … 1e-2: at lr 0.1 (the builder's default top) adam on a 3-layer tanh net
      // amplifies float rounding chaotically (a stress run saw 0.362 vs 0.373 after 2 epochs).
      if (!(await page.locator(sel('train-panel')).isVisible())) await page.locator(sel('train-toggle')).click();
      await page.locator(sel('train-lr-hi')).fill('0.01');
      await startTraining(page, { dataset: 'moons', count: 3, epochs: 2 });
      const end = await waitForStage(page, ['done', 'error', 'cancelled'], 180_000);
      expect(end, String(await storeValue(page, 's.job.message'))).toBe('done');
      await waitForManifoldReady(page, 60_000);
      return (await storeValue(
        page,
        's.population.networks.map((n) => ({ id: n.id, status: n.status, trainLoss: n.final.trainLoss }))',
      )) as {
        id: string;
        status: string;
        trainLoss: number;
      }[];
    };
    const onWasm = await train();
    await page.getByLabel('Preferred TensorFlow.js backend').selectOption('webgpu');
    await expect.poll(() => storeValue(page, 's.backend'), { timeout: 60_000 }).toBe('webgpu');
    expect(await storeValue(page, 's.errors.length')).toBe(0);
    const onWebGPU = await train();
    expect(onWebGPU.map((n) => n.id)).toEqual(onWasm.map((n) => n.id));
    console.log('[backend] train loss wasm vs webgpu', JSON.stringify(onWasm.map((n, i) => [n.trainLoss, onWebGPU[i].trainLoss])));
    onWebGPU.forEach((n, i) => {
      expect(n.status).toBe('ok');
      // Same data, order and initial weights: only float rounding differs between the backends. The
      // page's sampling seed differs per run, so the bound is relative: 0.2 % of the loss (at least
      // 1e-4); the check is for a backend that trains differently, not for rounding.
      const tol = Math.max(1e-4, 2e-3 * Math.abs(onWasm[i].trainLoss));
      expect(Math.abs(n.trainLoss - onWasm[i].trainLoss), JSON.stringify({ onWasm, onWebGPU })).toBeLessThan(tol);
    });
    ctx.app.assertNoPageErrors();
  });
});
