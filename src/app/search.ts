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
import { jobBusy, type AppState } from '../state/store';
import { addModeUnavailable, type TrainingState } from '../state/training';
import { getSearch, validateSearchSettings, type SearchState } from '../state/search';
import type { TrainWorkerApi } from '../workers/train.worker';
import type { EmbedWorkerApi } from '../workers/embed.worker';
import type { WorkerHandle } from './workers';
import type { Backend } from './backend';
import type { CancelFlag } from './jobs';
import { grownPopulation } from './grow-population';
import type { Populations } from './populations';
import type { StoredPopulations } from './storage/stored-list';

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
export function searchUnavailable(pop: Population | null, settings = getSearch().settings): string | null {
  const why = addModeUnavailable(pop);
  if (why || !pop) return why ?? 'Load a population first.';
  if (pop.networks.filter((n) => n.status === 'ok').length < 3) return 'A search needs at least 3 networks that trained without diverging.';
  return validateSearchSettings(settings);
}

export interface SearchDeps {
  stores: { app(): AppState; training(): TrainingState; search(): SearchState };
  trainWorker(): WorkerHandle<TrainWorkerApi>;
  embedWorker(): WorkerHandle<EmbedWorkerApi>;
  backend: Pick<Backend, 'init'>;
  populations: Pick<Populations, 'showGrown'>;
  stored: Pick<StoredPopulations, 'remember'>;
  /** The app's one cancel flag for the long job (the progress panel's Cancel reaches a search too). */
  cancel: CancelFlag;
  now(): number;
  /** The search's sampling seed (random per search in the browser). */
  seed(): number;
}

export class SearchController {
  constructor(private readonly deps: SearchDeps) {}

  private get app(): AppState {
    return this.deps.stores.app();
  }

  private get search(): SearchState {
    return this.deps.stores.search();
  }

