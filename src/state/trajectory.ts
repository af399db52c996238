// The trajectory job's state: its status and progress (one JobReport), the
// keyframes it made for the population on screen, and whether the epoch slider
// plays. Written by app/trajectory.ts (TrajectoryController).
import { create } from 'zustand';
import type { Keyframes } from '../core/explore/trajectory';
import { IDLE_JOB, type JobReport } from '../core/types';

/** The trajectory job (status, progress: one JobReport) and what it made. */
export interface TrajectoryState extends JobReport {
  popId: string | null;
  keyframes: Keyframes | null;
  /** Line segments along every path (normalised coordinates). */
  playing: boolean;
}

/** A trajectory store with nothing embedded (the page's is useTrajectory; tests build their own). */
export function createTrajectoryStore() {
  return create<TrajectoryState>()(() => ({
    ...IDLE_JOB,
    popId: null,
    keyframes: null,
    playing: false,
  }));
}

/** The page's trajectory store. */
export const useTrajectory = createTrajectoryStore();
