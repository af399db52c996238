import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import {
  DEFAULT_VIEW_STATE,
  ViewStateError,
  decodeViewState,
  defaultViewState,
  diffViewState,
  encodeViewState,
  indicesToRanges,
  isHistoryWorthy,
  populationSourceFromQuery,
  rangesToIndices,
  roundCamera,
  type ViewState,
} from '../../src/core/viewstate';
import { toBase64Url } from '../../src/core/viewstate/codec';
import { DEFAULT_PHATE_PARAMS } from '../../src/core/phate/engine';
import { DEFAULT_DIFFUSION_OPTIONS } from '../../src/core/distance/diffusion';

const FUZZ_RUNS = Number(process.env.VIEWSTATE_FUZZ_RUNS ?? 2000);

// ---------------------------------------------------------------- arbitraries

const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);
const idArb = fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' }).filter(noControl);
const keyArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{0,20}$/);
const coord = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const vec3 = fc.tuple(coord, coord, coord);

const sourceArb = fc.oneof(
  fc.constant(null),
  idArb.map((id) => ({ kind: 'demo' as const, id })),
  idArb.map((id) => ({ kind: 'local' as const, id })),
  fc
    .oneof(fc.webUrl({ withQueryParameters: true }), fc.constantFrom('./demos/digits.json.gz', '/pop.json'))
    .map((url) => ({ kind: 'url' as const, url })),
);

const viewStateArb: fc.Arbitrary<ViewState> = fc.record({
  version: fc.constant(1 as const),
  source: sourceArb,
  population: fc.option(fc.record({ networks: fc.integer({ min: 0, max: 999_999_999 }), hash: fc.stringMatching(/^[0-9a-f]{8}$/) }), {
    nil: null,
  }),
  dataset: fc.constantFrom(null, 'moons', 'circles', 'spirals', 'xor', 'blobs', 'digits' as const),
  metric: fc.record({
    name: fc.constantFrom('diffusion', 'cka', 'rsa', 'wasserstein-h0' as const),
    layer: fc.oneof(fc.constant('last' as const), fc.integer({ min: 0, max: 256 })),
    sigma: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
    scale: fc.constantFrom('median', 'raw' as const),
    tau: fc.integer({ min: 1, max: 1000 }),
  }),
  phate: fc.record({
    knn: fc.integer({ min: 1, max: 10_000 }),
    decay: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
    t: fc.oneof(fc.constant('auto' as const), fc.integer({ min: 1, max: 100_000 })),
    gamma: fc.double({ min: -1, max: 1, noNaN: true }).map((g) => g + 0), // JSON has no -0
    nComponents: fc.constantFrom(2 as const, 3 as const),
    solver: keyArb,
    seed: fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
  }),
  colorBy: keyArb,
  sizeBy: fc.option(keyArb, { nil: null }),
  colorDomain: fc.constantFrom('data', 'fixed', 'quantile' as const),
  camera: fc.option(
    fc.record({
      position: vec3,
      target: vec3,
      up: vec3.filter((u) => roundCamera({ position: [0, 0, 0], target: [0, 0, 0], up: u, zoom: 1 }).up.some((x) => x !== 0)),
      zoom: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    }),
    { nil: null },
  ),
  selection: fc.oneof(
    fc.constant(null),
    fc.uniqueArray(idArb, { maxLength: 20 }).map((ids) => ({ by: 'id' as const, ids })),
    fc.uniqueArray(fc.nat(5000), { maxLength: 300 }).map((a) => ({ by: 'index' as const, indices: a.sort((x, y) => x - y) })),
  ),
  filter: fc.string({ maxLength: 80, unit: 'grapheme' }).filter(noControl),
  inspected: fc.option(idArb, { nil: null }),
  pinned: fc.option(idArb, { nil: null }),
  panels: fc.uniqueArray(keyArb, { maxLength: 6 }),
  epoch: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
}) as fc.Arbitrary<ViewState>;

/** What decode(encode(s)) must give: s with the camera rounded. */
const expected = (s: ViewState): ViewState => ({ ...s, camera: s.camera && roundCamera(s.camera) });

/** Decoding anything must give a state or a ViewStateError; a decoded state must be stable under re-encoding. */
function decodeSafely(hash: string): void {
  let out;
  try {
    out = decodeViewState(hash);
  } catch (e) {
    if (!(e instanceof ViewStateError)) throw new Error(`non-ViewStateError for ${JSON.stringify(hash.slice(0, 80))}: ${String(e)}`);
    expect(e.message.length).toBeGreaterThan(10);
    return;
  }
  const again = decodeViewState(encodeViewState(out.state));
  expect(again.warnings).toEqual([]);
  expect(again.state).toEqual(expected(out.state));
}

const wireHash = (wire: unknown, kind: 'j' | 'z') => {
  const bytes = new TextEncoder().encode(JSON.stringify(wire));
  return `${kind}.${toBase64Url(kind === 'z' ? deflateSync(bytes) : bytes)}`;
};

