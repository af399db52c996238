// Issue 14 items 5 and 7 in the real app: the findings panel on the 12-network
// example bundle picks k = 3, says why, gives p-values and no verdict (it used
// to read "not organised: ρ = −0.01" over a clean gradient); an sklearn/PyTorch
// named bundle shows lbfgs / SiLU / "—" as written, with notes one line per field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sel, storeValue, waitForManifoldReady, useAppPage } from './app';
import { OUTPUT_DIR, REPO_ROOT, type AppPage } from './harness';

async function dropFile(page: Page, name: string, bytes: Buffer, type: string): Promise<void> {
  await page.evaluate(
    ({ name, base64, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
      document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { name, base64: bytes.toString('base64'), type },
  );
}

/** 24 networks named the way sklearn's MLPClassifier.get_params() and PyTorch write them, on a 4-input custom set. */
function sklearnManifest() {
  let s = 1;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const n = 16;
  const probe = { x: Array.from({ length: n }, () => [rnd(), rnd(), rnd(), rnd()]), labels: Array.from({ length: n }, (_, i) => i % 2) };
  const networks = Array.from({ length: 24 }, (_, k) => ({
    id: `sk-${k}`,
    hyperparameters:
      k % 2
        ? {
            hidden_layer_sizes: [6],
            activation: 'logistic',
            solver: 'lbfgs',
            learning_rate_init: 0.001 * (k + 1),
            learning_rate: 'constant',
            alpha: 1e-4,
            max_iter: 200,
            random_state: k,
            batch_size: 'auto',
            momentum: 0.9,
          }
        : { hidden_sizes: [6], activation: 'SiLU', optimizer: 'Adam', epochs: 30, framework: 'torch' },
    metrics: { test_acc: 0.6 + 0.01 * k },
    activations: [Array.from({ length: n }, () => Array.from({ length: 6 }, () => rnd()))],
  }));
  return {
    format: 'netmanifold-activations',
    version: 1,
    name: 'sklearn and torch names',
    dataset: { name: 'toy', input_dim: 4, num_classes: 2 },
    probe,
    networks,
  };
}

describe('findings on a small population, and imports named by sklearn / PyTorch', () => {
  const fixture = useAppPage({ viewport: { width: 1440, height: 960 } });
  let app: AppPage;
  beforeAll(() => {
    ({ app } = fixture);
  });

  it('the 12-network example: k = 3 with the reason, p-values, and no verdict', async () => {
    const { page } = app;
    await dropFile(page, 'example-population.zip', readFileSync(path.join(REPO_ROOT, 'tools/example-population.zip')), 'application/zip');
    await expect
      .poll(() => storeValue(page, 's.population && s.population.id'), { timeout: 90_000 })
      .toBe('import-numpy-two-moons-example');
    await waitForManifoldReady(page);
    const lead = page.locator(sel('finding-lead'));
    // p arrives in the second pass of the findings worker.
    await expect.poll(() => lead.innerText(), { timeout: 60_000 }).toMatch(/p = \d/);
    const text = await lead.innerText();
    console.log(`[findings] 12 networks: ${text}`);
    expect(text).toMatch(/^No verdict on accuracy: 12 networks are too few \(at least 20 needed; ρ = −?\d\.\d\d, p = \d\.\d+, k = 3\)\.$/);
    expect(text).not.toMatch(/not organised/);
    await expect.poll(() => lead.getAttribute('data-verdict')).toBe('none');
    await expect
      .poll(() => page.locator(sel('findings-note')).innerText())
      .toMatch(/k = 3, not 10: with 12 networks, 10 neighbours would be most of the population/);
    // Every ρ shown has its p.
    const cells = page.locator(`${sel('findings')} tr[data-feature="testAcc"] td`);
    await expect.poll(() => cells.first().getAttribute('data-p')).toMatch(/^0?\.\d+|^1$/);
    // Polled: the findings are recomputed (ρ first, p in a second pass) when the features arrive.
    await expect
      .poll(
        () => storeValue(page, 's.findings.every(r => r.k === 3 && Number.isFinite(r.pEmbedding) === Number.isFinite(r.rhoEmbedding))'),
        { timeout: 60_000 },
      )
      .toBe(true);
    await page.locator(sel('findings')).scrollIntoViewIfNeeded();
    await page.locator(sel('findings')).screenshot({ path: path.join(OUTPUT_DIR, 'findings-small-population.png') });
  });

  it('an sklearn / PyTorch named bundle shows lbfgs, SiLU and "—", never relu / sgd / seed 0', async () => {
    const { page } = app;
    await dropFile(page, 'manifest.json', Buffer.from(JSON.stringify(sklearnManifest())), 'application/json');
    await expect.poll(() => storeValue(page, 's.population && s.population.name'), { timeout: 90_000 }).toBe('sklearn and torch names');
    await waitForManifoldReady(page);
    const notices = page.locator(`${sel('error')} [data-level="notice"]`);
    await expect.poll(async () => (await notices.allInnerTexts()).some((t) => t.includes('Imported manifest.json'))).toBe(true);
    const notes = (await notices.allInnerTexts()).find((t) => t.includes('Imported manifest.json'))!;
    console.log(`[import] notes: ${notes}`);
    expect(notes).toContain('optimizer "lbfgs" for 12 of 24 networks: kept as given');
    expect(notes).toContain('activation "SiLU" for 12 of 24 networks: kept as given');
    // the fields the 12 PyTorch-named networks lack share one line
    expect(notes).toContain('learning rate, L2 weight decay, seed not given for 12 of 24 networks: shown as —');
    expect(notes.split('; ').length).toBeLessThanOrEqual(10);
    await page.evaluate(() =>
      (window as unknown as { __netmanifold: { getState(): { setSelected(id: string): void } } }).__netmanifold
        .getState()
        .setSelected('sk-1'),
    );
    const inspector = page.locator(sel('inspector'));
    await expect.poll(() => inspector.getAttribute('data-network-id')).toBe('sk-1');
    const row = (k: string) => inspector.locator('table.kv tr', { has: page.locator(`th:text-is("${k}")`) }).locator('td');
    await expect.poll(() => row('optimizer').innerText()).toBe('lbfgs');
    await expect.poll(() => row('activation').innerText()).toBe('sigmoid');
    await expect.poll(() => row('learning rate').innerText()).toBe('0.002');
    await expect.poll(() => row('seed').innerText()).toBe('1');
    await expect.poll(() => row('batch size').innerText()).toBe('auto');
    await expect.poll(() => row('dropout').innerText()).toBe('—');
    await page.evaluate(() =>
      (window as unknown as { __netmanifold: { getState(): { setSelected(id: string): void } } }).__netmanifold
        .getState()
        .setSelected('sk-0'),
    );
    await expect.poll(() => row('activation').innerText()).toBe('SiLU');
    await expect.poll(() => row('seed').innerText()).toBe('—');
    await expect.poll(() => row('optimizer').innerText()).toBe('adam');
    const table = inspector.locator('table.kv', { hasText: 'hidden layers' });
    await table.scrollIntoViewIfNeeded();
    await table.screenshot({ path: path.join(OUTPUT_DIR, 'inspector-sklearn-names.png') });
  });
});
