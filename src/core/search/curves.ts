// Best-so-far curves of a search (METHODS §6 step 3): after each network
// trained, the best test accuracy seen so far; and the figures the bench and
// the app compare two arms by.

/** best[i] = max of the finite values among values[0..i] (NaN until the first finite one). Monotone non-decreasing. */
export function bestSoFar(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let best = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && !(v <= best)) best = v;
    out[i] = best;
  }
  return out;
}

/**
 * Area under a best-so-far curve, normalised by its length: the mean of the
 * curve over networks trained (NaN entries count 0). 1 = perfect from the
 * first network; higher = found good networks sooner.
 */
export function curveArea(curve: ArrayLike<number>, from = 0): number {
  let s = 0;
  let n = 0;
  for (let i = from; i < curve.length; i++, n++) s += Number.isFinite(curve[i]) ? curve[i] : 0;
  return n ? s / n : NaN;
}

/** Pointwise mean of equal-length curves (NaN entries left out of each point's mean). */
export function meanCurve(curves: ArrayLike<number>[]): Float64Array {
  const L = curves.length ? Math.min(...curves.map((c) => c.length)) : 0;
  const out = new Float64Array(L);
  for (let i = 0; i < L; i++) {
    let s = 0;
    let n = 0;
    for (const c of curves)
      if (Number.isFinite(c[i])) {
        s += c[i];
        n++;
      }
    out[i] = n ? s / n : NaN;
  }
  return out;
}

export interface ArmComparison {
  /** Seeds where guided's final best is higher / equal / lower than random's. */
  wins: number;
  ties: number;
  losses: number;
  /** Mean over seeds of guided − random: final best and curve area. */
  meanFinalDiff: number;
  meanAreaDiff: number;
  /** Two-sided sign test of the final bests over the seeds that did not tie (1 when all tie). */
  signTestP: number;
}

/** Two-sided exact sign test: P(a split at least as uneven as wins : losses) under p = ½. */
export function signTest(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const k = Math.min(wins, losses);
  let tail = 0;
  let c = 1; // C(n, i)
  for (let i = 0; i <= k; i++) {
    tail += c;
    c = (c * (n - i)) / (i + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** n);
}

/** Compares per-seed (guided, random) final bests and areas; ties within `eps`. */
export function compareArms(
  pairs: { guided: { final: number; area: number }; random: { final: number; area: number } }[],
  eps = 1e-9,
): ArmComparison {
  let wins = 0;
  let ties = 0;
  let losses = 0;
  let fd = 0;
  let ad = 0;
  for (const { guided, random } of pairs) {
    const d = guided.final - random.final;
    if (Math.abs(d) <= eps) ties++;
    else if (d > 0) wins++;
    else losses++;
    fd += d;
    ad += guided.area - random.area;
  }
  const n = pairs.length || NaN;
  return { wins, ties, losses, meanFinalDiff: fd / n, meanAreaDiff: ad / n, signTestP: signTest(wins, losses) };
}
