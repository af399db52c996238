// A population grown by networks added to it (sampled from a region, imported
// TF.js models, a search): appended in order, then embedded together ONCE by
// Populations.showGrown with the settings the user had chosen on the
// population it grew from.
import type { NetworkRecord, Population } from '../core/types';

/** parent + added as a new population (id `<parent>+<tag>-<time>`, name `<parent> + <label>`). */
export function grownPopulation(parent: Population, added: NetworkRecord[], tag: string, label: string): Population {
  return {
    ...parent,
    id: `${parent.id}+${tag}-${Date.now().toString(36)}`,
    name: `${parent.name} + ${label}`,
    networks: [...parent.networks, ...added],
    distances: undefined,
    embedding: undefined,
  };
}
