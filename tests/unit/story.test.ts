// Stories (issue 13): the file format, its validation through the link's view-state
// decoder, the shipped stories against the demo populations they describe,
// ?story= references, ?present / ?theme / ?hide, and the hide CSS.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  StoryError,
  parseStory,
  parseStoryIndex,
  parseStoryText,
  storyRefFrom,
  storyToFile,
  storyToText,
} from '../../src/core/story/story';
import { presentFromQuery } from '../../src/core/story/present';
import { decodeViewState, encodeViewState, viewStateToWire } from '../../src/core/viewstate';
import { decodePopulation } from '../../src/core/bundle/codec';
import { buildNetworkTable, getColumn } from '../../src/core/explore/table';
import { evaluateFilter } from '../../src/core/explore/filter';
import { PANEL_IDS, hiddenPanelsCss } from '../../src/app/story/panels';

const ROOT = path.resolve(__dirname, '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');

const minimal = (steps: unknown[]) => ({ format: 'netmanifold-story', version: 1, id: 't', title: 'T', steps });

describe('story format', () => {
  it('a step view is the link hash object: decoding it equals decoding the link', () => {
    const view = {
      v: 1,
      s: 'd:digits-mlp',
      c: 'silhouette',
      sel: ['a', 'b'],
      f: 'accuracy > 0.9',
      i: 'a',
      pn: ['train'],
      e: 8,
      p: { k: 7, t: 20 },
      cam: [1, 2, 3, 0, 0, 0, 0, 1, 0, 1],
    };
    const { story, warnings } = parseStory(minimal([{ caption: 'c', view }]));
    expect(warnings).toEqual([]);
    const hash = `j.${Buffer.from(JSON.stringify(view)).toString('base64url')}`;
    expect(story.steps[0].view).toEqual(decodeViewState(hash).state);
    expect(story.steps[0].view.phate.knn).toBe(7);
    // Written back, a step's view is exactly what the link writes.
    expect(storyToFile(story).steps[0].view).toEqual(viewStateToWire(story.steps[0].view));
    expect(decodeViewState(encodeViewState(story.steps[0].view)).state).toEqual(story.steps[0].view);
  });

  it('round-trips through text (captions, titles, waits, focus)', () => {
    const doc = minimal([
      { title: 'One', caption: 'First', view: { v: 1, c: 'accuracy' }, wait: 'click' },
      { caption: 'Second', view: { v: 1, z: 'width' }, focus: 'findings' },
    ]);
    const a = parseStory(doc).story;
    const b = parseStoryText(storyToText(a)).story;
    expect(b).toEqual(a);
    expect(b.steps.map((s) => [s.title, s.wait, s.focus])).toEqual([
      ['One', 'click', null],
      ['', null, 'findings'],
    ]);
  });

  it('migrates old views and reports dropped fields per step, like links', () => {
    const { story, warnings } = parseStory(
      minimal([
        { caption: 'old', view: { v: 0, pop: 'moons-mlp', color: 'depth' } },
        { caption: 'bad field', view: { v: 1, c: 'accuracy', cam: [1, 2] } },
      ]),
    );
    expect(story.steps[0].view.source).toEqual({ kind: 'demo', id: 'moons-mlp' });
    expect(story.steps[0].view.colorBy).toBe('depth');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^step 2: camera ignored/);
  });

  it.each([
    ['not JSON', '{"format": ', /not valid JSON/],
    ['not a story', '{"format": "netmanifold-population"}', /not a Netmanifold story/],
    ['no steps', JSON.stringify({ ...minimal([]) }), /no steps/],
    ['steps not a list', JSON.stringify({ ...minimal([]), steps: 3 }), /no "steps" list/],
    ['no caption', JSON.stringify(minimal([{ view: { v: 1 } }])), /step 1's caption should be text/],
    ['view not an object', JSON.stringify(minimal([{ caption: 'x', view: 'j.abc' }])), /step 1: "view" should be an object/],
    ['nothing usable in a view', JSON.stringify(minimal([{ caption: 'x', view: { v: 1, c: 'a b c' } }])), /step 1: its view is not usable/],
    ['bad wait', JSON.stringify(minimal([{ caption: 'x', view: { v: 1 }, wait: 'dance' }])), /"wait" should be one of lasso, click/],
    [
      'bad version',
      JSON.stringify({ ...minimal([{ caption: 'x', view: { v: 1 } }]), version: 'one' }),
      /"version" should be a positive integer/,
    ],
    ['no title', JSON.stringify({ ...minimal([{ caption: 'x', view: { v: 1 } }]), title: '' }), /title is empty/],
  ])('a malformed story (%s) throws StoryError with a reason', (_, text, why) => {
    expect(() => parseStoryText(text)).toThrow(StoryError);
    expect(() => parseStoryText(text)).toThrow(why);
  });

  it('?story= takes a shipped id or a URL, and refuses other schemes', () => {
    expect(storyRefFrom('digits-good-networks')).toEqual({ kind: 'id', id: 'digits-good-networks' });
    expect(storyRefFrom('https://x.org/s.json')).toEqual({ kind: 'url', url: 'https://x.org/s.json' });
    expect(storyRefFrom('my/s.json')).toEqual({ kind: 'url', url: 'my/s.json' });
    expect(storyRefFrom('s.json')).toEqual({ kind: 'url', url: 's.json' });
    expect(() => storyRefFrom('javascript:alert(1)')).toThrow(/http\(s\) or relative/);
    expect(() => storyRefFrom('data:application/json,{}')).toThrow(StoryError);
    expect(() => storyRefFrom('')).toThrow(/empty/);
    expect(() => storyRefFrom('a b')).toThrow(/spaces/);
  });
});

