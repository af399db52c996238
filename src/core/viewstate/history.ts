// Which view changes deserve a browser history entry: back/forward should step
// through what the user did (switch metric, select, inspect, open a panel),
// not through every camera frame or every step of an epoch scrubber.
import type { ViewState, ViewStateKey } from './schema';

/** Changes that replace the current history entry instead of pushing one. */
export const TRANSIENT_KEYS: readonly ViewStateKey[] = ['camera', 'epoch'];

const KEYS: readonly ViewStateKey[] = [
  'source',
  'population',
  'dataset',
  'metric',
  'phate',
  'colorBy',
  'sizeBy',
  'colorDomain',
  'camera',
  'selection',
  'filter',
  'inspected',
  'pinned',
  'panels',
  'epoch',
];

/** Structural equality of JSON-like values (order of object keys ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** The fields that differ between two states. */
export function diffViewState(a: ViewState, b: ViewState): ViewStateKey[] {
  return KEYS.filter((k) => !sameValue(a[k], b[k]));
}

/** True when going from prev to next should push a history entry (pushState) rather than replace it. */
export function isHistoryWorthy(prev: ViewState, next: ViewState): boolean {
  return diffViewState(prev, next).some((k) => !TRANSIENT_KEYS.includes(k));
}
