// Messages about the link in the error banner: one at a time (a new one replaces the last), so a
// link read with several problems does not stack banners. A notice is calm (not red): nothing went wrong.
import type { AppState } from '../../state/store';

export class LinkMessages {
  private shownId: number | null = null;

  constructor(private readonly get: () => AppState) {}

  show(text: string, level: 'error' | 'notice' = 'error'): void {
    const s = this.get();
    if (this.shownId !== null) s.dismissError(this.shownId);
    if (level === 'notice') s.pushNotice(text);
    else s.pushError(text);
    const errors = this.get().errors;
    this.shownId = errors[errors.length - 1]?.id ?? null;
  }
}
