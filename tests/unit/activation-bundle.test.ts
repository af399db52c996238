import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { BundleError, decodePopulation, encodePopulation } from '../../src/core/bundle';
import { importActivationBundle, writeNpy } from '../../src/core/import';
import { mulberry32, randn } from '../../src/core/random';
import { embedPopulation } from '../../src/core/pipeline';

const EXAMPLE_ZIP = path.resolve(__dirname, '../../tools/example-population.zip');
const EXAMPLE_SCRIPT = path.resolve(__dirname, '../../tools/example_export.py');

/** A population built by the test following docs/activation-bundle.md: n probes, nets with 2 hidden layers. */
function makeBundle(n = 30, nets = 5) {
  const rng = mulberry32(7);
  const files: Record<string, Uint8Array> = {};
  const acts: Float32Array[][] = [];
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const x = Float32Array.from({ length: n * 4 }, () => randn(rng));
  files['probe_y.npy'] = writeNpy(labels, [n]);
  files['probe_x.npy'] = writeNpy(x, [n, 4]);
  const networks = Array.from({ length: nets }, (_, k) => {
    const widths = [6 + k, 5];
    const layers = widths.map((w) => Float32Array.from({ length: n * w }, () => Math.max(0, randn(rng))));
    acts.push(layers);
    layers.forEach((a, l) => (files[`acts/net${k}_l${l}.npy`] = writeNpy(a, [n, widths[l]])));
    return {
      id: `torch-${k}`,
      hyperparameters: {
        hidden_sizes: widths,
        activation: 'ReLU',
        lr: 0.001 * (k + 1),
        optimizer: 'AdamW',
        batch_size: 64,
        epochs: 10,
        momentum: 0.9,
        arch: { kind: 'mlp' },
      },
      metrics: {
        test_acc: 0.8 + 0.01 * k,
        test_loss: 0.5,
        train_acc: 0.9,
        train_loss: 0.3,
        history: [{ epoch: 1, train_loss: 1, test_acc: 0.5 }],
      },
      activations: widths.map((_, l) => `acts/net${k}_l${l}.npy`),
    };
  });
  const manifest = {
    format: 'netmanifold-activations',
    version: 1,
    name: 'torch test population',
    dataset: { name: 'toy-4d', input_dim: 4, num_classes: 3, class_names: ['a', 'b', 'c'] },
    probe: { x: 'probe_x.npy', labels: 'probe_y.npy' },
    networks,
  };
  return { manifest, files, acts, labels, x };
}

const zipOf = (manifest: unknown, files: Record<string, Uint8Array>, dir = '') =>
  zipSync({
    [`${dir}manifest.json`]: strToU8(JSON.stringify(manifest)),
    ...Object.fromEntries(Object.entries(files).map(([k, v]) => [dir + k, v])),
  });

function expectBundleError(fn: () => unknown, re: RegExp) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, `expected a BundleError matching ${re}`).toBeInstanceOf(BundleError);
  expect((err as Error).message).toMatch(re);
}

