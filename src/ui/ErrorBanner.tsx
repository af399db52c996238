import { useStore, getState } from '../state/store';
import './banner.css';

/**
 * Error messages and notices, newest last; each can be dismissed. Nothing else is lost when one appears.
 * A message pushed again while shown is one banner with its count (×2, …).
 */
export function ErrorBanner() {
  const errors = useStore((s) => s.errors);
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" data-testid="error" role="alert">
      {errors.map((e) => (
        <div key={e.id} className={e.level === 'notice' ? 'error-item notice-item' : 'error-item'} data-level={e.level ?? 'error'}>
          <span className="error-icon" aria-hidden="true">
            {e.level === 'notice' ? 'i' : '!'}
          </span>
          <span className="error-message">{e.message}</span>
          {e.count && e.count > 1 ? (
            <span className="error-count" data-testid="error-count" title={`shown ${e.count} times`}>
              ×{e.count}
            </span>
          ) : null}
          <button className="icon-button" aria-label="Dismiss" onClick={() => getState().dismissError(e.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
