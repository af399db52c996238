// The search mode's state (guided search against random, METHODS §6): the
// settings a person chose, where a search stands, and the two best-so-far
// curves drawn by ui/search. Written by app/search.ts.
import { create } from 'zustand';
import type { JobStatus } from '../core/types';

export interface SearchSettings {
  rounds: number;
  perRound: number;
  /** Epochs of the new networks; null = as the population's networks (the values its region uses). */
  epochs: number | null;
  /** Guided proposals also step to neighbouring values of the space (core/search perturbNumeric). */
  perturb: boolean;
}

export interface SearchCurves {
  /** Best test accuracy after each network of the arm (the population's networks first). */
  guided: number[];
  random: number[];
  /** Networks of the population the search started from (shared by both curves). */
  initial: number;
}

export interface SearchState {
  settings: SearchSettings;
  status: JobStatus;
  done: number;
  total: number;
  message: string;
  curves: SearchCurves | null;
  /** Networks each arm is to have at the end: initial + rounds × perRound. */
  budget: number;
  /** Rounds whose region fell back to accuracy alone (the embedding failed), with why. */
  fallbacks: string[];
  setSettings(s: Partial<SearchSettings>): void;
  update(patch: Partial<Omit<SearchState, 'settings' | 'setSettings' | 'update'>>): void;
}

export const SEARCH_LIMITS = { rounds: { lo: 1, hi: 10 }, perRound: { lo: 1, hi: 32 }, epochs: { lo: 1, hi: 500 } } as const;

/** Why the settings cannot start a search, or null. */
export function validateSearchSettings(s: SearchSettings): string | null {
  const whole = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  const L = SEARCH_LIMITS;
  if (!whole(s.rounds, L.rounds.lo, L.rounds.hi)) return `Rounds must be a whole number from ${L.rounds.lo} to ${L.rounds.hi}.`;
  if (!whole(s.perRound, L.perRound.lo, L.perRound.hi))
    return `Networks per round must be a whole number from ${L.perRound.lo} to ${L.perRound.hi}.`;
  if (s.epochs !== null && !whole(s.epochs, L.epochs.lo, L.epochs.hi))
    return `Epochs must be a whole number from ${L.epochs.lo} to ${L.epochs.hi}, or empty (as the population).`;
  return null;
}

export const useSearch = create<SearchState>()((set) => ({
  settings: { rounds: 3, perRound: 4, epochs: null, perturb: false },
  status: 'idle',
  done: 0,
  total: 0,
  message: '',
  curves: null,
  budget: 0,
  fallbacks: [],
  setSettings: (p) => set((s) => ({ settings: { ...s.settings, ...p } })),
  update: (patch) => set(patch),
}));

export const getSearch = (): SearchState => useSearch.getState();
