import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  BundleError,
  base64ToBytes,
  bytesToBase64,
  decodeHalf,
  decodePopulation,
  encodeHalf,
  encodePopulation,
  encodePopulationJson,
  validatePopulationDocument,
} from '../../src/core/bundle';
import { mulberry32, randn, type Rng } from '../../src/core/random';
import type { NetworkRecord, Population } from '../../src/core/types';

const n = 16;
const FUZZ_ITERS = Number(process.env.BUNDLE_FUZZ_ITERS ?? 500);

function randArr(rng: Rng, len: number): Float32Array {
  return Float32Array.from({ length: len }, () => randn(rng));
}

function makeNetwork(rng: Rng, i: number, diverged: boolean): NetworkRecord {
  const widths = [3 + i, 5];
  const m = (epoch: number) => ({ epoch, trainLoss: rng(), trainAcc: rng(), testLoss: rng(), testAcc: rng() });
  const nanM = (epoch: number) => ({ epoch, trainLoss: NaN, trainAcc: NaN, testLoss: Infinity, testAcc: NaN });
  const layers = widths.map((w, l) => {
    const data = randArr(rng, n * w);
    if (diverged) data.fill(NaN);
    return { layer: l, width: w, data };
  });
  return {
    id: `net-${i}`,
    hp: {
      architecture: 'mlp',
      widths,
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 10 ** (-1 - 3 * rng()),
      batchSize: 32,
      epochs: 2,
      dropout: 0.1,
      l2: 0,
      init: 'he_normal',
      seed: i,
    },
    status: diverged ? 'diverged' : 'ok',
    ...(diverged ? { statusReason: 'loss became NaN at epoch 2' } : {}),
    history: [m(1), diverged ? nanM(2) : m(2)],
    final: diverged ? nanM(2) : m(2),
    layers,
    checkpoints: [{ epoch: 1, layers: [{ layer: 1, width: 5, data: randArr(rng, n * 5) }] }],
    trainSeconds: 1.5 + i,
    features: { silhouette: diverged ? NaN : rng(), effDim: 2 + rng() },
  };
}

function makePopulation(seed = 1): Population {
  const rng = mulberry32(seed);
  const N = 5;
  const networks = Array.from({ length: N }, (_, i) => makeNetwork(rng, i, i === 3));
  const distances = new Float64Array(N * N);
  for (let i = 0; i < N; i++)
    for (let j = i + 1; j < N; j++) {
      const d = i === 3 || j === 3 ? NaN : rng();
      distances[i * N + j] = d;
      distances[j * N + i] = d;
    }
  const embedding = Float64Array.from({ length: N * 3 }, (_, k) => (Math.floor(k / 3) === 3 ? NaN : randn(rng)));
  return {
    id: 'pop-1',
    name: 'test population',
    provenance: {
      dataset: { name: 'moons', seed: 3, samples: 400, noise: 0.1, testFraction: 0.25 },
      probe: { n, seed: 9 },
      metric: { name: 'diffusion', layer: 'last', sigma: 0.5, scale: 'median', tau: 1 },
      phate: { knn: 5, decay: 40, t: 'auto', gamma: 1, nComponents: 3, solver: 'smacof', seed: 0 },
      generator: 'netmanifold test',
      createdAt: '2025-01-01T00:00:00.000Z',
    },
    probe: {
      seed: 9,
      n,
      inputDim: 2,
      indices: Int32Array.from({ length: n }, (_, i) => i * 3),
      x: randArr(rng, n * 2),
      labels: Int32Array.from({ length: n }, (_, i) => i % 2),
    },
    networks,
    distances,
    embedding: {
      embedding,
      nComponents: 3,
      t: 7,
      vne: Float64Array.from({ length: 10 }, () => rng()),
      components: 1,
      timings: { knn: 0.01 },
    },
  };
}

