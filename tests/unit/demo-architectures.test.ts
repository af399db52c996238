// The shipped "architectures on MNIST" demo (issue 15 item 6): listed in public/demo/index.json,
// at least 150 networks over the three families, every record with hp.architecture, checkpoints
// and features stored, and an embedding that matches its networks. Built by
//   npm run cli -- demo --dataset mnist --architectures mlp,cnn,attention … && npm run cli -- features …
// (the exact command is in docs/datasets.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePopulation } from '../../src/core/bundle';
import { fitPowerLaw } from '../../src/core/features/dynamics';
import { ARCHITECTURE_NAMES, type Population } from '../../src/core/types';

const DEMO_DIR = path.join(__dirname, '../../public/demo');
const ID = 'mnist-architectures';

function load(): { entry: { id: string; file: string; name: string; description: string }; pop: Population } {
  const index = JSON.parse(readFileSync(path.join(DEMO_DIR, 'index.json'), 'utf8')) as {
    id: string;
    file: string;
    name: string;
    description: string;
  }[];
  const entry = index.find((e) => e.id === ID);
  if (!entry) throw new Error(`public/demo/index.json does not list '${ID}' (build it as docs/datasets.md says)`);
  const pop = decodePopulation(new Uint8Array(readFileSync(path.join(DEMO_DIR, entry.file))));
  return { entry, pop };
}

describe('the architectures-on-MNIST demo', () => {
  const { entry, pop } = load();

  it('is listed after the default demo and holds at least 150 networks of three families on MNIST', () => {
    const index = JSON.parse(readFileSync(path.join(DEMO_DIR, 'index.json'), 'utf8')) as { id: string }[];
    expect(index[0].id, 'the first entry stays the default demo').toBe('digits-mlp');
    expect(pop.provenance.dataset.name).toBe('mnist');
    expect(pop.networks.length).toBeGreaterThanOrEqual(150);
    for (const n of pop.networks) expect(ARCHITECTURE_NAMES, n.id).toContain(n.hp.architecture);
    const per = ARCHITECTURE_NAMES.map((a) => pop.networks.filter((n) => n.hp.architecture === a).length);
    for (const c of per) expect(c).toBeGreaterThanOrEqual(Math.floor(pop.networks.length / 3));
    expect(entry.description).toContain(`${pop.networks.length} networks`);
  });

  it('stores checkpoints at four or more epochs, features, depth profiles and dynamics', () => {
    const ok = pop.networks.filter((n) => n.status === 'ok');
    expect(ok.length).toBeGreaterThan(pop.networks.length / 2);
    for (const n of pop.networks) {
      const epochs = new Set([...(n.checkpoints ?? []).map((c) => c.epoch), n.final.epoch]);
      // a diverged network stops training where its loss blew up: it has fewer stored epochs
      if (n.status === 'ok') expect(epochs.size, n.id).toBeGreaterThanOrEqual(4);
      else expect(epochs.size, n.id).toBeGreaterThanOrEqual(1);
      expect(n.features, n.id).toBeDefined();
      // a profile over every hidden layer: 1+ for an MLP, conv/attention layers plus the dense head otherwise
      expect(n.layerProfile?.layers.length, n.id).toBeGreaterThanOrEqual(n.hp.architecture === 'mlp' ? n.hp.widths.length : 2);
      if (n.status === 'ok') expect(n.dynamics?.epochs.length, n.id).toBeGreaterThanOrEqual(4);
    }
    // enough epochs after 0 for the power-law fit the inspector draws (fitPowerLaw drops epoch 0)
    const fitted = ok.filter((n) => Number.isFinite(fitPowerLaw(n.dynamics!.epochs, n.dynamics!.features.effDim).exponent));
    expect(fitted.length).toBeGreaterThan(ok.length / 2);
  });

  it('has one embedded point per included network, in 3-D', () => {
    const e = pop.embedding!;
    expect(e.nComponents).toBe(3);
    expect(e.embedding.length % 3).toBe(0);
    const rows = e.embedding.length / 3;
    expect(rows).toBeGreaterThanOrEqual(pop.networks.filter((n) => n.status === 'ok').length);
    expect(rows).toBeLessThanOrEqual(pop.networks.length);
  });
});
