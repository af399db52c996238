import { useEffect } from 'react';
import { useStore } from '../state/store';
import { initBackend } from '../app/controller';
// Sharing (issue 7): the URL decides what loads first (?population=, #view), drop-to-import, load progress.
import { startSharing } from '../app/sharing/url-sync';
import { DropZone } from './sharing/DropZone';
import { LoadProgressBar } from './sharing/SharingControls';
import { TopBar } from './TopBar';
import { ErrorBanner } from './ErrorBanner';
import { ManifoldView } from './ManifoldView';
import { Legend } from './Legend';
import { Inspector } from './Inspector';
import { TrainPanel } from './TrainPanel';
import { PopulationPanel } from './PopulationPanel';

let started = false;

export function App() {
  const backend = useStore((s) => s.backend);
  useEffect(() => {
    // Once per page (StrictMode mounts effects twice in development).
    if (started) return;
    started = true;
    void startSharing();
    // The training worker picks its backend in the background; the UI never waits on it.
    void initBackend();
  }, []);
  return (
    <div className="app" data-testid="app" data-backend={backend}>
      <TopBar />
      <ErrorBanner />
      <LoadProgressBar />
      <DropZone />
      <main className="workspace">
        <section className="viewport" aria-label="Network manifold (3D)">
          <ManifoldView />
          <Legend />
        </section>
        <aside className="sidebar">
          <TrainPanel />
          <Inspector />
          <PopulationPanel />
        </aside>
      </main>
    </div>
  );
}
