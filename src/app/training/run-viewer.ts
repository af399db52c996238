// Turns a stored run into the population on screen: loads its networks (the
// run store merged with this tab's memory), embeds them in the embedding
// worker and shows them; a run trained to join a population ("Train more like
// these") is shown joined to it again — that population fetched again (demo,
// URL) or rebuilt from this browser's storage (another run, an import).
import type { Population, NetworkRecord, ProbeSet, Progress } from '../../core/types';
import { CancelledError } from '../../core/cancel';
import { decodeStoredNetwork, type StoredNetwork } from '../../core/persist/stored-network';
import { idsClause } from '../../core/explore/selection';
import { DEFAULT_PHATE_PARAMS } from '../../core/phate/engine';
import { jobBusy } from '../../state/store';
import type { AddTarget } from '../../state/training';
import type { StoredAddTarget, StoredRun } from '../../workers/run-store';
import { grownPopulation } from '../grow-population';
import { frameThrottle } from './frame-throttle';
import type { TrainingDeps, TrainingStores } from './ports';
import {
  countFinite,
  errorText,
  joinedRecords,
  MAX_JOIN_DEPTH,
  runGenerator,
  runPopulationName,
  sameRows,
  unstoredWarning,
} from './run-population';
import type { SessionRuns } from './session-runs';

/** True while training, distances or PHATE run (one long job at a time). */
export const isBusy = (stores: TrainingStores): boolean => jobBusy(stores.app().job);

export type ViewerDeps = Pick<TrainingDeps, 'stores' | 'embedder' | 'runStore' | 'sources' | 'cancel' | 'clock'>;

export class RunViewer {
  constructor(
    private readonly deps: ViewerDeps,
    private readonly sessions: SessionRuns,
  ) {}

  private get app() {
    return this.deps.stores.app();
  }
  private get training() {
    return this.deps.stores.training();
  }

  /**
   * Loads a stored run's finished networks, embeds them and shows them; a run
   * trained to join a population is shown joined to it again when that can be
   * rebuilt (`intoBase`). `keepJob`: the caller (a finished run) owns the job status.
   */
  async show(runId: string, keepJob = false, intoBase = true): Promise<void> {
    if (!keepJob && isBusy(this.deps.stores)) return;
    const t = this.training;
    t.setRestoreOffer(null);
    t.setKept(null);
    if (!keepJob)
      this.app.setJob({
        status: 'running',
        stage: 'distances',
        done: 0,
        total: 1,
        message: 'reading the stored networks…',
        startedAt: this.deps.clock.now(),
      });
    this.deps.cancel.reset();
    try {
      const loaded = await this.sessions.load(runId);
      if (!loaded) throw new Error('the run is no longer stored in this browser');
      const { run, networks: stored } = loaded;
      if (loaded.unstored && !this.training.storageFailure)
        this.app.pushNotice(unstoredWarning(loaded.unstored, loaded.reason ?? 'storing failed'));
      if (intoBase && run.addTo && (await this.restoreIntoBase(run, stored))) return;
      const networks = stored.map((n) => decodeStoredNetwork(n, run.probe.n));
      const ok = networks.filter((n) => n.status === 'ok').length;
      if (ok < 3) throw new Error(`only ${ok} network(s) trained without diverging; at least 3 are needed for a manifold`);
      t.setRun({ status: 'running', stage: 'embedding' });
      const r = await this.embed(networks, run.probe);
      if (!r) return;
      const pop: Population = {
        ...runPopulationName(run, networks.length),
        provenance: {
          dataset: run.dataset,
          probe: run.spec.probe,
          metric: { name: 'diffusion', ...r.metric },
          phate: r.phate,
          generator: runGenerator(run),
          createdAt: run.createdAt,
        },
        probe: run.probe,
        networks,
        distances: r.distances,
        embedding: r.embedding,
      };
      this.app.setPopulation(pop);
      this.training.setRun({ status: 'done' });
      this.app.setJob({
        status: 'done',
        done: 1,
        total: 1,
        message: `${r.included.length} of ${networks.length} networks embedded${loaded.unstored ? ` · ${loaded.unstored} not stored: lost on reload` : ''}`,
      });
    } catch (e) {
      this.training.setRun({ status: 'error' });
      this.app.setJob({ status: 'error', message: errorText(e) });
      this.app.pushError(`Could not show the trained population: ${errorText(e)}`);
    }
  }

