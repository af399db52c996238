// What the findings panel may claim (METHODS §5, [ours] choices, docs/features.md
// "Findings"): how many neighbours k to average for N networks, and when a ρ
// earns a verdict sentence at all.

/** Most neighbours per network (the value used for populations of 100 and more). */
export const FINDINGS_MAX_K = 10;

/** Fewest networks for any verdict: below it the sentence reports ρ and p but claims nothing. */
export const FINDINGS_MIN_VERDICT_N = 20;

/** A verdict needs the one-sided permutation p at or below this. */
export const FINDINGS_ALPHA = 0.05;

/**
 * Neighbours per network for N networks: min(10, ⌊√N⌋), at least 1 (and at
 * most N − 1). With k close to N the neighbour mean is nearly the mean of the
 * others, which falls as the row's own value rises, so ρ is pulled negative by
 * construction (12 networks, k = 10: a clean gradient reads ρ ≈ 0); ⌊√N⌋ keeps
 * neighbourhoods local (k/N ≤ 1/√N) and reaches 10 at N = 100.
 */
export function findingsK(N: number): number {
  return Math.max(1, Math.min(FINDINGS_MAX_K, Math.floor(Math.sqrt(Math.max(0, N))), N - 1));
}

export type FindingVerdict = 'smooth' | 'fairly smooth' | 'weakly organised' | 'none';

const fmt = (x: number, d: number) => x.toFixed(d).replace('-', '−');
/** p to the precision the permutation count supports: "p = 0.001", "p = 0.23". */
export const formatP = (p: number): string => (!Number.isFinite(p) ? 'p = —' : p < 0.01 ? `p = ${p.toFixed(3)}` : `p = ${p.toFixed(2)}`);

/** The verdict band of a ρ with its p for N networks; 'none' when N is too small, p unknown or not small, or ρ < 0.2. */
export function findingVerdict(rho: number, p: number, n: number): FindingVerdict {
  if (!Number.isFinite(rho) || !Number.isFinite(p) || n < FINDINGS_MIN_VERDICT_N || p > FINDINGS_ALPHA) return 'none';
  if (rho >= 0.7) return 'smooth';
  if (rho >= 0.4) return 'fairly smooth';
  if (rho >= 0.2) return 'weakly organised';
  return 'none';
}

/**
 * One sentence for the findings panel. A verdict ("accuracy is smooth on this
 * manifold") only with N ≥ 20 and p ≤ 0.05; otherwise the numbers and why
 * there is no verdict.
 */
export function describeFinding(name: string, rho: number, p: number, n: number, k: number): string {
  if (!Number.isFinite(rho)) return `${name}: not enough networks with a value to measure smoothness`;
  const nums = `ρ = ${fmt(rho, 2)}, ${formatP(p)}, k = ${k}`;
  const v = findingVerdict(rho, p, n);
  if (v !== 'none') return `${name} is ${v} on this manifold: ${nums}`;
  if (n < FINDINGS_MIN_VERDICT_N)
    return `no verdict on ${name}: ${n} networks are too few (at least ${FINDINGS_MIN_VERDICT_N} needed; ${nums})`;
  if (!Number.isFinite(p)) return `${name}: ${nums} (significance not computed yet)`;
  if (p > FINDINGS_ALPHA) return `no verdict on ${name}: ρ is not distinguishable from shuffled values (${nums})`;
  return `no verdict on ${name}: ρ is significant but small (${nums})`;
}
