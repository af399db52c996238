// The `?` help panel (issue 13): keyboard shortcuts, the population's
// description, and a glossary of every colour option with its definition and
// its source in docs/METHODS.md (core/explore/glossary.ts). Opens with the `?`
// key or the top bar's button; Esc or the close button shut it.
import { useEffect, useRef } from 'react';
import { useStore, getState } from '../../state/store';
import type { Column } from '../../core/explore/table';
import { glossaryEntry } from '../../core/explore/glossary';
import { SHORTCUTS } from './shortcuts';
import './help.css';

const GROUPS: [Column['group'], string][] = [
  ['metric', 'Metrics'],
  ['hyperparameter', 'Hyperparameters'],
  ['feature', 'Features'],
  ['status', 'Status'],
  ['embedding', 'Embedding'],
];

/** True when the key goes to a text field (the `?` is then a character, not a command). */
function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  return (
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    (tag === 'INPUT' && !['checkbox', 'radio', 'range', 'button'].includes((el as HTMLInputElement).type))
  );
}

export function HelpButton() {
  const open = useStore((s) => s.helpOpen);
  return (
    <button
      className="help-button"
      data-testid="help-button"
      aria-haspopup="dialog"
      aria-expanded={open}
      title="Help: what you see, keyboard shortcuts, glossary (?)"
      onClick={() => getState().setHelpOpen(!open)}
    >
      ?
    </button>
  );
}

export function HelpPanel() {
  const open = useStore((s) => s.helpOpen);
  const table = useStore((s) => s.table);
  const pop = useStore((s) => s.population);
  const demos = useStore((s) => s.demos);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)) {
        e.preventDefault();
        getState().setHelpOpen(!getState().helpOpen);
      } else if (e.key === 'Escape' && getState().helpOpen) getState().setHelpOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!open) return;
    const before = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => before?.focus?.({ preventScroll: true });
  }, [open]);

  if (!open) return null;
  const close = () => getState().setHelpOpen(false);
  const description = pop ? demos.find((d) => d.id === pop.id)?.description : undefined;
  const columns = table
    ? GROUPS.map(([g, label]) => [label, table.columns.filter((c) => c.group === g)] as const).filter(([, cs]) => cs.length)
    : [];
  return (
    <div className="help-backdrop" onClick={(e) => e.target === e.currentTarget && close()}>
      <div className="help-panel" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help-panel">
        <header className="help-header">
          <h2 id="help-title">Help</h2>
          <button
            className="icon-button"
            ref={closeRef}
            aria-label="Close help (Esc)"
            title="Close (Esc)"
            data-testid="help-close"
            onClick={close}
          >
            ×
          </button>
        </header>
        <div className="help-body">
          <section>
            <h3>What you see</h3>
            <p>
              Each point is one trained network. Two points are near when the networks' hidden layers respond alike to the same probe inputs
              (the distance and layer are set in the PHATE panel); PHATE then lays the population out in 3-D so that neighbours stay
              neighbours. The colour is the column picked in the Colour card: see the glossary below.
            </p>
            {pop && (
              <p data-testid="help-population">
                <b>{pop.name}</b>
                {description ? `: ${description}` : ` · ${pop.networks.length} networks`}
              </p>
            )}
            <button
              className="link"
              data-testid="help-reopen-orientation"
              onClick={() => {
                getState().setOrientationOpen(true);
                close();
              }}
            >
              Show the first-visit guide again
            </button>
          </section>
          <section>
            <h3>Keyboard</h3>
            <table className="kv help-keys" data-testid="help-shortcuts">
              <tbody>
                {SHORTCUTS.map((s) => (
                  <tr key={s.action}>
                    <th scope="row">
                      {s.keys.map((k) => (
                        <kbd key={k}>{k}</kbd>
                      ))}
                    </th>
                    <td>
                      {s.action} <span className="muted">({s.where})</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h3>Colour options</h3>
            {!table && <p className="muted">Load a population to see its colour options.</p>}
            {columns.map(([label, cols]) => (
              <div key={label} className="glossary-group">
                <h4>{label}</h4>
                <dl className="glossary">
                  {cols.map((c) => {
                    const e = glossaryEntry(c);
                    return (
                      <div
                        key={c.id}
                        className="glossary-entry"
                        data-testid="glossary-entry"
                        data-column={c.id}
                        data-defined={e ? 'true' : 'false'}
                      >
                        <dt>{e?.term ?? c.label}</dt>
                        <dd>
                          {e ? e.definition : 'A column of the imported population; this build has no definition for it.'}
                          {e && <span className="glossary-source"> — {e.source}</span>}
                        </dd>
                      </div>
                    );
                  })}
                </dl>
              </div>
            ))}
            <p className="hint">
              Sources: docs/METHODS.md. [paper] = as in the paper or its authors' code; [ref] = as in a reference library; [ours] = our
              choice where the paper is silent.
            </p>
          </section>
        </div>
      </div>
    </div>
  );
}
