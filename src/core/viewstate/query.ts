// `?population=<url>` (or `?demo=<id>`) in the page's query string: a link to
// a population by URL, kept outside the hash so it is readable and easy to write by hand.
import { FieldError, checkPopulationUrl } from './fields';
import { LIMITS, type PopulationSource } from './schema';

export interface QuerySource {
  source: PopulationSource | null;
  /** Why a given parameter was not usable. */
  warning?: string;
}

/** Read the population source from a query string like "?population=https://host/pop.json.gz". */
export function populationSourceFromQuery(search: string): QuerySource {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { source: null, warning: 'the query string is malformed' };
  }
  const url = params.get('population');
  if (url !== null) {
    try {
      return { source: { kind: 'url', url: checkPopulationUrl(url) } };
    } catch (e) {
      return { source: null, warning: `population URL ignored: ${e instanceof FieldError ? e.message : String(e)}` };
    }
  }
  const demo = params.get('demo');
  if (demo !== null) {
    if (demo.length === 0 || demo.length > LIMITS.idChars) return { source: null, warning: 'demo id ignored: empty or too long' };
    return { source: { kind: 'demo', id: demo } };
  }
  return { source: null };
}
