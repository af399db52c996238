// The fold button in a panel's header; the panel's body hides through CSS
// ([data-collapsed] on the panel, layout.css), so panels keep their own markup.
import { useStore, getState } from '../../state/store';
import { panelTitle, type PanelId } from '../../app/panels';

export const usePanelCollapsed = (id: PanelId): boolean => useStore((s) => s.collapsedPanels[id] === true);

export function PanelToggle({ id, label }: { id: PanelId; label?: string }) {
  const collapsed = usePanelCollapsed(id);
  const title = panelTitle(id);
  return (
    <button
      type="button"
      className="panel-toggle"
      data-testid={`panel-toggle-${id}`}
      aria-expanded={!collapsed}
      aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${title}`}
      title={`${collapsed ? 'Expand' : 'Collapse'} ${title}`}
      onClick={() => getState().setPanelCollapsed(id, !collapsed)}
    >
      {label && <span className="panel-toggle-label">{label}</span>}
      <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" className={collapsed ? 'chevron chevron-closed' : 'chevron'}>
        <path d="M2.5 4.5 6 8l3.5-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </button>
  );
}

/**
 * Wraps one panel: its id and folded state as data attributes (for CSS and tests)
 * and the fold button, placed in the panel's header by CSS (layout.css), so the
 * panels keep their own markup. A panel that renders nothing leaves no button.
 */
export function PanelSlot({ id, children, label }: { id: PanelId; children: React.ReactNode; label?: string }) {
  const collapsed = usePanelCollapsed(id);
  return (
    <div className="panel-slot" data-panel={id} data-collapsed={collapsed ? 'true' : 'false'}>
      <PanelToggle id={id} label={label} />
      {children}
    </div>
  );
}
