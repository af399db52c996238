// Fuzz suite of every input kind the app decodes (issue 16 item 1): small
// valid seeds, seeded mutations (byte flips, bit flips, truncations,
// insertions, deletions, chunk duplications), ≥ 10,000 mutants per kind.
// Accepted ⇒ the content is identical to the source (kinds that carry
// checksums: gzip bundles, zips) or fully valid (re-validates and decodes to
// the same thing again). Rejected ⇒ the kind's user-facing error type with a
// message in words, never a TypeError/RangeError/SyntaxError leaking out.
// Counts per kind are printed (the report quotes them); FUZZ_MUTANTS scales it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import {
  BundleError,
  decodePopulation,
  encodePopulation,
  encodePopulationJson,
  populationToDocument,
  validatePopulationDocument,
} from '../../src/core/bundle';
import {
  NpyError,
  TfjsImportError,
  importActivationBundle,
  importTfjsModel,
  loadTfjsLayersModel,
  parseNpy,
  planTfjsModel,
  tfjsArtifacts,
  writeNpy,
} from '../../src/core/import';
import { ViewStateError, decodeViewState, encodeViewState, defaultViewState } from '../../src/core/viewstate';
import { loadDataset } from '../../src/core/datasets';
import { makeProbeSet } from '../../src/core/probe';
import { mulberry32, randn, type Rng } from '../../src/core/random';
import type { Dataset, NetworkRecord, Population, ProbeSet } from '../../src/core/types';

const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? 10_000);

// ---------------------------------------------------------------- mutations

type Mutation = (rng: Rng, b: Uint8Array) => Uint8Array;
const at = (rng: Rng, n: number) => Math.floor(rng() * n);

