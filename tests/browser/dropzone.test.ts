// Drag-and-drop import (issue 7): files dropped anywhere on the page go through
// the same import path as the Import… button. A dragged file shows the drop
// overlay; the activation bundle tools/example-population.zip replaces the
// view (what it had to assume shows as a notice, not an error); a junk file
// gives a clear error and keeps the population (dropped twice: one banner, ×2).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sel, waitForManifoldReady, useAppPage } from './app';
import { REPO_ROOT, screenshot, type AppPage } from './harness';

type Hook = { getState(): Record<string, any> };
const population = (page: Page) =>
  page.evaluate(() => {
    const p = (window as unknown as { __netmanifold: Hook }).__netmanifold.getState().population;
    return p ? { id: p.id as string, n: p.networks.length as number } : null;
  });

/** Dispatches dragenter (then, unless enterOnly, drop) on the window with these files, as a real drag from the desktop does. */
async function dragFiles(page: Page, files: { name: string; base64: string; type: string }[], enterOnly = false): Promise<void> {
  await page.evaluate(
    ({ files, enterOnly }) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      if (!enterOnly) document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { files, enterOnly },
  );
}

describe('drag-and-drop import', () => {
  const fixture = useAppPage({ viewport: { width: 1280, height: 800 } });
  let app: AppPage;
  beforeAll(() => {
    ({ app } = fixture);
  });

  it('shows the drop overlay, imports a dropped activation bundle, and keeps the view on a junk file', async () => {
    const { page } = app;
    const before = await population(page);
    expect(before?.n).toBeGreaterThan(3);

    // junk: a clear message, the population stays
    const junk = { name: 'notes.txt', base64: Buffer.from('not a population').toString('base64'), type: 'text/plain' };
    await dragFiles(page, [junk]);
    await expect
      .poll(async () => (await page.locator(sel('error')).allInnerTexts()).join(' | '), { timeout: 20_000 })
      .toMatch(/notes\.txt/);
    expect(await population(page)).toEqual(before);
    await expect.poll(() => page.locator(`${sel('error')} [data-level="error"]`).innerText()).toMatch(/Could not tell what notes\.txt is/);
    console.log(`[drop] junk file message: ${(await page.locator(sel('error')).allInnerTexts()).join(' | ')}`);
    // the same junk again: the message still shown counts it (×2) instead of stacking a second one
    await dragFiles(page, [junk]);
    await expect.poll(() => page.locator(`${sel('error')} [data-level="error"] ${sel('error-count')}`).innerText()).toBe('×2');
    expect(await page.locator(`${sel('error')} [data-level="error"]`).count()).toBe(1);

    // the overlay while a file is dragged over the page
    const zip = readFileSync(path.join(REPO_ROOT, 'tools/example-population.zip')).toString('base64');
    await dragFiles(page, [{ name: 'example-population.zip', base64: zip, type: 'application/zip' }], true);
    await expect.poll(() => page.locator(sel('drop-overlay')).isVisible()).toBe(true);
    await screenshot(page, 'drop-overlay');

    // the drop: the activation bundle is embedded and replaces the view
    await dragFiles(page, [{ name: 'example-population.zip', base64: zip, type: 'application/zip' }]);
    await expect.poll(() => page.locator(sel('drop-overlay')).count()).toBe(0);
    await expect.poll(async () => (await population(page))?.id, { timeout: 90_000 }).toBe('import-numpy-two-moons-example');
    await waitForManifoldReady(page);
    expect((await population(page))?.n).toBe(12);
    await expect.poll(() => page.locator(sel('manifold')).getAttribute('data-point-count')).toBe('12');
    // what the import filled in is a notice, not an error
    const notice = page.locator(`${sel('error')} [data-level="notice"]`);
    await expect.poll(() => notice.count()).toBe(1);
    await expect
      .poll(() => notice.innerText())
      .toMatch(/Imported example-population\.zip with notes: dropout, L2 weight decay, initialisation not given for all 12 networks/);
    await screenshot(page, 'drop-imported');
  });
});