  /** Runs a search from the population on screen (no-op while another job runs). */
  async start(): Promise<void> {
    const { cancel } = this.deps;
    if (jobBusy(this.app.job) || this.search.status === 'running') return;
    const pop = this.app.population;
    const why = searchUnavailable(pop, this.search.settings);
    if (why || !pop) {
      this.app.pushError(why ?? 'Load a population first.');
      return;
    }
    const { rounds, perRound, epochs, perturb } = this.search.settings;
    const config: SearchConfig = {
      space: populationSpace(pop.networks),
      initial: pop.networks.length,
      initialNetworks: pop.networks,
      rounds,
      perRound,
      seed: this.deps.seed(),
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
    cancel.reset();
    this.search.update({
      status: 'running',
      done: 0,
      total: 2 * rounds * perRound,
      message: 'starting the training worker…',
      curves: curves(),
      budget,
      fallbacks: [],
    });
    this.app.setJob({ status: 'running', stage: 'training', done: 0, total: 1, message: 'search: starting…', startedAt: this.deps.now() });
    const report = (message: string, done = this.search.done, total = this.search.total) => {
      this.search.update({ message, done, total });
      this.app.setJob({ done, total: Math.max(1, total), message: `search: ${message}` });
    };
    let roundDone = 0;
    let result: Awaited<ReturnType<typeof runSearch>>;
    try {
      if (this.app.backend === 'none') await this.deps.backend.init();
      if (this.app.backend === 'none') throw new Error('no TensorFlow.js backend could be started in the training worker');
      result = await runSearch(
        config,
        async ({ hps, arm, round }) => {
          const w = this.deps.trainWorker();
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
          const w = this.deps.embedWorker();
          const r = await w.call(
            w.api.embed(
              networks,
              pop.probe,
              { includeDiverged: this.app.includeDiverged },
              Comlink.proxy((p: Progress) => report(`round ${round}/${rounds} guided: embedding ${networks.length} networks (${p.stage})`)),
            ),
          );
          return { coords: r.embedding.embedding, dim: r.embedding.nComponents };
        },
        {
          isCancelled: () => cancel.requested,
          onProgress: (p) => {
            roundDone = p.done;
            report(p.message, p.done, p.total);
          },
          onTrained: (arm, nets) => {
            if (arm === 'initial') return;
            accs[arm].push(...nets.map((n) => (n.status === 'ok' ? n.final.testAcc : NaN)));
            this.search.update({ curves: curves() });
          },
          onRound: (r) => {
            if (r.region?.fallback) this.search.update({ fallbacks: [...this.search.fallbacks, `round ${r.round}: ${r.region.fallback}`] });
          },
        },
      );
    } catch (e) {
      if (cancel.requested || isCancelled(e)) return this.nothingAdded();
      this.search.update({ status: 'error', message: errorText(e) });
      this.app.setJob({ status: 'error', message: errorText(e) });
      this.app.pushError(`Search failed: ${errorText(e)}`);
      return;
    }
    const guided = result.guided.networks.slice(pop.networks.length);
    const random = result.random.networks.slice(pop.networks.length);
    if (guided.length + random.length === 0) return this.nothingAdded();
    await this.addToPopulation(pop, guided, random, result.cancelled || cancel.requested);
  }

  /** Stops the search: the networks finished so far are kept and added. */
  cancel(): void {
    if (this.search.status !== 'running') return;
    this.deps.cancel.request();
    this.search.update({ message: 'cancelling…' });
    void this.deps.trainWorker().api.cancel();
    void this.deps.embedWorker().api.cancel();
  }

  private nothingAdded(): void {
    this.search.update({ status: 'cancelled', message: 'cancelled before any network finished; the population is unchanged' });
    this.app.setJob({ status: 'cancelled', message: 'search cancelled; the population is unchanged' });
  }

  /** One line on the two arms' best test accuracy so far. */
  private summary(): string {
    const c = this.search.curves;
    const last = (xs: number[] | undefined) => (xs && xs.length ? xs[xs.length - 1] : NaN);
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
    const made = (xs: number[] | undefined) => Math.max(0, (xs?.length ?? 0) - (c?.initial ?? 0));
    return `best test accuracy after ${made(c?.guided)} / ${made(c?.random)} new networks: guided ${f(last(c?.guided))}, random ${f(last(c?.random))} (the population's own best: ${f(c && c.initial > 0 ? c.guided[c.initial - 1] : NaN)})`;
  }

  /**
   * Grows the population with the search's networks, embeds and shows it,
   * selects the new ones and keeps it in this browser. The grown population is
   * kept even when its embedding fails or is cancelled: the networks cost
   * minutes to train, and opening it from Stored populations embeds it again.
   */
  private async addToPopulation(base: Population, guided: NetworkRecord[], random: NetworkRecord[], cancelled: boolean): Promise<void> {
    const added = addedNetworks(base, guided, random);
    const next = grownPopulation(base, added, 'search', `search: ${guided.length} guided + ${random.length} random`);
    if (this.app.population?.id !== base.id) {
      const kept = await this.keep(next);
      this.app.pushNotice(
        `The population on screen changed during the search: its ${added.length} new networks were not added to it${kept ? `; they are kept in Stored populations as “${next.name}”` : ''}.`,
      );
      this.search.update({
        status: cancelled ? 'cancelled' : 'done',
        message: `${this.summary()} (not added: another population is on screen)`,
      });
      this.app.setJob({ status: 'done', done: 1, total: 1, message: 'search finished' });
      return;
    }
    // The embedding of the grown population may itself be cancelled: reset so that only a new cancel stops it.
    this.deps.cancel.reset();
    this.search.update({ message: `embedding the population with the ${added.length} new networks…` });
    if (!(await this.deps.populations.showGrown(next))) {
      const kept = await this.keep(next);
      this.search.update({
        status: 'error',
        message: kept
          ? `${this.summary()}; embedding the grown population failed or was cancelled — its ${added.length} new networks are kept in Stored populations (open it there to embed it)`
          : `${this.summary()}; embedding the grown population failed or was cancelled, and it could not be stored — the networks are lost`,
      });
      return;
    }
    const first = base.networks.length;
    this.app.setSelection([
      idsClause(
        'search',
        added.map((_, i) => first + i),
      ),
    ]);
    const shown = this.app.population;
    if (shown) await this.keep(shown);
    this.search.update({
      status: cancelled ? 'cancelled' : 'done',
      message: `${cancelled ? 'cancelled — ' : ''}${this.summary()}; ${added.length} new networks added and selected (colour: origin)`,
    });
    this.app.setJob({
      status: 'done',
      done: 1,
      total: 1,
      message: `search: ${guided.length} guided + ${random.length} random networks added; the new ones are selected`,
    });
  }

  /** Keeps a population in this browser's Stored populations; false (after saying so) when it could not. */
  private async keep(pop: Population): Promise<boolean> {
    try {
      const bytes = encodePopulation(pop);
      await this.deps.stored.remember(
        `${pop.name}.nmpop`,
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
        pop.id,
        pop.name,
        pop.networks.length,
      );
      return true;
    } catch (e) {
      this.app.pushNotice(`The grown population could not be kept in this browser (${errorText(e)}): export it to keep it.`);
      return false;
    }
  }
}
