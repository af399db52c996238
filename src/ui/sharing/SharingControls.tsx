// Top-bar controls for issue 7: Import… (population bundles, activation
// bundles, TF.js models) with its ▾ (Add TF.js model by URL, in a popover),
// Export bundle, Copy link, and load progress.
import { useEffect, useRef, useState } from 'react';
import { useStore, jobBusy } from '../../state/store';
import { useSharing } from '../../state/sharing';
import { linkReach } from '../../app/sharing/population-source';
import { theApp } from '../../app/start';
import { parseModelUrlList } from '../../core/viewstate/query';
import { StoredPopulations } from '../storage/StoredPopulations';
import './sharing.css';

const ACCEPT = '.nmpop,.gz,.json,.zip,.npy,.bin,application/json,application/zip,application/gzip';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (insecure context, permissions): fall back to a selected textarea.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}

export function LoadProgressBar() {
  const p = useSharing((s) => s.progress);
  if (!p) return null;
  const frac = p.total ? Math.min(1, p.done / p.total) : null;
  const amount =
    p.unit === 'bytes' ? `${formatBytes(p.done)}${p.total ? ` of ${formatBytes(p.total)}` : ''}` : p.total ? `${p.done} of ${p.total}` : '';
  return (
    <div className="load-progress" data-testid="load-progress" role="status" aria-live="polite">
      <span className="load-progress-label">Loading {p.label}</span>
      <span className="load-progress-track" aria-hidden="true">
        <span
          className={frac === null ? 'load-progress-fill indeterminate' : 'load-progress-fill'}
          style={frac === null ? undefined : { width: `${(frac * 100).toFixed(1)}%` }}
        />
      </span>
      {amount && <span className="load-progress-amount">{amount}</span>}
    </div>
  );
}

