// Offers the newest population run stored in this browser —
// restore what finished, resume the missing networks, or discard it.
import { useStore, jobBusy } from '../../state/store';
import { useTraining } from '../../state/training';
import { theApp } from '../../app/start';
import { DATASET_LABELS } from '../../app/dataset-labels';
import './train.css';

export function RestoreBanner() {
  const offer = useTraining((s) => s.restoreOffer);
  const busy = useStore((s) => jobBusy(s.job));
  // The offer is made once on load by app/start.ts (checkForRestorableRun).
  if (!offer) return null;
  const missing = offer.total - offer.stored;
  const when = new Date(offer.createdAt).toLocaleString();
  const joins = offer.joins ? ` trained to join “${offer.joins}”` : '';
  const question =
    offer.stored === 0
      ? `Resume the ${offer.interrupted ? 'interrupted' : 'unfinished'} run${joins} (${offer.total} networks)? It stopped before its first network finished.`
      : missing > 0
        ? `Restore the ${offer.interrupted ? 'interrupted' : 'unfinished'} run${joins} (${offer.stored} of ${offer.total} networks)?`
        : offer.joins
          ? `Restore the ${offer.total} networks${joins}?`
          : `Restore the last trained population (${offer.total} networks)?`;
  // Joined to the population again, even one network makes a manifold.
  const tooFew = offer.stored < (offer.joins ? 1 : 3);
  return (
    <div
      className="restore-banner"
      role="region"
      aria-label="Stored training run"
      data-testid="restore-banner"
      data-run-id={offer.runId}
      data-stored={offer.stored}
      data-total={offer.total}
    >
      <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" className="restore-icon">
        <path d="M12 3a9 9 0 1 1-8.5 6H6a6.5 6.5 0 1 0 1.9-3.6L10 7.5H3V.5l2.6 2.6A9 9 0 0 1 12 3z" fill="currentColor" />
      </svg>
      <div className="restore-text">
        <b>{question}</b>
        <span className="muted">
          {DATASET_LABELS[offer.datasetName]} · started {when} · kept in this browser's storage
        </span>
      </div>
      <div className="restore-actions">
        {offer.stored > 0 && (
          <button
            type="button"
            className="primary"
            data-testid="restore-accept"
            disabled={busy || tooFew}
            onClick={() => void theApp().training.viewer.show(offer.runId)}
            title={tooFew ? 'At least 3 networks are needed for a manifold' : 'Show the finished networks'}
          >
            Restore
          </button>
        )}
        {missing > 0 && (
          <button
            type="button"
            data-testid="restore-resume"
            disabled={busy}
            onClick={() => void theApp().training.runs.resumeStored(offer.runId)}
            title={`Train the ${missing} missing networks, then show all`}
          >
            {offer.stored === 0 ? 'Resume (from the start)' : `Resume (${missing} left)`}
          </button>
        )}
        <button type="button" data-testid="restore-discard" onClick={() => void theApp().training.restore.discard(offer.runId)}>
          Discard
        </button>
      </div>
    </div>
  );
}
