// First visit (issue 13): three short steps on what the picture shows, and the
// population's description, in a strip above the view (it never covers the
// points). Dismissed once, it stays away (layout/prefs.ts); the help panel reopens it.
import { useStore, getState } from '../../state/store';
import { getColumn } from '../../core/explore/table';
import { glossaryEntry } from '../../core/explore/glossary';
import { dismissOrientation } from '../layout/prefs';
import { layerLabel } from '../phate/labels';

export function Orientation() {
  const open = useStore((s) => s.orientationOpen);
  const pop = useStore((s) => s.population);
  const table = useStore((s) => s.table);
  const colorColumn = useStore((s) => s.colorColumn);
  const demos = useStore((s) => s.demos);
  const layer = useStore((s) => s.phateInfo?.layer ?? 'last');
  if (!open || !pop || !table) return null;
  const col = getColumn(table, colorColumn);
  const colour = col ? (glossaryEntry(col)?.term ?? col.label) : 'a column';
  const description = demos.find((d) => d.id === pop.id)?.description;
  const n = pop.probe?.n;
  return (
    <section className="orientation" data-testid="orientation" aria-label="How to read this view">
      <ol className="orientation-steps">
        <li>
          <b>A point is one trained network</b> <span className="muted">({pop.networks.length} here): click one to inspect it.</span>
        </li>
        <li>
          <b>Near = similar inside:</b>{' '}
          <span className="muted">
            their {layerLabel(layer)} responds alike to the same {n ? `${n} ` : ''}inputs.
          </span>
        </li>
        <li>
          <b>Colour = {colour}</b> <span className="muted">(change it in the Colour card; ? explains each option).</span>
        </li>
      </ol>
      {description && (
        <p className="orientation-about" data-testid="population-description" title={description}>
          <b>{pop.name}.</b> {description}
        </p>
      )}
      <div className="orientation-actions">
        <button className="primary" data-testid="orientation-dismiss" onClick={dismissOrientation}>
          Got it
        </button>
        <button className="link" onClick={() => getState().setHelpOpen(true)}>
          Help &amp; glossary
        </button>
      </div>
    </section>
  );
}
