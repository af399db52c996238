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

/** Rows sorted by family (first seen) then depth; networks without a depth profile for `feature` are skipped. */
export function depthProfilesByFamily(networks: readonly NetworkRecord[], feature: string): DepthProfileRow[] {
  const groups = new Map<ArchitectureName, Map<number, number[]>>();
  for (const net of networks) {
    const lp = net.layerProfile;
    const values = lp?.features[feature];
    if (!lp || !values || lp.layers.length === 0) continue;
    const family = net.hp.architecture ?? 'mlp';
    const byDepth = groups.get(family) ?? new Map<number, number[]>();
    groups.set(family, byDepth);
    const L = lp.layers.length;
    values.forEach((v, q) => {
      if (!Number.isFinite(v)) return;
      // Rounded so that 2/3 from two networks is one key.
      const depth = Math.round(((q + 1) / L) * 1e9) / 1e9;
      const list = byDepth.get(depth) ?? [];
      list.push(v);
      byDepth.set(depth, list);
    });
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