  /**
   * Add mode: appends a finished run's networks (origin 'sampled') to the
   * population they were sampled from, re-embeds everything, colours by origin
   * and selects the new networks. If another population is on screen by now,
   * the run is shown as a population of its own, with a notice.
   */
  async addToPopulation(runId: string, add: AddTarget): Promise<void> {
    try {
      const loaded = await this.sessions.load(runId);
      if (!loaded) throw new Error('the run is no longer stored in this browser');
      const run = loaded.run;
      if (loaded.unstored && !this.training.storageFailure)
        this.app.pushNotice(unstoredWarning(loaded.unstored, loaded.reason ?? 'storing failed'));
      const pop = this.app.population;
      if (!pop || pop.id !== add.populationId) {
        this.app.pushNotice(
          `The population on screen changed while the new networks trained, so they are shown as a population of their own instead of being added to “${add.populationName}”.`,
        );
        await this.show(runId, true, false);
        return;
      }
      const next = await this.growWithRun(pop, run, loaded.networks);
      if (!next) return;
      // A further run in the same add mode adds to the grown population.
      const b = this.training.builder;
      if (b.add?.populationId === add.populationId)
        this.training.setBuilder({
          add: {
            ...b.add,
            populationId: next.id,
            populationName: next.name,
            networks: next.networks.length,
            usedSeeds: [...new Set([...b.add.usedSeeds, ...next.networks.map((n) => n.hp.seed)])],
          },
        });
    } catch (e) {
      this.training.setRun({ status: 'error' });
      this.app.setJob({ status: 'error', message: errorText(e) });
      this.app.pushError(`Could not add the trained networks to the population: ${errorText(e)}`);
    }
  }

  /**
   * The population a stored run makes, not embedded and not shown: its own
   * networks, or (a run that joined a population) that population rebuilt —
   * from a demo or URL, from another stored run, or from a stored import — with
   * the run's networks after it.
   */
  async rebuildPopulation(runId: string, depth = 0): Promise<Population> {
    if (depth > MAX_JOIN_DEPTH) throw new Error('the stored runs join each other in a loop');
    const run = await this.deps.runStore.getRun(runId);
    if (!run) throw new Error('the run is no longer stored in this browser');
    const stored = await this.deps.runStore.getNetworks(runId);
    if (run.addTo) {
      const base = await this.rebuildBase(run.addTo, depth);
      if (base.networks.length !== run.addTo.networks || !sameRows(base.probe, run.probe))
        throw new Error(`“${run.addTo.name}” has changed since`);
      return grownPopulation(base, joinedRecords(base, run, stored), 'sampled', `${stored.length} sampled`);
    }
    return {
      ...runPopulationName(run, stored.length),
      provenance: {
        dataset: run.dataset,
        probe: run.spec.probe,
        // Filled in by the embedding (showPopulation embeds a population without one).
        metric: { name: 'diffusion' },
        phate: { ...DEFAULT_PHATE_PARAMS },
        generator: runGenerator(run),
        createdAt: run.createdAt,
      },
      probe: run.probe,
      networks: stored.map((n) => decodeStoredNetwork(n, run.probe.n)),
    };
  }

  /** The population an add-mode run joined: fetched again (demo, URL) or rebuilt from this browser's storage. */
  private async rebuildBase(add: StoredAddTarget, depth: number): Promise<Population> {
    if (add.source) return this.deps.sources.fetch(add.source);
    if (add.baseRunId) return this.rebuildPopulation(add.baseRunId, depth + 1);
    if (add.baseImportId) {
      const pop = await this.deps.sources.storedImport(add.baseImportId);
      if (!pop) throw new Error('its stored copy was deleted');
      return pop;
    }
    throw new Error('it cannot be fetched again (it was opened from a file before files were stored, or grown by other networks)');
  }

