import { useEffect } from 'react';
import { useStore } from '../state/store';
import { theApp } from '../app/start';
// Sharing (issue 7): drop-to-import, load progress.
import { DropZone } from './sharing/DropZone';
import { LoadProgressBar } from './sharing/SharingControls';
import { TopBar } from './TopBar';
import { ErrorBanner } from './ErrorBanner';
import { ManifoldView } from './ManifoldView';
import { ColumnLegend } from './explore/ColumnLegend';
import { ManifoldToolbar } from './explore/ManifoldToolbar';
import { LinkedViews } from './explore/LinkedViews';
import { SelectionPanel } from './explore/SelectionPanel';
import { ComparePanel } from './explore/ComparePanel';
import { Inspector } from './Inspector';
import { TrainPanel } from './TrainPanel';
import { PopulationPanel } from './PopulationPanel';
import { RestoreBanner } from './train/RestoreBanner';
// PHATE panel, provenance, features and findings (issues 3, 5).
import { PhatePanel } from './phate/PhatePanel';
import { ManifoldProvenance } from './phate/ManifoldProvenance';
import { FindingsPanel } from './features/FindingsPanel';
// First visit, help, folding panels, every screen size (issue 13).
import { Orientation } from './help/Orientation';
import { HelpPanel } from './help/HelpPanel';
import { PanelSlot, usePanelCollapsed } from './layout/PanelToggle';
import { SidebarToggle } from './layout/SidebarToggle';
import { startLayoutPrefs } from './layout/prefs';
import './layout/layout.css';
// Stories, presenter mode, ?hide= (issue 13 items 2, 3).
import { useStory } from '../state/story';
import { StoryCard } from './story/StoryCard';
import { StoryPanel } from './story/StoryPanel';
import { PresentControls } from './story/PresentControls';
import './story/story.css';

let started = false;

export function App() {
  const backend = useStore((s) => s.backend);
  const sidebarCollapsed = usePanelCollapsed('sidebar');
  const presenting = useStory((s) => s.presenting);
  const theme = useStory((s) => s.theme);
  const hiddenPanels = useStory((s) => s.hiddenPanels);
  useEffect(() => {
    // Once per page (StrictMode mounts effects twice in development).
    if (started) return;
    started = true;
    startLayoutPrefs();
    // Controllers, URL, stories, backend, stored-run offer: built once in app/start.ts.
    void theApp().start();
  }, []);
  return (
    <div
      className={`app${presenting ? ' presenting' : ''}${theme === 'light' ? ' theme-light' : ''}`}
      data-testid="app"
      data-backend={backend}
      data-hidden-panels={hiddenPanels.join(' ') || undefined}
    >
      <TopBar />
      <ErrorBanner />
      <LoadProgressBar />
      <DropZone />
      <RestoreBanner />
      <StoryCard />
      <main className="workspace">
        <div className="explorer-main">
          <section className="viewport" aria-label="Network manifold (3D)">
            <ManifoldView />
            <ManifoldProvenance />
            <ColumnLegend />
            <ManifoldToolbar />
            <PresentControls />
          </section>
          <PanelSlot id="charts" label="Charts">
            <LinkedViews />
          </PanelSlot>
        </div>
        <aside className="sidebar" data-collapsed={sidebarCollapsed ? 'true' : 'false'} data-testid="sidebar">
          <SidebarToggle />
          <Orientation />
          <PanelSlot id="train">
            <TrainPanel />
          </PanelSlot>
          <PanelSlot id="selection">
            <SelectionPanel />
          </PanelSlot>
          <PanelSlot id="inspector">
            <Inspector />
          </PanelSlot>
          <PanelSlot id="compare">
            <ComparePanel />
          </PanelSlot>
          <PanelSlot id="phate">
            <PhatePanel />
          </PanelSlot>
          <PanelSlot id="findings">
            <FindingsPanel />
          </PanelSlot>
          <PanelSlot id="population">
            <PopulationPanel />
          </PanelSlot>
          <PanelSlot id="stories">
            <StoryPanel />
          </PanelSlot>
        </aside>
      </main>
      <HelpPanel />
    </div>
  );
}
