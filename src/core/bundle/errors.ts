// The one error type the bundle decoder throws: it says where (a JSON path
// like `networks[3].layers[1].data`) and what is wrong, in words.

export class BundleError extends Error {
  /** Path of the offending value in the document; '' for the whole bundle. */
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.name = 'BundleError';
    this.path = path;
  }
}

/** Throw a BundleError whose message starts with the path: `networks[3].id: expected a string`. */
export function fail(path: string, detail: string): never {
  throw new BundleError(path, path ? `${path}: ${detail}` : detail);
}
