// `?population=<url>` (or `?demo=<id>`) in the page's query string: a link to
// a population by URL, kept outside the hash so it is readable and easy to write by hand.
// `?model=<url>` (repeatable): TF.js layers models (model.json) added to that
// population once it is on screen.
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

/** Most `?model=` URLs one link may add. */
export const MAX_MODEL_URLS = 16;

/**
 * A TF.js model.json URL, checked like a population URL: absolute http(s) or
 * relative (no javascript:, data:, file:), no whitespace or control
 * characters, at most 2048 characters. Returns the URL; throws FieldError.
 */
export function checkModelUrl(url: unknown): string {
  return checkPopulationUrl(url);
}

export interface QueryModels {
  /** Valid model URLs in the order given, each once. */
  urls: string[];
  /** One line per `model` parameter that was not usable. */
  warnings: string[];
}

/**
 * Checks each raw URL (checkModelUrl): the valid ones in order, each once, at most
 * MAX_MODEL_URLS; a warning for each invalid one (`label` names it) and one for the cap.
 */
function collectModelUrls(raws: readonly string[], label: (raw: string) => string): QueryModels {
  const urls: string[] = [];
  const warnings: string[] = [];
  for (const raw of raws) {
    try {
      const url = checkModelUrl(raw);
      if (!urls.includes(url)) urls.push(url);
    } catch (e) {
      warnings.push(`${label(raw)}: ${e instanceof FieldError ? e.message : String(e)}`);
    }
  }
  if (urls.length > MAX_MODEL_URLS) {
    warnings.push(`it has more than ${MAX_MODEL_URLS} model URLs: only the first ${MAX_MODEL_URLS} are used`);
    urls.length = MAX_MODEL_URLS;
  }
  return { urls, warnings };
}

/** Read the TF.js model URLs from a query string like "?demo=moons-mlp&model=https://host/a/model.json&model=b/model.json". */
export function modelUrlsFromQuery(search: string): QueryModels {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { urls: [], warnings: [] }; // populationSourceFromQuery reports a malformed query
  }
  return collectModelUrls(params.getAll('model'), () => 'model URL ignored');
}

/**
 * Model URLs typed or pasted by a user: separated by whitespace, commas or
 * new lines; each checked like `?model=`. Returns the valid ones (each once)
 * and a reason for each one that is not.
 */
export function parseModelUrlList(text: string): QueryModels {
  return collectModelUrls(text.split(/[\s,]+/).filter(Boolean), (raw) => (raw.length > 60 ? `${raw.slice(0, 57)}…` : raw));
}