describe('activation bundle import (built by the test)', () => {
  it('imports a zip of manifest.json + .npy files into a valid Population', () => {
    const b = makeBundle();
    const { population: pop, warnings } = importActivationBundle(zipOf(b.manifest, b.files));
    expect(pop.name).toBe('torch test population');
    expect(pop.provenance.customDataset).toEqual({ name: 'toy-4d', inputDim: 4, numClasses: 3, classNames: ['a', 'b', 'c'] });
    expect(pop.probe.n).toBe(30);
    expect(pop.probe.labels).toEqual(b.labels);
    expect(pop.probe.x).toEqual(b.x);
    expect(pop.probe.inputsMissing).toBeUndefined();
    expect(pop.networks).toHaveLength(5);
    pop.networks.forEach((net, k) => {
      expect(net.id).toBe(`torch-${k}`);
      expect(net.origin).toBe('imported-activations');
      expect(net.hp.widths).toEqual([6 + k, 5]);
      expect(net.hp.activation).toBe('relu');
      expect(net.hp.optimizer).toBe('adam');
      expect(net.hp.learningRate).toBeCloseTo(0.001 * (k + 1), 12);
      expect(net.hp.batchSize).toBe(64);
      expect(net.hp.epochs).toBe(10);
      expect(net.extraHyperParams).toMatchObject({ momentum: 0.9, arch: '{"kind":"mlp"}', defaulted: 'dropout,l2,init,seed' });
      expect(net.final.testAcc).toBeCloseTo(0.8 + 0.01 * k, 12);
      expect(net.final.epoch).toBe(10);
      expect(net.history[0].epoch).toBe(1);
      expect(Number.isNaN(net.history[0].testLoss)).toBe(true);
      net.layers.forEach((l, j) => expect(l.data).toEqual(b.acts[k][j]));
    });
    // the four fields not given for the same networks: one line
    expect(warnings).toContain('dropout, L2 weight decay, initialisation, seed not given for all 5 networks: shown as —');
    // And it survives the population bundle format unchanged.
    const back = decodePopulation(encodePopulation(pop));
    expect(back.networks[2].extraHyperParams).toEqual(pop.networks[2].extraHyperParams);
    expect(back.provenance.customDataset).toEqual(pop.provenance.customDataset);
  });

  it('accepts a zip of a folder, a manifest with separate files, and inline arrays', () => {
    const b = makeBundle(12, 3);
    const nested = importActivationBundle(zipOf(b.manifest, b.files, 'my-run/')).population;
    const loose = importActivationBundle(JSON.stringify(b.manifest), { files: b.files }).population;
    expect(loose.networks[1].layers[0].data).toEqual(nested.networks[1].layers[0].data);
    const inline = structuredClone(b.manifest);
    (inline as { probe: unknown }).probe = { labels: Array.from(b.labels) };
    inline.networks.forEach((net, k) => {
      (net as Record<string, unknown>).activations = b.acts[k].map((a, l) => {
        const w = net.hyperparameters.hidden_sizes[l];
        return Array.from({ length: 12 }, (_, r) => Array.from(a.subarray(r * w, (r + 1) * w)));
      });
    });
    const { population, warnings } = importActivationBundle(inline);
    expect(population.probe.inputsMissing).toBe(true);
    expect(warnings[0]).toMatch(/no probe inputs/);
    population.networks.forEach((net, k) => net.layers.forEach((l, j) => expect(l.data).toEqual(b.acts[k][j])));
  });

  it('gives clear, located errors for malformed bundles', () => {
    const b = makeBundle(10, 2);
    const with_ = (edit: (m: ReturnType<typeof makeBundle>['manifest']) => void, files = b.files) => {
      const m = structuredClone(b.manifest);
      edit(m);
      return () => importActivationBundle(zipOf(m, files));
    };
    expectBundleError(() => importActivationBundle(new Uint8Array([0x50, 0x4b, 3, 4, 9, 9])), /not a readable zip/);
    expectBundleError(() => importActivationBundle(zipSync({ 'x.txt': strToU8('hi') })), /no manifest.json/);
    expectBundleError(
      () => importActivationBundle('{"format": "netmanifold-population", "version": 1}'),
      /population bundle, not an activation bundle/,
    );
    expectBundleError(
      with_((m) => (m.version = 7)),
      /version 7 is newer/,
    );
    expectBundleError(
      with_((m) => (m.networks[1].activations[0] = 'missing.npy')),
      /networks\[1\].activations\[0\]: file "missing.npy" is not in the bundle/,
    );
    expectBundleError(
      with_((m) => (m.networks[0].activations[1] = '../secret.npy')),
      /may not leave the bundle folder/,
    );
    expectBundleError(
      with_((m) => (m.networks[0].metrics.test_acc = 87)),
      /fraction, not a percentage/,
    );
    expectBundleError(
      with_((m) => (m.networks[1].id = 'torch-0')),
      /duplicate id "torch-0"/,
    );
    expectBundleError(
      with_((m) => (m.dataset = { name: 'mine' } as never)),
      /dataset.num_classes: missing/,
    );
    expectBundleError(
      with_((m) => (m.dataset = { name: 'digits', input_dim: 3 } as never)),
      /"digits" has 64 inputs/,
    );
    expectBundleError(
      with_(() => {}, { ...b.files, 'probe_y.npy': writeNpy(Int32Array.from([0, 1, 2, 5, 0, 1, 2, 0, 1, 2]), [10]) }),
      /label 5 at 3 is outside 0..2/,
    );
    expectBundleError(
      with_(() => {}, { ...b.files, 'acts/net0_l1.npy': writeNpy(new Float32Array(9 * 5), [9, 5]) }),
      /networks\[0\].activations\[1\]: has 9 rows, expected one per probe point \(10\)/,
    );
    expectBundleError(
      with_(() => {}, { ...b.files, 'acts/net0_l1.npy': writeNpy(new Float32Array(50), [10, 5]).subarray(0, 200) }),
      /truncated data/,
    );
    expectBundleError(
      () => importActivationBundle({ ...b.manifest, networks: [{ id: 'a', activations: [[[1, 2], [3]]] }] }, { files: b.files }),
      /ragged array/,
    );
  });

  it('fuzz: mutated zips and manifests give BundleErrors only', () => {
    const b = makeBundle(8, 2);
    const zip = zipOf(b.manifest, b.files);
    const rng = mulberry32(11);
    const runs = Number(process.env.ACTIVATION_FUZZ_RUNS ?? 1500);
    let imported = 0;
    for (let it = 0; it < runs; it++) {
      const bytes = zip.slice(0, it % 5 === 0 ? Math.floor(rng() * zip.length) : zip.length);
      const flips = 1 + Math.floor(rng() * 4);
      for (let k = 0; k < flips && bytes.length; k++) bytes[Math.floor(rng() * bytes.length)] = Math.floor(rng() * 256);
      try {
        importActivationBundle(bytes);
        imported++;
      } catch (e) {
        if (!(e instanceof BundleError)) throw new Error(`iteration ${it}: ${String(e)}`);
      }
    }
    // Mutate manifest values (stored uncompressed, so this exercises the validator rather than inflate).
    const text = JSON.stringify(b.manifest);
    const junk = ['null', '-1', '1e309', '"x"', '[]', '{}', '[[1]]', '0.5', 'true', '"../a.npy"'];
    for (let it = 0; it < runs; it++) {
      let t = text;
      const pos = Math.floor(rng() * t.length);
      const m = /^[^,{}[\]:]*/.exec(t.slice(pos))![0].length;
      t = t.slice(0, pos) + junk[Math.floor(rng() * junk.length)] + t.slice(pos + m);
      try {
        importActivationBundle(t, { files: b.files });
        imported++;
      } catch (e) {
        if (!(e instanceof BundleError)) throw new Error(`manifest mutation ${it}: ${String(e)}`);
      }
    }
    expect(imported).toBeGreaterThan(0); // some mutations are harmless; the rest were all BundleErrors
  });
});

