// Population identity in links (issue 14 item 1): a view's camera and selection belong to one population.
import { describe, expect, it } from 'vitest';
import { decodeViewState, defaultViewState, encodeViewState, idsHash, populationIdentity, sameIdentity } from '../../src/core/viewstate';

describe('population identity', () => {
  it('is the network count and a hash that changes with any id or their order', () => {
    const ids = ['net-0', 'net-1', 'net-2'];
    const a = populationIdentity(ids);
    expect(a.networks).toBe(3);
    expect(a.hash).toMatch(/^[0-9a-f]{8}$/);
    expect(sameIdentity(a, populationIdentity([...ids]))).toBe(true);
    expect(sameIdentity(a, populationIdentity(['net-0', 'net-2', 'net-1']))).toBe(false);
    expect(sameIdentity(a, populationIdentity(['net-0', 'net-1', 'net-3']))).toBe(false);
    expect(sameIdentity(a, populationIdentity([...ids, 'net-3']))).toBe(false);
    // Joining with newlines keeps ["a", "bc"] and ["ab", "c"] apart.
    expect(idsHash(['a', 'bc'])).not.toBe(idsHash(['ab', 'c']));
  });

  it('round-trips through the link and rejects a malformed one with a warning', () => {
    const s = defaultViewState();
    s.population = populationIdentity(['x', 'y']);
    s.colorBy = 'depth';
    const back = decodeViewState(encodeViewState(s));
    expect(back.state.population).toEqual(s.population);
    expect(back.warnings).toEqual([]);
    const wire = { v: 1, pop: '12.nothex!', c: 'depth' };
    const hash = `j.${Buffer.from(JSON.stringify(wire)).toString('base64url')}`;
    const bad = decodeViewState(hash);
    expect(bad.state.population).toBeNull();
    expect(bad.state.colorBy).toBe('depth');
    expect(bad.warnings.join(' ')).toMatch(/population ignored/);
  });
});