describe('?present, ?theme, ?hide', () => {
  it('reads presenter mode, the projector theme and known panels to hide', () => {
    expect(presentFromQuery('', PANEL_IDS)).toEqual({ present: false, theme: 'dark', hide: [], warnings: [] });
    const q = presentFromQuery('?present&theme=light&hide=findings,Training&hide=findings', PANEL_IDS);
    expect(q).toEqual({ present: true, theme: 'light', hide: ['findings', 'training'], warnings: [] });
    expect(presentFromQuery('?present=0', PANEL_IDS).present).toBe(false);
    const bad = presentFromQuery('?hide=findings,nope&theme=pink', PANEL_IDS);
    expect(bad.hide).toEqual(['findings']);
    expect(bad.warnings.join(' ')).toMatch(/no panel "nope"/);
    expect(bad.warnings.join(' ')).toMatch(/theme "pink"/);
  });

  it('story.css hides every panel id (kept equal to hiddenPanelsCss())', () => {
    const css = read('src/ui/story/story.css');
    expect(css).toContain(hiddenPanelsCss());
    for (const id of PANEL_IDS) expect(css).toContain(`[data-hidden-panels~="${id}"]`);
  });
});

describe('shipped stories', () => {
  const index = parseStoryIndex(JSON.parse(read('public/stories/index.json')));
  const demos = JSON.parse(read('public/demo/index.json')) as { id: string; file: string }[];
  const tables = new Map(
    demos.map((d) => {
      const pop = decodePopulation(new Uint8Array(readFileSync(path.join(ROOT, 'public/demo', d.file))));
      return [d.id, { pop, table: buildNetworkTable(pop) }];
    }),
  );

  it('lists at least the digits story (6–10 steps) and a moons story', () => {
    expect(index.length).toBeGreaterThanOrEqual(2);
    const digits = parseStoryText(read(`public/stories/${index.find((e) => e.id === 'digits-good-networks')!.file}`)).story;
    expect(digits.steps.length).toBeGreaterThanOrEqual(6);
    expect(digits.steps.length).toBeLessThanOrEqual(10);
    expect(index.some((e) => e.id.startsWith('moons'))).toBe(true);
  });

  it.each(index.map((e) => [e.id, e.file]))('%s: every step reads without warnings and names what its demo has', (id, file) => {
    const { story, warnings } = parseStoryText(read(`public/stories/${file}`));
    expect(warnings).toEqual([]);
    expect(story.id).toBe(id);
    for (const [i, step] of story.steps.entries()) {
      const where = `${id} step ${i + 1}`;
      const src = step.view.source;
      expect(src?.kind, where).toBe('demo');
      const demo = tables.get((src as { id: string }).id);
      expect(demo, `${where}: demo ${JSON.stringify(src)}`).toBeDefined();
      const { pop, table } = demo!;
      expect(getColumn(table, step.view.colorBy), `${where}: colour ${step.view.colorBy}`).toBeDefined();
      const netIds = new Set(pop.networks.map((n) => n.id));
      if (step.view.inspected) expect(netIds.has(step.view.inspected), where).toBe(true);
      if (step.view.selection) {
        expect(step.view.selection.by).toBe('id');
        const sel = (step.view.selection as { ids: string[] }).ids;
        for (const n of sel) expect(netIds.has(n), `${where}: ${n}`).toBe(true);
        // The filter shown with a selection selects exactly those networks, and the caption's count is theirs.
        expect(step.view.filter, `${where}: a selection comes with the filter that makes it`).not.toBe('');
        const r = evaluateFilter(step.view.filter, table);
        if (!r.ok) throw new Error(`${where}: filter ${step.view.filter}: ${r.error.message}`);
        const picked = pop.networks.filter((_, k) => r.mask[k]).map((n) => n.id);
        expect(picked.sort(), where).toEqual([...sel].sort());
        expect(step.caption, `${where}: the caption names the count`).toContain(`${sel.length} `);
      }
      if (step.focus) expect(PANEL_IDS, where).toContain(step.focus);
    }
  });
});
