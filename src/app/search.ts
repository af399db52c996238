// The search mode (METHODS §6 step 3): from the population on screen, N rounds
// of guided proposals (the manifold's top region, "Train more like these")
// and, with the same budget, random proposals from the space the population
// spans (core/search). Networks train in the training worker (not stored per
// run: they are kept with the grown population), guided rounds are embedded in
// the embedding worker; at the end every new network joins the population
// (origin search-guided / search-random, so the manifold can be coloured by
// arm), everything is re-embedded, and the grown population is kept in this
// browser's stored populations. Cancel keeps what was trained.
import * as Comlink from 'comlink';
import type { NetworkRecord, Population, Progress } from '../core/types';
import { isCancelled } from '../core/cancel';
import { populationSpace, runSearch, searchBudget, type SearchArm, type SearchConfig } from '../core/search/search-loop';
import { bestSoFar } from '../core/search/curves';
import { encodePopulation } from '../core/bundle';
import { idsClause } from '../core/explore/selection';
import { getState } from '../state/store';
import { addModeUnavailable } from '../state/training';
import { getSearch, validateSearchSettings } from '../state/search';
import { embedWorker, trainWorker } from './workers';
import { initBackend } from './controller';
import { grownPopulation, showGrownPopulation } from './grow-population';
import { jobCancel } from './jobs';
import { rememberImport } from './storage/stored-list';
import { isBusy } from './training/run-viewer';
import { getTraining } from '../state/training';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `base`, or `base-2`, … : the first not in `taken` (which it joins). */
function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
  taken.add(id);
  return id;
}

/** The networks both arms trained, after the base: guided first, ids unique in the grown population. */
function addedNetworks(base: Population, guided: NetworkRecord[], random: NetworkRecord[]): NetworkRecord[] {
  const taken = new Set(base.networks.map((n) => n.id));
  return [...guided, ...random].map((n) => ({ ...n, id: uniqueId(n.id, taken) }));
}

/** Why a search cannot start now, or null. */
export function searchUnavailable(pop: Population | null): string | null {
  const why = addModeUnavailable(pop);
  if (why || !pop) return why ?? 'Load a population first.';
  if (pop.networks.filter((n) => n.status === 'ok').length < 3) return 'A search needs at least 3 networks that trained without diverging.';
  return validateSearchSettings(getSearch().settings);
}

