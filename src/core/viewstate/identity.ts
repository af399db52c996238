// Which population a view belongs to (issue 14 item 1): the network count and
// a short hash of the network ids, in order. A link's camera, selection,
// inspected and pinned network and filter only make sense on that population;
// a receiver whose population has another identity ignores them.
import type { PopulationIdentity } from './schema';

/** FNV-1a (32 bit) over the ids joined by newlines, as 8 hex digits: short, stable, no crypto needed. */
export function idsHash(ids: readonly string[]): string {
  let h = 0x811c9dc5;
  const text = ids.join('\n');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function populationIdentity(ids: readonly string[]): PopulationIdentity {
  return { networks: ids.length, hash: idsHash(ids) };
}

export function sameIdentity(a: PopulationIdentity, b: PopulationIdentity): boolean {
  return a.networks === b.networks && a.hash === b.hash;
}

/** "12 networks (ids 1a2b3c4d)" */
export function describeIdentity(p: PopulationIdentity): string {
  return `${p.networks} network${p.networks === 1 ? '' : 's'}`;
}
