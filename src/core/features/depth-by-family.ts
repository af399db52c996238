// Depth profiles compared across architecture families (issue 15 item 3; Magai and Janik study how
// PH dimension, effective dimension and nonlinearity change with depth). Networks of different
// depths are put on one axis by relative depth: hidden layer l of L sits at (l + 1) / L, so the
// last hidden layer of every network is at 1. Per family and relative depth: quartiles over networks.
import type { ArchitectureName, NetworkRecord } from '../types';
import { quantileSorted } from './stats';

export interface DepthProfileRow {
  family: ArchitectureName;
  /** (layer index + 1) / hidden layers, in (0, 1]. */
  depth: number;
  /** Networks with a finite value at this depth. */
  count: number;
  q25: number;
  median: number;
  q75: number;
}

/** A network's family: 'mlp' where its hyperparameters name none (old bundles, imports). */
export function familyOf(net: NetworkRecord): ArchitectureName {
  return net.hp.architecture ?? 'mlp';
}

/** Relative depth of hidden layer `q` of `L`, rounded so that 2/3 from two networks is one key. */
function relativeDepth(q: number, L: number): number {
  return Math.round(((q + 1) / L) * 1e9) / 1e9;
}

export interface DepthPoint {
  /** (layer index + 1) / hidden layers, in (0, 1]. */
  depth: number;
  value: number;
}

/**
 * One network's per-layer `feature` at relative depth, on the same axis as depthProfilesByFamily's rows
 * (the inspector draws it over its family's median); layers with a non-finite value are left out,
 * and a network without a profile for `feature` gives [].
 */
export function networkDepthProfile(net: NetworkRecord, feature: string): DepthPoint[] {
  const lp = net.layerProfile;
  const values = lp?.features[feature];
  if (!lp || !values || lp.layers.length === 0) return [];
  const L = lp.layers.length;
  const out: DepthPoint[] = [];
  values.forEach((v, q) => {
    if (Number.isFinite(v)) out.push({ depth: relativeDepth(q, L), value: v });
  });
  return out;
}

/** Rows sorted by family (first seen) then depth; networks without a depth profile for `feature` are skipped. */
export function depthProfilesByFamily(networks: readonly NetworkRecord[], feature: string): DepthProfileRow[] {
  const groups = new Map<ArchitectureName, Map<number, number[]>>();
  for (const net of networks) {
    const points = networkDepthProfile(net, feature);
    const lp = net.layerProfile;
    // A network with a profile whose values are all non-finite still makes its family seen (as before).
    if (!lp || !lp.features[feature] || lp.layers.length === 0) continue;
    const family = familyOf(net);
    const byDepth = groups.get(family) ?? new Map<number, number[]>();
    groups.set(family, byDepth);
    for (const { depth, value } of points) {
      const list = byDepth.get(depth) ?? [];
      list.push(value);
      byDepth.set(depth, list);
    }
  }
  const rows: DepthProfileRow[] = [];
  for (const [family, byDepth] of groups)
    for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
      const v = byDepth.get(depth)!.sort((a, b) => a - b);
      rows.push({
        family,
        depth,
        count: v.length,
        q25: quantileSorted(v, 0.25),
        median: quantileSorted(v, 0.5),
        q75: quantileSorted(v, 0.75),
      });
    }
  return rows;
}

export interface FamilyDepthComparison {
  /** The networks' own profiles, in the order given. */
  networks: { id: string; family: ArchitectureName; points: DepthPoint[] }[];
  /** Each family's median at each relative depth (depthProfilesByFamily over the whole population), the networks' families first. */
  families: { family: ArchitectureName; rows: DepthProfileRow[] }[];
}

/** The inspector's comparison: `selected` networks' per-layer `feature` over every family's median in `population`. */
export function familyDepthComparison(
  population: readonly NetworkRecord[],
  selected: readonly NetworkRecord[],
  feature: string,
): FamilyDepthComparison {
  const rows = depthProfilesByFamily(population, feature);
  const own = [...new Set(selected.map(familyOf))];
  const all = [...new Set(rows.map((r) => r.family))];
  const order = [...own.filter((f) => all.includes(f)), ...all.filter((f) => !own.includes(f))];
  return {
    networks: selected.map((n) => ({ id: n.id, family: familyOf(n), points: networkDepthProfile(n, feature) })),
    families: order.map((family) => ({ family, rows: rows.filter((r) => r.family === family) })),
  };
}
