// Where the population on screen came from, as links name it (issue 7, issue 14). Reads store
// state only: the loader records the source with the population (setPopulation's `source`,
// LoadedFrom), re-embedding and features keep it, any other population replaces it. Pure
// functions of the state, so the link code and the training controller ask the same question.
import { sameIdentity, sameValue, type PopulationIdentity, type PopulationSource, type ViewState } from '../../core/viewstate';
import type { AppState, LoadedFrom } from '../../state/store';

/** The store fields these functions read. */
export type SourceState = Pick<AppState, 'population' | 'populationSource' | 'populationIdentity' | 'demos'>;

type Grown = Extract<LoadedFrom, { kind: 'grown' }>;

function grownOf(s: SourceState): Grown | null {
  const src = s.populationSource;
  return src?.kind === 'grown' && s.population && src.count === s.population.networks.length ? src : null;
}

const urlOf = (s: SourceState): string | null => (s.populationSource?.kind === 'url' ? s.populationSource.url : null);

/** The model URLs the population on screen was grown with (written to the link as ?model=). */
export function modelUrlsOf(s: SourceState): string[] {
  return grownOf(s)?.models ?? [];
}

/** The population's source as a link writes it: a grown population names its parent's. */
export function sourceOf(s: SourceState): PopulationSource | null {
  const pop = s.population;
  if (!pop) return null;
  const grown = grownOf(s);
  if (grown) return grown.base;
  const url = urlOf(s);
  if (url) return { kind: 'url', url };
  if (s.demos.some((d) => d.id === pop.id)) return { kind: 'demo', id: pop.id };
  return { kind: 'local', id: pop.id.slice(0, 200) };
}

/** True when the population on screen is the one `src` names (null: a link that names none matches any). */
export function sourceMatches(s: SourceState, src: PopulationSource | null): boolean {
  const pop = s.population;
  if (!pop) return false;
  if (src === null) return true;
  const grown = grownOf(s);
  if (grown) return sameValue(grown.base, src);
  const url = urlOf(s);
  if (src.kind === 'url') return url === src.url;
  return pop.id === src.id && url === null;
}

/**
 * The source of `parent` grown by the TF.js models at `added` URLs into `count` networks:
 * a grown parent passes on its base and its earlier models.
 */
export function grownSource(parent: SourceState, added: string[], count: number): LoadedFrom {
  const prev = grownOf(parent);
  return { kind: 'grown', base: prev ? prev.base : sourceOf(parent), models: [...(prev?.models ?? []), ...added], count };
}

/** Count + hash of the ids of the population on screen (set with it in the store). */
export function identityOf(s: SourceState): PopulationIdentity | null {
  return s.population ? s.populationIdentity : null;
}

/** True when the link's view was made on the population on screen (or does not say: older links). */
export function isOwnPopulation(s: SourceState, state: ViewState): boolean {
  const mine = identityOf(s);
  return !!mine && (state.population === null || sameIdentity(mine, state.population));
}

/**
 * Who can open a link to the population on screen: 'anyone' (a demo, a URL,
 * plus ?model= URLs), or 'this-browser' with why (trained here, grown here,
 * opened from a file): others get the demo instead.
 */
export function linkReach(s: SourceState): { reach: 'anyone' } | { reach: 'this-browser'; why: string } {
  const src = sourceOf(s);
  if (!src || src.kind !== 'local') return { reach: 'anyone' };
  const id = s.population?.id ?? src.id;
  const why = /\+sampled-/.test(id)
    ? 'it was grown in this browser (“Train more like these”)'
    : /^browser-/.test(id)
      ? 'it was trained in this browser'
      : 'it was opened from a file on this computer';
  return { reach: 'this-browser', why };
}
