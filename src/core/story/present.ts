// Presenter mode and per-panel hide flags in the page's query string
// (docs/stories.md): `?present` shows only the manifold, its legend and the
// story caption; `?theme=light` is the light high-contrast projector theme;
// `?hide=findings,training` hides those panels (as TF Playground's `_hide`).

export type PresentTheme = 'dark' | 'light';

export interface PresentQuery {
  present: boolean;
  theme: PresentTheme;
  /** Known panel ids to hide, in the order given, each once. */
  hide: string[];
  /** One line per value that was not understood. */
  warnings: string[];
}

const OFF = new Set(['0', 'false', 'no', 'off']);

/** Reads ?present, ?theme and ?hide; `panels` are the ids that may be hidden. */
export function presentFromQuery(search: string, panels: readonly string[]): PresentQuery {
  const out: PresentQuery = { present: false, theme: 'dark', hide: [], warnings: [] };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return out;
  }
  const present = params.get('present');
  if (present !== null) out.present = !OFF.has(present.toLowerCase());
  const theme = params.get('theme');
  if (theme !== null) {
    const t = theme.toLowerCase();
    if (t === 'light' || t === 'projector') out.theme = 'light';
    else if (t === 'dark' || t === '') out.theme = 'dark';
    else out.warnings.push(`theme "${theme.slice(0, 20)}" is not known (light or dark); kept dark`);
  }
  for (const raw of params.getAll('hide')) {
    for (const name of raw
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean)) {
      if (!panels.includes(name)) out.warnings.push(`hide: no panel "${name.slice(0, 30)}" (panels: ${panels.join(', ')})`);
      else if (!out.hide.includes(name)) out.hide.push(name);
    }
  }
  return out;
}
