// Population runs on the UI thread's side: start a run in the training worker
// (batched trainer; the worker writes each finished network to IndexedDB),
// follow its progress, pause / resume / cancel, and turn a stored run into the
// population on screen (restore), or train its missing networks (resume).
// In add mode ("Train more like these") the finished networks join the
// population they were sampled from and everything is re-embedded.
import * as Comlink from 'comlink';
import type { DatasetName, NetworkRecord, Population, PopulationSpec, ProbeSet, Progress } from '../../core/types';
import { datasetBytes, downloadMessage } from '../dataset-files';
import { CancelledError } from '../../core/cancel';
import { decodeStoredNetwork, storedNetworkBytes, type StoredNetwork } from '../../core/persist/stored-network';
import { networkId } from '../../core/population/spec';
import { idsClause } from '../../core/explore/selection';
import { getState, type JobStage } from '../../state/store';
import { builderSpec, getTraining, validateBuilder, type AddTarget } from '../../state/training';
import { embedWorker, trainWorker } from '../workers';
import { DATASET_LABELS, initBackend } from '../controller';
import { grownPopulation, showGrownPopulation } from '../grow-population';
import { jobCancel } from '../jobs';
import { fetchSourcePopulation, modelUrlsOf, sourceOf } from '../sharing/url-sync';
import * as runStore from '../../workers/run-store';
import { setStoredOrigin, storedOriginOf } from '../storage/origins';
import { getImport } from '../storage/population-store';
import { decodeInWorker } from '../controller';
import { DEFAULT_PHATE_PARAMS } from '../../core/phate/engine';
import { forgetSessionRun, keepUnstored, loadRun, sessionRun } from './session-runs';
import type { RunEvent, RunOutcome } from '../../workers/run-events';

/** An error in words; a DOMException with an empty message (a full quota) is named by its name. */
const errorText = (e: unknown): string => {
  const msg = e instanceof Error ? e.message.trim() : String(e ?? '').trim();
  if (msg) return msg;
  return e instanceof Error && e.name && e.name !== 'Error' ? e.name : 'unknown error (no message)';
};

/** What the UI says when networks of a run are not stored. */
export function unstoredWarning(unstored: number, reason: string): string {
  return `${unstored} network${unstored === 1 ? ' is' : 's are'} not stored in this browser — ${reason}. They are shown, but lost on reload: download the population (Export bundle) to keep ${unstored === 1 ? 'it' : 'them'}.`;
}

/** Runs fn at most once per animation frame with the latest value. */
function frameThrottle<T>(fn: (v: T) => void): { push(v: T): void; cancel(): void } {
  let pending: T | undefined;
  let id = 0;
  return {
    push(v) {
      pending = v;
      if (!id)
        id = requestAnimationFrame(() => {
          id = 0;
          if (pending !== undefined) fn(pending);
          pending = undefined;
        });
    },
    cancel() {
      if (id) cancelAnimationFrame(id);
      id = 0;
      pending = undefined;
    },
  };
}

const busyStages: JobStage[] = ['training', 'distances', 'phate'];
export const isBusy = (): boolean => busyStages.includes(getState().job.stage);

async function readyBackend(): Promise<void> {
  if (getState().backend === 'none') await initBackend();
  if (getState().backend === 'none') throw new Error('no TensorFlow.js backend could be started in the training worker');
}

