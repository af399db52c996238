// Sharing and loading (issue 7): what the share/import controls show. Kept in
// its own small store so it never collides with the main store's slices.
import { create } from 'zustand';
import { IDLE_JOB, type JobReport } from '../core/types';

export interface LoadProgress {
  /** What is being loaded, in words ("population from https://…", "3 TF.js models"). */
  label: string;
  /** Bytes read so far (downloads) or items done (imports). */
  done: number;
  /** null when the total is unknown (no Content-Length). */
  total: number | null;
  unit: 'bytes' | 'items';
}

export interface SharingState {
  progress: LoadProgress | null;
  /** The import job (app/sharing/import.ts): status of the last import. */
  importJob: JobReport;
  /** True for a moment after "Copy link" succeeded. */
  copied: boolean;
  /** A file is being dragged over the page. */
  dragging: boolean;
  /** The last link made by "Copy link" (tests read it; the clipboard may be unavailable). */
  lastLink: string | null;
  setLastLink(l: string): void;
  setProgress(p: LoadProgress | null): void;
  setImportJob(j: Partial<JobReport>): void;
  setCopied(c: boolean): void;
  setDragging(d: boolean): void;
}

export const useSharing = create<SharingState>()((set) => ({
  progress: null,
  importJob: IDLE_JOB,
  copied: false,
  dragging: false,
  lastLink: null,
  setLastLink: (lastLink) => set({ lastLink }),
  setProgress: (progress) => set({ progress }),
  setImportJob: (j) => set((s) => ({ importJob: { ...s.importJob, ...j } })),
  setCopied: (copied) => set({ copied }),
  setDragging: (dragging) => set((s) => (s.dragging === dragging ? s : { dragging })),
}));
