// A population grown by networks added to it (sampled from a region, imported
// TF.js models): appended in order, embedded together (the embedding worker,
// default settings, then the settings the user had chosen), coloured by origin
// so the new ones stand out.
import type { NetworkRecord, Population } from '../core/types';
import { getState, type LoadedFrom } from '../state/store';
import { showPopulation } from './controller';
import { keepPhateSettings } from './phate';

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

/**
 * Embeds and shows `next` (a grownPopulation), re-embeds it with the PHATE settings in use
 * before, and colours by origin. False when it did not replace the view (embedding failed —
 * reported — or was cancelled). `source`: where it came from, for links (null: grown here).
 */
export async function showGrownPopulation(next: Population, source: LoadedFrom | null = null): Promise<boolean> {
  const settings = getState().phateRequest;
  await showPopulation(next, source);
  if (getState().population?.id !== next.id) return false;
  keepPhateSettings(settings);
  if (getState().table?.byId.has('origin')) getState().setColorColumn('origin');
  return true;
}