describe('activation bundle written by tools/export_activations.py', () => {
  function checkExample(bytes: Uint8Array) {
    const { population: pop, warnings } = importActivationBundle(bytes);
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(bytes)['manifest.json']));
    expect(pop.name).toBe('numpy two-moons example');
    expect(pop.provenance.customDataset).toEqual({ name: 'numpy-moons', inputDim: 2, numClasses: 2, classNames: ['upper', 'lower'] });
    expect(pop.probe.n).toBe(64);
    // The exporter writes the probe rows' indices (sorted draw of 64 of 200 test rows) and seed.
    expect(manifest.probe.indices).toBe('probe_indices.npy');
    expect(pop.probe.seed).toBe(0);
    expect(Array.from(pop.probe.indices).every((v, i, a) => v >= 0 && v < 200 && (i === 0 || v > a[i - 1]))).toBe(true);
    expect(pop.probe.indices[pop.probe.n - 1]).toBeGreaterThan(63); // real indices, not the 0..n−1 placeholder
    expect(pop.networks).toHaveLength(manifest.networks.length);
    pop.networks.forEach((net, i) => {
      const m = manifest.networks[i];
      expect(net.id).toBe(m.id);
      expect(net.hp.widths).toEqual(m.hyperparameters.widths);
      expect(net.hp.activation).toBe(m.hyperparameters.activation);
      expect(net.hp.learningRate).toBe(m.hyperparameters.lr);
      expect(net.final.testAcc).toBe(m.metrics.test_acc);
      expect(net.history.length).toBe(m.metrics.history.length);
      expect(net.extraHyperParams?.framework).toBe('numpy');
      for (const l of net.layers) {
        for (const v of l.data) {
          if (net.hp.activation === 'relu') expect(v).toBeGreaterThanOrEqual(0);
          else expect(Math.abs(v)).toBeLessThanOrEqual(1);
        }
      }
    });
    expect(warnings).toContain(`dropout, L2 weight decay, initialisation not given for all ${pop.networks.length} networks: shown as —`);
    return pop;
  }

  it('the committed example (tools/example-population.zip) imports and embeds through the pipeline', async () => {
    if (!existsSync(EXAMPLE_ZIP)) throw new Error(`missing ${EXAMPLE_ZIP}; regenerate it with: python3 tools/example_export.py`);
    const pop = checkExample(new Uint8Array(readFileSync(EXAMPLE_ZIP)));
    const res = await embedPopulation(pop.networks, pop.probe, { phate: { knn: 3 } });
    expect(res.included).toHaveLength(pop.networks.length);
    expect(Array.from(res.embedding.embedding).every(Number.isFinite)).toBe(true);
  });

  it('a zip freshly written by the Python exporter imports (when python3 has numpy)', (ctx) => {
    try {
      execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    } catch {
      // Without numpy the committed example above (written by the same script) is the check.
      ctx.skip();
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'actexp-'));
    try {
      const out = path.join(dir, 'pop.zip');
      execFileSync('python3', [EXAMPLE_SCRIPT, out]);
      checkExample(new Uint8Array(readFileSync(out)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
