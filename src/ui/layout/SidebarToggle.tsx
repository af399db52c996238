// Folds the whole side column to a thin rail (wide screens), so the view gets the width.
import { getState } from '../../state/store';
import { usePanelCollapsed } from './PanelToggle';

export function SidebarToggle() {
  const collapsed = usePanelCollapsed('sidebar');
  return (
    <button
      type="button"
      className="sidebar-toggle"
      data-testid="panel-toggle-sidebar"
      aria-expanded={!collapsed}
      title={collapsed ? 'Show the side panels' : 'Hide the side panels (more room for the view)'}
      onClick={() => getState().setPanelCollapsed('sidebar', !collapsed)}
    >
      <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
        <path
          d={collapsed ? 'M7.5 2.5 4 6l3.5 3.5' : 'M4.5 2.5 8 6l-3.5 3.5'}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <span className="sidebar-toggle-label">{collapsed ? 'Panels' : 'Hide panels'}</span>
    </button>
  );
}