// ---------------------------------------------------------------- tests

describe('view state round trip', () => {
  it('defaults mirror the engines', () => {
    const { tMax: _t, ...phate } = DEFAULT_PHATE_PARAMS;
    expect(DEFAULT_VIEW_STATE.phate).toEqual(phate);
    expect({
      layer: DEFAULT_VIEW_STATE.metric.layer,
      sigma: DEFAULT_VIEW_STATE.metric.sigma,
      scale: DEFAULT_VIEW_STATE.metric.scale,
      tau: DEFAULT_VIEW_STATE.metric.tau,
    }).toEqual({
      ...DEFAULT_DIFFUSION_OPTIONS,
    });
  });

  it('the default state encodes to a tiny hash and an empty hash decodes to the default', () => {
    const h = encodeViewState(defaultViewState());
    expect(h.length).toBeLessThan(16);
    expect(decodeViewState(h)).toEqual({ state: defaultViewState(), warnings: [] });
    expect(decodeViewState('')).toEqual({ state: defaultViewState(), warnings: [] });
    expect(decodeViewState('#')).toEqual({ state: defaultViewState(), warnings: [] });
  });

  it('decode(encode(s)) = s for random valid states (camera within rounding)', () => {
    fc.assert(
      fc.property(viewStateArb, (s) => {
        const hash = encodeViewState(s);
        expect(hash).toMatch(/^[jz]\.[A-Za-z0-9_-]*$/);
        const { state, warnings } = decodeViewState(`#${hash}`);
        expect(warnings).toEqual([]);
        expect(state).toEqual(expected(s));
        if (s.camera) {
          const c = state.camera!;
          const close = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * Math.abs(b) + 1e-300;
          [...s.camera.position, ...s.camera.target, ...s.camera.up, s.camera.zoom].forEach((x, i) =>
            expect(close([...c.position, ...c.target, ...c.up, c.zoom][i], x)).toBe(true),
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('long states are compressed, and the compressed form is the shorter one', () => {
    const s = defaultViewState();
    s.selection = { by: 'id', ids: Array.from({ length: 200 }, (_, i) => `net-${String(i).padStart(4, '0')}`) };
    const h = encodeViewState(s);
    expect(h.startsWith('z.')).toBe(true);
    const plain = wireHash({ v: 1, sel: s.selection.ids }, 'j');
    expect(h.length).toBeLessThan(plain.length / 3);
    expect(decodeViewState(h).state).toEqual(s);
  });

  it('selections by index are written as ranges', () => {
    expect(indicesToRanges([0, 1, 2, 3, 7, 9, 10])).toBe('0-3,7,9-10');
    expect(rangesToIndices('0-3,7,9-10')).toEqual([0, 1, 2, 3, 7, 9, 10]);
    const s = defaultViewState();
    s.selection = { by: 'index', indices: Array.from({ length: 1000 }, (_, i) => i) };
    expect(encodeViewState(s).length).toBeLessThan(40);
  });
});

describe('view state validation and migration', () => {
  it('drops an invalid field with a warning and keeps the rest', () => {
    const { state, warnings } = decodeViewState(wireHash({ v: 1, c: 'width', cam: [1, 2, 'x'], i: 'net-4', zz: 3 }, 'j'));
    expect(state.colorBy).toBe('width');
    expect(state.inspected).toBe('net-4');
    expect(state.camera).toBeNull();
    expect(warnings.some((w) => w.startsWith('camera ignored'))).toBe(true);
    expect(warnings.some((w) => w.includes('unknown field "zz"'))).toBe(true);
  });

  it('rejects dangerous population URLs but keeps the view', () => {
    const { state, warnings } = decodeViewState(wireHash({ v: 1, s: 'u:javascript:alert(1)', c: 'depth' }, 'z'));
    expect(state.source).toBeNull();
    expect(state.colorBy).toBe('depth');
    expect(warnings.join()).toMatch(/only http\(s\) or relative URLs/);
  });

  it('migrates a v0 query-style link', () => {
    const { state, warnings } = decodeViewState(
      '#pop=digits&metric=cka&layer=1&color=testLoss&sel=net-3,net-7&cam=1,2,3,0,0,0&knn=7&t=20&foo=1',
    );
    expect(state.source).toEqual({ kind: 'demo', id: 'digits' });
    expect(state.metric).toEqual({ ...DEFAULT_VIEW_STATE.metric, name: 'cka', layer: 1 });
    expect(state.phate).toEqual({ ...DEFAULT_VIEW_STATE.phate, knn: 7, t: 20 });
    expect(state.colorBy).toBe('testLoss');
    expect(state.selection).toEqual({ by: 'id', ids: ['net-3', 'net-7'] });
    expect(state.camera).toEqual({ position: [1, 2, 3], target: [0, 0, 0], up: [0, 1, 0], zoom: 1 });
    expect(warnings).toEqual(['old link: unknown parameter "foo" ignored']);
    const url = decodeViewState('pop=https%3A%2F%2Fexample.org%2Fp.json.gz').state.source;
    expect(url).toEqual({ kind: 'url', url: 'https://example.org/p.json.gz' });
  });

  it('reads what it can of a newer version and says so', () => {
    const { state, warnings } = decodeViewState(wireHash({ v: 9, c: 'width', hologram: true }, 'j'));
    expect(state.colorBy).toBe('width');
    expect(warnings[0]).toMatch(/newer Netmanifold/);
  });

  it('throws ViewStateError only when nothing is usable', () => {
    expect(() => decodeViewState('#hello-world')).toThrow(ViewStateError);
    expect(() => decodeViewState('#j.@@@')).toThrow(/not valid base64url/);
    expect(() => decodeViewState('#z.AAAA')).toThrow(ViewStateError);
    expect(() => decodeViewState(wireHash([1, 2], 'j'))).toThrow(/not an object/);
    expect(() => decodeViewState(wireHash({ v: 1, c: 5, cam: null }, 'j'))).toThrow(/nothing in the link is usable/);
    expect(() => decodeViewState(`#j.${'A'.repeat(20_000)}`)).toThrow(/too long/);
  });

  it('fuzz: mutated hashes give a valid state or a ViewStateError, nothing else', () => {
    const mutation = fc.record({
      pos: fc.nat(),
      kind: fc.constantFrom('replace', 'insert', 'delete', 'truncate', 'prefix'),
      ch: fc.constantFrom(...'AZaz09-_.=%#&jz{}"[],:~ \u00e9'.split('')),
    });
    fc.assert(
      fc.property(viewStateArb, fc.array(mutation, { minLength: 1, maxLength: 4 }), (s, muts) => {
        let h = encodeViewState(s);
        for (const m of muts) {
          const p = h.length ? m.pos % h.length : 0;
          if (m.kind === 'replace') h = h.slice(0, p) + m.ch + h.slice(p + 1);
          else if (m.kind === 'insert') h = h.slice(0, p) + m.ch + h.slice(p);
          else if (m.kind === 'delete') h = h.slice(0, p) + h.slice(p + 1);
          else if (m.kind === 'truncate') h = h.slice(0, p);
          else h = (h.startsWith('j.') ? 'z.' : 'j.') + h.slice(2);
        }
        decodeSafely(h);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('fuzz: garbage strings and arbitrary JSON wire objects', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (h) => decodeSafely(h)),
      { numRuns: FUZZ_RUNS },
    );
    const keys = fc.constantFrom('v', 's', 'd', 'm', 'p', 'c', 'z', 'cam', 'sel', 'f', 'i', 'pin', 'pn', 'e', 'x');
    const wireArb = fc.oneof(fc.jsonValue(), fc.dictionary(keys, fc.jsonValue({ maxDepth: 3 })));
    fc.assert(
      fc.property(wireArb, fc.constantFrom('j' as const, 'z' as const), (w, kind) => decodeSafely(wireHash(w, kind))),
      { numRuns: FUZZ_RUNS },
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('pop', 'metric', 'layer', 'color', 'sel', 'cam', 'knn', 't', 'x'), fc.string({ maxLength: 30 })),
        (o) => decodeSafely(new URLSearchParams(o).toString()),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('history and query', () => {
  it('camera and epoch moves are not history entries; everything else is', () => {
    const a = defaultViewState();
    const moved = { ...a, camera: { position: [1, 2, 3], target: [0, 0, 0], up: [0, 1, 0], zoom: 1 }, epoch: 4 } as ViewState;
    expect(diffViewState(a, moved)).toEqual(['camera', 'epoch']);
    expect(isHistoryWorthy(a, moved)).toBe(false);
    expect(isHistoryWorthy(a, { ...a, metric: { ...a.metric } })).toBe(false);
    expect(isHistoryWorthy(a, { ...a, metric: { ...a.metric, name: 'cka' } })).toBe(true);
    expect(isHistoryWorthy(moved, { ...moved, inspected: 'net-1' })).toBe(true);
    expect(diffViewState(a, { ...a, panels: ['inspector'], selection: { by: 'index', indices: [1] } })).toEqual(['selection', 'panels']);
  });

  it('reads ?population= and ?demo= from the query string', () => {
    expect(populationSourceFromQuery('?population=https%3A%2F%2Fx.org%2Fp.json.gz&foo=1')).toEqual({
      source: { kind: 'url', url: 'https://x.org/p.json.gz' },
    });
    expect(populationSourceFromQuery('?demo=moons')).toEqual({ source: { kind: 'demo', id: 'moons' } });
    expect(populationSourceFromQuery('')).toEqual({ source: null });
    const bad = populationSourceFromQuery('?population=data:text/html,hi');
    expect(bad.source).toBeNull();
    expect(bad.warning).toMatch(/only http\(s\)/);
  });
});
