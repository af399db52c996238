// When a network counts as diverged (METHODS §1; shown in the UI). Two checks:
//  - during training, each epoch: a non-finite training loss, or one above
//    DIVERGED_LOSS, stops the network at once (it cannot recover usefully);
//  - at the end of training, on the whole history (finalDivergenceReason):
//      loss blow-up — the final training loss is above
//        max(BLOWUP_FACTOR · ln C, BLOWUP_FACTOR · L0) (C classes, L0 the
//        epoch-0 loss; ln C is the loss of a uniform guess);
//      chance collapse — the final training accuracy is within
//        CHANCE_MARGIN · (1 − 1/C) of chance (1/C) and the final training
//        loss is not below L0 (training did not decrease it).
// A network that learns slowly (loss falling, however little) is not diverged.
import type { EpochMetrics } from '../types';

/** A finite loss above this (nats; chance level is ln K ≈ 2.3 for 10 classes) counts as diverged. */
export const DIVERGED_LOSS = 1e4;
/** Loss blow-up: final training loss above this many times max(ln C, epoch-0 loss). */
export const BLOWUP_FACTOR = 3;
/** Chance collapse: accuracy within this fraction of the way from chance (1/C) to perfect. */
export const CHANCE_MARGIN = 0.1;

/** The rule in one sentence (the inspector and the docs show it). */
export const DIVERGENCE_RULE =
  `Diverged: the training loss became NaN/±∞ or exceeded ${DIVERGED_LOSS.toExponential(0)} in some epoch; ` +
  `or at the end the training loss is above ${BLOWUP_FACTOR}× max(ln C, epoch-0 loss) (blow-up); ` +
  `or the training accuracy is within ${CHANCE_MARGIN * 100}% of chance (1/C) with the final loss not below its epoch-0 value (collapse to chance). ` +
  `Diverged networks are left out of the embedding unless included.`;

/** The per-epoch check: why this epoch's metrics mean divergence, or null. */
export function epochDivergenceReason(m: EpochMetrics): string | null {
  if (!Number.isFinite(m.trainLoss)) return `training loss became ${m.trainLoss} at epoch ${m.epoch}`;
  if (m.trainLoss > DIVERGED_LOSS) return `training loss exploded to ${m.trainLoss.toExponential(2)} at epoch ${m.epoch}`;
  return null;
}

/**
 * The end-of-training check on a network that trained to the end: why its
 * history means divergence (blow-up or collapse to chance), or null.
 * `history` starts at epoch 0; fewer than two epochs are never judged.
 */
export function finalDivergenceReason(history: readonly EpochMetrics[], numClasses: number): string | null {
  if (history.length < 2 || !(numClasses >= 2)) return null;
  const first = history[0];
  const last = history[history.length - 1];
  const L0 = first.trainLoss;
  const L = last.trainLoss;
  if (!Number.isFinite(L)) return `training loss became ${L} at epoch ${last.epoch}`;
  const chanceLoss = Math.log(numClasses);
  const ceiling = BLOWUP_FACTOR * Math.max(chanceLoss, Number.isFinite(L0) ? L0 : chanceLoss);
  if (L > ceiling)
    return `training loss blew up to ${L.toFixed(2)} at epoch ${last.epoch} (above ${ceiling.toFixed(2)} = ${BLOWUP_FACTOR}× max(ln ${numClasses}, epoch-0 loss ${Number.isFinite(L0) ? L0.toFixed(2) : '—'}))`;
  const chance = 1 / numClasses;
  const acc = last.trainAcc;
  if (Number.isFinite(acc) && acc <= chance + CHANCE_MARGIN * (1 - chance) && Number.isFinite(L0) && L >= L0)
    return `collapsed to chance: training accuracy ${acc.toFixed(3)} at epoch ${last.epoch} (chance ${chance.toFixed(3)}) and the loss ${L.toFixed(3)} is not below its epoch-0 value ${L0.toFixed(3)}`;
  return null;
}
