// Remembers the layout across visits: folded panels and whether the
// first-visit orientation was dismissed (localStorage; a blocked or full
// storage only means the choice is not remembered).
import { useStore, getState } from '../../state/store';
import { PANEL_IDS } from '../../app/panels';

export const COLLAPSED_KEY = 'netmanifold.collapsedPanels';
export const ORIENTATION_KEY = 'netmanifold.orientationDismissed';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; the layout still works for this visit.
  }
}

/** Restores the remembered layout into the store and keeps remembering it. Once per page. */
export function startLayoutPrefs(): void {
  let collapsed: Record<string, boolean> = {};
  try {
    const raw = JSON.parse(read(COLLAPSED_KEY) ?? '{}') as unknown;
    if (raw && typeof raw === 'object') for (const id of PANEL_IDS) if ((raw as Record<string, unknown>)[id] === true) collapsed[id] = true;
  } catch {
    collapsed = {};
  }
  useStore.setState({ collapsedPanels: collapsed, orientationOpen: read(ORIENTATION_KEY) !== '1' });
  useStore.subscribe((s, prev) => {
    if (s.collapsedPanels !== prev.collapsedPanels) write(COLLAPSED_KEY, JSON.stringify(s.collapsedPanels));
    // Asking for the training panel (top bar, "Train more like these") unfolds it: a folded
    // panel would make the button look broken.
    if (s.trainPanelOpen && !prev.trainPanelOpen && (s.collapsedPanels.train || s.collapsedPanels.sidebar)) {
      s.setPanelCollapsed('train', false);
      getState().setPanelCollapsed('sidebar', false);
    }
  });
}

/** The user closed the orientation: it stays closed on later visits (the help panel reopens it). */
export function dismissOrientation(): void {
  write(ORIENTATION_KEY, '1');
  getState().setOrientationOpen(false);
}
