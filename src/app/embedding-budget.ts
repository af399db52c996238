// The memory budget of one embedding in the app (core/distance/budget.ts): 2 GiB
// by default; `?embed-budget-mb=N` in the page address sets another, e.g. to
// embed more on a machine with memory to spare, or (the browser tests) to see
// the refusal above the budget without building a population of 20,000.
/** Bytes from `?embed-budget-mb=`, or undefined (the default budget) when absent or not a positive number. */
export function embeddingBudgetBytes(): number | undefined {
  if (typeof location === 'undefined') return undefined;
  const raw = new URLSearchParams(location.search).get('embed-budget-mb');
  const mb = raw === null ? NaN : Number(raw);
  return Number.isFinite(mb) && mb > 0 ? mb * 2 ** 20 : undefined;
}