function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 0x7fffffff).toString(36)}`;
}

/** Starts training the builder's population. */
export async function startPopulationRun(): Promise<void> {
  if (isBusy()) return;
  const b = getTraining().builder;
  const invalid = validateBuilder(b);
  if (invalid) {
    getState().pushError(invalid);
    return;
  }
  // Add mode: the population's own probe rows travel with the run (the worker would otherwise draw them from the spec),
  // and where the population came from, so that a restored run can join it again.
  const addTo = b.add ? storedAddTarget(b.add) : undefined;
  await trainInWorker({ runId: newRunId(), spec: builderSpec(b, b.seed), probe: b.add?.probe, addTo, mode: 'new' }, 0, b.add ?? undefined);
}

/** How to rebuild the population an add-mode run joins: its demo or URL, if it is exactly that population. */
function storedAddTarget(add: AddTarget): runStore.StoredAddTarget {
  const s = getState();
  const pop = s.population;
  const asFetched = pop?.id === add.populationId && pop.networks.length === add.networks && modelUrlsOf(s).length === 0;
  const src = asFetched ? sourceOf(s) : null;
  const target: runStore.StoredAddTarget = {
    source: src && src.kind !== 'local' ? src : null,
    name: add.populationName,
    networks: add.networks,
  };
  // Not fetchable, but kept in this browser (trained or grown here, or an import): the restore rebuilds it from storage.
  const stored = target.source ? null : storedOriginOf(add.populationId);
  if (stored?.kind === 'run') target.baseRunId = stored.runId;
  if (stored?.kind === 'import') target.baseImportId = stored.storedId;
  return target;
}

/** Trains the networks a stored run still lacks, then shows the whole population. */
export async function resumeStoredRun(runId: string): Promise<void> {
  if (isBusy()) return;
  getTraining().setRestoreOffer(null);
  const mem = sessionRun(runId);
  let stored = 0;
  try {
    stored = (await runStore.storedIndices(runId)).length;
  } catch (e) {
    if (!mem) {
      getState().pushError(`Cannot resume the run: ${runStore.storageFailureReason(e)}`);
      return;
    }
  }
  await trainInWorker(
    { runId, mode: 'resume', ...(mem ? { memory: { run: mem.run, indices: mem.indices } } : {}) },
    stored + (mem?.indices.length ?? 0),
  );
}

async function trainInWorker(
  req: {
    runId: string;
    spec?: PopulationSpec;
    probe?: ProbeSet;
    addTo?: runStore.StoredAddTarget;
    mode: 'new' | 'resume';
    memory?: { run: runStore.StoredRun; indices: number[] };
  },
  storedBefore: number,
  add?: AddTarget,
): Promise<void> {
  const s = getState();
  const t = getTraining();
  jobCancel.reset();
  t.beginRun(req.runId, storedBefore);
  s.setTrainPanelOpen(true);
  s.setJob({ stage: 'training', done: 0, total: 1, message: 'starting the training worker…', startedAt: performance.now() });
  const progress = frameThrottle((e: Extract<RunEvent, { type: 'progress' }>) => {
    if (getState().job.stage !== 'training') return;
    const p = e.progress;
    getTraining().setProgress(p);
    const t = getTraining();
    getState().setJob({
      done: p.done,
      total: p.total,
      message: `${t.storedBefore + t.finished.length} of ${p.networksTotal} networks · group ${p.group}/${p.groups} · epoch ${p.epoch}/${p.epochs}`,
    });
  });
  const onEvent = (e: RunEvent): void => {
    if (e.type === 'progress') progress.push(e);
    else if (e.type === 'storage') {
      getTraining().setStorageFailure(e.reason);
      getState().pushNotice(
        `This run cannot be stored in this browser — ${e.reason}. Training goes on and every network is shown, but the networks not stored are lost on reload: download the population (Export bundle) to keep them.`,
      );
    } else
      getTraining().addFinished({
        index: e.index,
        id: e.id,
        status: e.status,
        statusReason: e.statusReason,
        testAcc: e.testAcc,
        bytes: e.bytes,
        ...(e.stored === false ? { stored: false } : {}),
      });
  };
  let out: RunOutcome;
  try {
    await readyBackend();
    const w = trainWorker();
    out = await w.call(w.api.trainRun(req, Comlink.proxy(onEvent), Comlink.proxy(trainingDatasetBytes)));
  } catch (e) {
    progress.cancel();
    getTraining().setPhase('error');
    getState().setJob({ stage: 'error', message: errorText(e) });
    getState().pushError(`Training failed: ${errorText(e)}`);
    return;
  }
  progress.cancel();
  // Networks that could not be stored stay in this tab's memory and are shown like stored ones.
  const memRun = out.run ?? req.memory?.run;
  if (out.unstored.length > 0 && memRun)
    keepUnstored(memRun, out.unstored, out.storageFailure ?? sessionRun(out.runId)?.reason ?? 'storing failed');
  const unstored = sessionRun(out.runId)?.indices.length ?? 0;
  const finished = out.stored + unstored;
  if (out.cancelled || jobCancel.requested || finished < out.total) {
    getTraining().setPhase('cancelled');
    getTraining().setKept({ runId: out.runId, stored: finished, total: out.total, ...(unstored ? { unstored } : {}) });
    getState().setJob({
      stage: 'cancelled',
      message: `cancelled — ${finished} of ${out.total} networks finished and kept ${unstored ? `(${unstored} of them only until this tab is reloaded)` : 'in this browser'}; the previous manifold stays`,
    });
    return;
  }
  getState().setJob({ done: 1, total: 1, message: 'all networks trained; embedding…' });
  if (add) await addRunToPopulation(out.runId, add);
  else await showStoredRun(out.runId, true);
}

/** A file dataset's bytes for the training worker, the download shown on the job line. */
function trainingDatasetBytes(name: DatasetName): Promise<Uint8Array> {
  return datasetBytes(name, (loaded, total) => {
    if (getState().job.stage === 'training') getState().setJob({ done: 0, total: 1, message: downloadMessage(name, loaded, total) });
  });
}

/** `base`, or `base-2`, `base-3`, … : the first not in `taken` (which it joins). */
function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
  taken.add(id);
  return id;
}

/**
 * Add mode: appends a finished run's networks (origin 'sampled') to the
 * population they were sampled from, re-embeds everything, colours by origin
 * and selects the new networks. If another population is on screen by now,
 * the run is shown as a population of its own, with a notice.
 */
async function addRunToPopulation(runId: string, add: AddTarget): Promise<void> {
  try {
    const loaded = await loadRun(runId);
    if (!loaded) throw new Error('the run is no longer stored in this browser');
    const run = loaded.run;
    if (loaded.unstored && !getTraining().storageFailure)
      getState().pushNotice(unstoredWarning(loaded.unstored, loaded.reason ?? 'storing failed'));
    const pop = getState().population;
    if (!pop || pop.id !== add.populationId) {
      getState().pushNotice(
        `The population on screen changed while the new networks trained, so they are shown as a population of their own instead of being added to “${add.populationName}”.`,
      );
      await showStoredRun(runId, true, false);
      return;
    }
    const next = await growWithRun(pop, run, loaded.networks);
    if (!next) return;
    // A further run in the same add mode adds to the grown population.
    const b = getTraining().builder;
    if (b.add?.populationId === add.populationId)
      getTraining().setBuilder({
        add: {
          ...b.add,
          populationId: next.id,
          populationName: next.name,
          networks: next.networks.length,
          usedSeeds: [...new Set([...b.add.usedSeeds, ...next.networks.map((n) => n.hp.seed)])],
        },
      });
  } catch (e) {
    getTraining().setPhase('error');
    getState().setJob({ stage: 'error', message: errorText(e) });
    getState().pushError(`Could not add the trained networks to the population: ${errorText(e)}`);
  }
}

/**
 * `base` + the run's stored networks (origin 'sampled', ids continuing the
 * base's numbering), embedded and shown with the new networks selected. Null
 * when the embedding failed (reported) or was cancelled: the networks stay stored.
 */
async function growWithRun(base: Population, run: runStore.StoredRun, stored: StoredNetwork[]): Promise<Population | null> {
  const added = joinedRecords(base, run, stored);
  if (added.length === 0) throw new Error('no network of the run was stored');
  const next = grownPopulation(base, added, 'sampled', `${added.length} sampled`);
  // The grown population is this run (joined to its base) in storage: a further run on it records that.
  setStoredOrigin(next.id, { kind: 'run', runId: run.runId });
  getTraining().setPhase('embedding');
  if (!(await showGrownPopulation(next))) {
    const cancelled = getState().job.stage === 'cancelled';
    getTraining().setPhase(cancelled ? 'cancelled' : 'error');
    if (cancelled) getTraining().setKept({ runId: run.runId, stored: stored.length, total: run.total });
    return null;
  }
  const first = base.networks.length;
  getState().setSelection([
    idsClause(
      'sampled',
      added.map((_, i) => first + i),
    ),
  ]);
  const embedded = countFinite(getState().population);
  const diverged = added.filter((n) => n.status !== 'ok').length;
  getTraining().setPhase('done');
  getState().setJob({
    stage: 'done',
    done: 1,
    total: 1,
    message: `${added.length} sampled networks added to the population${diverged ? ` (${diverged} diverged: not embedded)` : ''}; ${embedded} of ${next.networks.length} embedded; the new ones are selected`,
  });
  return next;
}

/** The run's networks as they join `base`: origin 'sampled', ids continuing the base's numbering (the same on every rebuild). */
function joinedRecords(base: Population, run: runStore.StoredRun, stored: StoredNetwork[]): NetworkRecord[] {
  const taken = new Set(base.networks.map((n) => n.id));
  return stored.map((s, i) => {
    const rec = decodeStoredNetwork(s, run.probe.n);
    return { ...rec, id: uniqueId(networkId(rec.hp, base.networks.length + i), taken), origin: 'sampled' };
  });
}

/** Runs joined to runs joined to … : deeper than this is a loop in the records. */
const MAX_JOIN_DEPTH = 32;

/**
 * The population a stored run makes, not embedded and not shown: its own
 * networks, or (a run that joined a population) that population rebuilt —
 * from a demo or URL, from another stored run, or from a stored import — with
 * the run's networks after it.
 */
export async function rebuildRunPopulation(runId: string, depth = 0): Promise<Population> {
  if (depth > MAX_JOIN_DEPTH) throw new Error('the stored runs join each other in a loop');
  const run = await runStore.getRun(runId);
  if (!run) throw new Error('the run is no longer stored in this browser');
  const stored = await runStore.getNetworks(runId);
  if (run.addTo) {
    const base = await rebuildBase(run.addTo, depth);
    if (base.networks.length !== run.addTo.networks || !sameRows(base.probe, run.probe))
      throw new Error(`“${run.addTo.name}” has changed since`);
    return grownPopulation(base, joinedRecords(base, run, stored), 'sampled', `${stored.length} sampled`);
  }
  return {
    id: `browser-${run.runId}`,
    name: `${DATASET_LABELS[run.dataset.name]} · ${stored.length}${stored.length >= run.total ? '' : ` of ${run.total}`} networks trained in this browser`,
    provenance: {
      dataset: run.dataset,
      probe: run.spec.probe,
      // Filled in by the embedding (showPopulation embeds a population without one).
      metric: { name: 'diffusion' },
      phate: { ...DEFAULT_PHATE_PARAMS },
      generator: `netmanifold browser 0.1.0 (tfjs ${run.backend}, batched)`,
      createdAt: run.createdAt,
    },
    probe: run.probe,
    networks: stored.map((n) => decodeStoredNetwork(n, run.probe.n)),
  };
}

/** The population an add-mode run joined: fetched again (demo, URL) or rebuilt from this browser's storage. */
async function rebuildBase(add: runStore.StoredAddTarget, depth: number): Promise<Population> {
  if (add.source) return fetchSourcePopulation(add.source);
  if (add.baseRunId) return rebuildRunPopulation(add.baseRunId, depth + 1);
  if (add.baseImportId) {
    const rec = await getImport(add.baseImportId);
    if (!rec) throw new Error('its stored copy was deleted');
    const pop = await decodeInWorker(rec.bytes.slice(0));
    setStoredOrigin(pop.id, { kind: 'import', storedId: rec.storedId });
    return pop;
  }
  throw new Error('it cannot be fetched again (it was opened from a file before files were stored, or grown by other networks)');
}

/**
 * Restore of an add-mode run: fetches the population it joined again (a demo
 * or a URL) or rebuilds it from this browser's storage (a run trained or grown
 * here, an import) and shows the two together. False, with a notice saying why, when
 * that population cannot be rebuilt as it was: then the run is shown alone.
 */
async function restoreIntoBase(run: runStore.StoredRun, stored: StoredNetwork[]): Promise<boolean> {
  const add = run.addTo;
  if (!add) return false;
  const alone = (why: string): false => {
    getState().pushNotice(
      `These ${stored.length} networks were trained to join “${add.name}”, ${why}; they are shown as a population of their own.`,
    );
    return false;
  };
  if (!add.source && !add.baseRunId && !add.baseImportId)
    return alone('which cannot be fetched again (it was opened from a file, trained in this browser or grown by other networks)');
  let base: Population;
  try {
    getState().setJob({ message: `loading “${add.name}” to add the stored networks to…` });
    base = await rebuildBase(add, 0);
  } catch (e) {
    return alone(`which could not be ${add.source ? 'loaded' : "rebuilt from this browser's storage"} (${errorText(e)})`);
  }
  if (base.networks.length !== add.networks || !sameRows(base.probe, run.probe)) return alone('which has changed since');
  await growWithRun(base, run, stored);
  return true;
}

/** Same probe rows (the added networks were probed on the base population's own). */
function sameRows(a: ProbeSet, b: ProbeSet): boolean {
  if (a.n !== b.n || a.inputDim !== b.inputDim || a.x.length !== b.x.length) return false;
  for (let i = 0; i < a.x.length; i++) if (a.x[i] !== b.x[i]) return false;
  return true;
}

function countFinite(pop: Population | null): number {
  const e = pop?.embedding;
  if (!pop || !e) return 0;
  let n = 0;
  for (let i = 0; i < pop.networks.length; i++) if (Number.isFinite(e.embedding[i * e.nComponents])) n++;
  return n;
}

/**
 * Loads a stored run's finished networks, embeds them and shows them; a run
 * trained to join a population is shown joined to it again when that can be
 * rebuilt (`intoBase`).
 */
export async function showStoredRun(runId: string, keepJob = false, intoBase = true): Promise<void> {
  if (!keepJob && isBusy()) return;
  const t = getTraining();
  t.setRestoreOffer(null);
  t.setKept(null);
  if (!keepJob)
    getState().setJob({ stage: 'distances', done: 0, total: 1, message: 'reading the stored networks…', startedAt: performance.now() });
  jobCancel.reset();
  try {
    const loaded = await loadRun(runId);
    if (!loaded) throw new Error('the run is no longer stored in this browser');
    const { run, networks: stored } = loaded;
    if (loaded.unstored && !getTraining().storageFailure)
      getState().pushNotice(unstoredWarning(loaded.unstored, loaded.reason ?? 'storing failed'));
    if (intoBase && run.addTo && (await restoreIntoBase(run, stored))) return;
    const networks = stored.map((n) => decodeStoredNetwork(n, run.probe.n));
    if (networks.filter((n) => n.status === 'ok').length < 3) {
      throw new Error(
        `only ${networks.filter((n) => n.status === 'ok').length} network(s) trained without diverging; at least 3 are needed for a manifold`,
      );
    }
    t.setPhase('embedding');
    const r = await embed(networks, run.probe);
    if (!r) return;
    const complete = networks.length >= run.total;
    const pop: Population = {
      id: `browser-${run.runId}`,
      name: `${DATASET_LABELS[run.dataset.name]} · ${networks.length}${complete ? '' : ` of ${run.total}`} networks trained in this browser`,
      provenance: {
        dataset: run.dataset,
        probe: run.spec.probe,
        metric: { name: 'diffusion', ...r.metric },
        phate: r.phate,
        generator: `netmanifold browser 0.1.0 (tfjs ${run.backend}, batched)`,
        createdAt: run.createdAt,
      },
      probe: run.probe,
      networks,
      distances: r.distances,
      embedding: r.embedding,
    };
    getState().setPopulation(pop);
    getTraining().setPhase('done');
    getState().setJob({
      stage: 'done',
      done: 1,
      total: 1,
      message: `${r.included.length} of ${networks.length} networks embedded${loaded.unstored ? ` · ${loaded.unstored} not stored: lost on reload` : ''}`,
    });
  } catch (e) {
    getTraining().setPhase('error');
    getState().setJob({ stage: 'error', message: errorText(e) });
    getState().pushError(`Could not show the trained population: ${errorText(e)}`);
  }
}

/** Distances + PHATE in the embedding worker; null after a cancel. */
async function embed(networks: NetworkRecord[], probe: ProbeSet) {
  const progress = frameThrottle((p: Progress) => {
    if (!isBusy()) return;
    getState().setJob({
      stage: p.stage.startsWith('distance') ? 'distances' : 'phate',
      done: p.done,
      total: p.total,
      message: p.message ?? p.stage,
    });
  });
  getState().setJob({ stage: 'distances', done: 0, total: 1, message: 'computing distances…' });
  try {
    const w = embedWorker();
    const r = await w.call(
      w.api.embed(
        networks,
        probe,
        { includeDiverged: getState().includeDiverged },
        Comlink.proxy((p: Progress) => progress.push(p)),
      ),
    );
    progress.cancel();
    if (jobCancel.requested) throw new CancelledError();
    return r;
  } catch (e) {
    progress.cancel();
    if (jobCancel.requested) {
      getTraining().setPhase('cancelled');
      getState().setJob({ stage: 'cancelled', message: 'embedding cancelled — the networks stay stored; the previous manifold is kept' });
      return null;
    }
    throw e;
  }
}

export function pauseRun(): void {
  if (getTraining().phase !== 'training') return;
  void trainWorker().api.pauseRun();
  getTraining().setPhase('paused');
  getState().setJob({ message: 'paused — the networks in training keep their state' });
}

export function resumeRun(): void {
  if (getTraining().phase !== 'paused') return;
  void trainWorker().api.resumeRun();
  getTraining().setPhase('training');
  getState().setJob({ message: 'resuming…' });
}

/** Cancels training (finished networks stay stored) or the embedding. */
export function cancelRun(): void {
  const stage = getState().job.stage;
  if (!isBusy()) return;
  jobCancel.request();
  getState().setJob({ message: 'cancelling…' });
  if (stage === 'training') void trainWorker().api.cancel();
  else embedWorker().terminate();
}

/** Forgets a stored run. */
export async function discardStoredRun(runId: string): Promise<void> {
  const t = getTraining();
  if (t.restoreOffer?.runId === runId) t.setRestoreOffer(null);
  if (t.kept?.runId === runId) t.setKept(null);
  forgetSessionRun(runId);
  try {
    await runStore.deleteRun(runId);
  } catch (e) {
    getState().pushError(`Could not delete the stored run: ${errorText(e)}`);
  }
}

/** On page load: offer the newest stored run that has finished networks. */
export async function checkForRestorableRun(): Promise<void> {
  try {
    const found = await runStore.latestRestorableRun();
    if (!found) return;
    const { run, stored } = found;
    // A run still marked running or paused was cut off by a reload or a closed tab.
    const interrupted = run.state === 'running' || run.state === 'paused';
    // One cut off before its first network finished keeps that mark, so it is offered again until resumed or discarded.
    if (interrupted && stored > 0) await runStore.setRunState(run.runId, 'cancelled');
    getTraining().setRestoreOffer({
      runId: run.runId,
      stored,
      total: run.total,
      interrupted,
      datasetName: run.dataset.name,
      createdAt: run.createdAt,
      ...(run.addTo ? { joins: run.addTo.name } : {}),
    });
  } catch (e) {
    // No IndexedDB (private mode in some browsers): training still works, restore does not.
    console.warn(`stored runs unavailable: ${errorText(e)}`);
  }
}

// ------------------------------------------------------------------ estimate

let estimateSeq = 0;

/** Asks the worker for a calibrated time estimate of the builder's population (ignored while busy). */
export async function requestEstimate(): Promise<void> {
  const b = getTraining().builder;
  if (validateBuilder(b) || isBusy() || getState().backend === 'none') return;
  const spec = builderSpec(b, b.seed);
  const key = JSON.stringify([spec, getState().backend]);
  if (getTraining().estimate.key === key && getTraining().estimate.status !== 'error') return;
  const seq = ++estimateSeq;
  getTraining().setEstimate({ status: 'measuring', key });
  try {
    const w = trainWorker();
    const r = await w.call(
      w.api.estimate(
        spec,
        Comlink.proxy((name: DatasetName) => datasetBytes(name)),
      ),
    );
    if (seq !== estimateSeq) return;
    getTraining().setEstimate({ status: 'ready', key, seconds: r.seconds, calibration: r.calibration, measured: r.measured });
  } catch (e) {
    if (seq !== estimateSeq) return;
    getTraining().setEstimate({ status: 'error', key, message: errorText(e) });
  }
}

/** Test hooks on window.__netmanifold (issue 4). */
export function trainingTestHooks() {
  return {
    trainWorkerTensorCount: async (): Promise<number> => {
      const w = trainWorker();
      return w.call(w.api.tensorCount());
    },
    /** The probe set stored with a run (the rows its networks were probed on), as plain arrays. */
    storedRunProbe: async (runId: string) => {
      const r = await runStore.getRun(runId);
      if (!r) return null;
      return {
        n: r.probe.n,
        seed: r.probe.seed,
        inputDim: r.probe.inputDim,
        x: Array.from(r.probe.x),
        labels: Array.from(r.probe.labels),
        indices: Array.from(r.probe.indices),
      };
    },
    /** Runs and their stored networks' ids and encoded sizes, straight from IndexedDB. */
    storedRuns: async () => {
      const runs = await runStore.listRuns();
      return Promise.all(
        runs.map(async (r) => {
          const nets = await runStore.getNetworks(r.runId);
          return {
            runId: r.runId,
            state: r.state,
            total: r.total,
            dataset: r.dataset.name,
            probeN: r.probe.n,
            networks: nets.map((n) => ({ index: n.index, id: n.id, status: n.status, bytes: storedNetworkBytes(n) })),
          };
        }),
      );
    },
  };
}