const bits = (a: Float32Array | Float64Array | Int32Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

function expectSamePopulation(a: Population, b: Population) {
  // Typed arrays bitwise (NaN included), then the rest structurally.
  const strip = (p: Population) =>
    JSON.parse(
      JSON.stringify(p, (_k, v) =>
        ArrayBuffer.isView(v) ? { bytes: bits(v as Float32Array) } : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
      ),
    );
  expect(strip(b)).toEqual(strip(a));
  expect(b.probe.x).toBeInstanceOf(Float32Array);
  expect(b.probe.labels).toBeInstanceOf(Int32Array);
  expect(b.networks[0].layers[0].data).toBeInstanceOf(Float32Array);
  if (a.distances) expect(b.distances).toBeInstanceOf(Float64Array);
  if (a.embedding) expect(b.embedding!.embedding).toBeInstanceOf(Float64Array);
}

const validDoc = () => JSON.parse(encodePopulationJson(makePopulation()));

function rejects(doc: unknown): BundleError {
  try {
    validatePopulationDocument(doc);
  } catch (e) {
    expect(e).toBeInstanceOf(BundleError);
    return e as BundleError;
  }
  throw new Error('expected the document to be rejected');
}

describe('bundle round trip', () => {
  it('gzip bundle decodes to an identical population (typed arrays bitwise, NaN kept)', () => {
    const pop = makePopulation();
    const bytes = encodePopulation(pop);
    expect(bytes[0]).toBe(0x1f);
    expect(bytes[1]).toBe(0x8b);
    const back = decodePopulation(bytes);
    expectSamePopulation(pop, back);
    expect(Number.isNaN(back.networks[3].final.testAcc)).toBe(true);
    expect(back.networks[3].final.testLoss).toBe(Infinity);
    expect(Number.isNaN(back.networks[3].features!.silhouette)).toBe(true);
    expect(Number.isNaN(back.embedding!.embedding[9])).toBe(true);
  });

  it('plain JSON bytes, a JSON string and an ArrayBuffer decode too', () => {
    const pop = makePopulation();
    const json = encodePopulationJson(pop);
    expectSamePopulation(pop, decodePopulation(json));
    const plain = new TextEncoder().encode(json);
    expectSamePopulation(pop, decodePopulation(plain));
    const gz = encodePopulation(pop);
    expectSamePopulation(pop, decodePopulation(gz.buffer.slice(gz.byteOffset, gz.byteOffset + gz.byteLength) as ArrayBuffer));
  });

  it('float16 activations round-trip within half precision and are smaller', () => {
    const pop = makePopulation();
    const f16 = encodePopulation(pop, { activations: 'float16' });
    expect(f16.length).toBeLessThan(encodePopulation(pop).length);
    const back = decodePopulation(f16);
    pop.networks.forEach((net, i) =>
      net.layers.forEach((l, j) => {
        const got = back.networks[i].layers[j].data;
        expect(got).toBeInstanceOf(Float32Array);
        for (let k = 0; k < l.data.length; k++) {
          const a = l.data[k];
          if (Number.isNaN(a)) expect(Number.isNaN(got[k])).toBe(true);
          else expect(Math.abs(got[k] - a)).toBeLessThanOrEqual(Math.max(Math.abs(a) * 2 ** -11, 2 ** -25));
        }
      }),
    );
    // Non-activation arrays stay exact.
    expect(bits(back.probe.x)).toEqual(bits(pop.probe.x));
    expect(bits(back.distances!)).toEqual(bits(pop.distances!));
  });

  it('a population without distances or embedding round-trips', () => {
    const pop = makePopulation();
    delete pop.distances;
    delete pop.embedding;
    const back = decodePopulation(encodePopulation(pop));
    expect(back.distances).toBeUndefined();
    expect(back.embedding).toBeUndefined();
    expectSamePopulation(pop, back);
  });

  it('exports the format tag and version', () => {
    expect(BUNDLE_FORMAT).toBe('netmanifold-population');
    expect(BUNDLE_VERSION).toBe(1);
    expect(validDoc()).toMatchObject({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION });
  });
});

describe('half floats and base64', () => {
  it('encode special values: saturation, infinities, NaN, signed zero, subnormals, ties to even', () => {
    const vals = [0, -0, 1, -2, 65504, 1e6, -1e6, Infinity, -Infinity, NaN, 2 ** -24, 2 ** -26, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 6.1e-5];
    const back = decodeHalf(encodeHalf(vals));
    expect(Array.from(back.slice(0, 5))).toEqual([0, -0, 1, -2, 65504]);
    expect(Object.is(back[1], -0)).toBe(true);
    expect(back[5]).toBe(65504); // saturates, never Infinity
    expect(back[6]).toBe(-65504);
    expect(back[7]).toBe(Infinity);
    expect(back[8]).toBe(-Infinity);
    expect(Number.isNaN(back[9])).toBe(true);
    expect(back[10]).toBe(2 ** -24); // smallest subnormal
    expect(back[11]).toBe(0); // below half of it: flushes to zero
    expect(back[12]).toBe(1); // tie rounds to even (down)
    expect(back[13]).toBe(1 + 4 * 2 ** -11); // tie rounds to even (up)
    expect(Math.abs(back[14] - 6.1e-5)).toBeLessThan(2 ** -25);
  });

  it('base64 matches Node Buffer and rejects malformed strings', () => {
    const rng = mulberry32(5);
    for (const len of [0, 1, 2, 3, 4, 5, 100, 30000]) {
      const b = Uint8Array.from({ length: len }, () => Math.floor(rng() * 256));
      const s = bytesToBase64(b);
      expect(s).toBe(Buffer.from(b).toString('base64'));
      expect(Array.from(base64ToBytes(s)!)).toEqual(Array.from(b));
    }
    expect(base64ToBytes('abc')).toBeNull();
    expect(base64ToBytes('ab$d')).toBeNull();
    expect(base64ToBytes('a=cd')).toBeNull();
  });
});

describe('malformed bundles are rejected with a message naming the problem', () => {
  type Case = [name: string, mutate: (d: any) => unknown, message: RegExp, path?: string];
  const cases: Case[] = [
    ['not an object', () => 42, /expected an object/],
    [
      'wrong format tag',
      (d) => ((d.format = 'something-else'), d),
      /format: expected "netmanifold-population", got "something-else"/,
      'format',
    ],
    ['missing format tag', (d) => (delete d.format, d), /not a Netmanifold population bundle/, 'format'],
    [
      'future version',
      (d) => ((d.version = 7), d),
      /^bundle version 7 is newer than this app supports \(1\); update Netmanifold$/,
      'version',
    ],
    ['version not an integer', (d) => ((d.version = '1'), d), /version: expected an integer/, 'version'],
    ['missing networks', (d) => (delete d.networks, d), /^networks: missing$/, 'networks'],
    ['networks not an array', (d) => ((d.networks = {}), d), /networks: expected an array/, 'networks'],
    ['missing probe', (d) => (delete d.probe, d), /^probe: missing$/, 'probe'],
    [
      'wrong activation length',
      (d) => ((d.networks[3].layers[1].data.shape = [500]), d),
      /^networks\[3\]\.layers\[1\]\.data: expected 16×5 = 80 values, got 500$/,
      'networks[3].layers[1].data',
    ],
    [
      'base64 too short for the shape',
      (d) => ((d.networks[2].layers[0].data.b64 = d.networks[2].layers[0].data.b64.slice(0, 40)), d),
      /networks\[2\]\.layers\[0\]\.data\.b64: 80 f32 values need 320 bytes, base64 holds 30/,
    ],
    ['malformed base64', (d) => ((d.probe.x.b64 = '!!!!' + d.probe.x.b64.slice(4)), d), /probe\.x\.b64: malformed base64/],
    ['bad dtype', (d) => ((d.probe.labels.dtype = 'f32'), d), /probe\.labels\.dtype: expected one of "i32", got "f32"/],
    [
      'layer width disagrees with hp.widths',
      (d) => ((d.networks[0].layers[0].width = 9), d),
      /networks\[0\]\.layers\[0\]\.width: hidden layer 0 has width 3 in hp\.widths, got 9/,
    ],
    ['layer index beyond depth', (d) => ((d.networks[0].layers[1].layer = 5), d), /networks\[0\]\.layers\[1\]\.layer: expected ≤ 1, got 5/],
    ['duplicate ids', (d) => ((d.networks[4].id = 'net-1'), d), /networks\[4\]\.id: duplicate id "net-1" \(also networks\[1\]\.id\)/],
    [
      'unknown activation',
      (d) => ((d.networks[1].hp.activation = 'swish'), d),
      /networks\[1\]\.hp\.activation: expected one of "relu".*got "swish"/,
    ],
    [
      'negative learning rate',
      (d) => ((d.networks[1].hp.learningRate = -0.1), d),
      /networks\[1\]\.hp\.learningRate: expected > 0, got -0\.1/,
    ],
    ['accuracy out of range', (d) => ((d.networks[0].final.testAcc = 1.5), d), /networks\[0\]\.final\.testAcc: expected ≤ 1, got 1\.5/],
    [
      'metric as an arbitrary string',
      (d) => ((d.networks[0].final.testLoss = 'big'), d),
      /networks\[0\]\.final\.testLoss: expected a number \(or "NaN"/,
    ],
    ['status unknown', (d) => ((d.networks[0].status = 'fine'), d), /networks\[0\]\.status: expected one of "ok", "diverged", "cancelled"/],
    [
      'NaN in the embedding of an ok network',
      (d) => (patchF64(d.embedding.embedding, 0, NaN), d),
      /embedding\.embedding: row 0 is partly NaN/,
    ],
    [
      'NaN row in the embedding of an ok network',
      (d) => ([0, 1, 2].forEach((k) => patchF64(d.embedding.embedding, k, NaN)), d),
      /embedding\.embedding: row 0 is NaN but networks\[0\] is 'ok' with finite activations/,
    ],
    [
      'infinite embedding coordinate',
      (d) => (patchF64(d.embedding.embedding, 4, Infinity), d),
      /embedding\.embedding: row 1 has an infinite coordinate/,
    ],
    ['embedding of the wrong size', (d) => ((d.embedding.nComponents = 2), d), /embedding\.embedding: expected 5×2 = 10 values, got 15/],
    ['distances not N×N', (d) => ((d.distances.shape = [5, 4]), d), /distances: expected 5×5 = 25 values, got 20/],
    ['asymmetric distances', (d) => (patchF64(d.distances, 1, 0.123), d), /distances: not symmetric at \[0\]\[1\]/],
    ['non-zero distance diagonal', (d) => (patchF64(d.distances, 0, 0.5), d), /distances: diagonal entry \[0\]\[0\] must be 0/],
    [
      'probe larger than requested',
      (d) => ((d.provenance.probe.n = 15), d),
      /provenance\.probe\.n: requested 15 probe points but probe\.n = 16 were stored/,
    ],
    ['probe with NaN inputs', (d) => (patchF32(d.probe.x, 3, NaN), d), /probe\.x: entry 3 is not finite/],
    ['bad createdAt', (d) => ((d.provenance.createdAt = 'yesterday'), d), /provenance\.createdAt: expected an ISO date/],
    ['missing hp', (d) => (delete d.networks[2].hp, d), /^networks\[2\]\.hp: missing$/],
    ['empty id', (d) => ((d.networks[2].id = ''), d), /networks\[2\]\.id: expected a non-empty string/],
  ];

  it.each(cases)('%s', (_name, mutate, message, path) => {
    const err = rejects(mutate(validDoc()));
    expect(err.message).toMatch(message);
    if (path !== undefined) expect(err.path).toBe(path);
  });

  it('rejects non-JSON text, non-UTF-8 bytes, truncated gzip and gzipped garbage', () => {
    const bad: [input: Uint8Array | string, message: RegExp][] = [
      ['hello, world', /not JSON .*starts with "hello, world"/],
      ['', /not JSON/],
      [new Uint8Array([0xff, 0xfe, 0x00, 0x41]), /neither gzip nor UTF-8/],
      [encodePopulation(makePopulation()).slice(0, 200), /the bundle is corrupt: .*truncated/],
      [gzipSync(new TextEncoder().encode('{"format": ')), /not JSON/],
      [gzipSync(new TextEncoder().encode('[1,2,3]')), /expected an object, got an array/],
    ];
    for (const [input, message] of bad) {
      let err: unknown;
      try {
        decodePopulation(input);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BundleError);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('fuzz: 500 random mutations of a valid document only ever throw BundleError', () => {
    const rng = mulberry32(2024);
    const base = encodePopulationJson(makePopulation());
    const replacements: unknown[] = [null, 0, -1, 1.5, 1e300, '', 'x', 'NaN', true, [], {}, [1, 2], { dtype: 'f32' }];
    let rejected = 0;
    for (let iter = 0; iter < FUZZ_ITERS; iter++) {
      const doc = JSON.parse(base);
      const mutations = 1 + Math.floor(rng() * 3);
      for (let m = 0; m < mutations; m++) mutateRandomly(doc, rng, replacements);
      try {
        validatePopulationDocument(doc);
      } catch (e) {
        expect(e).toBeInstanceOf(BundleError);
        // The catch-all fallback would hide a crash in the validator: it must not be needed.
        expect((e as Error).message).not.toMatch(/^invalid bundle:/);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(300);
  });
});

/** Overwrite one float64 entry of an encoded tensor. */
function patchF64(t: { b64: string }, index: number, value: number) {
  const bytes = base64ToBytes(t.b64)!;
  new DataView(bytes.buffer).setFloat64(index * 8, value, true);
  t.b64 = bytesToBase64(bytes);
}

function patchF32(t: { b64: string }, index: number, value: number) {
  const bytes = base64ToBytes(t.b64)!;
  new DataView(bytes.buffer).setFloat32(index * 4, value, true);
  t.b64 = bytesToBase64(bytes);
}

/** Walk to a random node and delete a key, replace a value with another type, or truncate an array/string. */
function mutateRandomly(doc: any, rng: Rng, replacements: unknown[]) {
  let node = doc;
  for (let depth = 0; depth < 8; depth++) {
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[Math.floor(rng() * keys.length)];
    const child = node[key];
    const descend = child !== null && typeof child === 'object' && rng() < 0.75;
    if (descend) {
      node = child;
      continue;
    }
    const r = rng();
    if (r < 0.3) {
      if (Array.isArray(node)) node.splice(key as number, 1);
      else delete node[key];
    } else if (r < 0.7) {
      node[key] = replacements[Math.floor(rng() * replacements.length)];
    } else if (typeof child === 'string') {
      node[key] = child.slice(0, Math.floor(rng() * child.length));
    } else if (Array.isArray(child)) {
      child.length = Math.floor(rng() * child.length);
    } else if (typeof child === 'number') {
      node[key] = -child - 1;
    } else {
      node[key] = undefined;
    }
    return;
  }
}