  /**
   * Restore of an add-mode run: rebuilds the population it joined and shows
   * the two together. False, with a notice saying why, when that population
   * cannot be rebuilt as it was: then the run is shown alone.
   */
  private async restoreIntoBase(run: StoredRun, stored: StoredNetwork[]): Promise<boolean> {
    const add = run.addTo;
    if (!add) return false;
    const alone = (why: string): false => {
      this.app.pushNotice(
        `These ${stored.length} networks were trained to join “${add.name}”, ${why}; they are shown as a population of their own.`,
      );
      return false;
    };
    if (!add.source && !add.baseRunId && !add.baseImportId)
      return alone('which cannot be fetched again (it was opened from a file, trained in this browser or grown by other networks)');
    let base: Population;
    try {
      this.app.setJob({ message: `loading “${add.name}” to add the stored networks to…` });
      base = await this.rebuildBase(add, 0);
    } catch (e) {
      return alone(`which could not be ${add.source ? 'loaded' : "rebuilt from this browser's storage"} (${errorText(e)})`);
    }
    if (base.networks.length !== add.networks || !sameRows(base.probe, run.probe)) return alone('which has changed since');
    await this.growWithRun(base, run, stored);
    return true;
  }

  /**
   * `base` + the run's stored networks (origin 'sampled', ids continuing the
   * base's numbering), embedded and shown with the new networks selected. Null
   * when the embedding failed (reported) or was cancelled: the networks stay stored.
   */
  private async growWithRun(base: Population, run: StoredRun, stored: StoredNetwork[]): Promise<Population | null> {
    const added = joinedRecords(base, run, stored);
    if (added.length === 0) throw new Error('no network of the run was stored');
    const next = grownPopulation(base, added, 'sampled', `${added.length} sampled`);
    // The grown population is this run (joined to its base) in storage: a further run on it records that.
    this.deps.sources.setOrigin(next.id, { kind: 'run', runId: run.runId });
    this.training.setRun({ status: 'running', stage: 'embedding' });
    if (!(await this.deps.sources.showGrown(next))) {
      const cancelled = this.app.job.status === 'cancelled';
      this.training.setRun({ status: cancelled ? 'cancelled' : 'error' });
      if (cancelled) this.training.setKept({ runId: run.runId, stored: stored.length, total: run.total });
      return null;
    }
    const first = base.networks.length;
    this.app.setSelection([
      idsClause(
        'sampled',
        added.map((_, i) => first + i),
      ),
    ]);
    const embedded = countFinite(this.app.population);
    const diverged = added.filter((n) => n.status !== 'ok').length;
    this.training.setRun({ status: 'done' });
    this.app.setJob({
      status: 'done',
      done: 1,
      total: 1,
      message: `${added.length} sampled networks added to the population${diverged ? ` (${diverged} diverged: not embedded)` : ''}; ${embedded} of ${next.networks.length} embedded; the new ones are selected`,
    });
    return next;
  }

  /** Distances + PHATE in the embedding worker; null after a cancel. */
  private async embed(networks: NetworkRecord[], probe: ProbeSet) {
    const progress = frameThrottle(this.deps.clock, (p: Progress) => {
      if (!isBusy(this.deps.stores)) return;
      this.app.setJob({
        stage: p.stage.startsWith('distance') ? 'distances' : 'phate',
        done: p.done,
        total: p.total,
        message: p.message ?? p.stage,
      });
    });
    this.app.setJob({ status: 'running', stage: 'distances', done: 0, total: 1, message: 'computing distances…' });
    try {
      const r = await this.deps.embedder.embed(networks, probe, { includeDiverged: this.app.includeDiverged }, (p) => progress.push(p));
      progress.cancel();
      if (this.deps.cancel.requested) throw new CancelledError();
      return r;
    } catch (e) {
      progress.cancel();
      if (this.deps.cancel.requested) {
        this.training.setRun({ status: 'cancelled' });
        this.app.setJob({ status: 'cancelled', message: 'embedding cancelled — the networks stay stored; the previous manifold is kept' });
        return null;
      }
      throw e;
    }
  }
}
