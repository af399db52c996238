// "Stored" in the top bar (issue 14 item 2): the populations this browser
// keeps — trained here, grown by "Train more like these", imported — with
// name, date, networks and size, open / export / delete, and storage used.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore, jobBusy } from '../../state/store';
import type { StoredEntry } from '../../app/storage/stored-list';
import { theApp } from '../../app/start';
import './storage.css';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

const KIND_LABEL = { trained: 'trained here', grown: 'train more like these', imported: 'imported' } as const;

export function StoredPopulations() {
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<StoredEntry[] | null>(null);
  const [used, setUsed] = useState<{ usage: number; quota: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const busy = useStore((s) => jobBusy(s.job));
  // The list follows what is on screen (a run finished, an import was kept).
  const popId = useStore((s) => s.population?.id ?? '');
  const rootRef = useRef<HTMLDivElement>(null);
  const refresh = useCallback(async () => {
    try {
      setEntries(await theApp().stored.list());
      setProblem(null);
    } catch (e) {
      setEntries([]);
      setProblem(`This browser's storage cannot be read (${e instanceof Error ? e.message : String(e)}).`);
    }
    setUsed(await theApp().stored.storageUsed());
  }, []);
  useEffect(() => {
    if (open) void refresh();
  }, [open, popId, busy, refresh]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="stored" ref={rootRef}>
      <button
        data-testid="stored-toggle"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
        title="Populations kept in this browser: trained, grown, imported"
      >
        Stored
      </button>
      {open && (
        <div className="stored-popover" role="dialog" aria-label="Stored populations" data-testid="stored-list">
          <div className="stored-title">Stored populations</div>
          <p className="stored-hint">
            Kept in this browser's storage (they survive reloads, not clearing site data). A joined run opens together with the population
            it joined.
          </p>
          {problem && <p className="stored-problem">{problem}</p>}
          {entries === null ? (
            <p className="muted">reading…</p>
          ) : entries.length === 0 ? (
            <p className="muted" data-testid="stored-empty">
              Nothing stored yet: train a population or import a bundle.
            </p>
          ) : (
            <ul className="stored-rows">
              {entries.map((e) => (
                <li
                  key={e.key}
                  className="stored-row"
                  data-testid="stored-row"
                  data-key={e.key}
                  data-kind={e.kind}
                  data-networks={e.networks}
                >
                  <div className="stored-name" title={e.name}>
                    {e.name}
                  </div>
                  <div className="stored-meta muted">
                    {KIND_LABEL[e.kind]} · {new Date(e.createdAt).toLocaleString()} ·{' '}
                    {e.joins ? `${e.joins.networks} + ${e.networks}` : e.networks} networks
                    {e.missing ? ` (${e.missing} unfinished)` : ''} · {formatBytes(e.bytes)}
                  </div>
                  <div className="stored-actions">
                    <button
                      data-testid="stored-open"
                      disabled={busy}
                      onClick={() =>
                        void theApp()
                          .stored.open(e.key)
                          .then(() => setOpen(false))
                      }
                    >
                      Open
                    </button>
                    <button
                      data-testid="stored-export"
                      disabled={busy}
                      onClick={() => void theApp().stored.export(e.key)}
                      title="Download as a bundle (.nmpop)"
                    >
                      Export
                    </button>
                    <button
                      data-testid="stored-delete"
                      disabled={busy}
                      onClick={() => {
                        if (window.confirm(`Delete “${e.name}” from this browser's storage? This cannot be undone.`))
                          void theApp().stored.delete(e.key).then(refresh);
                      }}
                    >
                      Delete
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <div className="stored-usage muted" data-testid="stored-usage">
            {used
              ? `Storage used by this site: ${formatBytes(used.usage)} of ${formatBytes(used.quota)} available`
              : 'This browser does not report the storage used.'}
          </div>
        </div>
      )}
    </div>
  );
}