/** Runs a search from the population on screen (no-op while another job runs). */
export async function startSearch(): Promise<void> {
  if (isBusy({ app: getState, training: getTraining }) || getSearch().status === 'running') return;
  const s = getState();
  const pop = s.population;
  const why = searchUnavailable(pop);
  if (why || !pop) {
    s.pushError(why ?? 'Load a population first.');
    return;
  }
  const { rounds, perRound, epochs, perturb } = getSearch().settings;
  const space = populationSpace(pop.networks);
  const config: SearchConfig = {
    space,
    initial: pop.networks.length,
    initialNetworks: pop.networks,
    rounds,
    perRound,
    seed: (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0,
    ...(epochs !== null ? { epochs } : {}),
    perturb,
  };
  const budget = searchBudget(config);
  const accs: Record<SearchArm, number[]> = { guided: [], random: [] };
  const baseAcc = pop.networks.map((n) => (n.status === 'ok' ? n.final.testAcc : NaN));
  const curves = () => ({
    guided: Array.from(bestSoFar([...baseAcc, ...accs.guided])),
    random: Array.from(bestSoFar([...baseAcc, ...accs.random])),
    initial: pop.networks.length,
  });
  jobCancel.reset();
  getSearch().update({
    status: 'running',
    done: 0,
    total: 2 * rounds * perRound,
    message: 'starting the training worker…',
    curves: curves(),
    budget,
    fallbacks: [],
  });
  s.setJob({ status: 'running', stage: 'training', done: 0, total: 1, message: 'search: starting…', startedAt: performance.now() });
  const report = (message: string, done = getSearch().done, total = getSearch().total) => {
    getSearch().update({ message, done, total });
    getState().setJob({ done, total: Math.max(1, total), message: `search: ${message}` });
  };
  let roundDone = 0;
  let result: Awaited<ReturnType<typeof runSearch>>;
  try {
    if (getState().backend === 'none') await initBackend();
    if (getState().backend === 'none') throw new Error('no TensorFlow.js backend could be started in the training worker');
    result = await runSearch(
      config,
      async ({ hps, arm, round }) => {
        const w = trainWorker();
        const total = hps.reduce((t, h) => t + h.epochs, 0);
        return w.call(
          w.api.trainNetworks(
            pop.provenance.dataset,
            pop.probe,
            hps,
            Comlink.proxy((p: { done: number; total: number; epoch: number }) => {
              // Within a round: the round's share of its networks, from its epochs done.
              report(
                `round ${round}/${rounds} ${arm}: training ${hps.length} networks (epoch ${p.epoch})`,
                roundDone + (hps.length * p.done) / Math.max(1, total),
              );
            }),
          ),
        );
      },
      async (networks, round) => {
        // Round 1 searches the manifold on screen; later rounds embed the guided arm's population.
        if (round === 1 && pop.embedding) return { coords: pop.embedding.embedding, dim: pop.embedding.nComponents };
        const w = embedWorker();
        const r = await w.call(
          w.api.embed(
            networks,
            pop.probe,
            { includeDiverged: getState().includeDiverged },
            Comlink.proxy((p: Progress) => report(`round ${round}/${rounds} guided: embedding ${networks.length} networks (${p.stage})`)),
          ),
        );
        return { coords: r.embedding.embedding, dim: r.embedding.nComponents };
      },
      {
        isCancelled: () => jobCancel.requested,
        onProgress: (p) => {
          roundDone = p.done;
          report(p.message, p.done, p.total);
        },
        onTrained: (arm, nets) => {
          if (arm === 'initial') return;
          accs[arm].push(...nets.map((n) => (n.status === 'ok' ? n.final.testAcc : NaN)));
          getSearch().update({ curves: curves() });
        },
        onRound: (r) => {
          if (r.region?.fallback) getSearch().update({ fallbacks: [...getSearch().fallbacks, `round ${r.round}: ${r.region.fallback}`] });
        },
      },
    );
  } catch (e) {
    if (jobCancel.requested || isCancelled(e)) {
      getSearch().update({ status: 'cancelled', message: 'cancelled before any network finished; the population is unchanged' });
      getState().setJob({ status: 'cancelled', message: 'search cancelled; the population is unchanged' });
      return;
    }
    getSearch().update({ status: 'error', message: errorText(e) });
    getState().setJob({ status: 'error', message: errorText(e) });
    getState().pushError(`Search failed: ${errorText(e)}`);
    return;
  }
  const guided = result.guided.networks.slice(pop.networks.length);
  const random = result.random.networks.slice(pop.networks.length);
  const cancelled = result.cancelled || jobCancel.requested;
  if (guided.length + random.length === 0) {
    getSearch().update({ status: 'cancelled', message: 'cancelled before any network finished; the population is unchanged' });
    getState().setJob({ status: 'cancelled', message: 'search cancelled; the population is unchanged' });
    return;
  }
  await addToPopulation(pop, guided, random, cancelled);
}

/** Grows the population with the search's networks, embeds and shows it, selects the new ones and keeps it in this browser. */
async function addToPopulation(base: Population, guided: NetworkRecord[], random: NetworkRecord[], cancelled: boolean): Promise<void> {
  const summary = () => {
    const c = getSearch().curves;
    const last = (xs: number[] | undefined) => (xs && xs.length ? xs[xs.length - 1] : NaN);
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
    const made = (xs: number[] | undefined) => Math.max(0, (xs?.length ?? 0) - (c?.initial ?? 0));
    return `best test accuracy after ${made(c?.guided)} / ${made(c?.random)} new networks: guided ${f(last(c?.guided))}, random ${f(last(c?.random))} (the population's own best: ${f(c && c.initial > 0 ? c.guided[c.initial - 1] : NaN)})`;
  };
  if (getState().population?.id !== base.id) {
    getState().pushNotice('The population on screen changed during the search: its networks were not added to it.');
    getSearch().update({ status: cancelled ? 'cancelled' : 'done', message: `${summary()} (not added: another population is on screen)` });
    getState().setJob({ status: 'done', done: 1, total: 1, message: 'search finished' });
    return;
  }
  const added = addedNetworks(base, guided, random);
  const next = grownPopulation(base, added, 'search', `search: ${guided.length} guided + ${random.length} random`);
  // The embedding of the grown population may itself be cancelled: reset so that only a new cancel stops it.
  jobCancel.reset();
  getSearch().update({ message: `embedding the population with the ${added.length} new networks…` });
  if (!(await showGrownPopulation(next))) {
    getSearch().update({
      status: 'error',
      message: `${summary()}; embedding the grown population failed or was cancelled — the networks are not added`,
    });
    return;
  }
  const first = base.networks.length;
  getState().setSelection([
    idsClause(
      'search',
      added.map((_, i) => first + i),
    ),
  ]);
  const shown = getState().population;
  if (shown) {
    try {
      const bytes = encodePopulation(shown);
      await rememberImport(
        `${shown.name}.nmpop`,
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
        shown.id,
        shown.name,
        shown.networks.length,
      );
    } catch (e) {
      getState().pushNotice(`The grown population is shown but could not be kept in this browser (${errorText(e)}): export it to keep it.`);
    }
  }
  getSearch().update({
    status: cancelled ? 'cancelled' : 'done',
    message: `${cancelled ? 'cancelled — ' : ''}${summary()}; ${added.length} new networks added and selected (colour: origin)`,
  });
  getState().setJob({
    status: 'done',
    done: 1,
    total: 1,
    message: `search: ${guided.length} guided + ${random.length} random networks added; the new ones are selected`,
  });
}

/** Stops the search: the networks finished so far are kept and added. */
export function cancelSearch(): void {
  if (getSearch().status !== 'running') return;
  jobCancel.request();
  getSearch().update({ message: 'cancelling…' });
  void trainWorker().api.cancel();
  void embedWorker().api.cancel();
}
