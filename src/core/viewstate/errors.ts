// The one error the view-state decoder throws, and only when nothing in a
// link is usable; everything else becomes a warning and a dropped field.

export class ViewStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ViewStateError';
  }
}
