// Training dynamics (issue 15 item 4) on the shipped digits demo: the inspector plots a feature
// at each stored checkpoint, with a log–log mode that says honestly when there is no power law to
// fit; Findings → Over training computes every network's checkpoint features in the workers
// (progress, then one line per network, the median and the quartile band). Screenshots:
// tests/output/dynamics-*.png.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sel, storeValue, useAppPage } from './app';
import { screenshot } from './harness';

describe('training dynamics', () => {
  const fixture = useAppPage();
  let page: Page;
  beforeAll(() => {
    ({ page } = fixture);
  });

  it("the inspector plots a feature at each of the network's stored epochs", async () => {
    const { id, epochs } = (await storeValue(
      page,
      `(() => { const n = s.population.networks.find((n) => n.status === 'ok' && n.checkpoints && n.checkpoints.length > 0);
        const e = new Set(n.checkpoints.map((c) => c.epoch)); e.add(n.final.epoch); return { id: n.id, epochs: e.size }; })()`,
    )) as { id: string; epochs: number };
    await page.evaluate((id) => window.__netmanifold!.getState().setSelected(id), id);
    const panel = page.locator(sel('network-dynamics'));
    await panel.waitFor({ state: 'visible', timeout: 60_000 });
    const chart = panel.locator(sel('dynamics-chart'));
    await chart.waitFor({ state: 'visible', timeout: 60_000 });
    await expect.poll(() => chart.locator('circle.dynamics-dot').count(), { timeout: 30_000 }).toBe(epochs);
    // Computed once, then kept with the population (an export carries it).
    await expect
      .poll(() => storeValue(page, `s.population.networks.find((n) => n.id === ${JSON.stringify(id)}).dynamics?.epochs.length`))
      .toBe(epochs);
    await panel.locator(sel('dynamics-loglog')).check();
    await expect.poll(() => chart.getAttribute('data-log-log')).toBe('true');
    // Epoch 0 has no log: one dot fewer.
    await expect.poll(() => chart.locator('circle.dynamics-dot').count()).toBe(epochs - 1);
    const text = await panel.locator(sel('dynamics-fit-text')).innerText();
    if (epochs - 1 < 3) expect(text).toMatch(/no power-law fit: it needs at least 3 stored epochs/);
    else expect(text).toMatch(/∝ epoch\^/);
    await panel.locator(sel('dynamics-feature')).selectOption('testAcc');
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/^Test accuracy against epoch/);
    await screenshot(page, 'dynamics-inspector');
  });

  it('Findings → Over training computes every network in the workers and draws one line each, the median and the band', async () => {
    const findings = page.locator(sel('findings'));
    await findings.waitFor({ state: 'visible', timeout: 60_000 });
    const section = findings.locator(sel('population-dynamics'));
    const button = section.locator(sel('dynamics-compute'));
    await button.waitFor({ state: 'visible' });
    const lacking = Number((await button.innerText()).match(/for (\d+) network/)![1]);
    expect(lacking).toBeGreaterThan(10);
    await button.click();
    await expect.poll(() => storeValue(page, 's.dynamicsJob.status'), { timeout: 200_000, interval: 500 }).toBe('done');
    const withDynamics = (await storeValue(page, 's.population.networks.filter((n) => n.dynamics).length')) as number;
    expect(withDynamics).toBe(lacking + 1);
    const chart = section.locator(sel('dynamics-chart'));
    await expect.poll(() => chart.locator('path.dynamics-network').count()).toBe(withDynamics);
    await expect.poll(() => chart.locator('path.dynamics-median').count()).toBe(1);
    await expect.poll(() => chart.locator('path.dynamics-band').count()).toBe(1);
    await expect.poll(() => section.locator(sel('dynamics-population-text')).innerText()).toMatch(new RegExp(`^${withDynamics} networks`));
    await screenshot(page, 'dynamics-population');
  });

  it('Findings → Depth by family draws one median line per family over relative depth', async () => {
    const section = page.locator(sel('depth-by-family'));
    await section.waitFor({ state: 'visible', timeout: 60_000 });
    const withProfile = (await storeValue(page, 's.population.networks.filter((n) => n.layerProfile).length')) as number;
    const chart = section.locator(sel('dynamics-chart'));
    await expect.poll(() => chart.getAttribute('aria-label')).toBe('Effective dimension against relative depth');
    // The digits demo is MLPs only: one family, one line.
    await expect.poll(() => chart.locator('path.dynamics-median').count()).toBe(1);
    await expect.poll(() => section.locator('[data-family="mlp"]').innerText()).toBe(`MLP (${withProfile})`);
    await section.locator(sel('dynamics-feature')).selectOption('phDim');
    await expect.poll(() => chart.getAttribute('aria-label')).toBe('PH dimension against relative depth');
  });
});
