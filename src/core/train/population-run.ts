// One population run as the app drives it: the spec's networks (or the subset
// still missing when a run resumes) trained by the batched trainer, with ids
// that always refer to the network's index in the whole population, a pause
// gate, and progress in the units a person reads (networks done, epoch, loss,
// networks per minute, time left).
import type { Dataset, HyperParams, NetworkRecord, PopulationSpec, ProbeSet } from '../types';
import { expandPopulation, networkId } from '../population/spec';
import { trainPopulationBatched, type BatchedOptions } from './batched';
import type { Tf } from './batched-tf';
import { groupForBatching } from './batched-groups';

export interface RunProgress {
  /** Networks of the whole population finished (ok or diverged), earlier sessions included. */
  networksDone: number;
  networksTotal: number;
  /** Network-epochs done / total of this session's work (smooth progress). */
  done: number;
  total: number;
  /** Epoch of the group training now, and its number of epochs. */
  epoch: number;
  epochs: number;
  /** 1-based group number and the number of groups in this session. */
  group: number;
  groups: number;
  /** Mean training loss of the group's networks still training. */
  loss: number;
  /** Finished networks per minute in this session (NaN until one finishes). */
  networksPerMinute: number;
  /** Seconds left, from this session's epoch rate (NaN until there is a rate). */
  etaSeconds: number;
  /** Seconds spent paused are excluded from rates. */
  elapsedSeconds: number;
}

export interface PopulationRunHooks {
  onProgress?(p: RunProgress): void;
  /** A network finished (ok or diverged); `index` is its index in expandPopulation(spec). */
  onNetwork?(rec: NetworkRecord, index: number): void;
  isCancelled?(): boolean;
  /** Resolves when training may go on (see PauseGate). */
  waitWhilePaused?(): Promise<void> | void;
  /** Seconds paused so far (subtracted from rates). */
  pausedSeconds?(): number;
}

export interface PopulationRunResult {
  /** Every network trained in this session that finished (ok or diverged), by population index. */
  finished: { index: number; record: NetworkRecord }[];
  /** Indices still missing (cancelled or never started). */
  missing: number[];
  cancelled: boolean;
}

/** Indices of expandPopulation(spec) that are not in `done`, in order. */
export function missingIndices(total: number, done: Iterable<number>): number[] {
  const have = new Set(done);
  const out: number[] = [];
  for (let i = 0; i < total; i++) if (!have.has(i)) out.push(i);
  return out;
}

/**
 * Trains the networks `indices` of `hps` (default: all) with the batched
 * trainer. Cancelled networks are dropped (a resume retrains them from
 * scratch); finished ones keep their population-wide ids.
 */
export async function runPopulation(
  tf: Tf,
  ds: Dataset,
  probe: ProbeSet,
  spec: PopulationSpec,
  opts: { indices?: number[]; alreadyDone?: number; hooks?: PopulationRunHooks; batched?: BatchedOptions } = {},
): Promise<PopulationRunResult> {
  const all: HyperParams[] = expandPopulation(spec);
  const indices = opts.indices ?? all.map((_, i) => i);
  const hps = indices.map((i) => all[i]);
  const hooks = opts.hooks ?? {};
  const alreadyDone = opts.alreadyDone ?? all.length - indices.length;
  const finished: { index: number; record: NetworkRecord }[] = [];
  const t0 = performance.now();
  const activeSeconds = () => Math.max(1e-3, (performance.now() - t0) / 1000 - (hooks.pausedSeconds?.() ?? 0));
  const groups = groupForBatching(hps, opts.batched?.maxGroupSize);
  const groupCount = groups.length;
  let last: RunProgress | null = null;

  const report = (done: number, total: number, epoch: number, epochs: number, group: number, loss: number): void => {
    const sec = activeSeconds();
    const rate = done / sec;
    last = {
      networksDone: alreadyDone + finished.length,
      networksTotal: all.length,
      done,
      total,
      epoch,
      epochs,
      group,
      groups: groupCount,
      loss,
      networksPerMinute: finished.length > 0 ? (finished.length / sec) * 60 : NaN,
      etaSeconds: done > 0 ? (total - done) / rate : NaN,
      elapsedSeconds: sec,
    };
    hooks.onProgress?.(last);
  };

  let cancelled = false;
  const records = await trainPopulationBatched(
    tf,
    ds,
    probe,
    hps,
    {
      checkpointEpochs: spec.checkpointEpochs,
      isCancelled: () => {
        if (hooks.isCancelled?.()) cancelled = true;
        return cancelled;
      },
      waitWhilePaused: hooks.waitWhilePaused,
      onProgress: (p) => report(p.done, p.total, p.epoch, hps[groups[p.group].indices[0]].epochs, p.group + 1, p.loss ?? NaN),
      onNetwork: (rec, j) => {
        if (rec.status === 'cancelled') return;
        const index = indices[j];
        const record = { ...rec, id: networkId(all[index], index) };
        finished.push({ index, record });
        hooks.onNetwork?.(record, index);
        const l = last as RunProgress | null;
        if (l) report(l.done, l.total, l.epoch, l.epochs, l.group, l.loss);
      },
    },
    opts.batched,
  );
  void records; // finished networks were collected as they completed
  const doneSet = new Set(finished.map((f) => f.index));
  return { finished, missing: indices.filter((i) => !doneSet.has(i)), cancelled };
}

/**
 * A pause switch the trainer awaits before every step. Holding the trainer
 * on a promise (rather than stopping it) keeps weights and optimizer state.
 */
export class PauseGate {
  private waiters: (() => void)[] = [];
  private pausedAt: number | null = null;
  private pausedTotal = 0;

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  pause(): void {
    if (this.pausedAt === null) this.pausedAt = performance.now();
  }

  resume(): void {
    if (this.pausedAt === null) return;
    this.pausedTotal += performance.now() - this.pausedAt;
    this.pausedAt = null;
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Seconds spent paused, the current pause included. */
  pausedSeconds(): number {
    const now = this.pausedAt === null ? 0 : performance.now() - this.pausedAt;
    return (this.pausedTotal + now) / 1000;
  }

  /** Resolves at once when running; otherwise when resume() is called. */
  wait(): Promise<void> | void {
    if (this.pausedAt === null) return;
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}
