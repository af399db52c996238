// Loading what a link names (issue 7): a population bundle by URL (`?population=`), TF.js models
// by URL added to the population on screen (`?model=`, "Add TF.js model by URL"), and a demo or
// URL source fetched again (a stored "train more like these" run rebuilds the population it
// joined). Each population shown records where it came from in the store (populationSource),
// which is what links are written from (population-source.ts).
import type { PopulationSource } from '../../core/viewstate';
import type { Population } from '../../core/types';
import { getState } from '../../state/store';
import { useSharing } from '../../state/sharing';
import { fetchDemo, decodeInWorker, showPopulation } from '../controller';
import { fetchPopulationBytes } from './fetch-population';
import { importTfjsUrls } from './import';
import { grownSource } from './population-source';

/**
 * Adds TF.js models by URL to the population on screen (same flow as files:
 * progress, origin 'imported-tfjs', re-embed, colour by origin); the grown
 * population records them so its links carry them. `urls` are checked (checkModelUrl).
 */
export async function addModelUrls(urls: string[]): Promise<boolean> {
  return importTfjsUrls(urls, {
    sourceOf: (parent, next, r) =>
      grownSource(
        { ...getState(), population: parent },
        urls.filter((_, i) => r.added[i] !== null),
        next.networks.length,
      ),
  });
}

/**
 * The population a demo or URL source names, fetched and decoded but not
 * shown. A local source cannot be fetched: it throws.
 */
export async function fetchSourcePopulation(src: PopulationSource): Promise<Population> {
  if (src.kind === 'demo') {
    const entry = getState().demos.find((d) => d.id === src.id);
    if (!entry) throw new Error(`this site has no demo population "${src.id}" any more`);
    return fetchDemo(entry);
  }
  if (src.kind === 'url') return decodeInWorker((await fetchPopulationBytes(src.url)).slice().buffer as ArrayBuffer);
  throw new Error(`"${src.id}" was opened from a file or trained in this browser`);
}

/** Downloads, validates (bundle decoder in the worker) and shows a population; false on failure (told through `report`). */
export async function loadPopulationUrl(url: string, report: (message: string) => void): Promise<boolean> {
  const s = getState();
  const sharing = useSharing.getState();
  const label = `population from ${url.length > 80 ? url.slice(0, 77) + '…' : url}`;
  s.setPopulationStatus('loading');
  sharing.setProgress({ label, done: 0, total: null, unit: 'bytes' });
  try {
    const bytes = await fetchPopulationBytes(url, {
      onProgress: (done, total) => useSharing.getState().setProgress({ label, done, total, unit: 'bytes' }),
    });
    useSharing.getState().setProgress({ label: `checking ${label}`, done: bytes.length, total: bytes.length, unit: 'bytes' });
    const pop = await decodeInWorker(bytes.buffer as ArrayBuffer);
    await showPopulation(pop, { kind: 'url', url });
    return getState().population?.id === pop.id;
  } catch (e) {
    report(`Could not load the linked population: ${e instanceof Error ? e.message : String(e)}`);
    const now = getState();
    now.setPopulationStatus(now.population ? 'ready' : 'error');
    return false;
  } finally {
    useSharing.getState().setProgress(null);
  }
}