const MUTATIONS: Record<string, Mutation> = {
  flipByte: (rng, b) => {
    const o = b.slice();
    o[at(rng, o.length)] ^= 1 + at(rng, 255);
    return o;
  },
  flipBit: (rng, b) => {
    const o = b.slice();
    o[at(rng, o.length)] ^= 1 << at(rng, 8);
    return o;
  },
  truncate: (rng, b) => b.slice(0, at(rng, b.length)),
  insert: (rng, b) => {
    const p = at(rng, b.length + 1);
    const ins = Uint8Array.from({ length: 1 + at(rng, 8) }, () => at(rng, 256));
    return concat(b.subarray(0, p), ins, b.subarray(p));
  },
  remove: (rng, b) => {
    const p = at(rng, b.length);
    return concat(b.subarray(0, p), b.subarray(Math.min(b.length, p + 1 + at(rng, 16))));
  },
  duplicateChunk: (rng, b) => {
    const s = at(rng, b.length);
    const chunk = b.subarray(s, Math.min(b.length, s + 1 + at(rng, 64)));
    const p = at(rng, b.length + 1);
    return concat(b.subarray(0, p), chunk, b.subarray(p));
  },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** 1–3 seeded mutations; never returns the input unchanged by construction of at least one step. */
function mutate(rng: Rng, b: Uint8Array): Uint8Array {
  let out = b;
  const steps = 1 + (rng() < 0.25 ? at(rng, 3) : 0);
  for (let s = 0; s < steps; s++) out = MUTATIONS[MUTATION_NAMES[at(rng, MUTATION_NAMES.length)]](rng, out.length ? out : Uint8Array.of(0));
  return out;
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

// ---------------------------------------------------------------- outcome bookkeeping

/** Messages of JS engine errors that would mean a decoder let a crash through, whatever wraps them. */
const RAW_CRASH =
  /Cannot read propert|is not a function|is not iterable|of undefined|of null\b|Invalid (typed )?array length|Maximum call stack|is outside the bounds|out of bounds|Cannot convert/;

interface Tally {
  kind: string;
  mutants: number;
  accepted: number;
  identical: number;
  rejected: number;
  ms: number;
  messages: Map<string, number>;
}
const tallies: Tally[] = [];
const newTally = (kind: string): Tally => {
  const t: Tally = { kind, mutants: 0, accepted: 0, identical: 0, rejected: 0, ms: 0, messages: new Map() };
  tallies.push(t);
  return t;
};

/** Assert a rejection is the user-facing error type with a message in words; record it. */
function expectUserFacing(t: Tally, e: unknown, type: new (...a: never[]) => Error, context: string): void {
  if (!(e instanceof type)) {
    throw new Error(
      `${t.kind} mutant (${context}) was rejected with ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}, not a ${type.name}`,
    );
  }
  expect(e.message.length, `${t.kind}: empty message`).toBeGreaterThan(10);
  if (RAW_CRASH.test(e.message)) throw new Error(`${t.kind} mutant (${context}) was rejected with a raw engine message: ${e.message}`);
  t.rejected++;
  const key = e.message.replace(/\d+/g, '#').slice(0, 70);
  t.messages.set(key, (t.messages.get(key) ?? 0) + 1);
}

afterAll(() => {
  const lines = tallies.map(
    (t) =>
      `${t.kind.padEnd(18)} mutants ${t.mutants}  accepted ${t.accepted} (identical ${t.identical})  rejected ${t.rejected}  ${(t.ms / 1000).toFixed(1)} s`,
  );
  console.log(`[import fuzz]\n${lines.join('\n')}`);
});

// ---------------------------------------------------------------- seeds

function smallPopulation(): Population {
  const rng = mulberry32(11);
  const n = 6;
  const net = (i: number): NetworkRecord => ({
    id: `net-${i}`,
    hp: {
      architecture: 'mlp',
      widths: [3, 2],
      activation: 'tanh',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 16,
      epochs: 1,
      dropout: 0,
      l2: 0,
      init: 'he_normal',
      seed: i,
    },
    status: 'ok',
    history: [{ epoch: 1, trainLoss: 0.5, trainAcc: 0.75, testLoss: 0.6, testAcc: 0.5 }],
    final: { epoch: 1, trainLoss: 0.5, trainAcc: 0.75, testLoss: 0.6, testAcc: 0.5 },
    layers: [3, 2].map((w, l) => ({ layer: l, width: w, data: Float32Array.from({ length: n * w }, () => randn(rng)) })),
  });
  return {
    id: 'fuzz-pop',
    name: 'fuzz seed',
    provenance: {
      dataset: { name: 'moons', seed: 1 },
      probe: { n, seed: 2 },
      metric: { name: 'diffusion' },
      phate: { knn: 2, decay: 40, t: 'auto', gamma: 1, nComponents: 3, solver: 'smacof', seed: 0 },
      generator: 'fuzz',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    probe: {
      seed: 2,
      n,
      inputDim: 2,
      indices: Int32Array.from({ length: n }, (_, i) => i),
      x: Float32Array.from({ length: n * 2 }, () => randn(rng)),
      labels: Int32Array.from({ length: n }, (_, i) => i % 2),
    },
    networks: [net(0), net(1)],
  };
}

/** Canonical JSON of a population (typed arrays as plain lists, non-finite as strings): equal ⇔ same content. */
const canon = (p: Population) => encodePopulationJson(p);

function activationSeed(): { zip: Uint8Array; files: Record<string, Uint8Array>; manifest: Record<string, unknown> } {
  const rng = mulberry32(5);
  const n = 5;
  const files: Record<string, Uint8Array> = {
    'y.npy': writeNpy(
      Int32Array.from({ length: n }, (_, i) => i % 3),
      [n],
    ),
    'x.npy': writeNpy(
      Float32Array.from({ length: n * 3 }, () => randn(rng)),
      [n, 3],
    ),
  };
  const networks = [0, 1].map((k) => {
    files[`a${k}.npy`] = writeNpy(
      Float32Array.from({ length: n * 4 }, () => randn(rng)),
      [n, 4],
    );
    return {
      id: `t${k}`,
      hyperparameters: { lr: 0.01, hidden_sizes: [4] },
      metrics: { test_acc: 0.5 + 0.1 * k },
      activations: [`a${k}.npy`],
    };
  });
  const manifest = {
    format: 'netmanifold-activations',
    version: 1,
    name: 'fuzz',
    created_at: '2026-01-01T00:00:00Z',
    dataset: { name: 'toy', input_dim: 3, num_classes: 3 },
    probe: { x: 'x.npy', labels: 'y.npy' },
    networks,
  };
  // Deflated entries (level 6) and a stored one: both must be CRC-checked.
  const zip = zipSync(
    { 'manifest.json': strToU8(JSON.stringify(manifest)), ...files, 'a1.npy': [files['a1.npy'], { level: 0 }] },
    { level: 6, mtime: new Date('2026-01-01T00:00:00Z') },
  );
  return { zip, files, manifest };
}

// ---------------------------------------------------------------- kinds

describe(`import fuzz: ${MUTANTS} mutants of each input kind`, () => {
  it('population bundle (.nmpop, gzip): accepted ⇒ identical content; rejected ⇒ BundleError', () => {
    const t = newTally('nmpop (gzip)');
    const pop = smallPopulation();
    const src = encodePopulation(pop);
    const want = canon(decodePopulation(src));
    const rng = mulberry32(101);
    const t0 = performance.now();
    for (let i = 0; i < MUTANTS; i++) {
      const m = mutate(rng, src);
      t.mutants++;
      let got: Population;
      try {
        got = decodePopulation(m);
      } catch (e) {
        expectUserFacing(t, e, BundleError, `#${i}`);
        continue;
      }
      t.accepted++;
      // gzip carries a CRC-32 and the length: an accepted file must decode to exactly the source.
      expect(canon(got), `nmpop mutant #${i} accepted with different content`).toBe(want);
      t.identical++;
    }
    t.ms = performance.now() - t0;
    expect(t.rejected).toBeGreaterThan(MUTANTS * 0.9);
  });

  it('population bundle (plain JSON): accepted ⇒ fully valid (re-encodes and decodes to the same population)', () => {
    const t = newTally('bundle (json)');
    const src = strToU8(encodePopulationJson(smallPopulation()));
    const rng = mulberry32(102);
    const t0 = performance.now();
    for (let i = 0; i < MUTANTS; i++) {
      const m = mutate(rng, src);
      t.mutants++;
      let got: Population;
      try {
        got = decodePopulation(m);
      } catch (e) {
        expectUserFacing(t, e, BundleError, `#${i}`);
        continue;
      }
      t.accepted++;
      if (same(strToU8(canon(got)), src)) t.identical++;
      // Plain JSON has no checksum: a changed digit can be a valid population. It must be fully valid.
      expect(canon(decodePopulation(encodePopulation(got))), `json mutant #${i}`).toBe(canon(got));
      expect(got.networks.length).toBeGreaterThan(0);
      for (let k = 0; k < got.probe.n; k++) expect(got.probe.labels[k]).toBeLessThan(2);
    }
    t.ms = performance.now() - t0;
  });

  it('activation bundle (.zip): accepted ⇒ identical import; rejected ⇒ BundleError', () => {
    const t = newTally('activations (zip)');
    const { zip } = activationSeed();
    const want = canon(importActivationBundle(zip).population);
    const rng = mulberry32(103);
    const t0 = performance.now();
    for (let i = 0; i < MUTANTS; i++) {
      const m = mutate(rng, zip);
      t.mutants++;
      let got: Population;
      try {
        got = importActivationBundle(m).population;
      } catch (e) {
        expectUserFacing(t, e, BundleError, `#${i}`);
        continue;
      }
      t.accepted++;
      // Every entry is CRC-checked: accepted ⇒ the same files ⇒ the same population.
      expect(canon(got), `zip mutant #${i} accepted with different content`).toBe(want);
      t.identical++;
    }
    t.ms = performance.now() - t0;
    expect(t.rejected).toBeGreaterThan(MUTANTS * 0.5);
  });

  it('activation bundle manifest (JSON with separate .npy files): accepted ⇒ fully valid', () => {
    const t = newTally('activations (json)');
    const { manifest, files } = activationSeed();
    const src = strToU8(JSON.stringify(manifest));
    const rng = mulberry32(104);
    const t0 = performance.now();
    for (let i = 0; i < MUTANTS; i++) {
      const m = mutate(rng, src);
      t.mutants++;
      let got: Population;
      try {
        got = importActivationBundle(m, { files }).population;
      } catch (e) {
        expectUserFacing(t, e, BundleError, `#${i}`);
        continue;
      }
      t.accepted++;
      expect(canon(validatePopulationDocument(populationToDocument(got))), `manifest mutant #${i}`).toBe(canon(got));
      expect(got.networks.length).toBeGreaterThan(0);
    }
    t.ms = performance.now() - t0;
  });

  it('npy arrays: accepted ⇒ a consistent array (size = product of the shape); rejected ⇒ NpyError', () => {
    const t = newTally('npy');
    const rng0 = mulberry32(7);
    const seeds = [
      writeNpy(
        Float32Array.from({ length: 12 }, () => randn(rng0)),
        [3, 4],
      ),
      writeNpy(
        Int32Array.from({ length: 5 }, (_, i) => i),
        [5],
      ),
      writeNpy(
        Float64Array.from({ length: 6 }, () => randn(rng0)),
        [2, 3],
      ),
    ];
    const rng = mulberry32(105);
    const t0 = performance.now();
    for (let i = 0; i < MUTANTS; i++) {
      const m = mutate(rng, seeds[i % seeds.length]);
      t.mutants++;
      let a;
      try {
        a = parseNpy(m, 'fuzz.npy');
      } catch (e) {
        expectUserFacing(t, e, NpyError, `#${i}`);
        continue;
      }
      t.accepted++;
      expect(a.data.length).toBe(a.shape.reduce((x, y) => x * y, 1));
      expect(a.shape.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
      if (a.dtype === 'f4' || a.dtype === 'f8' || a.dtype === 'i4') {
        const again = parseNpy(writeNpy(a.data, a.shape));
        expect(Array.from(again.data).map(String)).toEqual(Array.from(a.data).map(String));
      }
      if (same(m, seeds[i % seeds.length])) t.identical++;
    }
    t.ms = performance.now() - t0;
  });

  it('view-state hash: accepted ⇒ a valid state that round-trips; rejected ⇒ ViewStateError', () => {
    const t = newTally('view-state hash');
    const s = defaultViewState();
    s.colorBy = 'trainAcc';
    s.filter = 'lr > 0.01';
    s.camera = { position: [1, 2, 3], target: [0, 0, 0], up: [0, 1, 0], zoom: 1.5 };
    s.selection = { by: 'index', indices: [1, 2, 3, 10, 11, 40] };
    s.panels = ['pcp'];
    const short = strToU8(encodeViewState(s));
    s.filter = 'a much longer filter text so that the deflated form wins ' + 'x'.repeat(60);
    const long = strToU8(encodeViewState(s));
    const rng = mulberry32(106);
    const dec = new TextDecoder();
    const t0 = performance.now();
    for (let i = 0; i < MUTANTS; i++) {
      const m = dec.decode(mutate(rng, i % 2 ? short : long));
      t.mutants++;
      let got;
      try {
        got = decodeViewState(m);
      } catch (e) {
        expectUserFacing(t, e, ViewStateError, `#${i}`);
        continue;
      }
      t.accepted++;
      // Valid: the decoded state encodes and decodes to itself without warnings.
      const again = decodeViewState(encodeViewState(got.state));
      expect(again.warnings).toEqual([]);
      expect(encodeViewState(again.state)).toBe(encodeViewState(got.state));
    }
    t.ms = performance.now() - t0;
  });

  describe('TF.js model (model.json + weights)', () => {
    let ds: Dataset;
    let probe: ProbeSet;
    let json: Uint8Array;
    let weights: Uint8Array;
    let baseline: Population;
    beforeAll(async () => {
      await tf.setBackend('cpu');
      const m = tf.sequential({ name: 'fz' });
      m.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }));
      m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
      let saved: tf.io.ModelArtifacts | undefined;
      await m.save(
        tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })),
      );
      m.dispose();
      json = strToU8(
        JSON.stringify({
          format: saved!.format,
          generatedBy: saved!.generatedBy,
          modelTopology: saved!.modelTopology,
          weightsManifest: [{ paths: ['w.bin'], weights: saved!.weightSpecs }],
        }),
      );
      weights = new Uint8Array(saved!.weightData as ArrayBuffer);
      ds = loadDataset({ name: 'moons', seed: 1, samples: 40 });
      probe = makeProbeSet(ds, 6, 1);
      baseline = smallPopulation();
    });

    it('accepted ⇒ an importable network that validates in a population; rejected ⇒ TfjsImportError', async () => {
      const t = newTally('tfjs model');
      const rng = mulberry32(107);
      const before = tf.memory().numTensors;
      const srcTopology = new TextDecoder().decode(json);
      let fullImports = 0;
      const t0 = performance.now();
      for (let i = 0; i < MUTANTS; i++) {
        // Mostly model.json (the structure); a fifth of the mutants hit the weights file.
        const hitWeights = rng() < 0.2;
        const mj = hitWeights ? json : mutate(rng, json);
        const mw = hitWeights ? mutate(rng, weights) : weights;
        t.mutants++;
        let model: tf.LayersModel | null = null;
        try {
          model = await loadTfjsLayersModel(tf, tfjsArtifacts(mj, { 'w.bin': mw }));
          planTfjsModel(model, ds);
          // The full import (activations, metrics) for every changed model.json that loads,
          // and for every 25th weights mutant (same topology; the import is ~20 ms each).
          const changedTopology = new TextDecoder().decode(mj) !== srcTopology;
          if (changedTopology || i % 25 === 0) {
            fullImports++;
            const { network } = await importTfjsModel(tf, model, ds, probe, { id: 'tfjs-fuzz' });
            expect(network.layers.every((l) => l.data.length === probe.n * l.width)).toBe(true);
            // Fully valid: it fits a population and passes the bundle validator.
            const pop = {
              ...baseline,
              probe: { ...probe, inputsMissing: undefined },
              provenance: { ...baseline.provenance, probe: { n: probe.n, seed: 1 } },
              networks: [network],
            };
            delete (pop.probe as { inputsMissing?: boolean }).inputsMissing;
            validatePopulationDocument(populationToDocument(pop));
          }
          t.accepted++;
          if (same(mj, json) && same(mw, weights)) t.identical++;
        } catch (e) {
          expectUserFacing(t, e, TfjsImportError, `#${i}`);
        } finally {
          model?.dispose();
        }
      }
      t.ms = performance.now() - t0;
      console.log(`[import fuzz] tfjs: ${fullImports} full imports`);
      expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 8);
    }, 180_000);
  });
});
