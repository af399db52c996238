// ?model= (TF.js model.json URLs added to the linked population) and the list
// typed into "Add TF.js model by URL": validated like ?population=.
import { describe, expect, it } from 'vitest';
import {
  MAX_MODEL_URLS,
  checkModelUrl,
  modelUrlsFromQuery,
  parseModelUrlList,
  populationSourceFromQuery,
} from '../../src/core/viewstate/query';
import { FieldError } from '../../src/core/viewstate/fields';

const enc = encodeURIComponent;

describe('?model= in the query string', () => {
  it('reads every model URL in order, once each, next to ?demo= or ?population=', () => {
    const a = 'https://host.org/models/moons-dense-16/model.json';
    const b = 'models/b/model.json';
    const q = `?demo=moons-mlp&model=${enc(a)}&model=${enc(b)}&model=${enc(a)}`;
    expect(modelUrlsFromQuery(q)).toEqual({ urls: [a, b], warnings: [] });
    expect(populationSourceFromQuery(q).source).toEqual({ kind: 'demo', id: 'moons-mlp' });
    const p = `?population=${enc('https://x.org/p.nmpop')}&model=${enc(a)}`;
    expect(modelUrlsFromQuery(p).urls).toEqual([a]);
    expect(populationSourceFromQuery(p).source).toEqual({ kind: 'url', url: 'https://x.org/p.nmpop' });
    expect(modelUrlsFromQuery('')).toEqual({ urls: [], warnings: [] });
    expect(modelUrlsFromQuery('?demo=x')).toEqual({ urls: [], warnings: [] });
    // An unencoded URL in the query still reads (URLSearchParams), as long as it has no '&'.
    expect(modelUrlsFromQuery('?model=http://127.0.0.1:8080/m/model.json').urls).toEqual(['http://127.0.0.1:8080/m/model.json']);
  });

  it('rejects other schemes, whitespace, control characters and over-long URLs with a reason, keeping the good ones', () => {
    const good = 'https://ok.org/m/model.json';
    const bad = [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:application/json,{}',
      'file:///etc/passwd',
      'https://a.org/b c/model.json',
      'http://x/\u0001',
      '',
      'https://x.org/' + 'a'.repeat(2100),
    ];
    const r = modelUrlsFromQuery('?' + [...bad.map((u) => `model=${enc(u)}`), `model=${enc(good)}`].join('&'));
    expect(r.urls).toEqual([good]);
    expect(r.warnings).toHaveLength(bad.length);
    expect(r.warnings[0]).toMatch(/^model URL ignored: only http\(s\) or relative URLs are allowed, got a "javascript:" URL/);
    expect(r.warnings[2]).toMatch(/"data:"/);
    expect(r.warnings[3]).toMatch(/"file:"/);
    expect(r.warnings[4]).toMatch(/whitespace/);
    expect(r.warnings[5]).toMatch(/control characters/);
    expect(r.warnings[6]).toMatch(/non-empty/);
    expect(r.warnings[7]).toMatch(/longer than 2048/);
    expect(() => checkModelUrl('data:,x')).toThrow(FieldError);
    expect(checkModelUrl('./m/model.json')).toBe('./m/model.json');
  });

  it(`uses at most ${MAX_MODEL_URLS} models`, () => {
    const q = '?' + Array.from({ length: MAX_MODEL_URLS + 3 }, (_, i) => `model=m${i}/model.json`).join('&');
    const r = modelUrlsFromQuery(q);
    expect(r.urls).toHaveLength(MAX_MODEL_URLS);
    expect(r.urls[0]).toBe('m0/model.json');
    expect(r.warnings).toEqual([`it has more than ${MAX_MODEL_URLS} model URLs: only the first ${MAX_MODEL_URLS} are used`]);
  });
});

describe('a pasted list of model URLs', () => {
  it('splits on new lines, spaces and commas; reports each bad entry', () => {
    const r = parseModelUrlList(
      ' https://a.org/x/model.json\nhttps://b.org/y/model.json, javascript:void(0)\n\nhttps://a.org/x/model.json ',
    );
    expect(r.urls).toEqual(['https://a.org/x/model.json', 'https://b.org/y/model.json']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^javascript:void\(0\): only http\(s\) or relative URLs/);
    expect(parseModelUrlList('   \n ')).toEqual({ urls: [], warnings: [] });
  });
});
