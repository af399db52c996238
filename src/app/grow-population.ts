// A population grown by networks added to it (sampled from a region, imported
// TF.js models): appended in order, embedded together ONCE (the embedding
// worker, with the metric, layer and PHATE settings the user had chosen on the
// population it grew from), coloured by origin so the new ones stand out.
import { IDLE_JOB, type NetworkRecord, type Population } from '../core/types';
import { phateParamsOf } from '../state/phate';
import { getState, type LoadedFrom } from '../state/store';
import { showPopulation } from './controller';

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
 * Embeds `next` (a grownPopulation) with the PHATE settings in use, shows it and colours
 * by origin. False when it did not replace the view (embedding failed — reported — or was
 * cancelled). `source`: where it came from, for links (null: grown here).
 */
export async function showGrownPopulation(next: Population, source: LoadedFrom | null = null): Promise<boolean> {
  const req = getState().phateRequest;
  const t0 = performance.now();
  await showPopulation(next, source, { metric: req.metric, layer: req.layer, phate: phateParamsOf(req) });
  if (getState().population?.id !== next.id) return false;
  // The PHATE panel's settings are the ones this embedding used (its provenance): say it ran.
  getState().setPhateRun({ ...IDLE_JOB, status: 'done', stage: 'done', seconds: (performance.now() - t0) / 1000 });
  if (getState().table?.byId.has('origin')) getState().setColorColumn('origin');
  return true;
}
