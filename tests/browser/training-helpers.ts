// Helpers for browser tests that train populations: fill the builder, read the stored runs
// (window.__netmanifold.storedRuns), wait for finished networks, collect the training worker's
// uncaught errors (the page's pageerror does not see a worker's unhandled rejections).
import type { Page, Worker } from 'playwright-core';
import { expect } from 'vitest';
import { sel } from './app';

export interface StoredRunInfo {
  runId: string;
  state: string;
  total: number;
  probeN: number;
  networks: { index: number; id: string; status: string; bytes: number }[];
}

export interface SmallRun {
  dataset: string;
  backend?: string;
  count: number;
  epochs: number;
  /** Chip values to select exclusively, per hyperparameter. */
  only: Record<string, string[]>;
  lr: { lo: number; hi: number; steps: number };
  seeds: number;
}

export async function openTrainPanel(page: Page): Promise<void> {
  const panel = page.locator(sel('train-panel'));
  if (!(await panel.isVisible())) await page.locator(sel('train-toggle')).click();
  await panel.waitFor({ state: 'visible', timeout: 10_000 });
}

/** A grid population (exclusive chips, learning rates, seeds, count, epochs). */
export async function fillSmallRun(page: Page, o: SmallRun): Promise<void> {
  await openTrainPanel(page);
  await page.locator(sel('train-dataset')).selectOption(o.dataset);
  if (o.backend) {
    await page.locator(sel('train-backend')).selectOption(o.backend);
    await expect.poll(() => page.locator(sel('app')).getAttribute('data-backend'), { timeout: 30_000 }).toBe(o.backend);
  }
  for (const [key, values] of Object.entries(o.only)) {
    const chips = page.locator(`${sel(`train-hp-${key}`)} button.chip`);
    for (const v of values) {
      const chip = chips.and(page.locator(`[data-value="${v}"]`));
      if ((await chip.getAttribute('aria-pressed')) !== 'true') await chip.click();
    }
    for (const chip of await chips.all()) {
      const v = await chip.getAttribute('data-value');
      if (!values.includes(v ?? '') && (await chip.getAttribute('aria-pressed')) === 'true') await chip.click();
    }
  }
  await page.locator(sel('train-lr-lo')).fill(String(o.lr.lo));
  await page.locator(sel('train-lr-hi')).fill(String(o.lr.hi));
  await page.locator(sel('train-lr-steps')).fill(String(o.lr.steps));
  await page.locator(sel('train-seeds')).fill(String(o.seeds));
  await page.locator(sel('train-sampling-grid')).click();
  await page.locator(sel('train-count')).fill(String(o.count));
  await page.locator(sel('train-epochs')).fill(String(o.epochs));
}

export async function finishedRows(page: Page): Promise<{ id: string; status: string | null; text: string }[]> {
  return page
    .locator(`${sel('train-finished')} li`)
    .evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute('data-network-id') ?? '', status: e.getAttribute('data-status'), text: e.textContent ?? '' })),
    );
}

export async function storedRuns(page: Page): Promise<StoredRunInfo[]> {
  return page.evaluate(async () => {
    const api = (window as unknown as { __netmanifold?: { storedRuns?: () => Promise<unknown[]> } }).__netmanifold;
    if (!api?.storedRuns) throw new Error('window.__netmanifold.storedRuns is missing');
    return (await api.storedRuns()) as StoredRunInfo[];
  });
}

/** The training worker (created at start-up to pick the backend); fails if it never appears. */
export async function trainingWorker(page: Page, timeout = 30_000): Promise<Worker> {
  const t0 = Date.now();
  for (;;) {
    const w = page.workers().find((w) => /train\.worker/.test(w.url()));
    if (w) return w;
    if (Date.now() - t0 > timeout)
      throw new Error(
        `no training worker among ${
          page
            .workers()
            .map((w) => w.url())
            .join(', ') || 'no workers'
        }`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Records the worker's console errors, uncaught errors and unhandled rejections into `errors`
 * (the page's own 'pageerror' does not report them).
 */
export async function watchWorkerErrors(worker: Worker, errors: string[]): Promise<void> {
  worker.on('console', (m) => {
    if (m.type() === 'error') errors.push(`worker console.error: ${m.text()}`);
  });
  await worker.evaluate(() => {
    const report = (what: string, reason: unknown) =>
      console.error(
        `${what}: ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String((reason as { name?: string })?.name ?? reason)}`,
      );
    self.addEventListener('unhandledrejection', (e) => report('unhandled rejection in the worker', e.reason));
    self.addEventListener('error', (e) => report('uncaught error in the worker', e.error ?? e.message));
  });
}