/** "Add TF.js model by URL": the ▾ half of the Import… button opens a popover with a field for one or several model.json URLs. */
function ModelUrlPopover({ disabled }: { disabled: boolean }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!open) return;
    inputRef.current?.focus();
    const onDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);
  const add = () => {
    const { urls, warnings } = parseModelUrlList(text);
    if (urls.length === 0) {
      setProblem(warnings.length ? warnings.join('; ') : 'Paste the URL of a TF.js model.json (one per line for several).');
      return;
    }
    setProblem(warnings.length ? `Skipped: ${warnings.join('; ')}` : null);
    if (!warnings.length) {
      setOpen(false);
      setText('');
    }
    void theApp().imports.addModelUrls(urls);
  };
  return (
    <div className="model-url" ref={rootRef}>
      <button
        className="import-more"
        data-testid="tfjs-url-toggle"
        aria-label="Add TF.js model by URL…"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
        disabled={disabled}
        title="Add TF.js model by URL… (model.json of a small dense or convolutional classifier for this population's dataset; its host must allow cross-origin requests)"
      >
        ▾
      </button>
      {open && (
        <div className="model-url-popover" role="dialog" aria-label="Add TF.js model by URL" data-testid="tfjs-url-popover">
          <label htmlFor="tfjs-url-input" className="model-url-title">
            Add TF.js model by URL
          </label>
          <textarea
            id="tfjs-url-input"
            ref={inputRef}
            data-testid="tfjs-url-input"
            rows={3}
            spellCheck={false}
            placeholder={'https://…/my-model/model.json\n(one per line for several)'}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setProblem(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setOpen(false);
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) add();
            }}
          />
          <p className="model-url-hint">
            Weights (<code>.bin</code>) are fetched next to <code>model.json</code>; the host must send{' '}
            <code>Access-Control-Allow-Origin</code>. The models are added to this population and re-embedded.
          </p>
          {problem && (
            <p className="model-url-problem" role="alert" data-testid="tfjs-url-problem">
              {problem}
            </p>
          )}
          <div className="model-url-actions">
            <button onClick={() => setOpen(false)}>Cancel</button>
            <button className="primary" data-testid="tfjs-url-add" onClick={add} disabled={disabled || text.trim() === ''}>
              Add models
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** `?population=<hosted bundle>` + the view's hash: the link that reaches anyone once the bundle is hosted. */
function hostedLink(link: string, hostedUrl: string): string {
  const u = new URL(link);
  u.searchParams.set('population', hostedUrl);
  return u.href;
}

/**
 * After "Copy link" on a population that lives only in this browser (trained or grown here, opened from a file):
 * says so plainly, and offers what does reach others — the bundle and a ?population= link to it once hosted.
 */
function LocalLinkPopover({ why, link, onClose }: { why: string; link: string; onClose(): void }) {
  const [hosted, setHosted] = useState('');
  const [copiedHosted, setCopiedHosted] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node) && !(e.target as Element).closest?.('[data-testid="copy-link"]')) onClose();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [onClose]);
  const valid = /^https?:\/\/\S+$/.test(hosted.trim());
  return (
    <div
      className="local-link-popover"
      role="dialog"
      aria-label="This link works only in this browser"
      data-testid="copy-link-local"
      ref={rootRef}
    >
      <p className="local-link-title">Link copied — it works only in this browser</p>
      <p>
        This population lives only in this browser's storage: {why}. Anyone else who opens the link sees the demo population instead (the
        link's camera and selection are not applied there).
      </p>
      <p>To share the population itself:</p>
      <ol>
        <li>
          <button type="button" data-testid="copy-link-export" onClick={() => void theApp().imports.exportCurrent()}>
            Export bundle
          </button>{' '}
          (a <code>.nmpop</code> file; others open it with Import…), or
        </li>
        <li>
          host that file anywhere that allows cross-origin requests (CORS: GitHub Pages, a gist's raw URL, S3…) and share{' '}
          <code data-testid="copy-link-recipe">{`${location.origin}${location.pathname}?population=<URL of the .nmpop>#…`}</code>:
          <div className="local-link-hosted">
            <input
              type="url"
              data-testid="copy-link-hosted-url"
              placeholder="https://…/population.nmpop"
              value={hosted}
              spellCheck={false}
              onChange={(e) => {
                setHosted(e.target.value);
                setCopiedHosted(false);
              }}
            />
            <button
              type="button"
              data-testid="copy-link-hosted"
              disabled={!valid}
              onClick={async () => {
                const l = hostedLink(link, hosted.trim());
                useSharing.getState().setLastLink(l);
                if (await copyText(l)) setCopiedHosted(true);
                else window.prompt('Copy this link:', l);
              }}
            >
              {copiedHosted ? 'Copied ✓' : 'Copy that link'}
            </button>
          </div>
        </li>
      </ol>
      <div className="model-url-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

export function SharingControls() {
  const population = useStore((s) => s.population);
  const busy = useStore((s) => jobBusy(s.job));
  const loading = useSharing((s) => s.progress !== null);
  const copied = useSharing((s) => s.copied);
  const lastLink = useSharing((s) => s.lastLink);
  const fileRef = useRef<HTMLInputElement>(null);
  const [local, setLocal] = useState<{ why: string; link: string } | null>(null);
  // A string (zustand compares selector results by identity): '' none, 'anyone', or why it stays in this browser.
  const reachWhy = useStore((s) => {
    if (!s.population) return '';
    const r = linkReach(s);
    return r.reach === 'anyone' ? 'anyone' : r.why;
  });
  const reach =
    reachWhy === '' ? null : reachWhy === 'anyone' ? { reach: 'anyone' as const } : { reach: 'this-browser' as const, why: reachWhy };
  const onCopy = async () => {
    const link = theApp().links.currentLink();
    const ok = await copyText(link);
    const sh = useSharing.getState();
    sh.setLastLink(link);
    const r = linkReach(useStore.getState());
    setLocal(r.reach === 'this-browser' ? { why: r.why, link } : null);
    if (ok) {
      sh.setCopied(true);
      setTimeout(() => useSharing.getState().setCopied(false), 1800);
    } else window.prompt('Copy this link:', link);
  };
  return (
    <div className="topbar-group sharing-controls">
      <div className="import-split">
        <button
          className="import-main"
          data-testid="import-button"
          onClick={() => fileRef.current?.click()}
          disabled={busy || loading}
          title="Import a population bundle (.nmpop), an activation bundle (.zip, or manifest.json + .npy files) or TF.js models (model.json + .bin files; added to this population). You can also drop files on the page."
        >
          Import…
        </button>
        <ModelUrlPopover disabled={busy || loading || !population} />
      </div>
      <input
        ref={fileRef}
        type="file"
        multiple
        hidden
        accept={ACCEPT}
        data-testid="import-input"
        onChange={(e) => {
          const files = e.target.files ? Array.from(e.target.files) : [];
          e.target.value = '';
          if (files.length) void theApp().imports.files(files);
        }}
      />
      <StoredPopulations />
      <button
        data-testid="export-bundle"
        onClick={() => void theApp().imports.exportCurrent()}
        disabled={!population || loading}
        title="Download this population as a gzipped bundle (.nmpop)"
      >
        Export bundle
      </button>
      <div className="copy-link-wrap">
        <button
          data-testid="copy-link"
          data-last-link={lastLink ?? undefined}
          data-reach={reach?.reach ?? ''}
          className={copied ? 'copy-link copied' : 'copy-link'}
          onClick={() => void onCopy()}
          disabled={!population}
          title={
            reach?.reach === 'this-browser'
              ? `Copy a link to this view. This population lives only in this browser (${reach.why}): others who open the link see the demo; share the bundle (Export bundle) or a ?population= link to a hosted copy.`
              : 'Copy a link that reopens exactly this view (population, colour, selection, inspected network, camera)'
          }
        >
          {copied ? (local ? 'Link copied (this browser only)' : 'Link copied ✓') : 'Copy link'}
        </button>
        {local && <LocalLinkPopover why={local.why} link={local.link} onClose={() => setLocal(null)} />}
      </div>
    </div>
  );
}
